"""Display cars on showroom spots (SHW-DISPLAY). Putting a stock car on a spot
or taking it back is a stock movement: the car goes into the store's showroom
warehouse through inventory's transition table (transfer start + complete,
one transfer-form number), so the stock ledger always knows where it is."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from dealership.errors import ConflictError, DomainError
from dealership.models import User
from dealership.services import require_store
from inventory.models import Vehicle, Warehouse
from inventory.rules import Action, FormKind, WarehouseKind, transition_target
from inventory.services.common import (
    form_number_next,
    vehicle_lock,
    vehicle_transition,
    warehouse_check,
)
from showroom.models import ShowroomSpot
from showroom.rules import CHECKER_ROLES
from showroom.services.common import require_role


def _lock_spot(spot: ShowroomSpot) -> ShowroomSpot:
    return (
        ShowroomSpot.objects.select_for_update(of=("self",)).select_related("store").get(pk=spot.pk)
    )


def _require_mover(by: User, spot: ShowroomSpot) -> None:
    require_role(
        by, CHECKER_ROLES, _("Only the sales manager or a supervisor places display cars.")
    )
    require_store(by, spot.store)


def _showroom_warehouse(store) -> Warehouse:
    warehouse = Warehouse.objects.filter(store=store, kind=WarehouseKind.SHOWROOM).first()
    if warehouse is None:
        raise DomainError(
            "NO_SHOWROOM_WAREHOUSE",
            _("The store has no showroom warehouse; add one in the admin."),
        )
    return warehouse


def _move(*, vehicle: Vehicle, to: Warehouse, bay: str, by: User) -> None:
    """Section 4: a same-store move is a transfer started and completed at once
    (the car is driven a few metres), with one transfer-form number."""
    if vehicle.warehouse_id == to.pk:
        return
    transition_target(Action.TRANSFER_START, vehicle.state)
    number = form_number_next(store=vehicle.store, kind=FormKind.TRANSFER)
    vehicle_transition(vehicle=vehicle, action=Action.TRANSFER_START, by=by, form_number=number)
    vehicle_transition(
        vehicle=vehicle,
        action=Action.TRANSFER_COMPLETE,
        by=by,
        form_number=number,
        to_warehouse=to,
        bay=bay,
    )


@transaction.atomic
def display_car_place(*, spot: ShowroomSpot, vehicle: Vehicle, by: User) -> ShowroomSpot:
    """SHW-DISPLAY (1): a stock car goes onto a free showroom spot."""
    spot = _lock_spot(spot)
    _require_mover(by, spot)
    if spot.vehicle_id is not None:
        raise ConflictError("SPOT_TAKEN", _("A car already stands on this spot."), field="vehicle")
    vehicle = vehicle_lock(vehicle)
    if vehicle.store_id != spot.store_id:
        raise DomainError(
            "VEHICLE_OTHER_STORE", _("This car belongs to another store."), field="vehicle"
        )
    if ShowroomSpot.objects.filter(vehicle=vehicle).exists():
        raise ConflictError(
            "ALREADY_ON_SPOT", _("This car already stands on another spot."), field="vehicle"
        )
    _move(vehicle=vehicle, to=_showroom_warehouse(spot.store), bay=spot.code, by=by)
    spot.vehicle = vehicle
    spot.save(update_fields=["vehicle"])
    return spot


@transaction.atomic
def display_car_remove(*, spot: ShowroomSpot, to_warehouse: Warehouse, by: User) -> ShowroomSpot:
    """SHW-DISPLAY: the car leaves its spot and goes back to a stock warehouse."""
    spot = _lock_spot(spot)
    _require_mover(by, spot)
    if spot.vehicle_id is None:
        raise ConflictError("SPOT_EMPTY", _("No car stands on this spot."))
    warehouse_check(warehouse=to_warehouse, store=spot.store)
    if to_warehouse.kind == WarehouseKind.SHOWROOM:
        raise DomainError(
            "BACK_TO_STOCK", _("Choose a stock warehouse, not the showroom."), field="to_warehouse"
        )
    vehicle = vehicle_lock(spot.vehicle_id)
    spot.vehicle = None
    spot.save(update_fields=["vehicle"])
    if _in_showroom(vehicle):
        _move(vehicle=vehicle, to=to_warehouse, bay="", by=by)
    # else the stock process already took the car away (sold, staged for
    # delivery, in repair): the spot is only freed, no second movement.
    return spot


def _in_showroom(vehicle: Vehicle) -> bool:
    return vehicle.warehouse is not None and vehicle.warehouse.kind == WarehouseKind.SHOWROOM
