"""Reading a page's HTML in tests."""

from __future__ import annotations


def html_part(response, start: str, end: str = "</form>") -> str:
    """The page's HTML from the first `start` up to the next `end` (e.g. one
    item of a list page, from its data- attribute to the end of its form)."""
    html = response.content.decode()
    part = html[html.index(start) :]
    return part[: part.index(end)]
