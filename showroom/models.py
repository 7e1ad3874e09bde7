"""Showroom (RULES.md section 5): the daily opening checklists (SHW-DISPLAY,
SHW-TESTCAR, SHW-ENV, 5S), display-car spots, and the front-desk rota with its
findings (SHW-DESK, SHW-GREET)."""

from __future__ import annotations

from pathlib import PurePath

from django.conf import settings
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from dealership.models import Store, StoreScopedQuerySet
from dealership.rules import SalesGroup
from showroom.rules import PHOTO_NAME_KEEP, ChecklistKind, CheckResult, DeskIncidentKind

User = settings.AUTH_USER_MODEL


class ChecklistItem(models.Model):
    """An item of the morning checklist (展厅管理细则), admin-editable data."""

    code = models.SlugField(_("code"), max_length=30, unique=True)
    kind = models.CharField(_("checked on"), max_length=20, choices=ChecklistKind.choices)
    text = models.CharField(_("item"), max_length=200)
    text_en = models.CharField(_("item (English)"), max_length=200, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    is_active = models.BooleanField(_("in use"), default=True)
    blocks_test_drive = models.BooleanField(
        _("failure makes the test car not ready"),
        default=False,
        help_text=_("Test-drive cars only: no fuel, battery flat, dirty, papers expired."),
    )

    class Meta:
        verbose_name = _("checklist item")
        verbose_name_plural = _("checklist items")
        ordering = ["kind", "position", "pk"]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        """The item in the active language (Chinese unless English is chosen)."""
        language = get_language() or ""
        if language.startswith("en") and self.text_en:
            return self.text_en
        return self.text


class ShowroomSpot(models.Model):
    """A display position on the showroom floor (展位) and the stock car on it."""

    store = models.ForeignKey(Store, on_delete=models.PROTECT, verbose_name=_("store"))
    code = models.SlugField(_("code"), max_length=20)
    name = models.CharField(_("name"), max_length=50)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    is_active = models.BooleanField(_("in use"), default=True)
    vehicle = models.OneToOneField(
        "inventory.Vehicle",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="showroom_spot",
        verbose_name=_("display car"),
    )

    objects = StoreScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("showroom spot")
        verbose_name_plural = _("showroom spots")
        ordering = ["store", "position", "code"]
        constraints = [
            models.UniqueConstraint(fields=["store", "code"], name="showroom_spot_code_per_store")
        ]

    def __str__(self) -> str:
        return self.name


class ChecklistRun(models.Model):
    """One store's morning check of one day (每日上班前例行检查); exactly one."""

    store = models.ForeignKey(Store, on_delete=models.PROTECT, verbose_name=_("store"))
    day = models.DateField(_("day"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    signed_off_at = models.DateTimeField(_("signed off at"), null=True, blank=True)
    signed_off_by = models.ForeignKey(
        User,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("signed off by"),
    )

    objects = StoreScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("morning check")
        verbose_name_plural = _("morning checks")
        ordering = ["-day", "store"]
        constraints = [
            models.UniqueConstraint(fields=["store", "day"], name="checklist_run_once_per_day")
        ]

    def __str__(self) -> str:
        return f"{self.store} {self.day:%Y-%m-%d}"

    @property
    def is_signed_off(self) -> bool:
        return self.signed_off_at is not None


def check_photo_path(instance: RunCheck, filename: str) -> str:
    """showroom/<store>/<yyyy/mm/dd>/<the phone's name, cut to PHOTO_NAME_KEEP>."""
    stem, dot, extension = PurePath(filename).name.rpartition(".")
    if not dot:
        stem, extension = extension, ""
    name = stem[:PHOTO_NAME_KEEP] + (f".{extension[:10]}" if extension else "")
    return f"showroom/{instance.run.store_id}/{instance.run.day:%Y/%m/%d}/{name}"


class RunCheck(models.Model):
    """One item checked on one subject (a display car, a test car, or the
    showroom) in a run: pass or fail; a failure has a note or a photo and
    names the responsible person."""

    run = models.ForeignKey(
        ChecklistRun, on_delete=models.CASCADE, related_name="checks", verbose_name=_("run")
    )
    item = models.ForeignKey(ChecklistItem, on_delete=models.PROTECT, verbose_name=_("item"))
    vehicle = models.ForeignKey(
        "inventory.Vehicle",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("display car"),
    )
    test_car = models.ForeignKey(
        "sales.TestCar",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("test-drive car"),
    )
    result = models.CharField(_("result"), max_length=4, choices=CheckResult.choices, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)
    photo = models.FileField(_("photo"), upload_to=check_photo_path, blank=True)
    responsible = models.ForeignKey(
        User,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("responsible"),
    )
    checked_by = models.ForeignKey(
        User,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("checked by"),
    )
    checked_at = models.DateTimeField(_("checked at"), null=True, blank=True)
    fixed_at = models.DateTimeField(_("fixed at"), null=True, blank=True)
    fixed_by = models.ForeignKey(
        User,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("fixed by"),
    )

    class Meta:
        verbose_name = _("checked item")
        verbose_name_plural = _("checked items")
        ordering = ["run", "item__kind", "vehicle", "test_car", "item__position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["run", "item", "vehicle", "test_car"],
                name="run_check_once_per_subject",
                nulls_distinct=False,
            ),
            models.CheckConstraint(
                condition=~models.Q(result=CheckResult.FAIL) | models.Q(responsible__isnull=False),
                name="run_check_fail_names_responsible",
            ),
        ]
        indexes = [models.Index(fields=["run", "result"])]

    def __str__(self) -> str:
        return f"{self.item} {self.subject}"

    @property
    def subject(self) -> str:
        return str(self.vehicle or self.test_car or "")

    @property
    def is_open_fault(self) -> bool:
        """Failed and not fixed yet (a test car stays not ready meanwhile)."""
        return self.result == CheckResult.FAIL and self.fixed_at is None


class DeskShift(models.Model):
    """SHW-DESK: two consultants of a group standing at the front desk (前台站岗)
    for a time slot of a day, on the sales manager's rota."""

    store = models.ForeignKey(Store, on_delete=models.PROTECT, verbose_name=_("store"))
    day = models.DateField(_("day"))
    starts_at = models.TimeField(_("from"))
    ends_at = models.TimeField(_("until"))
    sales_group = models.CharField(_("sales group"), max_length=1, choices=SalesGroup.choices)
    first = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="+", verbose_name=_("consultant 1")
    )
    second = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="+", verbose_name=_("consultant 2")
    )
    planned_by = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="+", verbose_name=_("planned by")
    )

    objects = StoreScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("front-desk shift")
        verbose_name_plural = _("front-desk rota")
        ordering = ["day", "starts_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["store", "day", "starts_at"], name="desk_shift_once_per_slot"
            ),
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")), name="desk_shift_ends_later"
            ),
            models.CheckConstraint(
                condition=~models.Q(first=models.F("second")), name="desk_shift_two_people"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.day:%Y-%m-%d} {self.starts_at:%H:%M}-{self.ends_at:%H:%M}"

    @property
    def standing_ids(self) -> tuple[int, int]:
        return (self.first_id, self.second_id)


class DeskIncident(models.Model):
    """SHW-DESK / SHW-GREET: a finding of a manager or supervisor at the front
    desk: a vacancy, a customer nobody received, a greeting not given."""

    store = models.ForeignKey(Store, on_delete=models.PROTECT, verbose_name=_("store"))
    kind = models.CharField(_("finding"), max_length=20, choices=DeskIncidentKind.choices)
    shift = models.ForeignKey(
        DeskShift,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="incidents",
        verbose_name=_("shift"),
    )
    person = models.ForeignKey(
        User,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("person"),
    )
    # SHW-DESK "展厅有空闲顾问…全员一起扣分": the consultants the finder saw
    # idle in the showroom while the customer went unreceived.
    idle = models.ManyToManyField(
        User, blank=True, related_name="+", verbose_name=_("idle consultants present")
    )
    occurred_at = models.DateTimeField(_("when"))
    note = models.CharField(_("note"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="+", verbose_name=_("recorded by")
    )
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    objects = StoreScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("front-desk finding")
        verbose_name_plural = _("front-desk findings")
        ordering = ["-occurred_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.occurred_at:%Y-%m-%d %H:%M}"
