"""Reads of vehicles, keys, approvals and care tasks, store-scoped (ORG-1)."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone

from dealership.models import Store, User
from dealership.timeutil import store_today
from inventory.models import (
    CareRule,
    CareTask,
    CarSelectionRequest,
    KeyLog,
    PaymentConfirmation,
    PdiInspection,
    StockPolicy,
    Transfer,
    Vehicle,
    Warehouse,
)
from inventory.rules import (
    ACTION_ROLES,
    ON_HAND_STATES,
    READINGS,
    SCAN_ACTIONS,
    ApprovalStatus,
    CareKind,
    PdiKind,
    TransferStatus,
    VehicleState,
)


def vehicle_list_for_user(
    *, user: User, store: Store | None = None, state: str | None = None
) -> QuerySet[Vehicle]:
    """ORG-1: the vehicles of the person's stores, with what lists show."""
    qs = Vehicle.objects.for_user(user).select_related("store", "warehouse", "order")
    if store is not None:
        qs = qs.filter(store=store)
    if state:
        qs = qs.filter(state=state)
    return qs


def vehicle_get_for_user(*, user: User, vin: str) -> Vehicle | None:
    """A vehicle by VIN if it is in one of the person's stores (else None → 404)."""
    return vehicle_list_for_user(user=user).filter(vin=vin.strip().upper()).first()


def vehicle_for_order(*, order) -> Vehicle | None:
    """For the sales pages: the car allocated to an order and its stage."""
    return Vehicle.objects.select_related("warehouse").filter(order=order).first()


def warehouses_for_user(*, user: User, store: Store | None = None) -> QuerySet[Warehouse]:
    qs = Warehouse.objects.for_user(user).select_related("store")
    return qs.filter(store=store) if store is not None else qs


def stock_policy_for(*, store: Store) -> StockPolicy:
    """A store's stock numbers, or the defaults when none were set."""
    return StockPolicy.objects.filter(store=store).first() or StockPolicy(store=store)


def vehicle_scan_actions(*, vehicle: Vehicle, user: User) -> list[str]:
    """Scan page: the one or two next steps the car's state allows that the
    person's role may take (rules.SCAN_ACTIONS)."""
    actions = []
    for action in SCAN_ACTIONS.get(vehicle.state, ()):
        if not user.has_role_in(vehicle.store, *ACTION_ROLES[_ROLE_OF_STEP[action]]):
            continue
        if action == "arrive" and vehicle.arrived_at is not None:
            continue
        if action == "receive" and not _inbound_pdi_verified(vehicle):
            continue
        if action == "pdi_inbound" and _inbound_pdi_verified(vehicle):
            continue
        if vehicle.state == VehicleState.IN_REPAIR and (
            (action == "pdi_predelivery") != bool(vehicle.order_id)
        ):
            continue
        if action == "transfer" and _transfer_approved(vehicle):
            action = "transfer_start"  # STK-MOVE-2: signed, the move can start
        actions.append(action)
    return actions[:2]


def payment_of(vehicle: Vehicle) -> PaymentConfirmation | None:
    """KEY-4 / STK-OUT-1: the full-payment confirmation of the car's sale."""
    if vehicle.order_id is None:
        return None
    return PaymentConfirmation.objects.filter(vehicle=vehicle, order_id=vehicle.order_id).first()


def vehicle_more_actions(*, vehicle: Vehicle, user: User) -> set[str]:
    """Vehicle page: the other steps of the car's state the person may take
    (allocation, dispatch, finance's forms, the sold-car area...)."""
    from inventory.models import Dispatch, ReleaseSlip

    state, allowed = vehicle.state, set()
    payment = payment_of(vehicle)
    paid = payment is not None
    # STK-OUT-4: one release slip per payment; once issued it is printed from
    # the forms list, not offered again (every click would be refused).
    slip_issued = paid and ReleaseSlip.objects.filter(payment=payment).exists()
    open_dispatch = Dispatch.objects.filter(vehicle=vehicle, released_at__isnull=True).exists()
    candidates = {
        "allocate": state == VehicleState.IN_STOCK,
        "deallocate": state == VehicleState.ALLOCATED,
        "dispatch": state == VehicleState.IN_STOCK and not open_dispatch,
        "selection_request": state == VehicleState.IN_STOCK,
        "payment": vehicle.order_id is not None and not paid and state != VehicleState.DELIVERED,
        "release_slip": paid and not slip_issued and state != VehicleState.DELIVERED,
        "gate_pass": paid,
        "delivery_confirm": state == VehicleState.PDI_PASSED,
        "sold_area": state == VehicleState.PDI_PASSED,
    }
    for action, applies in candidates.items():
        roles = ACTION_ROLES[_ROLE_OF_MORE.get(action, action)]
        if applies and user.has_role_in(vehicle.store, *roles):
            allowed.add(action)
    if open_dispatch:
        allowed.add("dispatch_open")
    # A step already offered as a main action is not repeated below it.
    return allowed - set(vehicle_scan_actions(vehicle=vehicle, user=user))


