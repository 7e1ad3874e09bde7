"""Follow-up rules (RULES.md section 3, FU-*): task states, channels, the kinds
of follow-up and the defaults of the admin-editable cadence rules.

Every number here is a *default* loaded into FollowupRule by a data migration;
managers change the rows in the admin without a deploy."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _

from dealership.rules import STORE_WIDE_ROLES, Role


class Kind(models.TextChoices):
    """The rule code a follow-up task carries (its RULES.md ID)."""

    H = "FU-H", _("H-grade follow-up")
    A = "FU-A", _("A-grade follow-up")
    B = "FU-B", _("B-grade follow-up")
    C = "FU-C", _("C-grade follow-up")
    ORDER = "FU-O", _("Ordered car: status update")
    DELIVERY_2H = "FU-DLV-2H", _("Delivery: call 1-2 hours after")
    DELIVERY_7D = "FU-DLV-7D", _("Delivery: follow-up within 7 days")
    MAINTENANCE = "FU-MAINT", _("First-maintenance reminder")
    CARE = "FU-CARE", _("Owner care: holiday or birthday greeting")


# LEAD-4 → FU-H..FU-C: the cadence kind of each intent grade (grade values of
# sales.rules.Grade). Other grades have no cadence follow-up.
CADENCE_KINDS = (Kind.H, Kind.A, Kind.B, Kind.C)


class Status(models.TextChoices):
    OPEN = "open", _("Open")
    LATE = "late", _("Late")
    MISSED = "missed", _("Missed")
    # FU-H..C: a missed cadence call once the next one is set (closed; the
    # miss stays on record through missed_at and is charged as missed).
    SUPERSEDED = "superseded", _("Missed, next call set")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")


# Not done yet: shown on the consultant's Today page and counted as "pending".
PENDING_STATUSES = (Status.OPEN, Status.LATE, Status.MISSED)
# FU-H..C: a cadence task in these states holds the customer's cadence. A
# missed one no longer does: it is charged (−5), the scan gives the customer
# the next call counted from then and the missed one becomes SUPERSEDED, so a
# customer nobody calls is charged once per lapsed interval, not once for good.
CADENCE_HOLDING_STATUSES = (Status.OPEN, Status.LATE)
CLOSED_STATUSES = (Status.DONE, Status.CANCELLED, Status.SUPERSEDED)


class Channel(models.TextChoices):
    PHONE = "phone", _("Phone")
    SMS = "sms", _("SMS")
    WECHAT = "wechat", _("WeChat")
    VISIT = "visit", _("Visit")


# FU-H/A/B, FU-DLV-2H [seed]: "必须作一次电话回访" — a call, or meeting the
# customer in person; a text or WeChat message does not close these.
CALL_ONLY_KINDS = frozenset({Kind.H, Kind.A, Kind.B, Kind.DELIVERY_2H})
CALL_CHANNELS = frozenset({Channel.PHONE, Channel.VISIT})


class OrderEvent(models.TextChoices):
    """FU-O: the ordered car's status changes the customer is told about."""

    ALLOCATED = "allocated", _("Car allocated to the order")
    IN_TRANSIT = "in_transit", _("Car in transit")
    ARRIVED = "arrived", _("Car arrived at the store")
    PDI_PASSED = "pdi_passed", _("Pre-delivery inspection passed")


@dataclass(frozen=True)
class RuleDefault:
    """One row of FollowupRule as the migration loads it.

    Due window: day-based rules open at local midnight of (anchor day +
    window_start_days) and are due by the end of (anchor day + window_end_days);
    hour-based rules (window_end_hours set) count hours from the event itself.
    Late after due_by + grace_hours; missed after due_by + missed_after_days."""

    code: str
    grade: str = ""
    window_start_days: int = 0
    window_end_days: int = 0
    window_start_hours: int | None = None
    window_end_hours: int | None = None
    grace_hours: int = 0
    missed_after_days: int | None = None
    late_rule_code: str = ""
    missed_rule_code: str = ""


