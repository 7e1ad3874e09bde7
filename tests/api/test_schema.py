"""The OpenAPI schema (/api/schema/) is valid, generated without a warning,
complete (every URL under /api/ and each of its methods is in it), documents
the {"code", "detail"} error answers of every operation and declares its
security schemes. Schema-driven: endpoints other apps add are checked too."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from drf_spectacular.validation import validate_schema
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework.views import APIView

from tests.api.conftest import WRITE_METHODS, generate_schema, operations

ERROR_REF = "#/components/schemas/Error"
SCHEMA_VIEWS = (SpectacularAPIView, SpectacularSwaggerView)


def _route(pattern: Any) -> str:
    """A URL pattern as text with every parameter written `{}`."""
    text = str(pattern)
    text = re.sub(r"\(\?P<\w+>[^)]*\)", "{}", text)  # regex routes (DRF routers)
    text = re.sub(r"<[^>]+>", "{}", text)  # path() routes
    return text.lstrip("^").rstrip("$").replace("\\", "")


def _url_routes(patterns: list, prefix: str = "") -> Iterator[tuple[str, Any]]:
    for entry in patterns:
        if isinstance(entry, URLResolver):
            yield from _url_routes(entry.url_patterns, prefix + _route(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + _route(entry.pattern), entry.callback


def _view_methods(callback: Any) -> set[str]:
    """The HTTP methods a DRF view answers (viewsets: the routed actions)."""
    if getattr(callback, "actions", None):
        return {method for method in callback.actions if method not in ("head", "options")}
    view = callback.cls
    return {
        method
        for method in view.http_method_names
        if method not in ("head", "options", "trace") and hasattr(view, method)
    }


def api_url_operations() -> set[tuple[str, str]]:
    """(route, method) for every view the URL resolver serves under /api/,
    except the schema and docs views themselves."""
    found = set()
    for route, callback in _url_routes(get_resolver().url_patterns):
        if not route.startswith("api/"):
            continue
        view = getattr(callback, "cls", None)
        if view is not None and issubclass(view, SCHEMA_VIEWS):
            continue
        assert view is not None and issubclass(view, APIView), (
            f"/{route} is not a DRF view, so it cannot be in the API schema"
        )
        found |= {(route, method) for method in _view_methods(callback)}
    return found


def schema_operations(schema: dict) -> set[tuple[str, str]]:
    return {
        (re.sub(r"\{[^}]+\}", "{}", path.lstrip("/")), method)
        for path, method, _operation in operations(schema)
    }


def test_schema_validates_against_openapi_with_no_warning():
    schema, problems = generate_schema()
    assert problems == []
    validate_schema(schema)


@pytest.mark.django_db
def test_schema_is_served_and_the_docs_page_loads(client):
    response = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    served = response.json()
    assert served["openapi"].startswith("3.")
    assert schema_operations(served) == schema_operations(generate_schema()[0])
    assert client.get("/api/docs/").status_code == 200


def test_every_api_url_and_method_is_in_the_schema(openapi_schema):
    urls = api_url_operations()
    # The walk really finds the API (a sample from each app that has one).
    assert {
        ("api/customers/", "get"),
        ("api/orders/{}/cancel/", "post"),
        ("api/vehicles/{}/inbound/", "post"),
        ("api/followups/{}/complete/", "post"),
        ("api/penalties/{}/", "get"),
    } <= urls
    in_schema = schema_operations(openapi_schema)
    assert sorted(urls - in_schema) == []
    assert sorted(in_schema - urls) == []


def _error_statuses(operation: dict) -> dict[str, str | None]:
    return {
        status: response.get("content", {})
        .get("application/json", {})
        .get("schema", {})
        .get("$ref")
        for status, response in operation["responses"].items()
        if status.startswith("4")
    }


def test_every_operation_documents_its_error_responses(openapi_schema):
    missing = []
    for path, method, operation in operations(openapi_schema):
        errors = _error_statuses(operation)
        expected = {"400", "403"}  # any request may be unreadable; every view needs a login
        if "{" in path or "page" in {p["name"] for p in operation.get("parameters", [])}:
            expected.add("404")
        if method in WRITE_METHODS:
            expected |= {"404", "409"}
        if not expected <= errors.keys():
            missing.append((method.upper(), path, sorted(expected - errors.keys())))
        wrong = {status for status, ref in errors.items() if ref != ERROR_REF}
        if wrong:
            missing.append((method.upper(), path, f"{sorted(wrong)} not the error serializer"))
    assert missing == []


def test_error_serializer_is_code_and_detail(openapi_schema):
    error = openapi_schema["components"]["schemas"]["Error"]
    assert set(error["required"]) == {"code", "detail"}
    assert error["properties"]["code"]["type"] == "string"
    detail_types = {s["type"] for s in error["properties"]["detail"]["oneOf"]}
    assert detail_types == {"string", "object"}


def test_security_schemes_are_declared_and_every_operation_needs_one(openapi_schema):
    schemes = openapi_schema["components"]["securitySchemes"]
    assert schemes["tokenAuth"] == {
        "type": "apiKey",
        "in": "header",
        "name": "Authorization",
        "description": 'Token-based authentication with required prefix "Token"',
    }
    assert schemes["cookieAuth"] == {"type": "apiKey", "in": "cookie", "name": "sessionid"}
    for path, method, operation in operations(openapi_schema):
        security = operation.get("security", [])
        assert {"tokenAuth": []} in security, (method, path)
        assert {"cookieAuth": []} in security, (method, path)
        assert {} not in security, f"{method} {path} allows anonymous access"


def test_list_filters_the_views_read_are_documented(openapi_schema):
    """The filters the list views read are documented, so the fuzzer tries them."""
    params = {
        path: {p["name"] for p in item["get"].get("parameters", []) if p["in"] == "query"}
        for path, item in openapi_schema["paths"].items()
        if "get" in item
    }
    assert {"store", "grade", "mobile", "page"} <= params["/api/customers/"]
    assert {"state", "page"} <= params["/api/vehicles/"]
    assert {"month", "person", "store"} <= params["/api/penalties/"]
    assert "store" in params["/api/followups/"]
