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
from decimal import ROUND_HALF_UP, Decimal
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
    RPT_ORDER_PLAN = "RPT-ORDER-PLAN", _("Order suggestions N+0.5, N+2, N+3 not submitted")
    RPT_LOST = "RPT-LOST", _("Month-end lost-customer analysis not done")


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


class ReportDeadlineKind(models.TextChoices):
    """The reports whose deadline is admin-editable data (ReportDeadline)."""

    CONSULTANT_LOG = "consultant_log", _("Consultant's daily log (RPT-CONSULTANT-LOG)")
    MANAGER_LOG = "manager_log", _("Manager's daily log (RPT-MGR-LOG)")
    MONTHLY = "monthly", _("Monthly summaries and plans (RPT-MONTHLY-*)")
    EVENT_KPI = "event_kpi", _("Event KPI analysis (RPT-EVENT-KPI)")
    COMPETITOR = "competitor", _("Weekly competitor prices (RPT-COMPETITOR)")
    TRAINING = "training", _("Trainings of the month (TRN-4)")
    ORDER_PLAN = "order_plan", _("Written order suggestion N+0.5/N+2/N+3 (RPT-ORDER-PLAN)")
    LOST_ANALYSIS = "lost_analysis", _("Month-end lost-customer analysis (RPT-LOST)")


@dataclass(frozen=True)
class DeadlineSetting:
    """A report's deadline as the checks use it (ReportDeadline row, else the
    default below). Which fields matter depends on the report:
    daily logs: `at` and `remind_minutes_before`; monthly: `day` (of the month),
    `not_done_after_days`, `remind_days_before`; order plan: `day` (of the
    month planned), `remind_days_before`; lost-customer analysis: `day` (of
    the month after the one analysed), `remind_days_before`; event KPI: `day` (days after
    the event ends), `remind_days_before`; competitor prices (Monday to Sunday):
    `remind_days_before` Sunday; TRN-4: `target_count`, `remind_days_before`
    the month's end."""

    at: time | None = None
    day: int | None = None
    not_done_after_days: int | None = None
    remind_minutes_before: int = 60
    remind_days_before: int = 0
    target_count: int | None = None


# RPT table deadlines, in the store's time zone: the [config] defaults a
# manager changes in the admin (ReportDeadline), loaded by migration 0005.
DEFAULT_DEADLINES: dict[str, DeadlineSetting] = {
    # RPT-CONSULTANT-LOG: 22:00 daily; reminder an hour before.
    ReportDeadlineKind.CONSULTANT_LOG: DeadlineSetting(at=time(22, 0)),
    # RPT-MGR-LOG: 20:00 daily; reminder an hour before.
    ReportDeadlineKind.MANAGER_LOG: DeadlineSetting(at=time(20, 0)),
    # RPT-MONTHLY-*: by the end of the 5th, "−1 per day late, −10 not done";
    # [practice] still missing 5 days later counts as not done. Reminders on
    # the 4th and the 5th.
    ReportDeadlineKind.MONTHLY: DeadlineSetting(day=5, not_done_after_days=5, remind_days_before=1),
    # RPT-EVENT-KPI: by the end of the 2nd day after the event; reminder that day.
    ReportDeadlineKind.EVENT_KPI: DeadlineSetting(day=2),
    # RPT-COMPETITOR: weekly (Monday to Sunday); reminder on Sunday.
    ReportDeadlineKind.COMPETITOR: DeadlineSetting(),
    # TRN-4: at least 4 trainings a month; reminders in the last 7 days.
    ReportDeadlineKind.TRAINING: DeadlineSetting(target_count=4, remind_days_before=7),
    # RPT-ORDER-PLAN: "monthly" (每月…提供初次书面建议, no day in the seed).
    # [practice] The suggestion of month N includes N+0.5, the second half of
    # N itself, so the first written suggestion must be in early in N: by the
    # end of the 5th, the day of the other monthly reports (RPT-MONTHLY-*).
    # Reminders on the 4th and the 5th. −2 once a month, manager −0.5.
    ReportDeadlineKind.ORDER_PLAN: DeadlineSetting(day=5, remind_days_before=1),
    # RPT-LOST: "month end" (每月月底…导出DMS战败、失控客户进行详细分析并提交报告).
    # [practice] The analysis of month M needs M's last day, so it is due by
    # the end of the 3rd of M+1; reminders from the month's last day
    # (3 days before). −5 once a month.
    ReportDeadlineKind.LOST_ANALYSIS: DeadlineSetting(day=3, remind_days_before=3),
}

