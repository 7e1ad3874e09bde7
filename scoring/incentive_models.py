"""Incentives (RULES.md section 9, INC-1..3): the store's reward amounts and
targets ([config], blank in the seed) and the confirmed awards. Imported by
scoring/models.py, so the models belong to the scoring app."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from dealership.models import Store, StoreScopedQuerySet, month_target_clean
from scoring.rules import MIN_SERVICE_MONTHS, IncentiveKind, PromotionBasis

MONEY = {"max_digits": 12, "decimal_places": 2, "validators": [MinValueValidator(Decimal("0"))]}


class IncentivePolicy(models.Model):
    """INC-1..3 [config]: a store's reward amounts and default monthly targets
    per consultant; a manager edits them in the admin. A store without a row
    has every amount and target at zero until someone sets them."""

    store = models.OneToOneField(
        Store, on_delete=models.CASCADE, related_name="+", verbose_name=_("store")
    )
    sales_champion_reward = models.DecimalField(
        _("monthly sales champion reward R (yuan, INC-1)"), default=Decimal("0"), **MONEY
    )
    accessories_champion_reward = models.DecimalField(
        _("monthly accessories champion reward (yuan, INC-2)"), default=Decimal("0"), **MONEY
    )
    annual_champion_reward = models.DecimalField(
        _("annual sales champion reward (yuan, INC-3)"), default=Decimal("0"), **MONEY
    )
    annual_target_bonus = models.DecimalField(
        _("extra reward when the store met its annual target (yuan, INC-3)"),
        default=Decimal("0"),
        **MONEY,
    )
    monthly_order_target = models.PositiveIntegerField(
        _("monthly order target per consultant (INC-1)"),
        default=0,
        help_text=_("Orders less cancellations; a personal target of the month overrides it."),
    )
    monthly_accessories_target = models.DecimalField(
        _("monthly accessories target per consultant (yuan, INC-2)"),
        default=Decimal("0"),
        **MONEY,
    )
    annual_invoiced_target = models.PositiveIntegerField(
        _("store's annual target of invoiced sales (INC-3)"), default=0
    )
    min_service_months = models.PositiveSmallIntegerField(
        _("months of service needed for the annual award (INC-3)"), default=MIN_SERVICE_MONTHS
    )

    class Meta:
        verbose_name = _("incentive policy")
        verbose_name_plural = _("incentive policies")
        ordering = ["store"]

    def __str__(self) -> str:
        return str(self.store)


class IncentiveTarget(models.Model):
    """INC-1/INC-2: one consultant's targets for one month, overriding the
    store's defaults (IncentivePolicy)."""

    store = models.ForeignKey(
        Store, on_delete=models.CASCADE, related_name="+", verbose_name=_("store")
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("person"),
    )
    month = models.DateField(_("month"), help_text=_("The first day of the month."))
    orders = models.PositiveIntegerField(_("order target (orders less cancellations)"))
    accessories = models.DecimalField(_("accessories target (yuan)"), **MONEY)

    objects = StoreScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("monthly target")
        verbose_name_plural = _("monthly targets")
        ordering = ["-month", "person"]
        constraints = [
            models.UniqueConstraint(
                fields=["store", "person", "month"], name="incentivetarget_once_per_month"
            ),
            models.CheckConstraint(condition=Q(month__day=1), name="incentivetarget_month_start"),
        ]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} {self.person}"

    def clean(self) -> None:
        month_target_clean(self, "person")


class IncentiveAward(models.Model):
    """INC-1..3: a confirmed award (medal, certificate, cash). One per store,
    kind and period: confirming it again is refused. Never edited: the
    figures are those of the moment a manager confirmed it."""

    store = models.ForeignKey(
        Store, on_delete=models.PROTECT, related_name="+", verbose_name=_("store")
    )
    kind = models.CharField(_("award"), max_length=20, choices=IncentiveKind.choices)
    period = models.DateField(
        _("period"), help_text=_("First day of the month (INC-1, INC-2) or of the year (INC-3).")
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="incentive_awards",
        verbose_name=_("champion"),
    )
    figure = models.DecimalField(
        _("result"),
        max_digits=14,
        decimal_places=2,
        help_text=_("Orders (INC-1), accessories sales in yuan (INC-2), invoiced sales (INC-3)."),
    )
    cancellations = models.PositiveIntegerField(_("cancellations"), default=0)
    target = models.DecimalField(_("target"), max_digits=14, decimal_places=2, default=0)
    reward = models.DecimalField(_("reward (yuan)"), max_digits=12, decimal_places=2)
    deduction = models.DecimalField(
        _("deduction for cancellations (yuan)"), max_digits=12, decimal_places=2, default=0
    )
    bonus = models.DecimalField(
        _("extra reward (yuan)"), max_digits=12, decimal_places=2, default=0
    )
    amount = models.DecimalField(_("amount paid (yuan)"), max_digits=12, decimal_places=2)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("confirmed by"),
    )
    confirmed_at = models.DateTimeField(_("confirmed at"))

    objects = StoreScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("incentive award")
        verbose_name_plural = _("incentive awards")
        ordering = ["-period", "kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["store", "kind", "period"], name="incentiveaward_once_per_period"
            ),
            models.CheckConstraint(
                condition=Q(amount=models.F("reward") - models.F("deduction") + models.F("bonus")),
                name="incentiveaward_amount_adds_up",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.period_label} {self.person}"

    @property
    def period_label(self) -> str:
        if self.kind == IncentiveKind.SALES_YEAR:
            return f"{self.period:%Y}"
        return f"{self.period:%Y-%m}"

    @property
    def certificate_number(self) -> str:
        return f"{self.store.code.upper()}-{self.kind.upper()}-{self.period:%Y%m}-{self.pk:04d}"


class PromotionCampaign(models.Model):
    """INC-4 [config]: a promotion's reward (促销奖励): from the first to the
    last day of the campaign, each car of the basis (orders not cancelled, or
    deliveries), of one model or all, earns its consultant the amount. A
    manager adds campaigns in the admin; the incentives page adds up who
    earned what."""

    store = models.ForeignKey(Store, on_delete=models.CASCADE, verbose_name=_("store"))
    name = models.CharField(_("campaign"), max_length=100)
    starts_on = models.DateField(_("first day"))
    ends_on = models.DateField(_("last day"))
    basis = models.CharField(
        _("counted"), max_length=20, choices=PromotionBasis.choices, default=PromotionBasis.ORDERS
    )
    model_name = models.CharField(
        _("model"), max_length=50, blank=True, help_text=_("Empty: every model counts.")
    )
    reward_per_car = models.DecimalField(_("reward per car (yuan)"), **MONEY)
    note = models.CharField(_("note"), max_length=200, blank=True)

    objects = StoreScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("promotion campaign (INC-4)")
        verbose_name_plural = _("promotion campaigns (INC-4)")
        ordering = ["-starts_on", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")),
                name="promotioncampaign_ends_after_it_starts",
            ),
            models.CheckConstraint(
                condition=Q(reward_per_car__gte=0), name="promotioncampaign_reward_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.starts_on:%Y-%m-%d} – {self.ends_on:%Y-%m-%d})"

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("The last day cannot be before the first day.")})
