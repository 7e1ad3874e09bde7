"""Writes of the reports with deadlines (RULES.md section 7, RPT-* and TRN-4):
logs, monthly summaries, trainings, event KPI analyses, competitor prices.
The deadline checks that turn a missing report into points are in checks.py.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dealership.errors import ConflictError, DomainError
from dealership.models import Store, User
from dealership.selectors import person_in_store
from dealership.services import require_store
from dealership.timeutil import store_today, week_start
from scoring.models import (
    CompetitorPrice,
    ConsultantDailyLog,
    ManagerDailyLog,
    MarketingEvent,
    MonthlyReport,
    Training,
)
from scoring.rules import (
    CONSULTANT_LOG_ROLES,
    MANAGER_LOG_ROLES,
    MARKETING_ROLES,
    MONTHLY_REPORT_RULES,
    TRAINING_ROLES,
    previous_month,
)


def _require(*, by: User, store: Store, roles: frozenset[str]) -> None:
    if not (by.is_superuser or by.has_role(*roles)):
        raise DomainError("NOT_ALLOWED", _("This report is not yours to write."))
    require_store(by, store)


@transaction.atomic
def consultant_log_submit(*, store: Store, data: dict, by: User) -> ConsultantDailyLog:
    """RPT-CONSULTANT-LOG: the consultant writes today's log (by 22:00); writing
    it again the same day updates it, keeping the first submission time."""
    _require(by=by, store=store, roles=CONSULTANT_LOG_ROLES)
    log, _created = ConsultantDailyLog.objects.update_or_create(
        author=by,
        date=store_today(store),
        defaults={**data, "store": store},
        create_defaults={**data, "store": store, "submitted_at": timezone.now()},
    )
    return log


@transaction.atomic
def manager_log_submit(*, store: Store, data: dict, by: User) -> ManagerDailyLog:
    """RPT-MGR-LOG: the sales manager writes today's log (by 20:00)."""
    _require(by=by, store=store, roles=MANAGER_LOG_ROLES)
    log, _created = ManagerDailyLog.objects.update_or_create(
        author=by,
        date=store_today(store),
        defaults={**data, "store": store},
        create_defaults={**data, "store": store, "submitted_at": timezone.now()},
    )
    return log


@transaction.atomic
def monthly_report_submit(
    *, store: Store, kind: str, results: str, plan: str, by: User
) -> MonthlyReport:
    """RPT-MONTHLY-*: last month's results and this month's plan, due by the
    5th. Each role writes its own kind; a second submission updates it."""
    rule = MONTHLY_REPORT_RULES.get(kind)
    if rule is None:
        raise DomainError("REPORT_KIND_UNKNOWN", _("Unknown kind of report."), field="kind")
    _require(by=by, store=store, roles=frozenset({rule.role}))
    period = previous_month(store_today(store))
    report, _created = MonthlyReport.objects.update_or_create(
        author=by,
        kind=kind,
        period=period,
        defaults={"results": results, "plan": plan, "store": store},
        create_defaults={
            "results": results,
            "plan": plan,
            "store": store,
            "submitted_at": timezone.now(),
        },
    )
    return report


@transaction.atomic
def training_record(
    *,
    store: Store,
    training_date: date,
    topic: str,
    trainer: User,
    attendees: list[User],
    assessment: str,
    summary: str,
    by: User,
) -> Training:
    """TRN-4: the training supervisor records a training with its assessment
    and summary (at least four a month)."""
    _require(by=by, store=store, roles=TRAINING_ROLES)
    outsiders = [
        p for p in [trainer, *attendees] if not person_in_store(person=p, store_id=store.pk)
    ]
    if outsiders:
        raise DomainError(
            "PERSON_NOT_IN_STORE", _("Everyone must work in this store."), field="attendees"
        )
    training = Training.objects.create(
        store=store,
        date=training_date,
        topic=topic,
        trainer=trainer,
        assessment=assessment,
        summary=summary,
        recorded_by=by,
    )
    training.attendees.set(attendees)
    return training


@transaction.atomic
def marketing_event_create(*, store: Store, name: str, end_date: date, by: User) -> MarketingEvent:
    """RPT-EVENT-KPI: marketing registers an event; its KPI analysis is due
    two days after end_date."""
    _require(by=by, store=store, roles=MARKETING_ROLES)
    return MarketingEvent.objects.create(store=store, owner=by, name=name, end_date=end_date)


@transaction.atomic
def marketing_event_submit_analysis(
    *, event: MarketingEvent, analysis: str, by: User
) -> MarketingEvent:
    """RPT-EVENT-KPI: the KPI analysis after the event; the first submission
    time is what the deadline check looks at."""
    _require(by=by, store=event.store, roles=MARKETING_ROLES)
    if not analysis.strip():
        raise DomainError("ANALYSIS_REQUIRED", _("Write the analysis."), field="analysis")
    event = MarketingEvent.objects.select_for_update().get(pk=event.pk)
    if store_today(event.store) < event.end_date:
        raise ConflictError("EVENT_NOT_ENDED", _("The event has not ended yet."), field="analysis")
    event.analysis = analysis.strip()
    if event.analysis_submitted_at is None:
        event.analysis_submitted_at = timezone.now()
    event.save(update_fields=["analysis", "analysis_submitted_at"])
    return event


@transaction.atomic
def competitor_price_record(
    *,
    store: Store,
    our_model: str,
    competitor: str,
    city: str,
    discount_price: Decimal,
    by: User,
) -> CompetitorPrice:
    """RPT-COMPETITOR: a competitor's or a nearby city's discount price, for
    this week's collection (weekly, Monday to Sunday)."""
    _require(by=by, store=store, roles=MARKETING_ROLES)
    if discount_price <= 0:
        raise DomainError(
            "PRICE_NOT_POSITIVE", _("The price must be more than zero."), field="discount_price"
        )
    return CompetitorPrice.objects.create(
        store=store,
        week=week_start(store_today(store)),
        our_model=our_model,
        competitor=competitor,
        city=city,
        discount_price=discount_price,
        recorded_by=by,
    )