_ROLE_OF_MORE = {
    "deallocate": "allocate",
    "dispatch": "transfer",
    "payment": "payment_confirm",
}

_ROLE_OF_STEP = {
    "arrive": "arrive",
    "pdi_inbound": "pdi",
    "receive": "receive",
    "transfer": "transfer",
    "transfer_complete": "transfer",
    "pdi_predelivery": "pdi",
    "release": "release",
    "sold_area": "sold_area",
    "repair_done": "pdi",
    "key_issue": "keys",
}


def _transfer_approved(vehicle: Vehicle) -> bool:
    return Transfer.objects.filter(vehicle=vehicle, status=TransferStatus.APPROVED).exists()


def _inbound_pdi_verified(vehicle: Vehicle) -> bool:
    return PdiInspection.objects.filter(
        vehicle=vehicle, kind=PdiKind.INBOUND, verified_at__isnull=False
    ).exists()


def key_logs_open(*, user: User) -> QuerySet[KeyLog]:
    return (
        KeyLog.objects.for_user(user)
        .filter(returned_at__isnull=True)
        .select_related("key", "vehicle", "issued_to")
        .order_by("due_back_at")
    )


def key_logs_overdue(*, store: Store, now: datetime | None = None) -> QuerySet[KeyLog]:
    """KEY-2: keys not back by their due time (issue time + the store's hours)."""
    now = now or timezone.now()
    return (
        KeyLog.objects.filter(store=store, returned_at__isnull=True, due_back_at__lt=now)
        .select_related("key", "vehicle", "issued_to")
        .order_by("due_back_at")
    )


def vehicles_not_started(*, store: Store, today: date | None = None) -> QuerySet[Vehicle]:
    """MNT-WEEKLY-START: stock cars not started and checked in the last N days
    (7 by default), among those in stock at least that long."""
    today = today or store_today(store)
    days = stock_policy_for(store=store).not_started_days
    since = timezone.now() - timedelta(days=days)
    started = CareTask.objects.filter(
        vehicle=OuterRef("pk"), kind=CareKind.WEEKLY_START, done_at__gte=since
    )
    return (
        Vehicle.objects.filter(
            store=store,
            state__in=ON_HAND_STATES,
            arrival_date__lte=today - timedelta(days=days),
        )
        .exclude(Exists(started))
        .select_related("warehouse")
        .order_by("arrival_date", "vin")
    )


def care_readings_by_kind() -> dict[str, tuple[str, ...]]:
    """MNT-TYRE / MNT-BATTERY: the readings a task of each kind requires, as
    its admin-editable CareRule names them (none when it names none)."""
    return {
        kind: READINGS.get(reading, ())
        for kind, reading in CareRule.objects.values_list("kind", "reading")
    }


def care_tasks_open(*, user: User, store: Store | None = None) -> QuerySet[CareTask]:
    qs = CareTask.objects.for_user(user).filter(done_at__isnull=True)
    if store is not None:
        qs = qs.filter(store=store)
    return qs.select_related("vehicle", "vehicle__warehouse").order_by("due_date", "kind")


def selection_requests_pending(*, user: User) -> QuerySet[CarSelectionRequest]:
    return (
        CarSelectionRequest.objects.for_user(user)
        .filter(status=ApprovalStatus.PENDING)
        .select_related("vehicle", "consultant")
    )


def selection_requests_usable(*, vehicle: Vehicle) -> QuerySet[CarSelectionRequest]:
    """KEY-3: the car's approved selection requests no key was issued on yet
    (one signed request per showing)."""
    used = KeyLog.objects.filter(vehicle=vehicle, selection_request__isnull=False)
    return vehicle.selection_requests.filter(status=ApprovalStatus.APPROVED).exclude(
        pk__in=used.values("selection_request_id")
    )


def transfers_pending(*, user: User) -> QuerySet[Transfer]:
    return (
        Transfer.objects.for_user(user)
        .filter(status=TransferStatus.REQUESTED)
        .select_related("vehicle", "from_warehouse", "to_warehouse", "requested_by")
    )


def vehicles_awaiting_payment(*, user: User) -> QuerySet[Vehicle]:
    """STK-OUT-1: sold cars finance has not confirmed as fully paid."""
    from inventory.models import PaymentConfirmation

    paid = PaymentConfirmation.objects.filter(vehicle=OuterRef("pk"), order=OuterRef("order"))
    return (
        vehicle_list_for_user(user=user)
        .filter(state__in=[VehicleState.ALLOCATED, VehicleState.PDI_PASSED])
        .exclude(Exists(paid))
    )