# Who writes which report (RULES.md section 7).
CONSULTANT_LOG_ROLES = frozenset({Role.SALES_CONSULTANT})
MANAGER_LOG_ROLES = frozenset({Role.SALES_MANAGER})
MONTHLY_REPORT_ROLES = frozenset(rule.role for rule in MONTHLY_REPORT_RULES.values())
TRAINING_ROLES = frozenset({Role.TRAINING_SUPERVISOR})
MARKETING_ROLES = frozenset({Role.MARKETING})
ORDER_PLAN_OWNER_ROLE = Role.INFO_OFFICER  # RPT-ORDER-PLAN: who is charged
LOST_ANALYSIS_OWNER_ROLE = Role.SALES_SUPERVISOR  # RPT-LOST: who is charged
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


class IncentiveKind(models.TextChoices):
    """RULES.md section 9: the incentives the system computes."""

    SALES_MONTH = "sales_month", _("Monthly vehicle sales champion (INC-1)")
    ACCESSORIES_MONTH = "accessories_month", _("Monthly accessories champion (INC-2)")
    SALES_YEAR = "sales_year", _("Annual sales champion (INC-3)")


MONTHLY_INCENTIVES = frozenset({IncentiveKind.SALES_MONTH, IncentiveKind.ACCESSORIES_MONTH})


class PromotionBasis(models.TextChoices):
    """INC-4 [config]: what a promotion pays for, per car. The seed's section
    is cut off ("促销奖励根据公司不…", by the company's policy of the moment):
    the store sets each campaign's basis, model and amount."""

    ORDERS = "orders", _("Orders placed during the campaign and not cancelled")
    DELIVERIES = "deliveries", _("Cars delivered during the campaign")


# INC-3: "not eligible with less than half a year of service" [seed]; the
# default of IncentivePolicy.min_service_months.
MIN_SERVICE_MONTHS = 6
# INC-1..3: who computes and confirms the awards (the store's sales manager
# and the general manager's office).
INCENTIVE_ROLES = frozenset({Role.SALES_MANAGER, Role.GM_OFFICE})
CENT = Decimal("0.01")


def money(value: Decimal) -> Decimal:
    """Yuan with two places, rounded half up (Chinese payroll practice)."""
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


def sales_champion_deduction(*, reward: Decimal, orders: int, cancellations: int) -> Decimal:
    """INC-1: each cancelled order (退订) deducts R ÷ (the champion's orders
    that month) from the reward R; never more than R."""
    if orders <= 0 or cancellations <= 0:
        return money(Decimal("0"))
    return money(reward * min(cancellations, orders) / orders)


def months_after(day: date, months: int) -> date:
    """The same day `months` later (the month's last day when it is shorter)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    last = (date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)).day
    return date(year, month, min(day.day, last))


def has_tenure(*, hire_date: date | None, on: date, months: int) -> bool:
    """INC-3 / ORG-5: at least `months` of service on `on`. Without a recorded
    hire date the tenure cannot be shown, so the person is not eligible."""
    return hire_date is not None and months_after(hire_date, months) <= on


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
_CONFIG_EDIT = {
    f"scoring.{action}_{model}"
    for action in ("view", "add", "change")
    for model in ("reportdeadline", "incentivepolicy", "incentivetarget", "promotioncampaign")
} | {
    "scoring.delete_incentivetarget",
    "scoring.delete_promotioncampaign",
    "scoring.view_incentiveaward",
}
ROLE_PERMISSIONS: dict[str, set[str]] = {
    Role.GM_OFFICE: _LEDGER_VIEW | _CATALOGUE_EDIT | _REPORTS_VIEW | _CONFIG_EDIT,
    Role.SALES_MANAGER: _LEDGER_VIEW | _CATALOGUE_EDIT | _REPORTS_VIEW | _CONFIG_EDIT,
    Role.SALES_SUPERVISOR: _LEDGER_VIEW | {"scoring.view_penaltyrule"} | _REPORTS_VIEW,
    Role.ADMINISTRATION: _LEDGER_VIEW | {"scoring.view_penaltyrule"},
}
