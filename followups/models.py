"""Follow-ups (RULES.md FU-*): the admin-editable cadence rules, the car
models' first-service intervals, the store's reminder policy and the follow-up
tasks themselves."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dealership.models import Store, StoreScopedQuerySet
from followups import rules
from followups.rules import (
    CADENCE_KINDS,
    Channel,
    DmsIssue,
    DmsStatus,
    HolidayKey,
    HolidaySource,
    Kind,
    Status,
)

User = settings.AUTH_USER_MODEL


class FollowupRule(models.Model):
    """One follow-up rule (FU-H, FU-A, ..., FU-CARE): when its tasks fall due,
    when they turn late and missed, and which scoring rule codes those facts
    carry (the points live in the scoring catalogue)."""

    code = models.CharField(_("rule"), max_length=20, choices=Kind.choices, unique=True)
    grade = models.CharField(
        _("intent grade"),
        max_length=1,
        blank=True,
        help_text=_("Cadence rules: the grade whose customers are followed up."),
    )
    window_start_days = models.IntegerField(
        _("due from (days after the anchor)"),
        default=0,
        help_text=_("Cadence: the shortest interval. Negative: before the anchor (FU-MAINT)."),
    )
    window_end_days = models.IntegerField(
        _("due by the end of (days after the anchor)"),
        default=0,
        help_text=_("Cadence: the longest interval."),
    )
    window_start_hours = models.PositiveIntegerField(
        _("due from (hours after the event)"), null=True, blank=True
    )
    window_end_hours = models.PositiveIntegerField(
        _("due by (hours after the event)"),
        null=True,
        blank=True,
        help_text=_("Set for hour-based rules (FU-DLV-2H, FU-O); then the day fields are unused."),
    )
    grace_hours = models.PositiveIntegerField(_("grace before late (hours)"), default=0)
    missed_after_days = models.PositiveIntegerField(
        _("missed after (days past due)"),
        null=True,
        blank=True,
        help_text=_("Empty: never counted as missed."),
    )
    late_rule_code = models.CharField(
        _("penalty rule when late"), max_length=40, blank=True, help_text=_("e.g. FU-H-LATE")
    )
    missed_rule_code = models.CharField(
        _("penalty rule when missed"), max_length=40, blank=True, help_text=_("e.g. FU-H-MISSED")
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("follow-up rule")
        verbose_name_plural = _("follow-up rules")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(window_end_days__gte=models.F("window_start_days")),
                name="followuprule_day_window_ordered",
            ),
            # An hour window ends after it starts (followups.windows: start
            # defaults to the event itself), or every task made from it would
            # break followup_window_ordered.
            models.CheckConstraint(
                condition=models.Q(window_end_hours__isnull=True)
                | models.Q(window_start_hours__isnull=True, window_end_hours__gt=0)
                | models.Q(window_end_hours__gt=models.F("window_start_hours")),
                name="followuprule_hour_window_ordered",
            ),
            models.UniqueConstraint(
                fields=["grade"], condition=~models.Q(grade=""), name="followuprule_one_per_grade"
            ),
        ]

    def __str__(self) -> str:
        return self.code

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        if self.window_end_hours is not None and self.window_end_hours <= (
            self.window_start_hours or 0
        ):
            raise ValidationError({"window_end_hours": _("The window must end after it starts.")})
        start, end = self.window_start_days, self.window_end_days
        if start is not None and end is not None and end < start:
            raise ValidationError({"window_end_days": _("The window must end after it starts.")})
        if self.window_end_hours is None and start is not None:
            self._clean_day_window_start(start)
        self._clean_penalty_codes()

    def _clean_day_window_start(self, start: int) -> None:
        """FU-H..FU-C: the next call falls due days after the last contact, so
        0 would make it due at once, every call bringing the next one the same
        day. FU-DLV-7D counts from the delivery and cannot fall due before it.
        Only FU-MAINT and FU-CARE open before their anchor (the service date,
        the holiday or birthday)."""
        from django.core.exceptions import ValidationError

        if self.code in CADENCE_KINDS and start < 1:
            raise ValidationError(
                {
                    "window_start_days": _(
                        "A cadence call falls due at least 1 day after the last contact."
                    )
                }
            )
        if self.code == Kind.DELIVERY_7D and start < 0:
            raise ValidationError(
                {"window_start_days": _("This follow-up cannot fall due before the delivery.")}
            )

    def _clean_penalty_codes(self) -> None:
        """PTS-4: a late or missed task is charged by the penalty rule its
        code names; a code no rule has would lose the charge without a word."""
        from django.core.exceptions import ValidationError

        from scoring.selectors import penalty_rule_codes_known

        codes = {f: getattr(self, f).strip() for f in ("late_rule_code", "missed_rule_code")}
        known = penalty_rule_codes_known(codes.values())
        unknown = {
            field: _("No penalty rule has the code “%(code)s”.") % {"code": code}
            for field, code in codes.items()
            if code and code not in known
        }
        if unknown:
            raise ValidationError(unknown)

    @property
    def grace(self) -> timedelta:
        return timedelta(hours=self.grace_hours)

    @property
    def missed_after(self) -> timedelta | None:
        if self.missed_after_days is None:
            return None
        return timedelta(days=self.missed_after_days)


class FirstServiceInterval(models.Model):
    """FU-MAINT [config]: when a car model's first service (首保) is due. The row
    with a blank model name is the default for every other model."""

    model_name = models.CharField(_("model"), max_length=50, unique=True, blank=True)
    months = models.PositiveSmallIntegerField(
        _("months after delivery"),
        default=rules.DEFAULT_FIRST_SERVICE_MONTHS,
        validators=[MinValueValidator(1)],
    )
    km = models.PositiveIntegerField(
        _("kilometres"), default=rules.DEFAULT_FIRST_SERVICE_KM, validators=[MinValueValidator(1)]
    )

    class Meta:
        verbose_name = _("first-service interval")
        verbose_name_plural = _("first-service intervals")
        ordering = ["model_name"]

    def __str__(self) -> str:
        return f"{self.model_name or '*'}: {self.months} / {self.km} km"


class FollowupPolicy(models.Model):
    """A store's reminder settings (FU reminders). Without a row the defaults apply."""

    store = models.OneToOneField(
        Store, on_delete=models.CASCADE, related_name="followup_policy", verbose_name=_("store")
    )
    staff_sms_reminders = models.BooleanField(
        _("also remind staff by SMS"),
        default=False,
        help_text=_("Sends the reminder digests to the person's mobile through the SMS backend."),
    )
    reminder_hour = models.PositiveSmallIntegerField(
        _("daily reminder from (hour)"),
        default=rules.DEFAULT_REMINDER_HOUR,
        validators=[MaxValueValidator(23)],
    )
    care_lead_days = models.PositiveSmallIntegerField(
        _("greeting tasks appear (days before)"), default=rules.DEFAULT_CARE_LEAD_DAYS
    )
    dms_due_days = models.PositiveSmallIntegerField(
        _("DMS reconciliation due (days after the week)"),
        default=rules.DEFAULT_DMS_DUE_DAYS,
        help_text=_("FU-DMS: the supervisor reconciles the past week within this many days."),
    )

    class Meta:
        verbose_name = _("follow-up policy")
        verbose_name_plural = _("follow-up policies")

    def __str__(self) -> str:
        return str(self.store)


