"""Penalty points (RULES.md PTS-1..5) and the reports with deadlines that feed
them (RPT-*, TRN-4): the rule catalogue, the append-only ledger, appeals, and
the logs, summaries, trainings and marketing reports people write."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from dealership.models import Store, StoreScopedQuerySet
from dealership.rules import Role
from scoring.rules import (
    AppealStatus,
    DeadlineSetting,
    MonthlyReportKind,
    ReportDeadlineKind,
    is_rule_active_on,
)

POINTS = {"max_digits": 6, "decimal_places": 1}


class PenaltyRule(models.Model):
    """PTS-3: one row of the catalogue (扣分细则): every "−N" of RULES.md. The
    code is the rule ID, with a suffix where one rule has several amounts
    (LEAD-5-LATE / LEAD-5-MISSING). Managers edit points in the admin."""

    code = models.CharField(_("code"), max_length=40, unique=True)
    description_zh = models.CharField(_("description (Chinese)"), max_length=300)
    description_en = models.CharField(_("description (English)"), max_length=300)
    points = models.DecimalField(
        _("points deducted"),
        **POINTS,
        validators=[MinValueValidator(Decimal("0"))],
        help_text=_("A positive number is deducted from the person."),
    )
    is_manual = models.BooleanField(
        _("recorded by hand"),
        default=False,
        help_text=_("Conduct rules with no system signal, entered by managers with a reason."),
    )
    active_from = models.DateField(_("active from"), null=True, blank=True)
    active_to = models.DateField(_("active to"), null=True, blank=True)

    class Meta:
        verbose_name = _("penalty rule")
        verbose_name_plural = _("penalty rules")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} (−{self.points})"

    @property
    def description(self) -> str:
        from django.utils.translation import get_language

        language = (get_language() or "zh-hans").lower()
        return self.description_en if language.startswith("en") else self.description_zh

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        if self.active_from and self.active_to and self.active_to < self.active_from:
            raise ValidationError({"active_to": _("The rule must end after it starts.")})

    def is_active_on(self, day) -> bool:
        return is_rule_active_on(self, day)


class PenaltyRuleJoint(models.Model):
    """PTS-2: joint liability (连带责任): extra points a rule charges to the
    offender's nearest superior holding `role`."""

    rule = models.ForeignKey(
        PenaltyRule, on_delete=models.CASCADE, related_name="joints", verbose_name=_("rule")
    )
    role = models.CharField(_("role"), max_length=40, choices=Role.choices)
    points = models.DecimalField(
        _("points deducted"), **POINTS, validators=[MinValueValidator(Decimal("0"))]
    )

    class Meta:
        verbose_name = _("joint liability")
        verbose_name_plural = _("joint liabilities")
        ordering = ["rule", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["rule", "role"], name="penaltyrulejoint_role_once")
        ]

    def __str__(self) -> str:
        return f"{self.rule.code}: {self.get_role_display()} −{self.points}"


class PenaltyEntryQuerySet(StoreScopedQuerySet):
    def in_month(self, month: date) -> PenaltyEntryQuerySet:
        from scoring.rules import next_month

        return self.filter(fact_date__gte=month, fact_date__lt=next_month(month))


