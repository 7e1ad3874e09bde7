"""Automatic detection (PTS-4) of the stock facts the system holds: each
check turns what it finds into penalty entries through
scoring.violation_record, exactly once per fact (running it twice changes
nothing)."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db.models import DateTimeField, Exists, ExpressionWrapper, OuterRef, Q, Subquery
from django.utils import timezone

from dealership.models import Store, User
from dealership.timeutil import store_tz
from inventory.models import PdiInspection, Vehicle
from inventory.rules import PDI_LATENESS_LOOKBACK_DAYS, PdiKind
from scoring.services import violation_record

# Look back this far: older facts were judged by earlier runs.
WINDOW = timedelta(days=PDI_LATENESS_LOOKBACK_DAYS)


def pdi_lateness_check(*, now: datetime | None = None) -> int:
    """STK-IN-1: the inbound PDI not done within the store's hours after the
    car was unloaded (StockPolicy.pdi_due_hours, 24 by default) → −1 for the
    clerk who received the car: the one who scanned its unloading, or, when
    nobody did and the PDI form stated it, the clerk who verified that PDI
    (judged once it is verified). A PDI recorded after the deadline is late
    too; a car still without PDI is reported as soon as the deadline passes."""
    from inventory.selectors import stock_policy_for

    now = now or timezone.now()
    recorded = 0
    for store in Store.objects.filter(is_active=True):
        hours = timedelta(hours=stock_policy_for(store=store).pdi_due_hours)
        in_time = PdiInspection.objects.filter(
            vehicle=OuterRef("pk"),
            kind=PdiKind.INBOUND,
            inspected_at__lte=ExpressionWrapper(
                OuterRef("arrived_at") + hours, output_field=DateTimeField()
            ),
        )
        verifier = PdiInspection.objects.filter(
            vehicle=OuterRef("pk"), kind=PdiKind.INBOUND, verified_by__isnull=False
        ).order_by("verified_at")
        late = (
            Vehicle.objects.filter(
                store=store,
                arrived_at__gte=now - WINDOW,
                arrived_at__lt=now - hours,
            )
            .exclude(Exists(in_time))
            .annotate(verifier_id=Subquery(verifier.values("verified_by")[:1]))
            .filter(Q(arrived_by__isnull=False) | Q(verifier_id__isnull=False))
            .select_related("arrived_by")
        )
        people = {u.pk: u for u in User.objects.filter(pk__in=[v.verifier_id for v in late])}
        for vehicle in late:
            person = vehicle.arrived_by or people[vehicle.verifier_id]
            recorded += _record(store, vehicle, person, deadline=vehicle.arrived_at + hours)
    return recorded


def _record(store: Store, vehicle: Vehicle, person: User, *, deadline: datetime) -> int:
    entry = violation_record(
        store=store,
        person=person,
        rule_code="STK-IN-1",
        fact_date=deadline.astimezone(store_tz(store)).date(),
        fact_key=f"inbound-pdi:{vehicle.pk}",
        evidence=vehicle,
        source="auto:inventory.pdi_lateness_check",
    )
    return int(entry is not None)
