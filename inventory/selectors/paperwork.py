"""Reads for the pages added around a car's paperwork: its printable forms,
the orders a stock car can be allocated to, dispatch orders, storm alerts
and the random spot checks (ORG-1 store-scoped)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet
from django.urls import reverse

from dealership.models import User
from inventory.models import (
    DeliveryConfirmation,
    Dispatch,
    GatePass,
    InboundForm,
    OutboundForm,
    PaymentConfirmation,
    ReleaseSlip,
    StockSpotCheck,
    StormAlert,
    Transfer,
    Vehicle,
)
from inventory.rules import ON_HAND_STATES, FormKind


@dataclass(frozen=True)
class Paper:
    """A printable form of a car: its title, number and print page."""

    title: str
    number: str
    url: str


# print kind -> (model, FormKind): the forms printed by number.
PRINTABLE = {
    "inbound": (InboundForm, FormKind.INBOUND),
    "outbound": (OutboundForm, FormKind.OUTBOUND),
    "payment": (PaymentConfirmation, FormKind.PAYMENT),
    "release_slip": (ReleaseSlip, FormKind.RELEASE),
    "gate_pass": (GatePass, FormKind.GATE_PASS),
    "delivery": (DeliveryConfirmation, FormKind.DELIVERY),
    "transfer": (Transfer, FormKind.TRANSFER),
    "dispatch": (Dispatch, FormKind.DISPATCH),
}


def vehicle_paperwork(*, vehicle: Vehicle) -> list[Paper]:
    """Every numbered form of the car, oldest first (one query per kind)."""
    papers = []
    for kind, (model, form_kind) in PRINTABLE.items():
        for number, created in model.objects.filter(vehicle=vehicle).values_list(
            "number", "created_at"
        ):
            url = reverse("inventory:print_form", args=[kind, number])
            papers.append((created, Paper(str(form_kind.label), number, url)))
    return [paper for _created, paper in sorted(papers, key=lambda p: p[0])]


def orders_open_for_allocation(*, vehicle: Vehicle) -> QuerySet:
    """FU-O / STK-OUT: open orders of the car's store for its model that have
    no car yet (read from sales; the allocation itself is vehicle_allocate)."""
    from sales.models import Order
    from sales.rules import OrderStatus

    return (
        Order.objects.filter(
            store=vehicle.store,
            status=OrderStatus.ORDERED,
            model_name=vehicle.model_name,
            vehicle__isnull=True,
        )
        .select_related("consultant")
        .order_by("ordered_at", "pk")
    )


def dispatches_open(*, user: User) -> QuerySet[Dispatch]:
    """STK-DISPATCH: dispatch orders not yet released, for the signatures."""
    return (
        Dispatch.objects.for_user(user)
        .filter(released_at__isnull=True)
        .select_related("vehicle", "requested_by", "responsible_signed_by", "manager_signed_by")
        .order_by("created_at", "pk")
    )


def storm_alerts_open(*, user: User) -> QuerySet[StormAlert]:
    """MNT-STORM: alerts raised and not yet ended."""
    return (
        StormAlert.objects.for_user(user)
        .filter(ended_at__isnull=True)
        .select_related("raised_by", "store")
    )


def spot_checks_open(*, user: User) -> QuerySet[StockSpotCheck]:
    """MNT-RANDOM: the spot checks still to do, of cars still in stock,
    soonest first (the page marks those whose time has come)."""
    return (
        StockSpotCheck.objects.for_user(user)
        .filter(done_at__isnull=True, vehicle__state__in=ON_HAND_STATES)
        .select_related("vehicle", "vehicle__warehouse")
        .order_by("planned_at", "pk")
    )
