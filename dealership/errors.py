"""Domain errors: a refused action carries a stable code and a translated
message; pages show it next to the field, the API answers 400/409 with
{"code", "detail"}."""

from __future__ import annotations


class DomainError(Exception):
    """A business rule refused the action. `status` is the HTTP status the API
    uses: 400 for bad input, 409 for a conflict with the current state."""

    status = 400

    def __init__(
        self,
        code: str,
        message: str,
        field: str | None = None,
        others: dict[str, tuple[str, str]] | None = None,
    ) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.field = field
        # More fields refused at once ({field: (code, message)}), so that a form
        # shows every one of them in one go instead of one per submit.
        self.others = others or {}

    @classmethod
    def for_fields(cls, refused: dict[str, tuple[str, str]]) -> DomainError:
        """One error for several fields refused at once ({field: (code,
        message)}): the first one's code and message, every field with its own."""
        (field, (code, message)), *others = refused.items()
        return cls(code, message, field=field, others=dict(others))

    @property
    def refused_fields(self) -> dict[str, tuple[str, str]]:
        """Every refused field with its (code, message), the main one first."""
        main = {self.field: (self.code, str(self.message))} if self.field else {}
        return main | {name: (code, str(message)) for name, (code, message) in self.others.items()}

    def __str__(self) -> str:
        return str(self.message)


class ConflictError(DomainError):
    """The action is not allowed in the record's current state (HTTP 409)."""

    status = 409


class ForbiddenError(DomainError):
    """The person may not take this action: a role or a store they lack
    (HTTP 403)."""

    status = 403
