"""The front desk (SHW-DESK, SHW-GREET): the sales manager's rota of two
standing consultants per slot by group, the alert to the group leader when
both are with customers, and the findings that cost points."""

from __future__ import annotations

from datetime import date, datetime, time

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from dealership.errors import ConflictError, DomainError
from dealership.models import Store, User
from dealership.selectors import sales_group_leader
from dealership.services import message, notification_send, require_store
from dealership.timeutil import store_tz
from scoring.services import violation_record
from showroom.models import DeskIncident, DeskShift
from showroom.rules import (
    DESK_FINDING_ROLES,
    INCIDENT_RULE_CODES,
    ROTA_PLANNER_ROLES,
    DeskIncidentKind,
)
from showroom.services.common import require_role, require_staff_of


@transaction.atomic
def desk_shift_plan(
    *,
    store: Store,
    days: list[date],
    starts_at: time,
    ends_at: time,
    sales_group: str,
    first: User,
    second: User,
    by: User,
) -> list[DeskShift]:
    """SHW-DESK: the sales manager puts two consultants of one group at the
    front desk for a slot, on one day or several (a week)."""
    require_role(by, ROTA_PLANNER_ROLES, _("Only the sales manager sets the front-desk rota."))
    require_store(by, store)
    _validate_pair(store=store, sales_group=sales_group, first=first, second=second)
    if ends_at <= starts_at:
        raise DomainError("SLOT_TIMES", _("The slot must end after it starts."), field="ends_at")
    shifts = []
    for day in sorted(set(days)):
        overlap = DeskShift.objects.filter(
            store=store, day=day, starts_at__lt=ends_at, ends_at__gt=starts_at
        )
        if overlap.exists():
            raise ConflictError(
                "SLOT_OVERLAP",
                _("%(day)s already has a shift in this time.") % {"day": f"{day:%Y-%m-%d}"},
                field="starts_at",
            )
        shifts.append(
            DeskShift.objects.create(
                store=store,
                day=day,
                starts_at=starts_at,
                ends_at=ends_at,
                sales_group=sales_group,
                first=first,
                second=second,
                planned_by=by,
            )
        )
    return shifts


def _validate_pair(*, store: Store, sales_group: str, first: User, second: User) -> None:
    if first.pk == second.pk:
        raise DomainError(
            "SAME_PERSON", _("Two different consultants stand at the desk."), field="second"
        )
    for field, person in (("first", first), ("second", second)):
        require_staff_of(person, store, field)
        if person.sales_group != sales_group:
            raise DomainError(
                "WRONG_GROUP",
                _("%(name)s is not in this group.") % {"name": person.display_name},
                field=field,
            )


@transaction.atomic
def desk_shift_delete(*, shift: DeskShift, by: User) -> None:
    """SHW-DESK: take a slot off the rota, unless a finding refers to it."""
    require_role(by, ROTA_PLANNER_ROLES, _("Only the sales manager sets the front-desk rota."))
    require_store(by, shift.store)
    if shift.incidents.exists():
        raise ConflictError(
            "SHIFT_HAS_FINDINGS", _("A finding refers to this shift; it stays on the rota.")
        )
    shift.delete()


def desk_alert_check(*, store: Store, at: datetime | None = None) -> int:
    """SHW-DESK: when both consultants standing now are receiving customers,
    the group's leader must add one at once: tell them, once per occurrence
    (the pair of open visits identifies it). Safe to run twice."""
    from showroom.selectors import desk_board

    sent = 0
    for slot in desk_board(store=store, at=at):
        if not (slot.is_current and slot.both_busy):
            continue
        leader = sales_group_leader(store=store, sales_group=slot.shift.sales_group)
        if leader is None:
            continue
        visits = sorted(s.visit.pk for s in slot.standing)
        sent += notification_send(
            user=leader,
            key=f"desk-both-busy:{slot.shift.pk}:{visits[0]}:{visits[1]}",
            title=message(
                gettext_noop(
                    "Front desk: both standing consultants are with customers; add one now"
                )
            ),
            body=", ".join(s.person.display_name for s in slot.standing),
            url=reverse("showroom:desk_board"),
            store=store,
        )
    return sent


@transaction.atomic
def desk_incident_record(
    *,
    store: Store,
    kind: str,
    by: User,
    shift: DeskShift | None = None,
    person: User | None = None,
    idle: list[User] | None = None,
    note: str = "",
    occurred_at: datetime | None = None,
) -> DeskIncident:
    """SHW-DESK / SHW-GREET: a manager or supervisor records a finding. A
    vacancy costs the slot group's leader 5 points; a customer nobody received
    costs 10 to each consultant standing that slot and to each consultant the
    finder saw idle in the showroom ("全员一起扣分"); a greeting not given
    costs the person 1."""
    require_role(
        by, DESK_FINDING_ROLES, _("Only the sales manager or a supervisor records findings.")
    )
    require_store(by, store)
    idle = list(idle or [])
    liable = _liable(store=store, kind=kind, shift=shift, person=person)
    if idle and kind != DeskIncidentKind.UNATTENDED:
        raise DomainError(
            "IDLE_ONLY_UNATTENDED",
            _("Idle consultants are named only for a customer nobody received."),
            field="idle",
        )
    for consultant in idle:
        require_staff_of(consultant, store, "idle")
    liable += [c for c in idle if c not in liable]
    incident = DeskIncident.objects.create(
        store=store,
        kind=kind,
        shift=shift,
        person=person if kind == DeskIncidentKind.GREETING else None,
        occurred_at=occurred_at or timezone.now(),
        note=note.strip(),
        recorded_by=by,
    )
    incident.idle.set(idle)
    fact_date = timezone.localtime(incident.occurred_at, timezone=store_tz(store)).date()
    for liable_person in liable:
        violation_record(
            store=store,
            person=liable_person,
            rule_code=INCIDENT_RULE_CODES[kind],
            fact_date=fact_date,
            fact_key=f"desk-incident:{incident.pk}",
            evidence=incident,
            note=incident.note,
            source="auto:showroom_desk",
        )
    return incident


def _liable(*, store: Store, kind: str, shift: DeskShift | None, person: User | None) -> list[User]:
    if kind == DeskIncidentKind.GREETING:
        if person is None:
            raise DomainError("PERSON_REQUIRED", _("Name the person."), field="person")
        require_staff_of(person, store, "person")
        return [person]
    if kind not in INCIDENT_RULE_CODES:
        raise DomainError("KIND_REQUIRED", _("Choose what was found."), field="kind")
    if shift is None or shift.store_id != store.pk:
        raise DomainError("SHIFT_REQUIRED", _("Choose the shift."), field="shift")
    if kind == DeskIncidentKind.UNATTENDED:
        return [shift.first, shift.second]
    leader = sales_group_leader(store=store, sales_group=shift.sales_group)
    if leader is None:
        raise DomainError(
            "NO_GROUP_LEADER", _("This group has no leader to charge."), field="shift"
        )
    return [leader]
