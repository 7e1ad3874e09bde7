"""Small text helpers shared by the apps' messages."""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.translation import pgettext


def join_list(items: Iterable) -> str:
    """Items in a sentence, with the language's separator ("、" in Chinese,
    ", " in English)."""
    return pgettext("list separator", ", ").join(str(item) for item in items)
