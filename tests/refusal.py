"""Asserting a refusal in tests."""

from __future__ import annotations

import pytest

from dealership.errors import DomainError


def refused(call, code: str, status: int | None = None) -> DomainError:
    """Run `call`, which must be refused with `code` (and the HTTP `status`
    the API answers with, when given); the error, to check its field."""
    with pytest.raises(DomainError) as exc:
        call()
    assert exc.value.code == code
    if status is not None:
        assert exc.value.status == status
    return exc.value
