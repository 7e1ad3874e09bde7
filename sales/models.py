"""Customers and leads (RULES.md LEAD-1..11) and deliveries (DLV-*)."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dealership.models import Store, StoreScopedQuerySet
from sales import rules
from sales.rules import (
    AffairsKind,
    Grade,
    IdType,
    LoanStatus,
    LostReason,
    OrderStatus,
    Owner,
    ReassignKind,
    RequestStatus,
    SourceChannel,
    SpotCheckResult,
    Title,
    VisitKind,
)

User = settings.AUTH_USER_MODEL
MONEY = {"max_digits": 12, "decimal_places": 2}


class SalesPolicy(models.Model):
    """A store's sales numbers that the regulation leaves to the store [config]."""

    store = models.OneToOneField(
        Store, on_delete=models.CASCADE, related_name="sales_policy", verbose_name=_("store")
    )
    sms_deadline_minutes = models.PositiveIntegerField(
        _("post-visit SMS deadline (minutes)"),
        default=rules.DEFAULT_SMS_DEADLINE_MINUTES,
        validators=[MinValueValidator(1)],
    )
    post_visit_sms = models.TextField(
        _("post-visit SMS template"),
        default=rules.DEFAULT_POST_VISIT_SMS,
        help_text=_("Placeholders: {customer} {title} {store} {consultant} {brand}"),
        validators=[rules.validate_post_visit_sms],
    )
    reassign_after_days = models.PositiveIntegerField(
        _("reassign to the other group after (days)"),
        default=rules.DEFAULT_REASSIGN_AFTER_DAYS,
        validators=[MinValueValidator(1)],
    )
    management_after_days = models.PositiveIntegerField(
        _("hand to manager and supervisor after (days)"),
        default=rules.DEFAULT_MANAGEMENT_AFTER_DAYS,
        validators=[MinValueValidator(1)],
    )
    gm_office_after_days = models.PositiveIntegerField(
        _("hand to the GM office after (days)"),
        default=rules.DEFAULT_GM_OFFICE_AFTER_DAYS,
        validators=[MinValueValidator(1)],
    )
    spot_check_sample = models.PositiveIntegerField(
        _("weekly spot-check sample size"),
        default=rules.DEFAULT_SPOT_CHECK_SAMPLE,
        validators=[MinValueValidator(1)],
    )
    morning_check_due_at = models.TimeField(
        _("morning check signed off by"),
        default=rules.DEFAULT_MORNING_CHECK_DUE_AT,
        help_text=_(
            "SHW-*: the showroom check is done before work; after this time (store clock) the "
            "managers are told it is not signed off."
        ),
    )

    class Meta:
        verbose_name = _("sales policy")
        verbose_name_plural = _("sales policies")

    def __str__(self) -> str:
        return str(self.store)

    def clean(self) -> None:
        """LEAD-8/9: the hand-overs come one after the other: the other group,
        then the manager and supervisor, then the GM office."""
        from django.core.exceptions import ValidationError

        steps = (self.reassign_after_days, self.management_after_days, self.gm_office_after_days)
        if None not in steps and not steps[0] < steps[1] < steps[2]:
            raise ValidationError(
                {
                    "management_after_days": _(
                        "The days must grow: the other group first, then the manager and "
                        "supervisor, then the GM office."
                    )
                }
            )


class TestCar(models.Model):
    __test__ = False  # not a pytest test class
    """A test-drive car of the store (试乘试驾车), used by LEAD-6 and SHW-TESTCAR."""

    store = models.ForeignKey(Store, on_delete=models.PROTECT, verbose_name=_("store"))
    model_name = models.CharField(_("model"), max_length=50)
    plate = models.CharField(_("number plate"), max_length=20)
    vin = models.CharField(_("VIN"), max_length=17, blank=True)
    is_active = models.BooleanField(_("in service"), default=True)

    objects = StoreScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("test-drive car")
        verbose_name_plural = _("test-drive cars")
        ordering = ["model_name", "plate"]

    def __str__(self) -> str:
        return f"{self.model_name} {self.plate}"


