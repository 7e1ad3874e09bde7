"""Customers and leads (RULES.md section 2, LEAD-1..11) and delivery (section 6,
DLV-*): grades, channels, states and the pure checks on customer data."""

from __future__ import annotations

import re
import unicodedata
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _

from dealership.rules import Role, percent


class SourceChannel(models.TextChoices):
    """LEAD-1: how the customer came; the consultant must know it at once."""

    REFERRAL = "referral", _("Referral by a friend")
    WALK_IN = "walk_in", _("Natural walk-in")
    ADVERTISING = "advertising", _("Advertising")
    PHONE = "phone", _("Phone")
    DCC = "dcc", _("DCC")
    ONLINE = "online", _("Online")
    EVENT = "event", _("Event")


class VisitKind(models.TextChoices):
    """LEAD-1: a showroom visit (来店) or an inbound call (来电)."""

    SHOWROOM = "showroom", _("Showroom visit")
    CALL = "call", _("Inbound call")


class Grade(models.TextChoices):
    """LEAD-4: intent grades (意向级别)."""

    N = "N", _("N · new, not graded")
    H = "H", _("H · order within 7 days")
    A = "A", _("A · within 15 days")
    B = "B", _("B · within 30 days")
    C = "C", _("C · within 2-3 months")
    O = "O", _("O · ordered")  # noqa: E741
    D = "D", _("D · delivered owner")
    T = "T", _("T · order cancelled")
    F = "F", _("F · lost")


# LEAD-4: the grades a consultant sets by hand. O, D, T and F come only from an
# order, a delivery, a cancellation and an approved lost request.
INTENT_GRADES = (Grade.H, Grade.A, Grade.B, Grade.C)
MANUAL_GRADE_TARGETS = {
    Grade.N: set(INTENT_GRADES),
    Grade.H: set(INTENT_GRADES),
    Grade.A: set(INTENT_GRADES),
    Grade.B: set(INTENT_GRADES),
    Grade.C: set(INTENT_GRADES),
    Grade.T: set(INTENT_GRADES),
    Grade.O: set(),
    Grade.D: set(),
    Grade.F: set(),
}
# Grades of customers still being worked (reassignment, spot checks).
OPEN_GRADES = (Grade.N, *INTENT_GRADES, Grade.T)


class Title(models.TextChoices):
    MR = "mr", _("Mr")
    MS = "ms", _("Ms")


class Owner(models.TextChoices):
    """LEAD-8/9: who holds a customer: a consultant; after month 3 the sales
    manager and supervisor; after month 4 the general manager's office."""

    CONSULTANT = "consultant", _("Consultant")
    MANAGEMENT = "management", _("Sales manager and supervisor")
    GM_OFFICE = "gm_office", _("General manager's office")


class ReassignKind(models.TextChoices):
    GROUP_SWAP = "group_swap", _("To the other sales group (after 2 months)")
    MANAGEMENT = "management", _("To the sales manager and supervisor (after 3 months)")
    GM_OFFICE = "gm_office", _("To the general manager's office (after 4 months)")
    MANUAL = "manual", _("Manual")


class OrderStatus(models.TextChoices):
    ORDERED = "ordered", _("Ordered")
    DELIVERED = "delivered", _("Delivered")
    CANCELLED = "cancelled", _("Cancelled")


class LostReason(models.TextChoices):
    """LEAD-11: why a customer was lost (战败/失控)."""

    PRICE = "price", _("Price")
    COMPETITOR = "competitor", _("Bought a competitor brand")
    FINANCING = "financing", _("Financing")
    STOCK = "stock", _("No stock / waiting time")
    SERVICE = "service", _("Service")
    OUT_OF_CONTACT = "out_of_contact", _("Out of contact (失控)")
    OTHER = "other", _("Other")


class RequestStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")


