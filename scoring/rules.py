"""Penalty points and report deadlines (RULES.md section 7 RPT-*, TRN-4 and
section 8 PTS-1..5): the codes of the rule catalogue the code refers to, who
owns which report, deadlines and who may do what.

The catalogue itself (points, joint liability, active dates) is data in the
admin (PenaltyRule, loaded by migration 0002 from scoring/catalogue.py); this module holds
only the defaults the scheduled checks need, each with its rule ID.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.db import models
from django.utils.translation import gettext_lazy as _

from dealership.rules import Role

MANUAL_SOURCE = "manual"  # PTS-1: recorded by a person (recorded_by is set)
AUTO_SOURCE_PREFIX = "auto:"  # PTS-4: "auto:<check name>"


class RuleCode(models.TextChoices):
    """Codes of the catalogue rows the scoring app records itself (PTS-4)."""

    RPT_MGR_LOG = "RPT-MGR-LOG", _("Manager's daily log missing")
    RPT_CONSULTANT_LOG = "RPT-CONSULTANT-LOG", _("Consultant's daily log missing")
    RPT_MONTHLY_MGR_LATE = "RPT-MONTHLY-MGR-LATE", _("Manager's monthly summary late")
    RPT_MONTHLY_MGR_MISSING = "RPT-MONTHLY-MGR-MISSING", _("Manager's monthly summary not done")
    RPT_MONTHLY_SUP_LATE = "RPT-MONTHLY-SUP-LATE", _("Supervisor's monthly summary late")
    RPT_MONTHLY_SUP_MISSING = "RPT-MONTHLY-SUP-MISSING", _("Supervisor's monthly summary not done")
    RPT_MONTHLY_TRN_LATE = "RPT-MONTHLY-TRN-LATE", _("Training monthly summary late")
    RPT_MONTHLY_TRN_MISSING = "RPT-MONTHLY-TRN-MISSING", _("Training monthly summary not done")
    RPT_MONTHLY_MKT = "RPT-MONTHLY-MKT", _("Marketing monthly summary not done")
    RPT_EVENT_KPI = "RPT-EVENT-KPI", _("Event KPI analysis not done")
    RPT_COMPETITOR = "RPT-COMPETITOR", _("Weekly competitor prices not done")


class AppealStatus(models.TextChoices):
    """PTS-5: an appeal is pending until a manager accepts or rejects it."""

    PENDING = "pending", _("Pending")
    ACCEPTED = "accepted", _("Accepted")
    REJECTED = "rejected", _("Rejected")


class MonthlyReportKind(models.TextChoices):
    """RPT-MONTHLY-*: last month's results and this month's plan, by role."""

    MANAGER = "manager", _("Sales manager")
    SUPERVISOR = "supervisor", _("Sales supervisor")
    TRAINING = "training", _("Training supervisor")
    MARKETING = "marketing", _("Marketing")


@dataclass(frozen=True)
class MonthlyReportRule:
    role: str
    late_code: str | None  # −1 per day late, recorded daily during the grace days
    missing_code: str  # "not done": recorded once the grace days are over


# RPT-MONTHLY-MGR/SUP/TRN/MKT: the owner role and the catalogue codes.
MONTHLY_REPORT_RULES: dict[str, MonthlyReportRule] = {
    MonthlyReportKind.MANAGER: MonthlyReportRule(
        Role.SALES_MANAGER, RuleCode.RPT_MONTHLY_MGR_LATE, RuleCode.RPT_MONTHLY_MGR_MISSING
    ),
    MonthlyReportKind.SUPERVISOR: MonthlyReportRule(
        Role.SALES_SUPERVISOR, RuleCode.RPT_MONTHLY_SUP_LATE, RuleCode.RPT_MONTHLY_SUP_MISSING
    ),
    MonthlyReportKind.TRAINING: MonthlyReportRule(
        Role.TRAINING_SUPERVISOR, RuleCode.RPT_MONTHLY_TRN_LATE, RuleCode.RPT_MONTHLY_TRN_MISSING
    ),
    MonthlyReportKind.MARKETING: MonthlyReportRule(Role.MARKETING, None, RuleCode.RPT_MONTHLY_MKT),
}

# Deadlines (RPT table) in the store's time zone. [config] defaults.
CONSULTANT_LOG_DEADLINE = time(22, 0)  # RPT-CONSULTANT-LOG
MANAGER_LOG_DEADLINE = time(20, 0)  # RPT-MGR-LOG
MONTHLY_REPORT_DUE_DAY = 5  # RPT-MONTHLY-*: by the end of the 5th
# RPT-MONTHLY-*: "−1 per day late, −10 not done". [practice] After this many
# late days a report still missing counts as not done (and stops accruing).
MONTHLY_REPORT_NOT_DONE_AFTER_DAYS = 5
EVENT_KPI_DUE_DAYS = 2  # RPT-EVENT-KPI: by the end of the 2nd day after the event
REMINDER_BEFORE = timedelta(hours=1)  # reminders one hour before a deadline
TRAININGS_PER_MONTH = 4  # TRN-4: at least 4 trainings a month

# Who writes which report (RULES.md section 7).
CONSULTANT_LOG_ROLES = frozenset({Role.SALES_CONSULTANT})
MANAGER_LOG_ROLES = frozenset({Role.SALES_MANAGER})
MONTHLY_REPORT_ROLES = frozenset(rule.role for rule in MONTHLY_REPORT_RULES.values())
TRAINING_ROLES = frozenset({Role.TRAINING_SUPERVISOR})
MARKETING_ROLES = frozenset({Role.MARKETING})
REPORT_WRITER_ROLES = (
    CONSULTANT_LOG_ROLES | MANAGER_LOG_ROLES | MONTHLY_REPORT_ROLES | TRAINING_ROLES
)

# PTS-3: who records manual (conduct) entries for the people of their store.
MANUAL_ENTRY_ROLES = frozenset(
    {Role.SALES_MANAGER, Role.SALES_SUPERVISOR, Role.GM_OFFICE, Role.ADMINISTRATION}
)
# PTS-5: who sees the whole store's statement (others see their own entries).
STATEMENT_VIEWER_ROLES = MANUAL_ENTRY_ROLES
# PTS-5: who decides appeals and corrects entries (by reversing them, PTS-1).
APPEAL_DECIDER_ROLES = frozenset({Role.SALES_MANAGER, Role.GM_OFFICE})


def latest_passed_day(now: datetime, at: time, zone: ZoneInfo) -> date:
    """The last day whose deadline at `at` (store zone) has passed at `now`."""
    local = now.astimezone(zone)
    return local.date() if local.time() >= at else local.date() - timedelta(days=1)


def month_start(day: date) -> date:
    return day.replace(day=1)


def previous_month(day: date) -> date:
    return month_start(month_start(day) - timedelta(days=1))


def next_month(day: date) -> date:
    return month_start(month_start(day) + timedelta(days=32))


def is_rule_active_on(rule, day: date) -> bool:
    """PTS-3: a catalogue row applies to facts between active_from and active_to."""
    if rule.active_from and day < rule.active_from:
        return False
    return not (rule.active_to and day > rule.active_to)


# ORG-2: permissions of the scoring app per role (merged by roles_sync).
_LEDGER_VIEW = {"scoring.view_penaltyentry", "scoring.view_penaltyappeal"}
_CATALOGUE_EDIT = {
    "scoring.view_penaltyrule",
    "scoring.change_penaltyrule",
    "scoring.add_penaltyrule",
    "scoring.view_penaltyrulejoint",
    "scoring.add_penaltyrulejoint",
    "scoring.change_penaltyrulejoint",
    "scoring.delete_penaltyrulejoint",
}
_REPORTS_VIEW = {
    "scoring.view_consultantdailylog",
    "scoring.view_managerdailylog",
    "scoring.view_monthlyreport",
    "scoring.view_training",
    "scoring.view_marketingevent",
    "scoring.view_competitorprice",
}
ROLE_PERMISSIONS: dict[str, set[str]] = {
    Role.GM_OFFICE: _LEDGER_VIEW | _CATALOGUE_EDIT | _REPORTS_VIEW,
    Role.SALES_MANAGER: _LEDGER_VIEW | _CATALOGUE_EDIT | _REPORTS_VIEW,
    Role.SALES_SUPERVISOR: _LEDGER_VIEW | {"scoring.view_penaltyrule"} | _REPORTS_VIEW,
    Role.ADMINISTRATION: _LEDGER_VIEW | {"scoring.view_penaltyrule"},
}
