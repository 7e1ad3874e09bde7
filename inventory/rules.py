"""Vehicle stock rules (RULES.md section 4: STK, KEY, MNT): states and the
transition table, the kinds of forms, keys and care tasks, the defaults of the
admin-editable numbers, who may do what, and the VIN check (ISO 3779)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from dealership.errors import ConflictError, DomainError, ForbiddenError
from dealership.rules import Role


class WarehouseKind(models.TextChoices):
    """Where a store keeps cars: its main stock yard, an off-site yard, the
    showroom floor, and the delivery area for sold cars (STK-SOLD-AREA)."""

    MAIN = "main", _("Main stock yard")
    OFFSITE = "offsite", _("Off-site yard")
    SHOWROOM = "showroom", _("Showroom")
    DELIVERY = "delivery", _("Delivery area")


class VehicleState(models.TextChoices):
    """Section 4: where a vehicle is in its life at the store."""

    IN_TRANSIT = "in_transit", _("In transit")
    IN_STOCK = "in_stock", _("In stock")
    ALLOCATED = "allocated", _("Allocated to an order")
    PDI_PASSED = "pdi_passed", _("PDI passed")
    DELIVERED = "delivered", _("Delivered")
    IN_REPAIR = "in_repair", _("In repair")
    IN_TRANSFER = "in_transfer", _("Being transferred")
    DISPATCHED = "dispatched", _("Dispatched to another dealer")


class Action(models.TextChoices):
    """What a movement record says happened (one per state change)."""

    REGISTER = "register", _("Registered (in transit)")
    ARRIVE = "arrive", _("Arrived at the store (unloaded)")
    RECEIVE = "receive", _("Inbound")
    ALLOCATE = "allocate", _("Allocated to an order")
    DEALLOCATE = "deallocate", _("Allocation released")
    PDI_PASS = "pdi_pass", _("Pre-delivery PDI passed")
    PDI_FAIL = "pdi_fail", _("Check failed, to the workshop")
    REPAIR_DONE = "repair_done", _("Repair done")
    STAGE = "stage", _("Moved to the delivery area")
    DELIVER = "deliver", _("Outbound (delivered)")
    TRANSFER_START = "transfer_start", _("Transfer started")
    TRANSFER_COMPLETE = "transfer_complete", _("Transfer completed")
    DISPATCH = "dispatch", _("Dispatched to another dealer")


S = VehicleState
# Section 4: the declarative transition table, action -> (allowed from, to).
# Nothing else changes Vehicle.state (services.vehicles.vehicle_transition).
TRANSITIONS: dict[str, tuple[frozenset[str], str]] = {
    Action.ARRIVE: (frozenset({S.IN_TRANSIT}), S.IN_TRANSIT),  # STK-IN-1: PDI clock starts
    Action.RECEIVE: (frozenset({S.IN_TRANSIT}), S.IN_STOCK),  # STK-IN-2
    Action.ALLOCATE: (frozenset({S.IN_STOCK}), S.ALLOCATED),
    Action.DEALLOCATE: (frozenset({S.ALLOCATED}), S.IN_STOCK),
    Action.PDI_PASS: (frozenset({S.ALLOCATED, S.IN_REPAIR}), S.PDI_PASSED),  # STK-OUT-2
    Action.PDI_FAIL: (frozenset({S.IN_STOCK, S.ALLOCATED, S.IN_REPAIR}), S.IN_REPAIR),
    Action.REPAIR_DONE: (frozenset({S.IN_REPAIR}), S.IN_STOCK),
    Action.STAGE: (frozenset({S.PDI_PASSED}), S.PDI_PASSED),  # STK-SOLD-AREA
    Action.DELIVER: (frozenset({S.PDI_PASSED}), S.DELIVERED),  # STK-OUT-4
    Action.TRANSFER_START: (frozenset({S.IN_STOCK}), S.IN_TRANSFER),  # STK-MOVE-2
    Action.TRANSFER_COMPLETE: (frozenset({S.IN_TRANSFER}), S.IN_STOCK),  # STK-MOVE-3
    Action.DISPATCH: (frozenset({S.IN_STOCK}), S.DISPATCHED),  # STK-DISPATCH
}

# Cars physically at the store (stock care MNT-*, on-hand counts).
ON_HAND_STATES = frozenset({S.IN_STOCK, S.ALLOCATED, S.PDI_PASSED, S.IN_REPAIR, S.IN_TRANSFER})
# Movements that take a car out of the stock ledger (进销存 "sold").
OUT_ACTIONS = frozenset({Action.DELIVER, Action.DISPATCH})


def transition_target(action: str, state: str) -> str:
    """The state an action leads to from `state`; ILLEGAL_TRANSITION otherwise."""
    allowed, target = TRANSITIONS[action]
    if state not in allowed:
        raise ConflictError(
            "ILLEGAL_TRANSITION",
            gettext("A vehicle cannot go from “%(from)s” to “%(to)s”.")
            % {"from": VehicleState(state).label, "to": VehicleState(target).label},
            field="state",
        )
    return target


def period_start(period: str, day: date) -> date:
    """MNT-*: the first day of the care period containing `day` (weeks start on
    Monday, half months on the 1st and the 16th)."""
    if period == CarePeriod.WEEK:
        return day - timedelta(days=day.weekday())
    if period == CarePeriod.HALF_MONTH:
        return day.replace(day=1 if day.day < 16 else 16)
    return day.replace(day=1)


def period_due(period: str, start: date) -> date:
    """MNT-*: the last day of the period starting at `start`."""
    if period == CarePeriod.WEEK:
        return start + timedelta(days=6)
    next_month = (start.replace(day=28) + timedelta(days=4)).replace(day=1)
    if period == CarePeriod.HALF_MONTH and start.day == 1:
        return start.replace(day=15)
    return next_month - timedelta(days=1)


def actions_allowed(state: str) -> list[str]:
    return [action for action, (allowed, _t) in TRANSITIONS.items() if state in allowed]


# Scan page: the next steps shown for a car in each state (one or two).
SCAN_ACTIONS: dict[str, tuple[str, ...]] = {
    S.IN_TRANSIT: ("arrive", "pdi_inbound", "receive"),  # at most two apply at once
    S.IN_STOCK: ("key_issue", "transfer"),
    S.ALLOCATED: ("pdi_predelivery",),
    S.PDI_PASSED: ("release", "sold_area"),
    S.IN_REPAIR: ("pdi_predelivery", "repair_done"),
    S.IN_TRANSFER: ("transfer_complete",),
}


class DocumentKind(models.TextChoices):
    """STK-IN-3: the papers that travel with a car."""

    COC = "coc", _("Certificate of conformity (合格证)")
    WARRANTY = "warranty", _("Warranty card (保修卡)")
    MANUAL = "manual", _("Owner's manual (使用说明书)")


class Custody(models.TextChoices):
    """STK-IN-3 / STK-OUT-4: where a key or a document is."""

    EXPECTED = "expected", _("Not received yet")
    IN_CUSTODY = "in_custody", _("In custody")
    ISSUED = "issued", _("Issued to staff")
    HANDED_OVER = "handed_over", _("Handed over")


class PdiKind(models.TextChoices):
    INBOUND = "inbound", _("Inbound PDI (PDI检验单)")
    PREDELIVERY = "predelivery", _("Pre-delivery inspection (新车交付前检验表)")
    TRANSFER = "transfer", _("Routine check before a transfer")


def pdi_needs_arrival_time(*, kind: str, state: str, arrived_at) -> bool:
    """STK-IN-1: an inbound PDI of a car in transit whose unloading nobody
    recorded must say when the car arrived (the PDI is due counted from it)."""
    return kind == PdiKind.INBOUND and state == VehicleState.IN_TRANSIT and arrived_at is None


class FormKind(models.TextChoices):
    """The numbered paper forms; the prefix starts their numbers."""

    INBOUND = "RK", _("Vehicle inbound form (车辆入库单)")
    OUTBOUND = "CK", _("Vehicle outbound form (车辆出库单)")
    PAYMENT = "QK", _("Full-payment confirmation (全款确认单)")
    RELEASE = "FX", _("Release slip (放行条)")
    GATE_PASS = "CM", _("Gate pass (出门条)")
    DELIVERY = "JC", _("Customer delivery confirmation (客户交车确认单)")
    TRANSFER = "YK", _("Vehicle transfer registration (车辆移库登记)")
    DISPATCH = "DB", _("Dispatch order (调拨单)")
    SELECTION = "XC", _("Car-selection request (选车申请单)")


class ApprovalStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for approval")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")


class TransferStatus(models.TextChoices):
    REQUESTED = "requested", _("Waiting for the manager")
    CHECK_FAILED = "check_failed", _("Check failed, sent to the workshop")
    APPROVED = "approved", _("Approved")
    MOVING = "moving", _("Moving")
    DONE = "done", _("Done")
    REJECTED = "rejected", _("Rejected")


class KeyPurpose(models.TextChoices):
    """KEY-2: why a key leaves the key cabinet."""

    MOVE = "move", _("Move the car")
    SHOW = "show", _("Show a customer (KEY-3)")
    CARE = "care", _("Storage care")
    REPAIR = "repair", _("Workshop")
    DELIVERY = "delivery", _("Delivery to the customer")
    DISPATCH = "dispatch", _("Dispatch to another dealer")


class CareKind(models.TextChoices):
    """MNT-*: the storage-care tasks."""

    WEEKLY_START = "weekly_start", _("Start and full check (MNT-WEEKLY-START)")
    DUST = "dust", _("Dust cleaning (MNT-DUST)")
    TYRE = "tyre", _("Tyre pressure (MNT-TYRE)")
    BATTERY = "battery", _("Battery (MNT-BATTERY)")
    # MNT-BATTERY [seed]: "对于需要长期存放的车辆必须拨去电瓶线"
    BATTERY_OFF = "battery_off", _("Long-stored: battery disconnected (MNT-BATTERY)")
    RUBBER = "rubber", _("Rubber parts and seals (MNT-RUBBER)")
    DASH = "dash", _("Dashboard sun damage (MNT-DASH)")
    MOVE = "move", _("Move and anti-rust (MNT-MOVE)")
    STORM_PROTECT = "storm_protect", _("Storm: inspect and protect (MNT-STORM)")
    STORM_WASH = "storm_wash", _("After the storm: wash (MNT-STORM)")


class CarePeriod(models.TextChoices):
    WEEK = "week", _("Weekly")
    HALF_MONTH = "half_month", _("Every half month")
    MONTH = "month", _("Monthly")


class Reading(models.TextChoices):
    """The readings a care rule may ask for (the admin's choices)."""

    TYRE_PRESSURE = "tyre_pressure", _("Tyre pressures (bar, four wheels)")
    BATTERY_VOLTAGE = "battery_voltage", _("Battery voltage (V)")


@dataclass(frozen=True)
class CareDefault:
    kind: str
    period: str
    min_days_in_stock: int = 0
    reading: str = ""  # "" none, else the reading the task requires


# MNT-*: the defaults loaded into CareRule by a data migration (admin-editable).
CARE_DEFAULTS = (
    CareDefault(CareKind.WEEKLY_START, CarePeriod.WEEK),
    CareDefault(CareKind.DUST, CarePeriod.WEEK),
    CareDefault(CareKind.TYRE, CarePeriod.HALF_MONTH, reading=Reading.TYRE_PRESSURE),
    CareDefault(CareKind.BATTERY, CarePeriod.HALF_MONTH, reading=Reading.BATTERY_VOLTAGE),
    CareDefault(CareKind.RUBBER, CarePeriod.MONTH),
    CareDefault(CareKind.DASH, CarePeriod.MONTH),
    CareDefault(CareKind.MOVE, CarePeriod.MONTH, min_days_in_stock=90),  # MNT-MOVE [config]
    # MNT-BATTERY: a car stored long has its battery disconnected; checked
    # monthly once it has been in stock as long as MNT-MOVE's "long" [config].
    CareDefault(CareKind.BATTERY_OFF, CarePeriod.MONTH, min_days_in_stock=90),
)
READING_CHOICES = Reading.choices
# The values each reading is typed as.
READINGS = {
    Reading.TYRE_PRESSURE: ("fl", "fr", "rl", "rr"),  # bar, four wheels
    Reading.BATTERY_VOLTAGE: ("volts",),
}


@dataclass(frozen=True)
class ReadingField:
    """MNT-TYRE / MNT-BATTERY: one reading as the clerk types it, and the
    range a real reading falls in (a flat tyre or battery reads 0; a tyre
    pressure typed in psi, e.g. 33, or a misplaced decimal is out of range)."""

    label: str
    unit: str
    low: Decimal
    high: Decimal


READING_FIELDS = {
    "fl": ReadingField(_("Front left"), "bar", Decimal("0"), Decimal("4.5")),
    "fr": ReadingField(_("Front right"), "bar", Decimal("0"), Decimal("4.5")),
    "rl": ReadingField(_("Rear left"), "bar", Decimal("0"), Decimal("4.5")),
    "rr": ReadingField(_("Rear right"), "bar", Decimal("0"), Decimal("4.5")),
    "volts": ReadingField(_("Battery voltage"), "V", Decimal("0"), Decimal("16")),
}

DEFAULT_KEY_RETURN_HOURS = 2  # KEY-2 [practice]: overdue key returns
DEFAULT_PDI_DUE_HOURS = 24  # STK-IN-1 [practice]: inbound PDI due after unloading
# STK-IN-1: the lateness check looks back this far (older arrivals were
# judged by earlier runs), so an unloading stated on the PDI form is no
# earlier than a day inside it (an older date is a typo).
PDI_LATENESS_LOOKBACK_DAYS = 31
ARRIVAL_STATED_MAX_DAYS = PDI_LATENESS_LOOKBACK_DAYS - 1
DEFAULT_SPOT_CHECKS_PER_MONTH = 5  # MNT-RANDOM [practice]: cars picked each month
SPOT_CHECK_HOURS = (9, 17)  # MNT-RANDOM: random times fall in these working hours
DEFAULT_NOT_STARTED_DAYS = 7  # MNT-WEEKLY-START
STOCK_DEPTH_WARNING = 1.5  # RULES.md 7: dealers' association warning line
STOCK_DEPTH_SALES_MONTHS = 3  # average monthly sales over the last N months
AGE_BANDS = ((0, 30), (31, 60), (61, 90), (91, None))  # stock age in days


def stock_depth_months(
    on_hand: int, sold: int, months: int = STOCK_DEPTH_SALES_MONTHS
) -> Decimal | None:
    """库存深度 (RULES.md 7) = stock ÷ average monthly retail sales, where the
    average is the deliveries of the last `months` months ÷ months; two
    decimals, half up. None when nothing was sold. The store's figure and each
    model's line of the order plan (RPT-ORDER-PLAN) both come from here."""
    if not sold:
        return None
    return (Decimal(on_hand) * months / sold).quantize(Decimal("0.01"), ROUND_HALF_UP)


def stock_depth_warning(*, depth: Decimal | None, on_hand: int) -> bool:
    """Above the warning line 1.5 (or stock with no sales at all): overstocked."""
    if depth is None:
        return on_hand > 0
    return depth > Decimal(str(STOCK_DEPTH_WARNING))


# STK-IN-1 [practice]: the default PDI checklist (admin-editable, data migration).
PDI_DEFAULT_ITEMS = (
    (
        "vin",
        "三个VIN码一致（风挡、门柱、发动机舱）",
        "The three VINs match (windscreen, door pillar, engine bay)",
    ),
    ("odometer", "里程表 ≤ 50 km", "Odometer ≤ 50 km"),
    ("production", "生产日期在3个月内", "Produced within the last 3 months"),
    ("paint", "漆面、钣金间隙（≤ 3 mm）、玻璃", "Paint, panel gaps (≤ 3 mm), glass"),
    ("tyres", "轮胎（含备胎）及胎压、轮毂螺母", "Tyres incl. spare and pressure, wheel nuts"),
    ("engine_bay", "发动机舱油液及蓄电池", "Engine bay fluids and battery"),
    (
        "interior",
        "内饰、密封条、装备、两把钥匙可用",
        "Interior trim, seals, equipment, both keys work",
    ),
    (
        "running",
        "发动机运转：灯光、电器、仪表、异响",
        "Engine running: lights, electrics, gauges, noises",
    ),
    ("lift", "举升：底盘、渗漏、制动、排气", "On the lift: underbody, leaks, brakes, exhaust"),
    ("road_test", "路试", "Road test"),
    (
        "tool_kit",
        "随车工具（三角警示牌、千斤顶、备胎/补胎工具）",
        "Tool kit (warning triangle, jack, spare/repair kit)",
    ),
)


class RoleRequired(ForbiddenError):
    """The person lacks the role the rule names (HTTP 403)."""


MANAGERS = frozenset({Role.SALES_MANAGER, Role.GM_OFFICE})
# Who may do what (the rule IDs say why). Checked by services.common.require_role.
ACTION_ROLES: dict[str, frozenset[str]] = {
    "register": frozenset({Role.WAREHOUSE_CLERK, Role.INFO_OFFICER}) | MANAGERS,
    "arrive": frozenset({Role.WAREHOUSE_CLERK}),  # STK-IN-1
    "pdi": frozenset({Role.WAREHOUSE_CLERK, Role.TECHNICIAN, Role.SALES_CONSULTANT}),
    "pdi_verify": frozenset({Role.WAREHOUSE_CLERK}),  # STK-IN-1
    "receive": frozenset({Role.WAREHOUSE_CLERK}),  # STK-IN-2
    "allocate": frozenset({Role.WAREHOUSE_CLERK, Role.SALES_MANAGER, Role.SALES_SUPERVISOR}),
    "payment_confirm": frozenset({Role.FINANCE}),  # STK-OUT-1
    "release_slip": frozenset({Role.FINANCE}),  # STK-OUT-4
    "delivery_confirm": frozenset({Role.SALES_CONSULTANT, Role.SALES_SUPERVISOR}),  # STK-OUT-3
    "release": frozenset({Role.WAREHOUSE_CLERK}),  # STK-OUT-4
    "gate_pass": frozenset({Role.WAREHOUSE_CLERK, Role.FINANCE}),  # KEY-4
    "transfer": frozenset({Role.WAREHOUSE_CLERK}),  # STK-MOVE-1
    "transfer_approve": MANAGERS,  # STK-MOVE-2
    "dispatch_manager": MANAGERS,  # STK-DISPATCH
    "keys": frozenset({Role.WAREHOUSE_CLERK}),  # KEY-2
    "selection_request": frozenset({Role.SALES_CONSULTANT}),  # KEY-3
    "selection_decide": MANAGERS,  # KEY-3
    "storm": MANAGERS,  # MNT-STORM
    "care": frozenset({Role.WAREHOUSE_CLERK, Role.TECHNICIAN}),
    "sold_area": frozenset({Role.WAREHOUSE_CLERK, Role.SALES_CONSULTANT}),
    "spot_check": frozenset({Role.WAREHOUSE_CLERK}),  # MNT-RANDOM
}


class VinError(DomainError):
    pass


_TRANSLIT = {
    **{str(d): d for d in range(10)},
    **dict(zip("ABCDEFGH", range(1, 9), strict=True)),
    **dict(zip("JKLMN", range(1, 6), strict=True)),
    "P": 7,
    "R": 9,
    **dict(zip("STUVWXYZ", range(2, 10), strict=True)),
}
_WEIGHTS = (8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2)


def vin_check_digit(vin: str) -> str:
    """ISO 3779 / GB 16735 check digit (position 9) of a 17-character VIN."""
    total = sum(_TRANSLIT[c] * w for c, w in zip(vin, _WEIGHTS, strict=True))
    rest = total % 11
    return "X" if rest == 10 else str(rest)


def vin_validate(raw: str) -> str:
    """Return the normalised VIN or raise VinError naming the problem."""
    vin = (raw or "").strip().upper()
    if len(vin) != 17:
        raise VinError(
            "VIN_LENGTH",
            gettext("A VIN has 17 characters; this one has %(n)d.") % {"n": len(vin)},
            field="vin",
        )
    forbidden = sorted({c for c in vin if c in "IOQ"})
    if forbidden:
        raise VinError(
            "VIN_FORBIDDEN_LETTER",
            gettext("A VIN never contains the letters I, O or Q (found: %(letters)s).")
            % {"letters": ", ".join(forbidden)},
            field="vin",
        )
    bad = sorted({c for c in vin if c not in _TRANSLIT})
    if bad:
        raise VinError(
            "VIN_CHARACTERS",
            gettext("A VIN has only digits and capital letters (found: %(chars)s).")
            % {"chars": " ".join(bad)},
            field="vin",
        )
    expected = vin_check_digit(vin)
    if vin[8] != expected:
        raise VinError(
            "VIN_CHECK_DIGIT",
            gettext("The check digit (9th character) should be %(expected)s but is %(found)s.")
            % {"expected": expected, "found": vin[8]},
            field="vin",
        )
    return vin


# ORG-2: the permissions each role's group carries for this app (merged by roles_sync).
_VIEW = {
    f"inventory.view_{m}"
    for m in (
        "warehouse",
        "vehicle",
        "movement",
        "vehiclekey",
        "vehicledocument",
        "keylog",
        "caretask",
        "dispatch",
        "stockspotcheck",
    )
}
ROLE_PERMISSIONS: dict[str, set[str]] = {
    Role.WAREHOUSE_CLERK: _VIEW
    | {
        "inventory.add_vehicle",
        "inventory.change_vehicle",
        "inventory.view_pdiinspection",
        "inventory.view_inboundform",
        "inventory.view_outboundform",
        "inventory.view_transfer",
        "inventory.change_caretask",
    },
    Role.FINANCE: _VIEW | {"inventory.view_paymentconfirmation", "inventory.view_releaseslip"},
    Role.SALES_MANAGER: _VIEW
    | {
        "inventory.view_transfer",
        "inventory.view_carselectionrequest",
        "inventory.view_stormalert",
        "inventory.view_pdichecklistitem",
        "inventory.change_pdichecklistitem",
        "inventory.add_pdichecklistitem",
        "inventory.view_carerule",
        "inventory.change_carerule",
        "inventory.view_stockpolicy",
        "inventory.change_stockpolicy",
    },
    Role.GM_OFFICE: _VIEW | {"inventory.view_transfer", "inventory.view_carselectionrequest"},
    Role.INFO_OFFICER: _VIEW,
    Role.SALES_CONSULTANT: {"inventory.view_vehicle", "inventory.view_carselectionrequest"},
    Role.TECHNICIAN: {"inventory.view_vehicle", "inventory.view_caretask"},
}
