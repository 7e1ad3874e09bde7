"""Shared by the API schema and fuzz tests: the OpenAPI schema as the
server generates it, as plain JSON data."""

from __future__ import annotations

import json

import pytest
from drf_spectacular.drainage import GENERATOR_STATS
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiJsonRenderer

WRITE_METHODS = ("post", "put", "patch", "delete")
HTTP_METHODS = ("get", *WRITE_METHODS)


def generate_schema() -> tuple[dict, list[str]]:
    """The schema and the warnings and errors drf-spectacular emitted while
    generating it (what `manage.py spectacular --fail-on-warn` fails on)."""
    GENERATOR_STATS.reset()
    schema = SchemaGenerator().get_schema(request=None, public=True)
    problems = [*GENERATOR_STATS._warn_cache, *GENERATOR_STATS._error_cache]
    GENERATOR_STATS.reset()
    return json.loads(OpenApiJsonRenderer().render(schema, renderer_context={})), problems


@pytest.fixture(scope="session")
def openapi_schema() -> dict:
    return generate_schema()[0]


def operations(schema: dict) -> list[tuple[str, str, dict]]:
    return [
        (path, method, operation)
        for path, item in schema["paths"].items()
        for method, operation in item.items()
        if method in HTTP_METHODS
    ]
