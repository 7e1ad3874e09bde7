"""The records the dashboards own: monthly KPI targets (RPT-KANBAN), the
month's written order suggestion (RPT-ORDER-PLAN) and the supervisor's
month-end lost-customer analysis (RPT-LOST)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from dealership.models import Store, StoreScopedQuerySet, month_target_clean

TARGET_FIELDS = ("visits", "new_leads", "test_drives", "orders", "deliveries")


class KpiTarget(models.Model):
    """A month's targets (月度目标) for the store (no consultant) or for one
    consultant; the KPI board shows month-to-date figures against them."""

    store = models.ForeignKey(Store, on_delete=models.CASCADE, verbose_name=_("store"))
    month = models.DateField(_("month"), help_text=_("The first day of the month."))
    consultant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("consultant"),
        help_text=_("Empty: the target of the whole store."),
    )
    visits = models.PositiveIntegerField(_("showroom visits"), default=0)
    new_leads = models.PositiveIntegerField(_("new leads"), default=0)
    test_drives = models.PositiveIntegerField(_("test drives"), default=0)
    orders = models.PositiveIntegerField(_("orders"), default=0)
    deliveries = models.PositiveIntegerField(_("deliveries"), default=0)

    objects = StoreScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("KPI target")
        verbose_name_plural = _("KPI targets")
        ordering = ["-month", "store", "consultant"]
        constraints = [
            models.UniqueConstraint(
                fields=["store", "month", "consultant"],
                condition=Q(consultant__isnull=False),
                name="kpitarget_once_per_consultant",
            ),
            models.UniqueConstraint(
                fields=["store", "month"],
                condition=Q(consultant__isnull=True),
                name="kpitarget_once_per_store",
            ),
            models.CheckConstraint(condition=Q(month__day=1), name="kpitarget_first_of_month"),
        ]

    def __str__(self) -> str:
        who = self.consultant or self.store
        return f"{self.month:%Y-%m} {who}"

    def clean(self) -> None:
        month_target_clean(self, "consultant")


class OrderPlan(models.Model):
    """RPT-ORDER-PLAN: the information officer's written order suggestion of a
    month for one model: N+0.5 (second half of this month), N+2 and N+3."""

    store = models.ForeignKey(Store, on_delete=models.CASCADE, verbose_name=_("store"))
    month = models.DateField(_("month"), help_text=_("The first day of the month."))
    model_name = models.CharField(_("model"), max_length=50)
    n_half = models.PositiveIntegerField(_("N+0.5"))
    n_plus_2 = models.PositiveIntegerField(_("N+2"))
    n_plus_3 = models.PositiveIntegerField(_("N+3"))
    note = models.CharField(_("note"), max_length=200, blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("written by"),
    )
    at = models.DateTimeField(_("written at"))
    # RPT-ORDER-PLAN is judged on when the month's suggestion was first
    # written: saving again later (a correction) moves `at`, never this.
    first_at = models.DateTimeField(_("first written at"))

    objects = StoreScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("order plan")
        verbose_name_plural = _("order plans")
        ordering = ["-month", "model_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["store", "month", "model_name"], name="orderplan_once_per_model"
            ),
            models.CheckConstraint(condition=Q(month__day=1), name="orderplan_first_of_month"),
        ]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} {self.model_name}"


class LostAnalysisReport(models.Model):
    """RPT-LOST: the sales supervisor's written analysis of a month's lost (战败)
    and out-of-control (失控) customers (战败失控客户分析报告), submitted once per
    store and month from the lost-customer board."""

    store = models.ForeignKey(Store, on_delete=models.CASCADE, verbose_name=_("store"))
    month = models.DateField(_("month"), help_text=_("The first day of the month analysed."))
    analysis = models.TextField(_("analysis"))
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("submitted by"),
    )
    submitted_at = models.DateTimeField(_("submitted at"))

    objects = StoreScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("lost-customer analysis")
        verbose_name_plural = _("lost-customer analyses")
        ordering = ["-month", "store"]
        constraints = [
            models.UniqueConstraint(fields=["store", "month"], name="lostanalysis_once_per_month"),
            models.CheckConstraint(condition=Q(month__day=1), name="lostanalysis_first_of_month"),
        ]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} {self.store}"