# The anchor of each rule: FU-H..C the last contact (completion, grading);
# FU-O and FU-DLV-* the event; FU-MAINT the first-service date; FU-CARE the
# holiday's first day or the birthday.
DEFAULT_RULES: tuple[RuleDefault, ...] = (
    # FU-H [seed]: every 2-3 days; late −2 (FU-H-LATE), more than 3 days −5.
    RuleDefault(Kind.H, "H", 2, 3, None, None, 0, 3, "FU-H-LATE", "FU-H-MISSED"),
    # FU-A/B/C [seed]: every 7/15/30 days; penalties as FU-H [config].
    RuleDefault(Kind.A, "A", 7, 7, None, None, 0, 3, "FU-A-LATE", "FU-A-MISSED"),
    RuleDefault(Kind.B, "B", 15, 15, None, None, 0, 3, "FU-B-LATE", "FU-B-MISSED"),
    RuleDefault(Kind.C, "C", 30, 30, None, None, 0, 3, "FU-C-LATE", "FU-C-MISSED"),
    # FU-O [seed + practice]: tell the customer within a day of the change.
    # No penalty: the seed says "随时告知" (as things happen), the day is practice.
    RuleDefault(Kind.ORDER, "", 0, 0, 0, 24, 0, 2),
    # FU-DLV-2H [seed]: "arrived home safely?" 1-2 hours after delivery;
    # late −2, not made by the next day −5 (the seed's closing "没按时回访扣2分。
    # 未回访扣5分" of the follow-up list).
    RuleDefault(Kind.DELIVERY_2H, "", 0, 0, 1, 2, 0, 1, "FU-DLV-2H-LATE", "FU-DLV-2H-MISSED"),
    # FU-DLV-7D [seed]: at least one follow-up within a week of delivery;
    # late −2, none three days after the week −5.
    RuleDefault(Kind.DELIVERY_7D, "", 1, 7, None, None, 0, 3, "FU-DLV-7D-LATE", "FU-DLV-7D-MISSED"),
    # FU-MAINT [seed]: reminder 3 days before the first service; late −2, not
    # done by the service day −5.
    RuleDefault(Kind.MAINTENANCE, "", -3, -3, None, None, 0, 2, "FU-MAINT-LATE", "FU-MAINT-MISSED"),
    # FU-CARE [seed]: greet the day before or on the day; spot checks score it
    # by hand (FU-CARE is a manual rule in the scoring catalogue).
    RuleDefault(Kind.CARE, "", -1, 0, None, None, 0, 1),
)

# FU-MAINT [config]: first service after 3 months or 5,000 km, per car model
# (FirstServiceInterval in the admin; a blank model name is the default row).
DEFAULT_FIRST_SERVICE_MONTHS = 3
DEFAULT_FIRST_SERVICE_KM = 5000

# FU-CARE: greeting tasks appear this many days before the occasion.
DEFAULT_CARE_LEAD_DAYS = 3
# Reminders: the "due today" digest goes out from this local hour on.
DEFAULT_REMINDER_HOUR = 8

# Grades whose customers receive FU-CARE greetings (保有客户: delivered owners).
CARE_GRADES = ("D",)
# Grades that end the ordered-car updates (FU-O): cancelled or lost.
ORDER_ENDING_GRADES = ("T", "F")

# --- FU-CARE holidays ---------------------------------------------------------


class HolidayKey(models.TextChoices):
    """FU-CARE: the Chinese statutory holidays (法定节假日), lunar ones
    included. The values are chinesecalendar's Holiday names, so its data maps
    straight onto them."""

    NEW_YEARS_DAY = "new_years_day", _("New Year's Day")
    SPRING_FESTIVAL = "spring_festival", _("Spring Festival")
    TOMB_SWEEPING_DAY = "tomb_sweeping_day", _("Tomb-sweeping Day")
    LABOUR_DAY = "labour_day", _("Labour Day")
    DRAGON_BOAT_FESTIVAL = "dragon_boat_festival", _("Dragon Boat Festival")
    MID_AUTUMN_FESTIVAL = "mid_autumn_festival", _("Mid-autumn Festival")
    NATIONAL_DAY = "national_day", _("National Day")


class HolidaySource(models.TextChoices):
    LIBRARY = "library", _("State Council calendar (chinesecalendar)")
    COMPUTED = "computed", _("Computed (fixed date or solar term)")
    MANUAL = "manual", _("Entered by hand")


