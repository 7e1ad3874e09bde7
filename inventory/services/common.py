"""Shared pieces of the stock services: role and store checks, form numbers,
row locks and the one function that changes a vehicle's state."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dealership.errors import ConflictError, DomainError
from dealership.models import Store, User
from dealership.services import require_store
from dealership.timeutil import store_today
from inventory.models import FormCounter, KeyLog, Movement, Vehicle, Warehouse
from inventory.rules import ACTION_ROLES, RoleRequired, VehicleState, transition_target


def require_role(user: User, action: str) -> None:
    """Refuse unless the person holds a role that ACTION_ROLES names for the
    action (the rule IDs there say why)."""
    if not user.has_role(*ACTION_ROLES[action]):
        raise RoleRequired("ROLE_REQUIRED", _("Your role does not allow this action."))


def require(user: User, action: str, store: Store) -> None:
    """The role of the action, held in the store (a clerk's role stood in
    for counts in its own store only), and the store one of the person's."""
    if not user.has_role_in(store, *ACTION_ROLES[action]):
        raise RoleRequired("ROLE_REQUIRED", _("Your role does not allow this action."))
    require_store(user, store)


def form_number_next(*, store: Store, kind: str) -> str:
    """The next number of a kind of paper form in a store's year, e.g.
    RK-YJ-2026-00001. The counter row is locked, so numbers never repeat."""
    year = store_today(store).year
    FormCounter.objects.get_or_create(store=store, kind=kind, year=year)
    counter = FormCounter.objects.select_for_update().get(store=store, kind=kind, year=year)
    counter.last += 1
    counter.save(update_fields=["last"])
    return f"{kind}-{store.code.upper()}-{year}-{counter.last:05d}"


def vehicle_lock(vehicle: Vehicle | int) -> Vehicle:
    """Lock the vehicle's row for the rest of the transaction, so that two
    clerks acting on the same car at once are served one after the other and
    the second sees the first one's result (section 4, concurrency)."""
    pk = vehicle if isinstance(vehicle, int) else vehicle.pk
    return Vehicle.objects.select_for_update(of=("self",)).select_related("store").get(pk=pk)


# FU-O: the ordered car's states the customer is kept informed of.
ORDER_EVENTS = {
    VehicleState.ALLOCATED: "allocated",
    VehicleState.IN_TRANSIT: "in_transit",
    VehicleState.IN_STOCK: "arrived",
    VehicleState.PDI_PASSED: "pdi_passed",
}


def _tell_the_customer(*, vehicle: Vehicle, target: str) -> None:
    """FU-O: a follow-up for the consultant whenever an ordered car moves on."""
    event = ORDER_EVENTS.get(target)
    if event and vehicle.order_id:
        from followups.services import followups_on_order_event

        followups_on_order_event(order=vehicle.order, event=event, at=timezone.now())


@transaction.atomic
def vehicle_transition(
    *,
    vehicle: Vehicle,
    action: str,
    by: User,
    form_number: str = "",
    to_warehouse: Warehouse | None = None,
    bay: str | None = None,
) -> Movement:
    """Section 4: move a (locked) vehicle along the transition table and record
    the movement. ILLEGAL_TRANSITION names both states; nothing is written."""
    from_state = vehicle.state
    target = transition_target(action, from_state)
    from_warehouse = vehicle.warehouse
    fields = ["state", "updated_at"]
    vehicle.state = target
    if to_warehouse is not None:
        vehicle.warehouse = to_warehouse
        fields.append("warehouse")
    if bay is not None:
        vehicle.bay = bay
        fields.append("bay")
    vehicle.save(update_fields=fields)
    _tell_the_customer(vehicle=vehicle, target=target)
    return Movement.objects.create(
        store=vehicle.store,
        vehicle=vehicle,
        action=action,
        from_state=from_state,
        to_state=target,
        from_warehouse=from_warehouse,
        to_warehouse=vehicle.warehouse,
        form_number=form_number,
        by=by,
        at=timezone.now(),
    )


def conflict(code: str, message: str, field: str | None = None) -> ConflictError:
    return ConflictError(code, message, field=field)


def warehouse_check(*, warehouse: Warehouse, store: Store) -> None:
    if warehouse.store_id != store.pk:
        raise DomainError(
            "WAREHOUSE_OTHER_STORE",
            _("This warehouse belongs to another store."),
            field="warehouse",
        )


def keys_leave_with_car(*, vehicle: Vehicle, purpose: str, form_number: str, by: User) -> int:
    """KEY-2 at the car's exit (STK-OUT-4 delivery, STK-DISPATCH): a key still
    out for another purpose (shown, moved, in the workshop) must come back
    first; keys issued for this hand-over leave with the car, their issue
    closed by the form that let it go. Returns how many issues it closed."""
    out = KeyLog.objects.filter(vehicle=vehicle, returned_at__isnull=True)
    other = out.exclude(purpose=purpose).select_related("key", "issued_to").first()
    if other is not None:
        raise ConflictError(
            "KEY_NOT_RETURNED",
            _(
                "Key %(key)s of this car is still out (%(purpose)s, with %(holder)s); "
                "take it back first."
            )
            % {
                "key": other.key.number,
                "purpose": other.get_purpose_display(),
                "holder": other.issued_to.display_name,
            },
        )
    return out.update(returned_at=timezone.now(), returned_to=by, left_with_form=form_number)