class Customer(models.Model):
    """A customer record (客户档案): contact data, the four characteristics
    (LEAD-2), intent grade (LEAD-4), owner (LEAD-8/9)."""

    store = models.ForeignKey(Store, on_delete=models.PROTECT, verbose_name=_("store"))
    name = models.CharField(_("name"), max_length=50)
    title = models.CharField(_("title"), max_length=2, choices=Title.choices, blank=True)
    mobile = models.CharField(_("mobile phone"), max_length=11)
    consultant = models.ForeignKey(
        User,
        on_delete=models.PROTECT,
        related_name="customers",
        verbose_name=_("consultant"),
    )
    owner = models.CharField(
        _("held by"), max_length=20, choices=Owner.choices, default=Owner.CONSULTANT
    )
    assigned_at = models.DateTimeField(
        _("in this book since"), help_text=_("Start of the 2/3/4-month clock (LEAD-8/9).")
    )
    grade = models.CharField(_("grade"), max_length=1, choices=Grade.choices, default=Grade.N)
    source_channel = models.CharField(
        _("source channel"), max_length=20, choices=SourceChannel.choices
    )
    appearance = models.CharField(_("appearance"), max_length=200, blank=True)
    family_background = models.CharField(_("family background"), max_length=200, blank=True)
    social_background = models.CharField(_("social background"), max_length=200, blank=True)
    needs_and_budget = models.CharField(_("needs and purchasing power"), max_length=200, blank=True)
    model_of_interest = models.CharField(_("model of interest"), max_length=50, blank=True)
    colour_of_interest = models.CharField(_("colour of interest"), max_length=30, blank=True)
    budget = models.DecimalField(_("budget (yuan)"), null=True, blank=True, **MONEY)
    birthday = models.DateField(_("birthday"), null=True, blank=True)
    address = models.CharField(_("address"), max_length=200, blank=True)
    commission_excluded = models.BooleanField(
        _("deal does not count for the consultant's commission"),
        default=False,
        help_text=_("Set when the customer passes to management after month 3 (LEAD-9)."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    created_by = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="+", verbose_name=_("created by")
    )

    objects = StoreScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("customer")
        verbose_name_plural = _("customers")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["store", "mobile"], name="customer_mobile_per_store")
        ]
        indexes = [
            models.Index(fields=["store", "consultant", "grade"]),
            models.Index(fields=["store", "assigned_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.name} {self.mobile}"

    @property
    def grade_can_change_by_hand(self) -> bool:
        """LEAD-4: H/A/B/C are set by hand; O, D and F only by their flows."""
        return bool(rules.MANUAL_GRADE_TARGETS.get(self.grade))

    @property
    def is_open(self) -> bool:
        """Still being worked: may be ordered, marked lost or reassigned."""
        return self.grade in rules.OPEN_GRADES

    @property
    def missing_characteristics(self) -> list[str]:
        """LEAD-2: which of the four characteristics are empty."""
        return [
            name
            for name in ("appearance", "family_background", "social_background", "needs_and_budget")
            if not getattr(self, name).strip()
        ]


class GradeChange(models.Model):
    """LEAD-4: every grade change with who, when and why."""

    customer = models.ForeignKey(
        Customer, on_delete=models.CASCADE, related_name="grade_changes", verbose_name=_("customer")
    )
    from_grade = models.CharField(_("from"), max_length=1, choices=Grade.choices)
    to_grade = models.CharField(_("to"), max_length=1, choices=Grade.choices)
    reason = models.CharField(_("reason"), max_length=200)
    changed_by = models.ForeignKey(User, on_delete=models.PROTECT, verbose_name=_("changed by"))
    changed_at = models.DateTimeField(_("changed at"), auto_now_add=True)

    class Meta:
        verbose_name = _("grade change")
        verbose_name_plural = _("grade changes")
        ordering = ["-changed_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.customer_id}: {self.from_grade}→{self.to_grade}"


class Visit(models.Model):
    """LEAD-1: a showroom visit (来店) or inbound call (来电) in the reception log."""

    store = models.ForeignKey(Store, on_delete=models.PROTECT, verbose_name=_("store"))
    customer = models.ForeignKey(
        Customer, on_delete=models.PROTECT, related_name="visits", verbose_name=_("customer")
    )
    consultant = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="visits", verbose_name=_("consultant")
    )
    kind = models.CharField(_("kind"), max_length=10, choices=VisitKind.choices)
    source_channel = models.CharField(
        _("source channel"), max_length=20, choices=SourceChannel.choices
    )
    is_first = models.BooleanField(_("first visit"), default=True)
    party_size = models.PositiveSmallIntegerField(_("people"), default=1)
    started_at = models.DateTimeField(_("time in"))
    ended_at = models.DateTimeField(_("time out"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="+", verbose_name=_("created by")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = StoreScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("visit or call")
        verbose_name_plural = _("reception log")
        ordering = ["-started_at"]
        indexes = [models.Index(fields=["store", "started_at"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ended_at__isnull=True)
                | models.Q(ended_at__gte=models.F("started_at")),
                name="visit_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.customer} {self.started_at:%Y-%m-%d %H:%M}"


class SmsMessage(models.Model):
    """LEAD-5: a post-visit SMS; due_at is the end of the visit plus the store's
    deadline, sent_at when the backend accepted it (None: not sent)."""

    store = models.ForeignKey(Store, on_delete=models.PROTECT, verbose_name=_("store"))
    customer = models.ForeignKey(
        Customer, on_delete=models.PROTECT, related_name="sms", verbose_name=_("customer")
    )
    visit = models.OneToOneField(
        Visit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="sms",
        verbose_name=_("visit or call"),
    )
    sender = models.ForeignKey(User, on_delete=models.PROTECT, verbose_name=_("sender"))
    mobile = models.CharField(_("mobile phone"), max_length=11)
    text = models.TextField(_("text"))
    due_at = models.DateTimeField(_("due by"))
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    sending_since = models.DateTimeField(
        _("being sent since"),
        null=True,
        blank=True,
        help_text=_("Set while the provider is asked, so a second click does not send twice."),
    )
    backend = models.CharField(_("backend"), max_length=100, blank=True)
    provider_id = models.CharField(_("provider message id"), max_length=100, blank=True)
    error = models.CharField(_("error"), max_length=300, blank=True)

    objects = StoreScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("SMS")
        verbose_name_plural = _("SMS")
        ordering = ["-due_at"]

    def __str__(self) -> str:
        return f"SMS {self.mobile} {self.due_at:%Y-%m-%d %H:%M}"

    @property
    def is_late(self) -> bool:
        return self.sent_at is not None and self.sent_at > self.due_at

    @property
    def is_overdue(self) -> bool:
        """Not sent and past its deadline (LEAD-5)."""
        return self.sent_at is None and timezone.now() > self.due_at


class TestDrive(models.Model):
    __test__ = False  # not a pytest test class
    """LEAD-6: a test drive; name and driving-licence number come first."""

    store = models.ForeignKey(Store, on_delete=models.PROTECT, verbose_name=_("store"))
    customer = models.ForeignKey(
        Customer, on_delete=models.PROTECT, related_name="test_drives", verbose_name=_("customer")
    )
    consultant = models.ForeignKey(User, on_delete=models.PROTECT, verbose_name=_("consultant"))
    test_car = models.ForeignKey(TestCar, on_delete=models.PROTECT, verbose_name=_("test car"))
    driver_name = models.CharField(_("driver's name"), max_length=50)
    licence_number = models.CharField(_("driving-licence number"), max_length=18)
    started_at = models.DateTimeField(_("start"))
    ended_at = models.DateTimeField(_("end"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = StoreScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("test drive")
        verbose_name_plural = _("test drives")
        ordering = ["-started_at"]

    def __str__(self) -> str:
        return f"{self.driver_name} {self.test_car_id} {self.started_at:%Y-%m-%d %H:%M}"


class Order(models.Model):
    """LEAD-7: an order (订车) with the customer's complete data. It reaches
    'delivered' only through the delivery flow (Delivery)."""

    store = models.ForeignKey(Store, on_delete=models.PROTECT, verbose_name=_("store"))
    number = models.CharField(_("order number"), max_length=40, unique=True)
    customer = models.ForeignKey(
        Customer, on_delete=models.PROTECT, related_name="orders", verbose_name=_("customer")
    )
    consultant = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="orders", verbose_name=_("consultant")
    )
    full_name = models.CharField(_("full name"), max_length=50)
    mobile = models.CharField(_("mobile phone"), max_length=11)
    address = models.CharField(_("address"), max_length=200)
    id_type = models.CharField(
        _("identity document"), max_length=10, choices=IdType.choices, default=IdType.PRC_ID
    )
    id_number = models.CharField(_("document number"), max_length=18)
    model_name = models.CharField(_("model"), max_length=50)
    colour = models.CharField(_("colour"), max_length=30)
    price = models.DecimalField(_("price (yuan)"), **MONEY)
    deposit = models.DecimalField(_("deposit (yuan)"), default=Decimal("0"), **MONEY)
    status = models.CharField(
        _("status"), max_length=20, choices=OrderStatus.choices, default=OrderStatus.ORDERED
    )
    ordered_at = models.DateTimeField(_("ordered at"))
    commission_excluded = models.BooleanField(
        _("not counted for the consultant's commission (LEAD-9)"), default=False
    )
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    cancel_reason = models.CharField(_("cancellation reason"), max_length=200, blank=True)
    invoiced_at = models.DateTimeField(_("invoiced at"), null=True, blank=True)
    created_by = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="+", verbose_name=_("created by")
    )

    objects = StoreScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("order")
        verbose_name_plural = _("orders")
        ordering = ["-ordered_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(deposit__gte=0) & models.Q(price__gt=0),
                name="order_amounts_positive",
            ),
            models.CheckConstraint(
                condition=models.Q(deposit__lte=models.F("price")), name="order_deposit_le_price"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.full_name}"

    @property
    def accessories_total(self) -> Decimal:
        return sum((a.amount for a in self.accessories.all()), Decimal("0"))

    @property
    def amount_due(self) -> Decimal:
        """STK-OUT-1: everything the customer pays before the car leaves: the
        car's price and the accessories sold with it (DLV-ACCESSORIES)."""
        return self.price + self.accessories_total


class OrderAccessory(models.Model):
    """DLV-ACCESSORIES: accessories (精品) sold with the car, installed before delivery."""

    order = models.ForeignKey(
        Order, on_delete=models.CASCADE, related_name="accessories", verbose_name=_("order")
    )
    name = models.CharField(_("accessory"), max_length=100)
    quantity = models.PositiveSmallIntegerField(_("quantity"), default=1)
    unit_price = models.DecimalField(_("unit price (yuan)"), **MONEY)
    installed_at = models.DateTimeField(_("installed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("accessory")
        verbose_name_plural = _("accessories")

    def __str__(self) -> str:
        return f"{self.name} × {self.quantity}"

    @property
    def amount(self) -> Decimal:
        return self.unit_price * self.quantity


class Delivery(models.Model):
    """DLV-LIST: the delivered-customers list; one row per delivered order, with
    the ten-minute class (DLV-CLASS) and the 三包 confirmation (DLV-3GUARANTEE)."""

    store = models.ForeignKey(Store, on_delete=models.PROTECT, verbose_name=_("store"))
    order = models.OneToOneField(
        Order, on_delete=models.PROTECT, related_name="delivery", verbose_name=_("order")
    )
    consultant = models.ForeignKey(User, on_delete=models.PROTECT, verbose_name=_("consultant"))
    delivered_at = models.DateTimeField(_("delivered at"))
    vin = models.CharField(_("VIN"), max_length=17, blank=True)
    class_notified_at = models.DateTimeField(
        _("customer service notified for the ten-minute class"), null=True, blank=True
    )
    class_done_at = models.DateTimeField(_("ten-minute class held"), null=True, blank=True)
    three_guarantee_items = models.JSONField(_("三包 checklist"), default=dict)
    three_guarantee_confirmed_at = models.DateTimeField(
        _("三包 explained and signed"), null=True, blank=True
    )
    three_guarantee_confirmed_by = models.ForeignKey(
        User,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("三包 confirmed by"),
    )
    created_by = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="+", verbose_name=_("created by")
    )

    objects = StoreScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("delivery")
        verbose_name_plural = _("delivered customers")
        ordering = ["-delivered_at"]

    def __str__(self) -> str:
        return f"{self.order_id} {self.delivered_at:%Y-%m-%d}"


class LoanCase(models.Model):
    """DLV-LOAN: an auto-finance case tracked from application to mortgage."""

    order = models.OneToOneField(
        Order, on_delete=models.PROTECT, related_name="loan", verbose_name=_("order")
    )
    lender = models.CharField(_("lender"), max_length=50, default="广汽汇理")
    amount = models.DecimalField(_("loan amount (yuan)"), **MONEY)
    status = models.CharField(
        _("status"), max_length=30, choices=LoanStatus.choices, default=LoanStatus.APPLIED
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("loan case")
        verbose_name_plural = _("loan cases")

    def __str__(self) -> str:
        return f"{self.lender} {self.order_id} {self.get_status_display()}"


class LoanEvent(models.Model):
    case = models.ForeignKey(
        LoanCase, on_delete=models.CASCADE, related_name="events", verbose_name=_("loan case")
    )
    status = models.CharField(_("status"), max_length=30, choices=LoanStatus.choices)
    note = models.CharField(_("note"), max_length=200, blank=True)
    by = models.ForeignKey(User, on_delete=models.PROTECT, verbose_name=_("by"))
    at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        verbose_name = _("loan status change")
        verbose_name_plural = _("loan status changes")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.case_id} {self.status}"


class AffairsTask(models.Model):
    """DLV-AFFAIRS: plates, purchase tax, insurance for a sold car, with fees."""

    order = models.ForeignKey(
        Order, on_delete=models.CASCADE, related_name="affairs", verbose_name=_("order")
    )
    kind = models.CharField(_("task"), max_length=20, choices=AffairsKind.choices)
    fee = models.DecimalField(_("fee (yuan)"), null=True, blank=True, **MONEY)
    reference = models.CharField(_("plate / receipt number"), max_length=50, blank=True)
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)
    done_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("done by")
    )

    class Meta:
        verbose_name = _("vehicle-affairs task")
        verbose_name_plural = _("vehicle-affairs tasks")
        constraints = [
            models.UniqueConstraint(fields=["order", "kind"], name="affairs_once_per_kind")
        ]

    def __str__(self) -> str:
        return f"{self.order_id} {self.get_kind_display()}"


class LostRequest(models.Model):
    """LEAD-11: a consultant asks to mark a customer lost; a manager decides."""

    store = models.ForeignKey(Store, on_delete=models.PROTECT, verbose_name=_("store"))
    customer = models.ForeignKey(
        Customer, on_delete=models.PROTECT, related_name="lost_requests", verbose_name=_("customer")
    )
    reason = models.CharField(_("reason"), max_length=20, choices=LostReason.choices)
    competitor_brand = models.CharField(_("competitor brand/model"), max_length=50, blank=True)
    competitor_price = models.DecimalField(
        _("competitor price (yuan)"), null=True, blank=True, **MONEY
    )
    note = models.CharField(_("details"), max_length=300, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=RequestStatus.choices, default=RequestStatus.PENDING
    )
    requested_by = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="+", verbose_name=_("requested by")
    )
    requested_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    grade_before = models.CharField(_("grade before"), max_length=1, choices=Grade.choices)
    decided_by = models.ForeignKey(
        User,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_note = models.CharField(_("decision note"), max_length=200, blank=True)

    objects = StoreScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("lost-customer request")
        verbose_name_plural = _("lost-customer requests")
        ordering = ["-requested_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["customer"],
                condition=models.Q(status="pending"),
                name="one_pending_lost_request",
            )
        ]

    def __str__(self) -> str:
        return f"{self.customer_id} {self.get_reason_display()} ({self.get_status_display()})"


class Reassignment(models.Model):
    """LEAD-8/9: a customer moved to another holder, with the reason."""

    store = models.ForeignKey(Store, on_delete=models.PROTECT, verbose_name=_("store"))
    customer = models.ForeignKey(
        Customer, on_delete=models.PROTECT, related_name="reassignments", verbose_name=_("customer")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=ReassignKind.choices)
    from_consultant = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="+", verbose_name=_("from consultant")
    )
    to_consultant = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="+", verbose_name=_("to consultant")
    )
    from_owner = models.CharField(_("from holder"), max_length=20, choices=Owner.choices)
    to_owner = models.CharField(_("to holder"), max_length=20, choices=Owner.choices)
    reason = models.CharField(_("reason"), max_length=200, blank=True)
    by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+", verbose_name=_("by"))
    at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        verbose_name = _("reassignment")
        verbose_name_plural = _("reassignments")
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.customer_id} {self.get_kind_display()}"


class SpotCheck(models.Model):
    """LEAD-10: the manager's weekly check of a random sample of intent customers."""

    store = models.ForeignKey(Store, on_delete=models.PROTECT, verbose_name=_("store"))
    week_start = models.DateField(_("week of"))
    created_by = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="+", verbose_name=_("created by")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = StoreScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("spot check")
        verbose_name_plural = _("spot checks")
        ordering = ["-week_start"]
        constraints = [
            models.UniqueConstraint(fields=["store", "week_start"], name="one_spot_check_a_week")
        ]

    def __str__(self) -> str:
        return f"{self.store_id} {self.week_start}"


class SpotCheckItem(models.Model):
    spot_check = models.ForeignKey(
        SpotCheck, on_delete=models.CASCADE, related_name="items", verbose_name=_("spot check")
    )
    customer = models.ForeignKey(Customer, on_delete=models.PROTECT, verbose_name=_("customer"))
    consultant = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="+", verbose_name=_("consultant")
    )
    result = models.CharField(
        _("result"), max_length=20, choices=SpotCheckResult.choices, blank=True
    )
    note = models.CharField(_("note"), max_length=200, blank=True)
    checked_by = models.ForeignKey(
        User,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("checked by"),
    )
    checked_at = models.DateTimeField(_("checked at"), null=True, blank=True)

    class Meta:
        verbose_name = _("spot-checked customer")
        verbose_name_plural = _("spot-checked customers")
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["spot_check", "customer"], name="spot_check_item_once")
        ]

    def __str__(self) -> str:
        return f"{self.spot_check_id} {self.customer_id} {self.result}"
