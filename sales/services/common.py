"""Helpers shared by the sales services."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dealership.errors import DomainError
from followups.services import followups_on_grade_change
from sales.models import Customer, GradeChange
from sales.rules import (
    LICENCE_RE,
    IdType,
    buyer_id_problem,
    half_width,
    is_valid_mobile,
    normalise_mobile,
)


def clean_mobile(value: str, field: str = "mobile") -> str:
    mobile = normalise_mobile(value)
    if not is_valid_mobile(mobile):
        raise DomainError(
            "MOBILE_INVALID",
            _("Enter an 11-digit mainland mobile number starting with 13-19."),
            field=field,
        )
    return mobile


_ID_MESSAGES = {
    "length": gettext_lazy("An ID card number has 18 characters."),
    "characters": gettext_lazy("An ID card number is 17 digits followed by a digit or X."),
    "birth_date": gettext_lazy("The birth date inside this ID card number does not exist."),
    "check_digit": gettext_lazy(
        "The last character (check digit) does not match: check the number."
    ),
    "uscc_length": gettext_lazy("A unified social credit code has 18 characters."),
    "uscc_characters": gettext_lazy(
        "A unified social credit code has digits and capital letters other than I, O, S, V, Z."
    ),
    "document": gettext_lazy("A permit or passport number has 6 to 18 letters and digits."),
    "id_type": gettext_lazy("Choose the kind of identity document."),
}


def clean_id_number(value: str, id_type: str = IdType.PRC_ID) -> str:
    """LEAD-7: an accurate number of the buyer's document: a PRC ID card (GB
    11643 check digit), a company's unified social credit code (GB 32100), a
    travel permit or a passport."""
    value = half_width(value).strip().upper().replace(" ", "")
    problem = buyer_id_problem(id_type, value)
    if problem == "id_type":
        raise DomainError("ID_TYPE_INVALID", str(_ID_MESSAGES[problem]), field="id_type")
    if problem:
        raise DomainError("ID_NUMBER_INVALID", str(_ID_MESSAGES[problem]), field="id_number")
    return value


def clean_licence(value: str) -> str:
    value = half_width(value).strip().upper()
    if not LICENCE_RE.match(value):
        raise DomainError(
            "LICENCE_REQUIRED",
            _("Enter the driving-licence number (12-18 letters and digits) before the drive."),
            field="licence_number",
        )
    return value


def require_text(value: str, field: str, code: str, message: str) -> str:
    value = (value or "").strip()
    if not value:
        raise DomainError(code, message, field=field)
    return value


def set_grade(*, customer: Customer, to_grade: str, reason: str, by) -> None:
    """LEAD-4: change the grade and record who, when and why."""
    if customer.grade == to_grade:
        return
    GradeChange.objects.create(
        customer=customer,
        from_grade=customer.grade,
        to_grade=to_grade,
        reason=reason,
        changed_by=by,
    )
    customer.grade = to_grade
    customer.save(update_fields=["grade"])
    followups_on_grade_change(customer=customer, by=by)


def lock_customer(customer: Customer) -> Customer:
    return Customer.objects.select_for_update().get(pk=customer.pk)
