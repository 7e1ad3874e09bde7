"""Domain errors: a refused action carries a stable code and a translated
message; pages show it next to the field, the API answers 400/409 with
{"code", "detail"}."""

from __future__ import annotations


class DomainError(Exception):
    """A business rule refused the action. `status` is the HTTP status the API
    uses: 400 for bad input, 409 for a conflict with the current state."""

    status = 400

    def __init__(self, code: str, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.field = field

    def __str__(self) -> str:
        return str(self.message)


class ConflictError(DomainError):
    """The action is not allowed in the record's current state (HTTP 409)."""

    status = 409


class ForbiddenError(DomainError):
    """The person may not take this action: a role or a store they lack
    (HTTP 403)."""

    status = 403
