"""Warehouses, vehicles by VIN, their keys and documents, and the movement
record of every state change (section 4, STK-*, KEY-1)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from dealership.models import Store, StoreScopedQuerySet
from inventory.rules import (
    Action,
    Custody,
    DocumentKind,
    FormKind,
    VehicleState,
    WarehouseKind,
)

User = settings.AUTH_USER_MODEL


class Warehouse(models.Model):
    """A place a store keeps cars (仓库); transfers move cars between them (STK-MOVE)."""

    store = models.ForeignKey(
        Store, on_delete=models.PROTECT, related_name="warehouses", verbose_name=_("store")
    )
    code = models.SlugField(_("code"), max_length=20)
    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=20, choices=WarehouseKind.choices)
    address = models.CharField(_("address"), max_length=200, blank=True)
    capacity = models.PositiveIntegerField(_("parking bays"), null=True, blank=True)

    objects = StoreScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("warehouse")
        verbose_name_plural = _("warehouses")
        ordering = ["store", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["store", "code"], name="warehouse_code_unique_per_store"
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.store.code})"


# States in which a vehicle must be tied to an order.
_ORDER_STATES = [VehicleState.ALLOCATED, VehicleState.PDI_PASSED, VehicleState.DELIVERED]


class Vehicle(models.Model):
    """A car by its VIN. `state` changes only through the transition table
    (rules.TRANSITIONS) and every change writes a Movement. A database trigger
    refuses 'delivered' without a full-payment confirmation (STK-OUT-1)."""

    store = models.ForeignKey(Store, on_delete=models.PROTECT, verbose_name=_("store"))
    vin = models.CharField(_("VIN"), max_length=17, unique=True)
    model_name = models.CharField(_("model"), max_length=50)
    colour = models.CharField(_("colour"), max_length=30)
    engine_number = models.CharField(_("engine number"), max_length=30, blank=True)
    production_date = models.DateField(_("production date"), null=True, blank=True)
    arrival_date = models.DateField(_("arrival date"), null=True, blank=True)
    # STK-IN-1: when the car was unloaded at the store; the inbound PDI is due
    # within the store's hours from then (a missed deadline is −1 for arrived_by).
    arrived_at = models.DateTimeField(_("unloaded at"), null=True, blank=True)
    arrived_by = models.ForeignKey(
        User,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("received at the gate by"),
    )
    warehouse = models.ForeignKey(
        Warehouse,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="vehicles",
        verbose_name=_("warehouse"),
    )
    bay = models.CharField(_("parking bay"), max_length=20, blank=True)
    state = models.CharField(
        _("state"), max_length=20, choices=VehicleState.choices, default=VehicleState.IN_TRANSIT
    )
    order = models.OneToOneField(
        "sales.Order",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="vehicle",
        verbose_name=_("order"),
    )
    # STK-SOLD-AREA: a car awaiting delivery: sold sign, locked, clean.
    sold_sign = models.BooleanField(_("“sold” sign on"), default=False)
    locked = models.BooleanField(_("locked"), default=False)
    cleaned = models.BooleanField(_("clean"), default=False)
    created_at = models.DateTimeField(_("registered at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = StoreScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("vehicle")
        verbose_name_plural = _("vehicles")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["store", "state"]),
            models.Index(fields=["store", "model_name", "colour"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(state__in=_ORDER_STATES) | models.Q(order__isnull=False),
                name="vehicle_order_when_allocated",
            )
        ]

    def __str__(self) -> str:
        return f"{self.vin} {self.model_name} {self.colour}"

    @property
    def in_sold_area(self) -> bool:
        """STK-SOLD-AREA: in the delivery area with sign on, locked and clean."""
        in_area = self.warehouse is not None and self.warehouse.kind == WarehouseKind.DELIVERY
        return in_area and self.sold_sign and self.locked and self.cleaned


class VehicleDocument(models.Model):
    """STK-IN-3: a document of the car (合格证, 保修卡, 使用说明书) and its custody."""

    vehicle = models.ForeignKey(
        Vehicle, on_delete=models.CASCADE, related_name="documents", verbose_name=_("vehicle")
    )
    kind = models.CharField(_("document"), max_length=20, choices=DocumentKind.choices)
    number = models.CharField(_("number"), max_length=50, blank=True)
    custody = models.CharField(
        _("custody"), max_length=20, choices=Custody.choices, default=Custody.EXPECTED
    )
    location = models.CharField(_("filed at"), max_length=50, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("vehicle document")
        verbose_name_plural = _("vehicle documents")
        ordering = ["vehicle", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["vehicle", "kind"], name="vehicle_document_once")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.vehicle.vin}"


class VehicleKey(models.Model):
    """KEY-1: a numbered key or spare key, kept by model and parking location."""

    store = models.ForeignKey(Store, on_delete=models.PROTECT, verbose_name=_("store"))
    vehicle = models.ForeignKey(
        Vehicle, on_delete=models.CASCADE, related_name="keys", verbose_name=_("vehicle")
    )
    number = models.CharField(_("key number"), max_length=20)
    is_spare = models.BooleanField(_("spare key"), default=False)
    cabinet_slot = models.CharField(_("key cabinet slot"), max_length=20, blank=True)
    custody = models.CharField(
        _("custody"), max_length=20, choices=Custody.choices, default=Custody.IN_CUSTODY
    )

    objects = StoreScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("key")
        verbose_name_plural = _("keys")
        ordering = ["store", "number"]
        constraints = [
            models.UniqueConstraint(fields=["store", "number"], name="key_number_per_store")
        ]

    def __str__(self) -> str:
        label = _("spare key") if self.is_spare else _("key")
        return f"{label} {self.number}"


class Movement(models.Model):
    """Section 4: one row per state change — who, when, from/to state and
    warehouse, and the number of the form that justified it."""

    store = models.ForeignKey(Store, on_delete=models.PROTECT, verbose_name=_("store"))
    vehicle = models.ForeignKey(
        Vehicle, on_delete=models.PROTECT, related_name="movements", verbose_name=_("vehicle")
    )
    action = models.CharField(_("action"), max_length=20, choices=Action.choices)
    from_state = models.CharField(
        _("from state"), max_length=20, choices=VehicleState.choices, blank=True
    )
    to_state = models.CharField(_("to state"), max_length=20, choices=VehicleState.choices)
    from_warehouse = models.ForeignKey(
        Warehouse,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("from warehouse"),
    )
    to_warehouse = models.ForeignKey(
        Warehouse,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("to warehouse"),
    )
    form_number = models.CharField(_("form number"), max_length=40, blank=True)
    by = models.ForeignKey(User, on_delete=models.PROTECT, verbose_name=_("by"))
    at = models.DateTimeField(_("at"))

    objects = StoreScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("movement")
        verbose_name_plural = _("movements")
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["store", "action", "at"])]

    def __str__(self) -> str:
        return f"{self.vehicle.vin} {self.from_state}→{self.to_state}"


class FormCounter(models.Model):
    """The running number of each kind of paper form per store and year."""

    store = models.ForeignKey(Store, on_delete=models.CASCADE, verbose_name=_("store"))
    kind = models.CharField(_("kind of form"), max_length=4, choices=FormKind.choices)
    year = models.PositiveSmallIntegerField(_("year"))
    last = models.PositiveIntegerField(_("last number"), default=0)

    class Meta:
        verbose_name = _("form counter")
        verbose_name_plural = _("form counters")
        constraints = [
            models.UniqueConstraint(fields=["store", "kind", "year"], name="form_counter_once")
        ]

    def __str__(self) -> str:
        return f"{self.kind}-{self.year}: {self.last}"