class PenaltyEntry(models.Model):
    """PTS-1: one line of the ledger (扣分台账). Append-only: never updated or
    deleted (a database trigger refuses it); a correction or an accepted appeal
    is a reversing entry with the negative points, linked by `reverses`."""

    store = models.ForeignKey(
        Store, on_delete=models.PROTECT, related_name="+", verbose_name=_("store")
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="penalty_entries",
        verbose_name=_("person"),
    )
    rule = models.ForeignKey(
        PenaltyRule, on_delete=models.PROTECT, related_name="entries", verbose_name=_("rule")
    )
    points = models.DecimalField(_("points deducted"), **POINTS)
    fact_date = models.DateField(_("date of the fact"))
    fact_key = models.CharField(
        _("fact"),
        max_length=200,
        blank=True,
        help_text=_("Identifies the fact an automatic check found, so it is recorded once."),
    )
    evidence_type = models.ForeignKey(
        ContentType,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("evidence type"),
    )
    evidence_id = models.PositiveBigIntegerField(_("evidence id"), null=True, blank=True)
    evidence = GenericForeignKey("evidence_type", "evidence_id")
    evidence.verbose_name = _("evidence record")  # GenericForeignKey() takes no verbose_name
    evidence_text = models.CharField(_("evidence"), max_length=300, blank=True)
    note = models.TextField(_("reason"), blank=True)
    source = models.CharField(
        _("source"), max_length=60, help_text=_("manual, or auto:<check> for automatic checks")
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    joint_of = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="joint_entries",
        verbose_name=_("joint liability of"),
    )
    reverses = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reversal",
        verbose_name=_("reverses"),
    )
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    objects = PenaltyEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("penalty entry")
        verbose_name_plural = _("penalty entries")
        ordering = ["-fact_date", "-pk"]
        constraints = [
            # PTS-4: an automatic check records a fact once, never twice.
            models.UniqueConstraint(
                fields=["rule", "person", "fact_key"],
                condition=Q(joint_of__isnull=True, reverses__isnull=True) & ~Q(fact_key=""),
                name="penaltyentry_once_per_fact",
            ),
            models.UniqueConstraint(
                fields=["joint_of", "person"],
                condition=Q(joint_of__isnull=False, reverses__isnull=True),
                name="penaltyentry_joint_once_per_person",
            ),
        ]
        indexes = [
            models.Index(fields=["store", "fact_date"]),
            models.Index(fields=["person", "fact_date"]),
        ]

    def __str__(self) -> str:
        return f"{self.rule.code} {self.person} −{self.points} ({self.fact_date})"

    @property
    def is_reversing(self) -> bool:
        return self.reverses_id is not None

    @property
    def is_automatic(self) -> bool:
        return self.recorded_by_id is None


