"""What the security tests share: walking the URL resolver, filling a URL's
kwargs from the world, and sending one request as one person with every write
rolled back (so a probe never changes what the next probe sees)."""

from __future__ import annotations

from dataclasses import dataclass
from http.cookies import SimpleCookie

from django.contrib.messages import constants as message_levels
from django.contrib.messages import get_messages
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

# Left out of the matrix, with the reason (they are public or admin-only by
# design, or not served by Django in production):
SKIPPED_PREFIXES = {
    "admin/": "Django admin: staff only, own permissions (tests/dealership/test_admin.py)",
    "i18n/": "set_language: public by design (the login page switches language)",
    "static/": "static files: served by WhiteNoise, public",
    "media/": "media: only routed with DEBUG on",
}
SKIPPED_NAMES = {
    "api-schema": "OpenAPI schema: public documentation of the API by design",
    "api-docs": "Swagger UI over the schema: public by design",
    "login": "the login page: public by design (lockout: tests/dealership/test_auth.py)",
}


@dataclass(frozen=True)
class Route:
    name: str  # "namespace:name"
    route: str  # the pattern as written, for messages
    kwargs: tuple[str, ...]
    is_api: bool


def project_routes() -> list[Route]:
    """Every named URL pattern of the project minus the skipped ones."""
    found: dict[tuple[str, tuple[str, ...]], Route] = {}

    def walk(resolver: URLResolver, prefix: str, namespace: str) -> None:
        for p in resolver.url_patterns:
            if isinstance(p, URLResolver):
                ns = namespace
                if p.namespace:
                    ns = f"{namespace}:{p.namespace}" if namespace else p.namespace
                walk(p, prefix + str(p.pattern), ns)
            elif isinstance(p, URLPattern) and p.name:
                route = prefix + str(p.pattern)
                name = f"{namespace}:{p.name}" if namespace else p.name
                if name in SKIPPED_NAMES or any(route.startswith(s) for s in SKIPPED_PREFIXES):
                    continue
                kwargs = tuple(sorted(p.pattern.regex.groupindex))
                kwargs = tuple(k for k in kwargs if k != "format")
                is_api = route.startswith("api/")
                found[(name, kwargs)] = Route(name, route, kwargs, is_api)

    walk(get_resolver(), "", "")
    return sorted(found.values(), key=lambda r: r.name)


# --- filling kwargs ------------------------------------------------------------


@dataclass(frozen=True)
class Obj:
    """A record of the store: world.objects[key], by `attr` (default pk)."""

    key: str
    attr: str = "pk"

    def value(self, w):
        return getattr(w.objects[self.key], self.attr)


@dataclass(frozen=True)
class Person:
    """A person of the store's cast, by id."""

    who: str

    def value(self, w):
        return w.people[self.who].pk


@dataclass(frozen=True)
class Const:
    value_: str

    def value(self, w):
        return self.value_


def url_for(route: Route, w, table: dict) -> str:
    """The route's URL with its kwargs filled from `table` for the store world
    `w`: "url name:kwarg" first, then the kwarg name alone. Raises KeyError
    naming what is missing."""
    kwargs = {}
    for kw in route.kwargs:
        filler = table.get(f"{route.name}:{kw}") or table.get(kw)
        if filler is None:
            raise KeyError(f"{route.name} ({route.route}): no filler for <{kw}>")
        kwargs[kw] = filler.value(w)
    return reverse(route.name, kwargs=kwargs)


def is_object_route(route: Route, table: dict) -> bool:
    """Names a record of the store (an id, a VIN, a form number) in its path."""
    fillers = [table.get(f"{route.name}:{kw}") or table.get(kw) for kw in route.kwargs]
    return any(isinstance(f, Obj | Person) for f in fillers)


# --- requests ------------------------------------------------------------------


def session_cookies(user) -> SimpleCookie:
    client = Client()
    client.force_login(user)
    return client.cookies


@dataclass
class Outcome:
    status: int
    location: str
    errors: list[str]  # error messages flashed (messages framework)
    body: str

    def short(self) -> str:
        if self.status in (301, 302) and self.errors:
            return f"{self.status}+error"
        return str(self.status)


def send(
    cookies: SimpleCookie | None, method: str, url: str, data: dict | None = None, **client_kwargs
) -> Outcome:
    """One request in a transaction that is rolled back afterwards (a POST
    sends `data`, by default an empty form)."""
    client = Client(**client_kwargs)
    if cookies is not None:
        client.cookies = SimpleCookie(cookies.output(header="", sep="\n"))
    with transaction.atomic():
        response = client.get(url) if method == "GET" else client.post(url, data or {})
        errors = [
            str(m) for m in get_messages(response.wsgi_request) if m.level >= message_levels.ERROR
        ]
        transaction.set_rollback(True)
    streaming = getattr(response, "streaming", False)
    body = "" if streaming else response.content.decode("utf-8", "replace")
    return Outcome(response.status_code, response.get("Location", ""), errors, body)