class LoanStatus(models.TextChoices):
    """DLV-LOAN: an auto-finance case (广汽汇理) tracked to completion."""

    APPLIED = "applied", _("Applied")
    APPROVED = "approved", _("Approved")
    SIGNED = "signed", _("Contract signed")
    DISBURSED = "disbursed", _("Disbursed")
    MORTGAGE_REGISTERED = "mortgage_registered", _("Mortgage registered")
    DECLINED = "declined", _("Declined")


LOAN_TRANSITIONS = {
    LoanStatus.APPLIED: {LoanStatus.APPROVED, LoanStatus.DECLINED},
    LoanStatus.APPROVED: {LoanStatus.SIGNED, LoanStatus.DECLINED},
    LoanStatus.SIGNED: {LoanStatus.DISBURSED},
    LoanStatus.DISBURSED: {LoanStatus.MORTGAGE_REGISTERED},
    LoanStatus.MORTGAGE_REGISTERED: set(),
    LoanStatus.DECLINED: set(),
}


class AffairsKind(models.TextChoices):
    """DLV-AFFAIRS: vehicle affairs for a new car."""

    PLATES = "plates", _("Number plates")
    PURCHASE_TAX = "purchase_tax", _("Purchase tax")
    INSURANCE = "insurance", _("Insurance")


class SpotCheckResult(models.TextChoices):
    """LEAD-10: what the manager found when checking an intent customer."""

    GENUINE = "genuine", _("Genuine, followed up on time")
    LATE_FOLLOW_UP = "late_follow_up", _("Genuine, follow-up late")
    NOT_GENUINE = "not_genuine", _("Not genuine / made up")
    UNREACHABLE = "unreachable", _("Could not reach")


# DLV-3GUARANTEE [practice]: the seller's duties of the national 三包 regulation.
THREE_GUARANTEE_ITEMS = [
    ("car_and_invoice", _("Car and invoice handed over")),
    ("tools_and_spares", _("Tools and spares checked against the list")),
    ("inspected_with_customer", _("Exterior and interior inspected with the customer")),
    ("documents", _("Owner's manual, 三包 certificate and maintenance handbook handed over")),
    ("periods_explained", _("三包 and warranty periods explained")),
    ("repairers_named", _("Authorised repairers named")),
    ("certificate_filled", _("三包 certificate's sales details filled in")),
    ("safety_notes", _("Safety notes pointed out")),
]

# LEAD-1: who logs a visit for someone else (the desk, DCC, the managers), and
# who a visit is logged for: whoever holds customers, consultants and, after
# LEAD-9 reassignment, the manager, supervisor and GM office.
VISIT_LOGGER_ROLES = (
    Role.SALES_MANAGER,
    Role.SALES_SUPERVISOR,
    Role.GROUP_LEADER,
    Role.GM_OFFICE,
    Role.DCC,
)
# DLV-LOAN [seed, 销售主管岗位职责: "办理广汽汇理申请、审批放款跟进及抵押相关手
# 续"]: the buyer's consultant opens the case with the customer; the
# supervisor (or the manager in their place) follows it to the mortgage.
LOAN_OPEN_ROLES = (Role.SALES_CONSULTANT, Role.SALES_SUPERVISOR, Role.SALES_MANAGER)
LOAN_TRACKER_ROLES = (Role.SALES_SUPERVISOR, Role.SALES_MANAGER)
# DLV-ACCESSORIES [seed, 销售主管: "展车精品含车销售的安装及协调工作"]: the
# supervisor coordinates the installation; the buyer's consultant reports it.
ACCESSORY_ROLES = (Role.SALES_CONSULTANT, Role.SALES_SUPERVISOR, Role.SALES_MANAGER)
# DLV-AFFAIRS [seed, 车务人员岗位职责: "执行新车上牌入户，购买新车相关费用"]: the
# vehicle affairs clerk (its own page), else the consultant or supervisor.
AFFAIRS_ROLES = (
    Role.VEHICLE_AFFAIRS,
    Role.SALES_CONSULTANT,
    Role.SALES_SUPERVISOR,
    Role.SALES_MANAGER,
)

CUSTOMER_HOLDER_ROLES = (
    Role.SALES_CONSULTANT,
    Role.SALES_MANAGER,
    Role.SALES_SUPERVISOR,
    Role.GM_OFFICE,
)

