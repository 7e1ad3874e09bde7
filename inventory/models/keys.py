"""Key issue/return log (KEY-2) and the car-selection request (KEY-3)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from dealership.models import Store, StoreScopedQuerySet
from inventory.models.paperwork import NumberedForm
from inventory.models.stock import Vehicle, VehicleKey
from inventory.rules import ApprovalStatus, KeyPurpose

User = settings.AUTH_USER_MODEL


class CarSelectionRequest(NumberedForm):
    """KEY-3: a consultant's car-selection request (选车申请单) to show a stock
    car to a customer; a manager or the GM office approves it."""

    vehicle = models.ForeignKey(
        Vehicle,
        on_delete=models.PROTECT,
        related_name="selection_requests",
        verbose_name=_("vehicle"),
    )
    consultant = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="+", verbose_name=_("consultant")
    )
    customer_name = models.CharField(_("customer"), max_length=50)
    note = models.CharField(_("note"), max_length=200, blank=True)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=ApprovalStatus.choices,
        default=ApprovalStatus.PENDING,
    )
    decided_by = models.ForeignKey(
        User,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    class Meta(NumberedForm.Meta):
        verbose_name = _("car-selection request")
        verbose_name_plural = _("car-selection requests")


class KeyLog(models.Model):
    """KEY-2: a key leaving the cabinet and coming back, each signed by the
    person who moves the car. At most one open issue per key (DB constraint)."""

    store = models.ForeignKey(Store, on_delete=models.PROTECT, verbose_name=_("store"))
    key = models.ForeignKey(
        VehicleKey, on_delete=models.PROTECT, related_name="logs", verbose_name=_("key")
    )
    vehicle = models.ForeignKey(
        Vehicle, on_delete=models.PROTECT, related_name="key_logs", verbose_name=_("vehicle")
    )
    purpose = models.CharField(_("purpose"), max_length=20, choices=KeyPurpose.choices)
    issued_to = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="+", verbose_name=_("issued to")
    )
    issued_by = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="+", verbose_name=_("handed out by")
    )
    issued_at = models.DateTimeField(_("issued at"))
    due_back_at = models.DateTimeField(_("due back at"))
    signature = models.CharField(_("signed by the mover"), max_length=50)
    selection_request = models.ForeignKey(
        CarSelectionRequest,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("car-selection request"),
    )
    returned_at = models.DateTimeField(_("returned at"), null=True, blank=True)
    returned_to = models.ForeignKey(
        User,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("returned to"),
    )
    return_signature = models.CharField(_("signed on return"), max_length=50, blank=True)
    left_with_form = models.CharField(
        _("left with the car on form"),
        max_length=40,
        blank=True,
        help_text=_(
            "A key issued to hand the car over (delivery, dispatch) does not come back: "
            "its issue is closed by the outbound or dispatch form that let the car go."
        ),
    )

    objects = StoreScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("key issue")
        verbose_name_plural = _("key log")
        ordering = ["-issued_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["key"],
                condition=models.Q(returned_at__isnull=True),
                name="one_open_issue_per_key",
            )
        ]
        indexes = [models.Index(fields=["store", "returned_at", "due_back_at"])]

    def __str__(self) -> str:
        return f"{self.key} → {self.issued_to}"
