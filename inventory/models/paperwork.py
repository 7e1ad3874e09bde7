"""The numbered paper forms of inbound, outbound, transfer and dispatch
(STK-IN-*, STK-OUT-*, STK-MOVE-*, STK-DISPATCH, KEY-4) and the PDI checklist."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from dealership.models import Store, StoreScopedQuerySet
from inventory.models.stock import Vehicle, Warehouse
from inventory.rules import PdiKind, TransferStatus

User = settings.AUTH_USER_MODEL
MONEY = {"max_digits": 12, "decimal_places": 2}


class NumberedForm(models.Model):
    """A paper form with its store's running number (e.g. RK-YJ-2026-00001)."""

    store = models.ForeignKey(Store, on_delete=models.PROTECT, verbose_name=_("store"))
    number = models.CharField(_("form number"), max_length=40, unique=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = StoreScopedQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.number


class PdiChecklistItem(models.Model):
    """STK-IN-1: an item of the PDI inspection form (admin-editable data)."""

    code = models.SlugField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("item"), max_length=200)
    name_en = models.CharField(_("item (English)"), max_length=200, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        verbose_name = _("PDI checklist item")
        verbose_name_plural = _("PDI checklist items")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.name


class PdiInspection(models.Model):
    """STK-IN-1 / STK-OUT-2 / STK-MOVE-1: one inspection of one car, the
    inspector, every problem marked; the in/out clerk verifies it."""

    store = models.ForeignKey(Store, on_delete=models.PROTECT, verbose_name=_("store"))
    vehicle = models.ForeignKey(
        Vehicle, on_delete=models.PROTECT, related_name="inspections", verbose_name=_("vehicle")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=PdiKind.choices)
    inspector = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="+", verbose_name=_("inspector")
    )
    inspected_at = models.DateTimeField(_("inspected at"))
    odometer_km = models.PositiveIntegerField(_("odometer (km)"), null=True, blank=True)
    passed = models.BooleanField(_("passed"))
    verified_by = models.ForeignKey(
        User,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("verified by"),
    )
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True)

    objects = StoreScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("PDI inspection")
        verbose_name_plural = _("PDI inspections")
        ordering = ["-inspected_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.vehicle.vin}"


class PdiResult(models.Model):
    inspection = models.ForeignKey(
        PdiInspection,
        on_delete=models.CASCADE,
        related_name="results",
        verbose_name=_("PDI inspection"),
    )
    item = models.ForeignKey(PdiChecklistItem, on_delete=models.PROTECT, verbose_name=_("item"))
    ok = models.BooleanField(_("OK"))
    problem = models.CharField(_("problem found"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("PDI result")
        verbose_name_plural = _("PDI results")
        ordering = ["item__position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["inspection", "item"], name="pdi_result_once")
        ]

    def __str__(self) -> str:
        return f"{self.item} {'OK' if self.ok else self.problem}"


class InboundForm(NumberedForm):
    """STK-IN-2: the vehicle inbound form (《车辆入库单》), signed by the clerk."""

    vehicle = models.OneToOneField(
        Vehicle, on_delete=models.PROTECT, related_name="inbound_form", verbose_name=_("vehicle")
    )
    inspection = models.ForeignKey(
        PdiInspection, on_delete=models.PROTECT, related_name="+", verbose_name=_("PDI inspection")
    )
    warehouse = models.ForeignKey(
        Warehouse, on_delete=models.PROTECT, related_name="+", verbose_name=_("warehouse")
    )
    bay = models.CharField(_("parking bay"), max_length=20, blank=True)
    odometer_km = models.PositiveIntegerField(_("odometer (km)"), null=True, blank=True)
    received_by = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="+", verbose_name=_("received by")
    )
    received_at = models.DateTimeField(_("received at"))

    class Meta(NumberedForm.Meta):
        verbose_name = _("inbound form")
        verbose_name_plural = _("inbound forms")


class PaymentConfirmation(NumberedForm):
    """STK-OUT-1 / KEY-4: finance's full-payment confirmation (全款确认单) for
    one order and one vehicle; kept on file."""

    vehicle = models.ForeignKey(
        Vehicle, on_delete=models.PROTECT, related_name="payments", verbose_name=_("vehicle")
    )
    order = models.ForeignKey(
        "sales.Order", on_delete=models.PROTECT, related_name="+", verbose_name=_("order")
    )
    amount = models.DecimalField(_("amount paid (yuan)"), **MONEY)
    confirmed_by = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="+", verbose_name=_("finance")
    )
    confirmed_at = models.DateTimeField(_("confirmed at"))

    class Meta(NumberedForm.Meta):
        verbose_name = _("full-payment confirmation")
        verbose_name_plural = _("full-payment confirmations")
        constraints = [
            models.UniqueConstraint(fields=["vehicle", "order"], name="payment_once_per_sale"),
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="payment_positive"),
        ]


class DeliveryConfirmation(NumberedForm):
    """STK-OUT-3: the customer delivery confirmation (《客户交车确认单》)."""

    vehicle = models.ForeignKey(
        Vehicle, on_delete=models.PROTECT, related_name="+", verbose_name=_("vehicle")
    )
    order = models.ForeignKey(
        "sales.Order", on_delete=models.PROTECT, related_name="+", verbose_name=_("order")
    )
    customer_signature = models.CharField(_("signed by the customer"), max_length=50)
    consultant = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="+", verbose_name=_("consultant")
    )
    signed_at = models.DateTimeField(_("signed at"))

    class Meta(NumberedForm.Meta):
        verbose_name = _("customer delivery confirmation")
        verbose_name_plural = _("customer delivery confirmations")
        constraints = [
            models.UniqueConstraint(fields=["vehicle", "order"], name="delivery_conf_once")
        ]