class Followup(models.Model):
    """A follow-up task (回访任务): who calls which customer, in which window,
    and what came of it. `slot` is blank for the cadence follow-ups of a grade
    (at most one open or late per customer) and names the event otherwise
    (order:12:arrived, delivery:5, care:birthday:2025-03-01), each once."""

    store = models.ForeignKey(Store, on_delete=models.PROTECT, verbose_name=_("store"))
    customer = models.ForeignKey(
        "sales.Customer",
        on_delete=models.CASCADE,
        related_name="followups",
        verbose_name=_("customer"),
    )
    owner = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="followups", verbose_name=_("owner")
    )
    kind = models.CharField(_("rule"), max_length=20, choices=Kind.choices)
    slot = models.CharField(_("event"), max_length=80, blank=True)
    title = models.CharField(_("subject"), max_length=200, blank=True)
    due_from = models.DateTimeField(_("due from"))
    due_by = models.DateTimeField(_("due by"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices, blank=True)
    result_note = models.TextField(_("result"), blank=True)
    grade_hint = models.CharField(_("suggested next grade"), max_length=1, blank=True)
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)
    completed_by = models.ForeignKey(
        User,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("completed by"),
    )
    late_at = models.DateTimeField(_("late since"), null=True, blank=True)
    missed_at = models.DateTimeField(_("missed since"), null=True, blank=True)
    overdue_owner = models.ForeignKey(
        User,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("owner when it fell late"),
    )
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    reported_at = models.DateTimeField(_("handed to scoring at"), null=True, blank=True)
    overdue_reminded_at = models.DateTimeField(_("overdue reminder sent at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = StoreScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")
        ordering = ["due_by", "pk"]
        constraints = [
            # The scan inserts with ON CONFLICT DO NOTHING against these two:
            # an event follow-up exists once; a customer has one open or late
            # cadence follow-up at a time (a missed one is superseded by the next).
            models.UniqueConstraint(
                fields=["customer", "kind", "slot"],
                condition=~models.Q(slot=""),
                name="followup_event_once",
            ),
            models.UniqueConstraint(
                fields=["customer"],
                condition=models.Q(slot="", status__in=rules.CADENCE_HOLDING_STATUSES),
                name="followup_one_pending_cadence",
            ),
            models.CheckConstraint(
                condition=models.Q(due_by__gt=models.F("due_from")),
                name="followup_window_ordered",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "due_by"], name="followup_status_due"),
            models.Index(fields=["owner", "status", "due_from"], name="followup_owner_pending"),
            models.Index(fields=["store", "due_by"], name="followup_store_due"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.customer_id} {self.due_by:%Y-%m-%d %H:%M}"

    @property
    def is_pending(self) -> bool:
        return rules.is_pending(self.status)

    @property
    def was_late(self) -> bool:
        return self.late_at is not None


class Holiday(models.Model):
    """FU-CARE: the day owners are greeted for a statutory holiday (法定节假日)
    in a year: the first day of the holiday. Pre-filled from chinesecalendar
    for the years it knows, computed for the fixed-date holidays and
    Tomb-sweeping Day (a solar term) of later years; a manager enters or
    corrects the rest (the lunar festivals of a year the library does not know
    yet) in the admin."""

    key = models.CharField(_("holiday"), max_length=30, choices=HolidayKey.choices)
    year = models.PositiveSmallIntegerField(_("year"))
    day = models.DateField(_("greeting day"))
    source = models.CharField(
        _("source"), max_length=10, choices=HolidaySource.choices, default=HolidaySource.MANUAL
    )
    is_active = models.BooleanField(
        _("greet"), default=True, help_text=_("Untick to send no greeting for this holiday.")
    )

    class Meta:
        verbose_name = _("holiday")
        verbose_name_plural = _("holidays")
        ordering = ["day", "key"]
        constraints = [
            models.UniqueConstraint(fields=["key", "year"], name="holiday_once_a_year"),
            # The festival's year: New Year's Day's break may start on 30 December.
            models.CheckConstraint(
                condition=models.Q(day__year__gte=models.F("year") - 1)
                & models.Q(day__year__lte=models.F("year")),
                name="holiday_day_in_its_year",
            ),
        ]
        indexes = [models.Index(fields=["day"], name="holiday_day")]

    def __str__(self) -> str:
        return f"{self.get_key_display()} {self.year} ({self.day})"

    def clean(self) -> None:
        """The greeting day falls in the holiday's year (or on the eve of it:
        New Year's Day's break may start on 30 December), said at the field
        instead of as the database constraint's name."""
        from django.core.exceptions import ValidationError

        if self.day and self.year and not self.year - 1 <= self.day.year <= self.year:
            raise ValidationError(
                {"day": _("The greeting day must fall in %(year)s.") % {"year": self.year}}
            )


class DmsReconciliation(models.Model):
    """FU-DMS (DMS核对): the supervisor's weekly check of one consultant's
    follow-ups against the customer records in the DMS (level and
    timeliness). Beat creates one per consultant for each ended week (Monday
    to Sunday, store time); the supervisor marks it reconciled, noting the
    records to correct (DmsDiscrepancy, −2 each)."""

    store = models.ForeignKey(Store, on_delete=models.PROTECT, verbose_name=_("store"))
    consultant = models.ForeignKey(
        User,
        on_delete=models.PROTECT,
        related_name="dms_reconciliations",
        verbose_name=_("consultant"),
    )
    week_start = models.DateField(_("week from (Monday)"))
    due_by = models.DateTimeField(_("to reconcile by"))
    status = models.CharField(
        _("status"), max_length=12, choices=DmsStatus.choices, default=DmsStatus.OPEN
    )
    note = models.TextField(_("supervisor's note"), blank=True)
    reconciled_at = models.DateTimeField(_("reconciled at"), null=True, blank=True)
    reconciled_by = models.ForeignKey(
        User,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reconciled by"),
    )
    reminded_at = models.DateTimeField(_("supervisors reminded at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = StoreScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("DMS reconciliation")
        verbose_name_plural = _("DMS reconciliations")
        ordering = ["-week_start", "consultant_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["store", "consultant", "week_start"], name="dms_once_per_week"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.consultant} {self.week_start}"

    @property
    def week_end(self):
        return self.week_start + timedelta(days=6)

    @property
    def is_reconciled(self) -> bool:
        return self.status == DmsStatus.RECONCILED

    @property
    def was_late(self) -> bool:
        return self.reconciled_at is not None and self.reconciled_at > self.due_by

    @property
    def is_overdue(self) -> bool:
        """FU-DMS: still to reconcile after its deadline."""
        return not self.is_reconciled and timezone.now() > self.due_by


class DmsDiscrepancy(models.Model):
    """FU-DMS: one follow-up record that does not match the DMS and must be
    corrected (−2 to the consultant, handed to scoring when the week is
    marked reconciled)."""

    reconciliation = models.ForeignKey(
        DmsReconciliation,
        on_delete=models.CASCADE,
        related_name="discrepancies",
        verbose_name=_("DMS reconciliation"),
    )
    followup = models.ForeignKey(
        Followup, on_delete=models.PROTECT, related_name="+", verbose_name=_("follow-up")
    )
    issue = models.CharField(_("issue"), max_length=12, choices=DmsIssue.choices)
    note = models.CharField(_("what to correct"), max_length=300)
    created_by = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="+", verbose_name=_("noted by")
    )
    created_at = models.DateTimeField(_("noted at"), auto_now_add=True)

    class Meta:
        verbose_name = _("DMS discrepancy")
        verbose_name_plural = _("DMS discrepancies")
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["reconciliation", "followup", "issue"], name="dms_discrepancy_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.followup_id} {self.issue}"