# Defaults of the store's sales policy (admin-editable, SalesPolicy).
DEFAULT_SMS_DEADLINE_MINUTES = 30  # LEAD-5
DEFAULT_REASSIGN_AFTER_DAYS = 60  # LEAD-8: 2 months
DEFAULT_MANAGEMENT_AFTER_DAYS = 90  # LEAD-9: 3 months
DEFAULT_GM_OFFICE_AFTER_DAYS = 120  # LEAD-9: month 4
DEFAULT_SPOT_CHECK_SAMPLE = 10  # LEAD-10
DEFAULT_CLASS_CATCH_UP_DAYS = 3  # DLV-CLASS

# LEAD-1: a visit is logged once it has begun; a time in ahead of the server's
# clock by more than the skew is a typing mistake, and so is a time out a
# working day after the time in (it may be expected, typed on arrival). Old
# visits are accepted (a store's history typed in at go-live: Store.live_from
# keeps them out of the checks), but not from before 2000, a mistyped year.
VISIT_EARLIEST = datetime(2000, 1, 1, tzinfo=UTC)
VISIT_CLOCK_SKEW = timedelta(minutes=5)
VISIT_MAX_LENGTH = timedelta(hours=12)
# LEAD-5: a reception ended later than this after its start still has its SMS
# due this long after the start at the latest: ending a visit hours after the
# customer left cannot move the thank-you text's deadline with it.
RECEPTION_SMS_CAP = timedelta(hours=3)

# LEAD-5: the values a post-visit SMS template may name.
POST_VISIT_SMS_PLACEHOLDERS = ("customer", "title", "store", "consultant", "brand")


def validate_post_visit_sms(template: str) -> None:
    """LEAD-5: a template that fills with the placeholders above (and only
    them, each written alone in braces); a stray brace or an unknown name
    would fail every visit's SMS. The refusal names the part it does not
    understand, in the reader's language."""
    from string import Formatter

    from django.core.exceptions import ValidationError

    names = " ".join(f"{{{name}}}" for name in POST_VISIT_SMS_PLACEHOLDERS)
    try:
        fields = [
            (field, spec, conversion)
            for _text, field, spec, conversion in Formatter().parse(template)
            if field is not None
        ]
    except ValueError:
        raise ValidationError(
            _(
                "A brace that does not enclose a placeholder is written twice ({{ or }}); "
                "the placeholders are %(names)s."
            )
            % {"names": names},
            code="sms_template",
        ) from None
    for field, spec, conversion in fields:
        if field in POST_VISIT_SMS_PLACEHOLDERS and not spec and not conversion:
            continue
        written = "{" + field + (f"!{conversion}" if conversion else "")
        written += (f":{spec}" if spec else "") + "}"
        raise ValidationError(
            _("%(part)s is not a placeholder the system fills; the placeholders are %(names)s.")
            % {"part": written, "names": names},
            code="sms_template",
        )


# LEAD-5: the seed's post-visit text; {placeholders} are filled per customer.
DEFAULT_POST_VISIT_SMS = (
    "{customer}{title}您好！我是{store}销售顾问{consultant}，非常感谢您关注{brand}汽车，"
    "如有需要帮助的请给我电话，谢谢！{consultant}祝您万事顺意！"
)

MOBILE_RE = re.compile(r"^1[3-9]\d{9}$", re.ASCII)
LICENCE_RE = re.compile(r"^[0-9A-Za-z]{12,18}$")
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"


def half_width(value: str) -> str:
    """Full-width digits and letters (a Chinese keyboard in full-width mode:
    "１３９") as the ASCII ones, so a number typed either way is the same."""
    return unicodedata.normalize("NFKC", value or "")


def normalise_mobile(value: str) -> str:
    digits = re.sub(r"[\s-]", "", half_width(value))
    if digits.startswith("+86"):
        digits = digits[3:]
    return digits