class PenaltyAppeal(models.Model):
    """PTS-5: the person contests an entry; a manager accepts (the entry is
    reversed, PTS-1) or rejects it with a reason. One appeal per entry."""

    entry = models.OneToOneField(
        PenaltyEntry, on_delete=models.PROTECT, related_name="appeal", verbose_name=_("entry")
    )
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("filed by"),
    )
    reason = models.TextField(_("reason"))
    filed_at = models.DateTimeField(_("filed at"), auto_now_add=True)
    status = models.CharField(
        _("status"), max_length=10, choices=AppealStatus.choices, default=AppealStatus.PENDING
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_reason = models.TextField(_("reason for the decision"), blank=True)

    class Meta:
        verbose_name = _("appeal")
        verbose_name_plural = _("appeals")
        ordering = ["-filed_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.entry} ({self.get_status_display()})"


class WrittenReport(models.Model):
    """What every report with a deadline has: store, author, submission time."""

    store = models.ForeignKey(
        Store, on_delete=models.PROTECT, related_name="+", verbose_name=_("store")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("author"),
    )
    submitted_at = models.DateTimeField(_("submitted at"))
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = StoreScopedQuerySet.as_manager()

    class Meta:
        abstract = True


class ConsultantDailyLog(WrittenReport):
    """RPT-CONSULTANT-LOG: the consultant's daily log (销售顾问工作日志), one
    template, entered by the consultant by 22:00."""

    date = models.DateField(_("date"))
    visits = models.PositiveIntegerField(_("showroom visits"), default=0)
    calls = models.PositiveIntegerField(_("calls"), default=0)
    new_leads = models.PositiveIntegerField(_("new leads"), default=0)
    test_drives = models.PositiveIntegerField(_("test drives"), default=0)
    orders = models.PositiveIntegerField(_("orders"), default=0)
    followups_done = models.PositiveIntegerField(_("follow-ups done"), default=0)
    notes = models.TextField(_("notes"), blank=True)
    plan = models.TextField(_("plan for tomorrow"), blank=True)

    class Meta:
        verbose_name = _("consultant's daily log")
        verbose_name_plural = _("consultants' daily logs")
        ordering = ["-date", "author"]
        constraints = [
            models.UniqueConstraint(fields=["author", "date"], name="consultantlog_once_per_day")
        ]

    def __str__(self) -> str:
        return f"{self.date} {self.author}"


class ManagerDailyLog(WrittenReport):
    """RPT-MGR-LOG: the sales manager's daily log (销售经理工作日志) by 20:00."""

    date = models.DateField(_("date"))
    summary = models.TextField(_("the day's work"))
    problems = models.TextField(_("problems and measures"), blank=True)
    plan = models.TextField(_("plan for tomorrow"), blank=True)

    class Meta:
        verbose_name = _("manager's daily log")
        verbose_name_plural = _("managers' daily logs")
        ordering = ["-date", "author"]
        constraints = [
            models.UniqueConstraint(fields=["author", "date"], name="managerlog_once_per_day")
        ]

    def __str__(self) -> str:
        return f"{self.date} {self.author}"


class MonthlyReport(WrittenReport):
    """RPT-MONTHLY-MGR/SUP/TRN/MKT: last month's results and this month's plan
    (月度总结及计划), due by the 5th."""

    kind = models.CharField(_("kind"), max_length=20, choices=MonthlyReportKind.choices)
    period = models.DateField(_("month summarised"), help_text=_("First day of the month."))
    results = models.TextField(_("results of the month"))
    plan = models.TextField(_("plan for the next month"))

    class Meta:
        verbose_name = _("monthly summary and plan")
        verbose_name_plural = _("monthly summaries and plans")
        ordering = ["-period", "kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["author", "kind", "period"], name="monthlyreport_once_per_month"
            )
        ]

    def __str__(self) -> str:
        return f"{self.period:%Y-%m} {self.get_kind_display()} {self.author}"


class Training(models.Model):
    """TRN-4: a training session (培训) with assessment and summary; at least
    four a month."""

    store = models.ForeignKey(
        Store, on_delete=models.PROTECT, related_name="+", verbose_name=_("store")
    )
    date = models.DateField(_("date"))
    topic = models.CharField(_("topic"), max_length=200)
    trainer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("trainer"),
    )
    attendees = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="+", verbose_name=_("attendees")
    )
    assessment = models.TextField(_("assessment"))
    summary = models.TextField(_("summary"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    objects = StoreScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("training")
        verbose_name_plural = _("trainings")
        ordering = ["-date", "-pk"]

    def __str__(self) -> str:
        return f"{self.date} {self.topic}"


class MarketingEvent(models.Model):
    """RPT-EVENT-KPI: a marketing event (活动) whose KPI analysis is due two
    days after it ends."""

    store = models.ForeignKey(
        Store, on_delete=models.PROTECT, related_name="+", verbose_name=_("store")
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("responsible"),
    )
    name = models.CharField(_("event"), max_length=200)
    end_date = models.DateField(_("end date"))
    analysis = models.TextField(_("KPI analysis"), blank=True)
    analysis_submitted_at = models.DateTimeField(_("analysis submitted at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = StoreScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("marketing event")
        verbose_name_plural = _("marketing events")
        ordering = ["-end_date", "-pk"]

    def __str__(self) -> str:
        return self.name


class CompetitorPrice(models.Model):
    """RPT-COMPETITOR: a competitor's or a nearby city's discount price for a
    model (竞品价格), collected weekly by marketing."""

    store = models.ForeignKey(
        Store, on_delete=models.PROTECT, related_name="+", verbose_name=_("store")
    )
    week = models.DateField(_("week"), help_text=_("Monday of the week."))
    our_model = models.CharField(_("our model"), max_length=100)
    competitor = models.CharField(_("competitor brand and model"), max_length=100)
    city = models.CharField(_("city"), max_length=50)
    discount_price = models.DecimalField(
        _("discount price (yuan)"), max_digits=12, decimal_places=2
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    objects = StoreScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("competitor price")
        verbose_name_plural = _("competitor prices")
        ordering = ["-week", "our_model", "competitor"]
        indexes = [models.Index(fields=["store", "week"])]

    def __str__(self) -> str:
        return f"{self.competitor} {self.city} {self.discount_price}"


class ReportDeadline(models.Model):
    """RPT-*: a report's deadline and reminder as admin-editable data (the
    defaults of RULES.md are loaded by migration 0005). A row without a store
    applies to every store; a row for one store overrides it there."""

    kind = models.CharField(_("report"), max_length=20, choices=ReportDeadlineKind.choices)
    store = models.ForeignKey(
        Store,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("store"),
        help_text=_("Empty: every store without its own row."),
    )
    at = models.TimeField(
        _("deadline time"), null=True, blank=True, help_text=_("Daily logs: the time of day.")
    )
    day = models.PositiveSmallIntegerField(
        _("deadline day"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(28)],
        help_text=_(
            "Monthly summaries and order plan: the day of the month; lost-customer analysis:"
            " the day of the next month; event KPI analysis: days after the event."
        ),
    )
    not_done_after_days = models.PositiveSmallIntegerField(
        _("counts as not done after (days late)"),
        null=True,
        blank=True,
        help_text=_("Monthly summaries: late days charged before it counts as not done."),
    )
    remind_minutes_before = models.PositiveIntegerField(
        _("reminder (minutes before)"), default=60, help_text=_("Daily logs.")
    )
    remind_days_before = models.PositiveSmallIntegerField(
        _("reminders (days before)"),
        default=0,
        help_text=_("Reports due on a day: reminders from this many days before, each morning."),
    )
    target_count = models.PositiveSmallIntegerField(
        _("required number"), null=True, blank=True, help_text=_("TRN-4: trainings a month.")
    )

    class Meta:
        verbose_name = _("report deadline")
        verbose_name_plural = _("report deadlines")
        ordering = ["kind", "store"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind"], condition=Q(store__isnull=True), name="reportdeadline_default_once"
            ),
            models.UniqueConstraint(
                fields=["kind", "store"],
                condition=Q(store__isnull=False),
                name="reportdeadline_store_once",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.store or _('all stores')})"

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        from scoring.rules import DEFAULT_DEADLINES

        default = DEFAULT_DEADLINES[self.kind]
        for name in ("at", "day", "not_done_after_days", "target_count"):
            if getattr(default, name) is not None and getattr(self, name) is None:
                raise ValidationError({name: _("This report needs this value.")})

    def as_setting(self) -> DeadlineSetting:
        return DeadlineSetting(
            at=self.at,
            day=self.day,
            not_done_after_days=self.not_done_after_days,
            remind_minutes_before=self.remind_minutes_before,
            remind_days_before=self.remind_days_before,
            target_count=self.target_count,
        )


from scoring.incentive_models import (  # noqa: E402, F401  (INC-1..4, same app)
    IncentiveAward,
    IncentivePolicy,
    IncentiveTarget,
    PromotionCampaign,
)


class CheckMark(models.Model):
    """How far a periodic check has got for a store (the last day or week it
    judged), so that the next run catches up on the periods a beat outage
    skipped, and a store's first run judges only the latest period."""

    check_name = models.CharField(_("check"), max_length=60)
    store = models.ForeignKey(
        Store, on_delete=models.CASCADE, related_name="+", verbose_name=_("store")
    )
    last_period = models.DateField(_("last period checked"))
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("check progress")
        verbose_name_plural = _("check progress")
        constraints = [
            models.UniqueConstraint(fields=["check_name", "store"], name="checkmark_once")
        ]

    def __str__(self) -> str:
        return f"{self.check_name} {self.store_id} {self.last_period}"
