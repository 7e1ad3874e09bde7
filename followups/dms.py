"""FU-DMS: the supervisor's weekly reconciliation of each consultant's
follow-ups against the customer records in the DMS (level and timeliness).

The DMS itself is the carmaker's system and is not reachable from here; what
this system holds is the check: one DmsReconciliation per consultant and ended
week (opened by the beat scan), the records the supervisor found to correct
(DmsDiscrepancy, −2 each to the consultant: scoring rule FU-DMS, handed over
when the week is marked reconciled) and when it was done. RULES.md gives no
points for reconciling late, so lateness is shown (page, admin), not scored.

Services and selectors of FU-DMS live together here, as the scan and the
reminders do, to keep services.py about follow-up tasks."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Count, Exists, OuterRef, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, override

from dealership.errors import ConflictError, DomainError, ForbiddenError
from dealership.models import Store, User
from dealership.selectors import user_works_in_store
from dealership.services import notification_send
from dealership.timeutil import store_day_bounds, week_start
from followups.models import DmsDiscrepancy, DmsReconciliation, Followup, FollowupPolicy
from followups.reminders import send_staff_sms
from followups.rules import (
    DMS_PENALTY_CODE,
    DMS_RECONCILER_ROLES,
    DMS_REMINDED_ROLE,
    DMS_SUBJECT_ROLES,
    DmsIssue,
    DmsStatus,
)
from followups.windows import local_date

SOURCE = "auto:followups_dms"


class DmsNotAllowed(ForbiddenError):
    """Only a supervisor or manager of the store reconciles (HTTP 403)."""


# --- weeks -----------------------------------------------------------------------


def dms_last_ended_week(*, store: Store, now: datetime) -> date:
    """Monday of the last week (Monday to Sunday, store time) that has ended."""
    return week_start(local_date(store, now)) - timedelta(days=7)


def dms_week_bounds(*, store: Store, monday: date) -> tuple[datetime, datetime]:
    start, _end = store_day_bounds(store, monday)
    return start, start + timedelta(days=7)


# --- beat: open the week's reconciliations ------------------------------------------


def dms_reconciliations_open(*, store: Store, policy: FollowupPolicy, now: datetime) -> int:
    """FU-DMS: one reconciliation per consultant of the store for the week that
    ended, due `policy.dms_due_days` days later (end of that day, store time).
    Set-based and idempotent: consultants without a row are inserted with
    ON CONFLICT DO NOTHING (unique store, consultant, week). Then the store's
    supervisors get one in-app reminder per week."""
    monday = dms_last_ended_week(store=store, now=now)
    _start, due_by = store_day_bounds(store, monday + timedelta(days=6 + policy.dms_due_days))
    has_row = DmsReconciliation.objects.filter(
        store=store, consultant_id=OuterRef("pk"), week_start=monday
    )
    consultants = (
        User.objects.filter(stores=store, is_active=True, groups__name__in=DMS_SUBJECT_ROLES)
        .exclude(Exists(has_row))
        .values_list("pk", flat=True)
        .distinct()
    )
    rows = [
        DmsReconciliation(store=store, consultant_id=pk, week_start=monday, due_by=due_by)
        for pk in consultants
    ]
    DmsReconciliation.objects.bulk_create(rows, ignore_conflicts=True)
    _remind_reconcilers(store=store, policy=policy, monday=monday, now=now)
    return len(rows)


def _remind_reconcilers(
    *, store: Store, policy: FollowupPolicy, monday: date, now: datetime
) -> None:
    fresh = DmsReconciliation.objects.filter(
        store=store, week_start=monday, status=DmsStatus.OPEN, reminded_at__isnull=True
    )
    count = fresh.count()
    if not count:
        return

    def title() -> str:
        return ngettext(
            "Reconcile %(count)d consultant's follow-ups with the DMS (week of %(week)s)",
            "Reconcile %(count)d consultants' follow-ups with the DMS (week of %(week)s)",
            count,
        ) % {"count": count, "week": monday.isoformat()}

    supervisors = User.objects.filter(
        stores=store, is_active=True, groups__name=DMS_REMINDED_ROLE
    ).distinct()
    for user in supervisors:
        created = notification_send(
            user=user,
            key=f"followups:dms:{store.pk}:{monday.isoformat()}",
            title=title,
            url=f"{reverse('followups:dms')}?week={monday.isoformat()}",
            store=store,
        )
        if created and policy.staff_sms_reminders and user.phone:
            with override(settings.LANGUAGE_CODE):  # a text message: the store's language
                send_staff_sms(mobile=user.phone, text=f"{store.name}: {title()}")
    fresh.update(reminded_at=now)


# --- the supervisor's actions ---------------------------------------------------------


def _locked(reconciliation: DmsReconciliation) -> DmsReconciliation:
    return (
        DmsReconciliation.objects.select_for_update()
        .select_related("store", "consultant")
        .get(pk=reconciliation.pk)
    )


def _check_reconciler(*, reconciliation: DmsReconciliation, by: User) -> None:
    if by.is_superuser:
        return
    if not by.has_role(*DMS_RECONCILER_ROLES) or not user_works_in_store(
        user=by, store_id=reconciliation.store_id
    ):
        raise DmsNotAllowed("DMS_NOT_ALLOWED", _("Only a supervisor of the store reconciles."))


def _check_open(reconciliation: DmsReconciliation) -> None:
    if reconciliation.status != DmsStatus.OPEN:
        raise ConflictError("DMS_CLOSED", _("This week is already reconciled."))


@transaction.atomic
def dms_discrepancy_add(
    *, reconciliation: DmsReconciliation, followup_id: int, issue: str, note: str, by: User
) -> DmsDiscrepancy:
    """FU-DMS: note a follow-up record of the consultant's week that does not
    match the DMS and must be corrected (−2 when the week is reconciled)."""
    reconciliation = _locked(reconciliation)
    _check_reconciler(reconciliation=reconciliation, by=by)
    _check_open(reconciliation)
    if issue not in DmsIssue.values:
        raise DomainError("DMS_ISSUE_INVALID", _("Choose what is wrong."), field="issue")
    note = (note or "").strip()
    if not note:
        raise DomainError("NOTE_REQUIRED", _("Write down what must be corrected."), field="note")
    if not dms_week_followups(reconciliation=reconciliation).filter(pk=followup_id).exists():
        raise DomainError(
            "DMS_FOLLOWUP_NOT_IN_WEEK",
            _("This follow-up is not one of the consultant's in this week."),
            field="followup",
        )
    try:
        with transaction.atomic():
            return DmsDiscrepancy.objects.create(
                reconciliation=reconciliation,
                followup_id=followup_id,
                issue=issue,
                note=note[:300],
                created_by=by,
            )
    except IntegrityError as exc:
        raise ConflictError(
            "DMS_DUPLICATE", _("This record is already noted for this issue."), field="issue"
        ) from exc


@transaction.atomic
def dms_discrepancy_remove(*, discrepancy: DmsDiscrepancy, by: User) -> None:
    """Take back a discrepancy noted by mistake, while the week is open."""
    reconciliation = _locked(discrepancy.reconciliation)
    _check_reconciler(reconciliation=reconciliation, by=by)
    _check_open(reconciliation)
    DmsDiscrepancy.objects.filter(pk=discrepancy.pk).delete()


@transaction.atomic
def dms_reconciliation_complete(
    *, reconciliation: DmsReconciliation, note: str, by: User, at: datetime | None = None
) -> DmsReconciliation:
    """FU-DMS: the supervisor has compared the consultant's week with the DMS.
    Each discrepancy becomes a FU-DMS penalty entry for the consultant (−2,
    once per discrepancy, in the same transaction: all or nothing)."""
    from scoring.services import violation_record

    reconciliation = _locked(reconciliation)
    _check_reconciler(reconciliation=reconciliation, by=by)
    _check_open(reconciliation)
    now = at or timezone.now()
    reconciliation.status = DmsStatus.RECONCILED
    reconciliation.reconciled_at = now
    reconciliation.reconciled_by = by
    reconciliation.note = (note or "").strip()
    reconciliation.save()
    fact_date = local_date(reconciliation.store, now)
    for item in reconciliation.discrepancies.select_related("followup__customer"):
        violation_record(
            store=reconciliation.store,
            person=reconciliation.consultant,
            rule_code=DMS_PENALTY_CODE,
            fact_date=fact_date,
            fact_key=f"dms:{item.pk}",
            evidence=item,
            note=_("%(issue)s: %(note)s (customer %(customer)s, week of %(week)s)")
            % {
                "issue": item.get_issue_display(),
                "note": item.note,
                "customer": item.followup.customer.name,
                "week": reconciliation.week_start.isoformat(),
            },
            source=SOURCE,
        )
    return reconciliation


# --- selectors -----------------------------------------------------------------------


def user_can_reconcile(user: User) -> bool:
    return user.is_superuser or user.has_role(*DMS_RECONCILER_ROLES)


def dms_week_followups(*, reconciliation: DmsReconciliation) -> QuerySet[Followup]:
    """The follow-ups the reconciliation covers: due in the week, charged to the
    consultant (whoever held them when they fell late, else the owner), as the
    compliance table counts them; cancelled ones that were never late left out."""
    from followups.selectors import followups_charged_between

    start, end = dms_week_bounds(store=reconciliation.store, monday=reconciliation.week_start)
    return (
        followups_charged_between(reconciliation.store_id, start, end)
        .filter(person_id=reconciliation.consultant_id)
        .select_related("customer")
        .order_by("due_by", "pk")
    )


@dataclass
class DmsRow:
    reconciliation: DmsReconciliation
    stats: object | None  # selectors.ComplianceRow of the consultant's week

    @property
    def is_overdue(self) -> bool:
        return self.reconciliation.is_overdue


def dms_list_for_week(*, store: Store, monday: date) -> list[DmsRow]:
    """The store's reconciliations of a week with each consultant's follow-up
    figures for it. Three queries, whatever the number of consultants."""
    from followups.selectors import followup_compliance

    reconciliations = (
        DmsReconciliation.objects.filter(store=store, week_start=monday)
        .select_related("consultant", "reconciled_by")
        .annotate(discrepancy_count=Count("discrepancies"))
        .order_by("consultant__sales_group", "consultant__full_name", "pk")
    )
    stats = {
        row.person.pk: row
        for row in followup_compliance(
            store=store, date_from=monday, date_to=monday + timedelta(days=6)
        )
    }
    return [DmsRow(r, stats.get(r.consultant_id)) for r in reconciliations]


def dms_weeks(*, store: Store, limit: int = 12) -> list[date]:
    """The most recent weeks with reconciliations, newest first."""
    weeks = (
        DmsReconciliation.objects.filter(store=store)
        .values_list("week_start", flat=True)
        .distinct()
        .order_by("-week_start")
    )
    return list(weeks[:limit])


def dms_get_for_user(*, user: User, reconciliation_id: int) -> DmsReconciliation | None:
    return (
        DmsReconciliation.objects.for_user(user)
        .select_related("store", "consultant", "reconciled_by")
        .filter(pk=reconciliation_id)
        .first()
    )
