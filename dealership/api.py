"""API conventions shared by every app: domain errors become
{"code", "detail"} with 400 or 409, and the OpenAPI schema documents those
error answers on every operation."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views import defaults
from drf_spectacular import openapi
from drf_spectacular.utils import OpenApiResponse, extend_schema_field
from rest_framework import serializers
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler as drf_exception_handler

from dealership.errors import DomainError
from dealership.timeutil import store_aware


def exception_handler(exc, context):
    if isinstance(exc, DomainError):
        body = {"code": exc.code, "detail": str(exc.message)}
        if exc.field:
            body["field"] = exc.field
        if exc.others:  # several fields refused at once: each with its code and message
            body["fields"] = {
                name: {"code": code, "detail": message}
                for name, (code, message) in exc.refused_fields.items()
            }
        return Response(body, status=exc.status)
    if isinstance(exc, Http404):
        # Django's get_object_or_404 says "No Customer matches the given
        # query." in English, naming the model: the API says "Not found."
        exc = NotFound()
    response = drf_exception_handler(exc, context)
    if response is None:
        return response
    if isinstance(exc, ValidationError):
        # Field errors stay structured: {"code": "INVALID", "detail": {field: [...]}}.
        detail = response.data
        if not isinstance(detail, dict):
            detail = {api_settings.NON_FIELD_ERRORS_KEY: detail}
        response.data = {"code": "INVALID", "detail": detail}
    elif isinstance(response.data, dict) and "code" not in response.data:
        detail = response.data.get("detail")
        if detail is None:
            response.data = {"code": "INVALID", "detail": response.data}
        else:
            code = getattr(detail, "code", None) or getattr(exc, "default_code", "error")
            response.data = {"code": str(code).upper(), "detail": str(detail)}
    return response


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    """handler400: a request Django itself refuses (a body over the size
    limit, too many fields, a NUL in the query, an unsafe file name) answers
    {"code", "detail"} under /api/ like the API's own 400s; elsewhere the page."""
    if request.path.startswith("/api/"):
        return JsonResponse(
            {"code": "BAD_REQUEST", "detail": str(_("The request could not be read."))},
            status=400,
        )
    return defaults.bad_request(request, exception)


def not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    """handler404: a URL no route matches (a malformed id, say) answers
    {"code", "detail"} under /api/ like the API's own 404s; elsewhere the page."""
    if request.path.startswith("/api/"):
        return JsonResponse({"code": "NOT_FOUND", "detail": str(_("Not found."))}, status=404)
    return defaults.page_not_found(request, exception)


class StoreDateTimeField(serializers.DateTimeField):
    """An ISO 8601 date and time: with an offset, as given; without one, on
    the clock of the serializer's context["store"], as the pages read a time
    typed in the store. One a datetime cannot hold is invalid (400)."""

    def enforce_timezone(self, value):
        store = self.context.get("store")
        if store is not None and timezone.is_naive(value):
            value = store_aware(store, value)
        return super().enforce_timezone(value)


@extend_schema_field(
    {
        "oneOf": [
            {"type": "string"},
            {"type": "object", "additionalProperties": {}},
        ]
    }
)
class ErrorDetailField(serializers.JSONField):
    """A message, or for invalid input the errors by field name."""


class ErrorSerializer(serializers.Serializer):
    """The body of every refusal: a stable code and a translated message."""

    code = serializers.CharField()
    detail = ErrorDetailField()
    field = serializers.CharField(required=False)
    fields = serializers.DictField(
        child=serializers.DictField(child=serializers.CharField()), required=False
    )


WRITE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})

ERROR_DESCRIPTIONS = {
    400: _(
        "Invalid input, a request that cannot be read, or a business rule refused it"
        " (the code names the rule)."
    ),
    403: _("Not logged in, or not allowed (role or store)."),
    404: _("Not found, or not visible to you."),
    409: _("Refused in the record's current state."),
}


class AutoSchema(openapi.AutoSchema):
    """Adds the {"code", "detail"} error answers an operation can give, unless
    the view documents that status itself: 400 on every operation (a request
    that cannot be read: a NUL in its query, a body over the size limit), 403
    behind a permission, 404 on a record path or a paginated list (unknown
    page), and 404/409 on writes (a referenced record missing, a conflict with
    the current state)."""

    def _get_response_bodies(self, direction: Any = "response") -> dict:
        responses = super()._get_response_bodies(direction)
        for status in self.error_statuses():
            response = OpenApiResponse(ErrorSerializer, ERROR_DESCRIPTIONS[status])
            responses.setdefault(
                str(status), self._get_response_for_code(response, str(status), direction=direction)
            )
        return responses

    def error_statuses(self) -> list[int]:
        writes = self.method in WRITE_METHODS
        statuses = [400]  # any request: one that cannot be read (handler400)
        if any(not isinstance(p, AllowAny) for p in self.view.get_permissions()):
            statuses.append(403)
        paginated = self._is_list_view() and self._get_paginator() is not None
        if writes or "{" in self.path or paginated:
            statuses.append(404)
        if writes:
            statuses.append(409)
        return statuses
