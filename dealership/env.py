"""Reading settings from the environment, with errors a person can act on.

Every setting the deployment changes comes from an environment variable
(cookiecutter-django style). A malformed value stops start-up with a message
naming the variable, the value and what was expected, instead of a traceback
from deep inside Django.
"""

from __future__ import annotations

import os
from collections.abc import Mapping

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


class Env:
    """Typed access to a mapping of environment variables (os.environ by default)."""

    def __init__(self, environ: Mapping[str, str] | None = None) -> None:
        self.environ = os.environ if environ is None else environ

    def str(self, name: str, default: str | None = None) -> str | None:
        value = self.environ.get(name)
        return default if value is None else value.strip()

    def bool(self, name: str, default: bool = False) -> bool:
        raw = self.environ.get(name)
        if raw is None:
            return default
        value = raw.strip().lower()
        if value in _TRUE:
            return True
        if value in _FALSE:
            return False
        raise ImproperlyConfigured(
            f"{name}={raw!r} is not a boolean: use one of 1/0, true/false, yes/no, on/off."
        )

    def int(self, name: str, default: int) -> int:
        raw = self.environ.get(name)
        if raw is None or raw.strip() == "":
            return default
        try:
            return int(raw.strip())
        except ValueError:
            raise ImproperlyConfigured(f"{name}={raw!r} is not a whole number.") from None

    def list(self, name: str, default: list[str] | None = None) -> list[str]:
        raw = self.environ.get(name)
        if raw is None:
            return list(default or [])
        return [item.strip() for item in raw.split(",") if item.strip()]

    def database(self, name: str, default: str) -> dict:
        """Parse a database URL (postgres://user@host:5432/db or sqlite:///path)."""
        import dj_database_url

        url = self.str(name) or default
        try:
            config = dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True)
        except (ValueError, KeyError) as exc:
            raise ImproperlyConfigured(
                f"{name}={url!r} is not a database URL "
                f"(expected e.g. postgres://user:password@host:5432/name): {exc}"
            ) from None
        if not config.get("ENGINE"):
            raise ImproperlyConfigured(f"{name}={url!r} names no known database engine.")
        return config

    def redis_url(self, name: str) -> str | None:
        url = self.str(name)
        if not url:
            return None
        if not url.startswith(("redis://", "rediss://", "unix://")):
            raise ImproperlyConfigured(
                f"{name}={url!r} is not a Redis URL (expected redis://host:6379/0)."
            )
        return url
