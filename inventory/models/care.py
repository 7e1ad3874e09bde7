"""Storage care (MNT-*): admin-editable intervals, per-VIN tasks, storm
alerts; and each store's stock numbers [config]."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from dealership.models import Store, StoreScopedQuerySet
from inventory import rules
from inventory.models.stock import Vehicle
from inventory.rules import CareKind, CarePeriod

User = settings.AUTH_USER_MODEL


class StockPolicy(models.Model):
    """A store's stock numbers the regulation leaves open [config]."""

    store = models.OneToOneField(
        Store, on_delete=models.CASCADE, related_name="stock_policy", verbose_name=_("store")
    )
    key_return_hours = models.PositiveIntegerField(
        _("key overdue after (hours, KEY-2)"),
        default=rules.DEFAULT_KEY_RETURN_HOURS,
        validators=[MinValueValidator(1)],
    )
    not_started_days = models.PositiveIntegerField(
        _("not started alert after (days, MNT-WEEKLY-START)"),
        default=rules.DEFAULT_NOT_STARTED_DAYS,
        validators=[MinValueValidator(1)],
    )
    pdi_due_hours = models.PositiveIntegerField(
        _("inbound PDI due after unloading (hours, STK-IN-1)"),
        default=rules.DEFAULT_PDI_DUE_HOURS,
        validators=[MinValueValidator(1)],
    )
    spot_checks_per_month = models.PositiveIntegerField(
        _("random spot checks a month (MNT-RANDOM)"),
        default=rules.DEFAULT_SPOT_CHECKS_PER_MONTH,
        validators=[MinValueValidator(1)],
    )

    class Meta:
        verbose_name = _("stock policy")
        verbose_name_plural = _("stock policies")

    def __str__(self) -> str:
        return str(self.store)


class CareRule(models.Model):
    """MNT-*: how often a care task recurs (admin-editable data)."""

    kind = models.CharField(_("task"), max_length=20, choices=CareKind.choices, unique=True)
    period = models.CharField(_("every"), max_length=20, choices=CarePeriod.choices)
    min_days_in_stock = models.PositiveIntegerField(
        _("only for cars in stock at least (days)"),
        default=0,
        help_text=_("MNT-MOVE: cars stored this long are moved monthly (default 90)."),
    )
    reading = models.CharField(
        _("reading required"), max_length=30, blank=True, choices=rules.READING_CHOICES
    )
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        verbose_name = _("storage-care rule")
        verbose_name_plural = _("storage-care rules")
        ordering = ["kind"]

    def __str__(self) -> str:
        return self.get_kind_display()


class StormAlert(models.Model):
    """MNT-STORM: a manager's typhoon/rainstorm alert; raising it creates the
    inspect-and-protect tasks, ending it the wash tasks."""

    store = models.ForeignKey(Store, on_delete=models.PROTECT, verbose_name=_("store"))
    title = models.CharField(_("warning"), max_length=100)
    raised_by = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="+", verbose_name=_("raised by")
    )
    raised_at = models.DateTimeField(_("raised at"))
    ended_by = models.ForeignKey(
        User,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ended by"),
    )
    ended_at = models.DateTimeField(_("ended at"), null=True, blank=True)

    objects = StoreScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("storm alert")
        verbose_name_plural = _("storm alerts")
        ordering = ["-raised_at"]

    def __str__(self) -> str:
        return self.title


class CareTask(models.Model):
    """MNT-*: one care task for one VIN in one period (unique, so the beat
    job can run twice)."""

    store = models.ForeignKey(Store, on_delete=models.PROTECT, verbose_name=_("store"))
    vehicle = models.ForeignKey(
        Vehicle, on_delete=models.CASCADE, related_name="care_tasks", verbose_name=_("vehicle")
    )
    kind = models.CharField(_("task"), max_length=20, choices=CareKind.choices)
    period_start = models.DateField(_("period"))
    due_date = models.DateField(_("due"))
    storm = models.ForeignKey(
        StormAlert,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="tasks",
        verbose_name=_("storm alert"),
    )
    readings = models.JSONField(_("readings"), default=dict, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)
    done_by = models.ForeignKey(
        User,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("done by"),
    )
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)

    objects = StoreScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("storage-care task")
        verbose_name_plural = _("storage-care tasks")
        ordering = ["due_date", "vehicle_id", "kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["vehicle", "kind", "period_start"], name="care_task_once_per_period"
            )
        ]
        indexes = [models.Index(fields=["store", "done_at", "due_date"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.vehicle.vin} {self.period_start}"


class StockSpotCheck(models.Model):
    """MNT-RANDOM: the clerk's spot check of a stock car at a random time of
    the month. The monthly job draws the cars and times; `seq` numbers a
    store's checks in a month, so a second run of the job adds nothing."""

    store = models.ForeignKey(Store, on_delete=models.PROTECT, verbose_name=_("store"))
    vehicle = models.ForeignKey(
        Vehicle, on_delete=models.CASCADE, related_name="spot_checks", verbose_name=_("vehicle")
    )
    month = models.DateField(_("month"))
    seq = models.PositiveSmallIntegerField(_("number in the month"))
    planned_at = models.DateTimeField(_("check at"))
    location_ok = models.BooleanField(_("at its warehouse and bay"), null=True)
    condition_ok = models.BooleanField(_("clean and undamaged"), null=True)
    keys_documents_ok = models.BooleanField(_("keys and documents in custody"), null=True)
    note = models.CharField(_("findings"), max_length=300, blank=True)
    done_by = models.ForeignKey(
        User,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("checked by"),
    )
    done_at = models.DateTimeField(_("checked at"), null=True, blank=True)

    objects = StoreScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("random spot check")
        verbose_name_plural = _("random spot checks")
        ordering = ["planned_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["store", "month", "seq"], name="spot_check_once_per_slot"
            ),
            models.UniqueConstraint(
                fields=["vehicle", "month"], name="spot_check_car_once_a_month"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.vehicle.vin} {self.planned_at:%Y-%m-%d %H:%M}"

    @property
    def passed(self) -> bool | None:
        if self.done_at is None:
            return None
        return bool(self.location_ok and self.condition_ok and self.keys_documents_ok)