def is_valid_mobile(value: str) -> bool:
    """LEAD-7: a mainland China mobile number (11 digits starting 13-19)."""
    return bool(MOBILE_RE.match(normalise_mobile(value)))


class IdType(models.TextChoices):
    """LEAD-7: the buyer's identity document. A company buys with its unified
    social credit code; residents of Hong Kong, Macao and Taiwan with their
    travel permit; foreigners with a passport."""

    PRC_ID = "prc_id", _("PRC resident ID card")
    COMPANY = "company", _("Unified social credit code (company)")
    PERMIT = "permit", _("HK/Macao/Taiwan travel permit")
    PASSPORT = "passport", _("Passport")


# GB 32100-2015: the code's 31 characters (no I, O, S, V, Z) and weights.
_USCC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
_DOCUMENT_RE = re.compile(r"^[A-Z0-9]{6,18}$")


def uscc_problem(value: str) -> str | None:
    """LEAD-7: why a unified social credit code (统一社会信用代码) is invalid
    (GB 32100 check character), or None when it is valid."""
    if len(value) != 18:
        return "uscc_length"
    if any(c not in _USCC_CHARS for c in value):
        return "uscc_characters"
    total = sum(_USCC_CHARS.index(c) * w for c, w in zip(value[:17], _USCC_WEIGHTS, strict=True))
    if _USCC_CHARS[(31 - total % 31) % 31] != value[17]:
        return "check_digit"
    return None


def buyer_id_problem(id_type: str, value: str) -> str | None:
    """LEAD-7: why the buyer's document number does not fit its type."""
    if id_type == IdType.PRC_ID:
        return id_number_problem(value)
    if id_type == IdType.COMPANY:
        return uscc_problem(value)
    if id_type in (IdType.PERMIT, IdType.PASSPORT):
        return None if _DOCUMENT_RE.match(value) else "document"
    return "id_type"


def id_number_problem(value: str) -> str | None:
    """LEAD-7: why an 18-character PRC resident ID number is invalid (GB 11643
    check digit, birth date), or None when it is valid."""
    value = (value or "").strip().upper()
    if len(value) != 18:
        return "length"
    if (
        not value.isascii()
        or not value[:17].isdigit()
        or not (value[17].isdigit() or value[17] == "X")
    ):
        return "characters"  # isascii: "²".isdigit() is true, int("²") fails
    try:
        date(int(value[6:10]), int(value[10:12]), int(value[12:14]))
    except ValueError:
        return "birth_date"
    total = sum(int(d) * w for d, w in zip(value[:17], _ID_WEIGHTS, strict=True))
    if _ID_CHECK[total % 11] != value[17]:
        return "check_digit"
    return None


def id_number_check_digit(first17: str) -> str:
    total = sum(int(d) * w for d, w in zip(first17, _ID_WEIGHTS, strict=True))
    return _ID_CHECK[total % 11]


def registration_rate(new_leads: int, first_visits: int) -> Decimal | None:
    """LEAD-3 / RPT: 留档率 = new leads ÷ first-visit groups, as a percentage."""
    return percent(new_leads, first_visits)


# ORG-2: admin permissions of the sales app per role (merged by roles_sync).
_INSPECT = {
    f"sales.view_{m}"
    for m in ("customer", "visit", "smsmessage", "testdrive", "order", "delivery", "lostrequest")
}
ROLE_PERMISSIONS: dict[str, set[str]] = {
    "sales_manager": {
        "sales.view_salespolicy",
        "sales.change_salespolicy",
        "sales.view_testcar",
        "sales.add_testcar",
        "sales.change_testcar",
        "sales.view_reassignment",
        *_INSPECT,
    },
    "gm_office": {"sales.view_salespolicy", "sales.view_reassignment", *_INSPECT},
    "sales_supervisor": {"sales.view_salespolicy", *_INSPECT},
}


# SHW-* [config]: the morning showroom check ("每日上班前例行检查") is signed off
# by this time of the store's day, else the managers are told (SalesPolicy).
DEFAULT_MORNING_CHECK_DUE_AT = time(10, 0)
