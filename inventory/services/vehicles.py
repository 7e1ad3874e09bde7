"""Vehicles: registration by VIN, allocation to an order, the sold-car area,
repairs (section 4, STK-SOLD-AREA)."""

from __future__ import annotations

from datetime import date, datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dealership.errors import ConflictError, DomainError
from dealership.models import Store, User
from dealership.timeutil import store_time_text
from inventory.models import Movement, Vehicle, VehicleDocument, Warehouse
from inventory.rules import Action, DocumentKind, WarehouseKind, vin_validate
from inventory.services.common import (
    require,
    vehicle_lock,
    vehicle_transition,
    warehouse_check,
)
from sales.rules import OrderStatus


@transaction.atomic
def vehicle_register(
    *,
    store: Store,
    vin: str,
    model_name: str,
    colour: str,
    by: User,
    engine_number: str = "",
    production_date: date | None = None,
) -> Vehicle:
    """Section 4: a car announced by the manufacturer enters the system in
    transit, identified by a valid VIN; its three documents are expected."""
    require(by, "register", store)
    vin = vin_validate(vin)
    if Vehicle.objects.filter(vin=vin).exists():
        raise ConflictError(
            "VIN_EXISTS", _("A vehicle with this VIN is already registered."), field="vin"
        )
    vehicle = Vehicle.objects.create(
        store=store,
        vin=vin,
        model_name=model_name.strip(),
        colour=colour.strip(),
        engine_number=engine_number.strip(),
        production_date=production_date,
    )
    VehicleDocument.objects.bulk_create(
        VehicleDocument(vehicle=vehicle, kind=kind) for kind in DocumentKind.values
    )
    Movement.objects.create(
        store=store,
        vehicle=vehicle,
        action=Action.REGISTER,
        to_state=vehicle.state,
        by=by,
        at=vehicle.created_at,
    )
    return vehicle


@transaction.atomic
def vehicle_arrive(*, vehicle: Vehicle, by: User) -> Vehicle:
    """STK-IN-1: the clerk records that a car in transit was unloaded at the
    store; from now the inbound PDI is due within the store's hours."""
    vehicle = vehicle_lock(vehicle)
    require(by, "arrive", vehicle.store)
    if vehicle.arrived_at is not None:
        raise ConflictError(
            "ALREADY_ARRIVED",
            _("This car was already recorded as unloaded at %(at)s.")
            % {"at": store_time_text(vehicle.store, vehicle.arrived_at)},
        )
    vehicle_mark_arrived(vehicle=vehicle, by=by)
    return vehicle


def vehicle_mark_arrived(*, vehicle: Vehicle, by: User, stated_at: datetime | None = None) -> None:
    """STK-IN-1: stamp the unloading of a (locked) car in transit with a
    movement record. The clerk who scans it on arrival is the one who
    received it (`arrived_by`, charged if its PDI is late). The inbound PDI
    of a car nobody scanned states when it arrived instead (`stated_at`): the
    movement is dated then and nobody is recorded as having received it; the
    clerk who verifies that PDI answers for its lateness."""
    move = vehicle_transition(vehicle=vehicle, action=Action.ARRIVE, by=by)
    if stated_at is not None:
        move.at = stated_at
        move.save(update_fields=["at"])
    vehicle.arrived_at = stated_at or timezone.now()
    vehicle.arrived_by = None if stated_at is not None else by
    vehicle.save(update_fields=["arrived_at", "arrived_by", "updated_at"])


@transaction.atomic
def vehicle_allocate(*, vehicle: Vehicle, order, by: User) -> Vehicle:
    """FU-O / STK-OUT: tie a stock car to an open order of the same store with
    the same model (the order's customer will receive this VIN)."""
    vehicle = vehicle_lock(vehicle)
    require(by, "allocate", vehicle.store)
    if order.store_id != vehicle.store_id:
        raise DomainError("ORDER_OTHER_STORE", _("The order belongs to another store."))
    # Locked, so a cancellation at the same moment (sales.order_cancel, which
    # refuses while a car is allocated) cannot slip between check and write.
    order = type(order).objects.select_for_update().get(pk=order.pk)
    if order.status != OrderStatus.ORDERED:
        raise ConflictError("ORDER_NOT_OPEN", _("Only an open order can receive a car."))
    if Vehicle.objects.filter(order=order).exclude(pk=vehicle.pk).exists():
        raise ConflictError("ORDER_HAS_VEHICLE", _("This order already has a car."))
    if order.model_name.strip() != vehicle.model_name:
        raise DomainError(
            "MODEL_MISMATCH",
            _("The order is for %(order)s, this car is a %(car)s.")
            % {"order": order.model_name, "car": vehicle.model_name},
        )
    vehicle.order = order
    vehicle.save(update_fields=["order"])
    vehicle_transition(vehicle=vehicle, action=Action.ALLOCATE, by=by, form_number=order.number)
    return vehicle


@transaction.atomic
def vehicle_deallocate(*, vehicle: Vehicle, by: User) -> Vehicle:
    """Release an allocation (e.g. the order was cancelled) back to stock."""
    vehicle = vehicle_lock(vehicle)
    require(by, "allocate", vehicle.store)
    vehicle_transition(vehicle=vehicle, action=Action.DEALLOCATE, by=by)
    vehicle.order = None
    vehicle.save(update_fields=["order"])
    return vehicle


@transaction.atomic
def vehicle_repair_done(*, vehicle: Vehicle, by: User) -> Vehicle:
    """STK-MOVE-1 / STK-IN-1: a stock car back from the workshop. A car with
    an order goes through the pre-delivery PDI again instead (STK-OUT-2)."""
    vehicle = vehicle_lock(vehicle)
    require(by, "pdi", vehicle.store)
    if vehicle.order_id:
        raise ConflictError(
            "PDI_REQUIRED", _("This car is sold: record the pre-delivery PDI again.")
        )
    vehicle_transition(vehicle=vehicle, action=Action.REPAIR_DONE, by=by)
    return vehicle


@transaction.atomic
def vehicle_sold_area_set(
    *,
    vehicle: Vehicle,
    warehouse: Warehouse,
    bay: str,
    sold_sign: bool,
    locked: bool,
    cleaned: bool,
    by: User,
) -> Vehicle:
    """STK-SOLD-AREA: a car awaiting delivery stands in the delivery area with
    a “sold” sign, locked and clean."""
    vehicle = vehicle_lock(vehicle)
    require(by, "sold_area", vehicle.store)
    warehouse_check(warehouse=warehouse, store=vehicle.store)
    if warehouse.kind != WarehouseKind.DELIVERY:
        raise DomainError(
            "NOT_DELIVERY_AREA",
            _("Sold cars wait in a delivery area, not in “%(name)s”.") % {"name": warehouse.name},
            field="warehouse",
        )
    if vehicle.warehouse_id != warehouse.pk or vehicle.bay != bay:
        vehicle_transition(
            vehicle=vehicle, action=Action.STAGE, by=by, to_warehouse=warehouse, bay=bay
        )
    vehicle.sold_sign, vehicle.locked, vehicle.cleaned = sold_sign, locked, cleaned
    vehicle.save(update_fields=["sold_sign", "locked", "cleaned", "updated_at"])
    return vehicle