class ReleaseSlip(NumberedForm):
    """STK-OUT-4: finance's release slip (放行条), against the payment."""

    vehicle = models.ForeignKey(
        Vehicle, on_delete=models.PROTECT, related_name="+", verbose_name=_("vehicle")
    )
    payment = models.OneToOneField(
        PaymentConfirmation,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("full-payment confirmation"),
    )
    issued_by = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="+", verbose_name=_("issued by")
    )
    issued_at = models.DateTimeField(_("issued at"))

    class Meta(NumberedForm.Meta):
        verbose_name = _("release slip")
        verbose_name_plural = _("release slips")


class GatePass(NumberedForm):
    """KEY-4: the gate pass (出门条), only against the payment confirmation."""

    vehicle = models.ForeignKey(
        Vehicle, on_delete=models.PROTECT, related_name="+", verbose_name=_("vehicle")
    )
    payment = models.OneToOneField(
        PaymentConfirmation,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("full-payment confirmation"),
    )
    issued_by = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="+", verbose_name=_("issued by")
    )
    issued_at = models.DateTimeField(_("issued at"))

    class Meta(NumberedForm.Meta):
        verbose_name = _("gate pass")
        verbose_name_plural = _("gate passes")


class OutboundForm(NumberedForm):
    """STK-OUT-4/5: the vehicle outbound form (《车辆出库单》)."""

    vehicle = models.OneToOneField(
        Vehicle, on_delete=models.PROTECT, related_name="outbound_form", verbose_name=_("vehicle")
    )
    order = models.ForeignKey(
        "sales.Order", on_delete=models.PROTECT, related_name="+", verbose_name=_("order")
    )
    payment = models.ForeignKey(
        PaymentConfirmation,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("full-payment confirmation"),
    )
    release_slip = models.ForeignKey(
        ReleaseSlip, on_delete=models.PROTECT, related_name="+", verbose_name=_("release slip")
    )
    delivery_confirmation = models.ForeignKey(
        DeliveryConfirmation,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("customer delivery confirmation"),
    )
    handed_over = models.JSONField(_("keys and documents handed over"), default=list)
    released_by = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="+", verbose_name=_("released by")
    )
    released_at = models.DateTimeField(_("released at"))

    class Meta(NumberedForm.Meta):
        verbose_name = _("outbound form")
        verbose_name_plural = _("outbound forms")


_OPEN_TRANSFER = [TransferStatus.REQUESTED, TransferStatus.APPROVED, TransferStatus.MOVING]


class Transfer(NumberedForm):
    """STK-MOVE-1..3: the transfer registration (《车辆移库登记》): routine check
    and cleaning, the sales manager's signature before the move."""

    vehicle = models.ForeignKey(
        Vehicle, on_delete=models.PROTECT, related_name="transfers", verbose_name=_("vehicle")
    )
    from_warehouse = models.ForeignKey(
        Warehouse, on_delete=models.PROTECT, related_name="+", verbose_name=_("from warehouse")
    )
    to_warehouse = models.ForeignKey(
        Warehouse, on_delete=models.PROTECT, related_name="+", verbose_name=_("to warehouse")
    )
    to_bay = models.CharField(_("parking bay"), max_length=20, blank=True)
    check_ok = models.BooleanField(_("routine check passed"))
    cleaned = models.BooleanField(_("cleaned"))
    check_note = models.CharField(_("check note"), max_length=200, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=TransferStatus.choices)
    requested_by = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="+", verbose_name=_("requested by")
    )
    approved_by = models.ForeignKey(
        User,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("approved by"),
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    moved_by = models.ForeignKey(
        User,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("moved by"),
    )
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)

    class Meta(NumberedForm.Meta):
        verbose_name = _("transfer")
        verbose_name_plural = _("transfers")
        constraints = [
            models.UniqueConstraint(
                fields=["vehicle"],
                condition=models.Q(status__in=_OPEN_TRANSFER),
                name="one_open_transfer_per_vehicle",
            )
        ]


class Dispatch(NumberedForm):
    """STK-DISPATCH: a dispatch order (调拨单) to another dealer, signed by the
    responsible person and the manager before the keys are issued."""

    vehicle = models.ForeignKey(
        Vehicle, on_delete=models.PROTECT, related_name="dispatches", verbose_name=_("vehicle")
    )
    to_dealer = models.CharField(_("to dealer"), max_length=100)
    reason = models.CharField(_("reason"), max_length=200, blank=True)
    requested_by = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="+", verbose_name=_("requested by")
    )
    responsible_signed_by = models.ForeignKey(
        User,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("signed by the responsible person"),
    )
    responsible_signed_at = models.DateTimeField(
        _("responsible person signed at"), null=True, blank=True
    )
    manager_signed_by = models.ForeignKey(
        User,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("signed by the manager"),
    )
    manager_signed_at = models.DateTimeField(_("manager signed at"), null=True, blank=True)
    released_by = models.ForeignKey(
        User,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("released by"),
    )
    released_at = models.DateTimeField(_("released at"), null=True, blank=True)

    class Meta(NumberedForm.Meta):
        verbose_name = _("dispatch order")
        verbose_name_plural = _("dispatch orders")

    @property
    def fully_signed(self) -> bool:
        return bool(self.responsible_signed_by_id and self.manager_signed_by_id)