# Holidays on a fixed Gregorian date: (month, day) of the festival itself.
FIXED_DATE_HOLIDAYS = {
    HolidayKey.NEW_YEARS_DAY: (1, 1),
    HolidayKey.LABOUR_DAY: (5, 1),
    HolidayKey.NATIONAL_DAY: (10, 1),
}
# Lunar festivals: chinesecalendar has no lunar conversion, so for a year it
# does not know yet a manager enters them (春节 正月初一, 端午 五月初五,
# 中秋 八月十五); the pages warn until they are there.
LUNAR_HOLIDAYS = (
    HolidayKey.SPRING_FESTIVAL,
    HolidayKey.DRAGON_BOAT_FESTIVAL,
    HolidayKey.MID_AUTUMN_FESTIVAL,
)
# The manager is warned about a year without complete holiday data once it
# starts within this many days (from early September for the next year).
HOLIDAY_WARNING_LEAD_DAYS = 120

# --- FU-DMS weekly reconciliation ------------------------------------------------


class DmsStatus(models.TextChoices):
    OPEN = "open", _("To reconcile")
    RECONCILED = "reconciled", _("Reconciled")


class DmsIssue(models.TextChoices):
    """FU-DMS: what the supervisor found when comparing a follow-up with the
    customer record in the DMS (level and timeliness)."""

    GRADE = "grade", _("Intent grade does not match the DMS")
    TIMELINESS = "timeliness", _("Follow-up not recorded in time")
    DETAIL = "detail", _("Record not detailed enough")


# FU-DMS [practice]: the past week (Monday to Sunday, store time) is reconciled
# within this many days after it ends (FollowupPolicy.dms_due_days).
DEFAULT_DMS_DUE_DAYS = 2
# FU-DMS [seed]: each record to correct is −2 (scoring catalogue row FU-DMS).
# RULES.md gives no points for a late reconciliation, so lateness is shown,
# not scored.
DMS_PENALTY_CODE = "FU-DMS"
# Whose follow-ups are reconciled, and who reconciles them.
DMS_SUBJECT_ROLES = frozenset({Role.SALES_CONSULTANT, Role.GROUP_LEADER, Role.DCC})
DMS_RECONCILER_ROLES = frozenset({Role.SALES_SUPERVISOR, Role.SALES_MANAGER})
# The weekly reminder goes to the supervisors (the seed's duty); managers may
# reconcile too but are not reminded.
DMS_REMINDED_ROLE = Role.SALES_SUPERVISOR
# Who sees the reconciliation pages: the reconcilers and the GM office (spot checks).
DMS_VIEWER_ROLES = DMS_RECONCILER_ROLES | {Role.GM_OFFICE}

# Roles that see every follow-up of their stores and the compliance page.
MANAGER_ROLES = frozenset(STORE_WIDE_ROLES)
# Roles with a Today page of their own follow-ups.
TODAY_ROLES = frozenset(
    {Role.SALES_CONSULTANT, Role.GROUP_LEADER, Role.DCC, Role.SALES_MANAGER, Role.SALES_SUPERVISOR}
)

ROLE_PERMISSIONS: dict[str, set[str]] = {
    Role.SALES_CONSULTANT: {"followups.view_followup"},
    Role.GROUP_LEADER: {"followups.view_followup"},
    Role.DCC: {"followups.view_followup"},
    Role.SALES_SUPERVISOR: {
        "followups.view_followup",
        "followups.view_followuprule",
        "followups.view_dmsreconciliation",
    },
    Role.SALES_MANAGER: {
        "followups.view_followup",
        "followups.view_followuprule",
        "followups.change_followuprule",
        "followups.view_firstserviceinterval",
        "followups.add_firstserviceinterval",
        "followups.change_firstserviceinterval",
        "followups.view_followuppolicy",
        "followups.add_followuppolicy",
        "followups.change_followuppolicy",
        "followups.view_holiday",
        "followups.add_holiday",
        "followups.change_holiday",
        "followups.view_dmsreconciliation",
    },
    Role.GM_OFFICE: {"followups.view_followup", "followups.view_followuprule"},
}


def is_pending(status: str) -> bool:
    return status in PENDING_STATUSES
