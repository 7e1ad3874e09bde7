"""The daily opening check (SHW-DISPLAY, SHW-TESTCAR, SHW-ENV and 5S): one run
per store and day, items ticked by a manager or supervisor, signed off; each
failed item becomes a −1 violation of the responsible person."""

from __future__ import annotations

from datetime import date, datetime

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from dealership.errors import ConflictError, DomainError
from dealership.models import Store, User
from dealership.services import message, require_store
from dealership.timeutil import store_datetime, store_tz
from sales.models import TestCar
from scoring.services import violation_record
from showroom.models import ChecklistItem, ChecklistRun, RunCheck, ShowroomSpot
from showroom.rules import (
    CHECKER_ROLES,
    DEFAULT_CHECKLIST_ITEMS,
    KIND_RULE_CODES,
    TEST_DRIVE_BLOCKING_ITEMS,
    ChecklistKind,
    CheckResult,
)
from showroom.services.common import notify_managers, require_role, require_staff_of


@transaction.atomic
def checklist_defaults_install() -> int:
    """SHW-*: put back the default checklist items that are missing; never
    overwrites an item a manager edited (the data migration loads the same)."""
    created = 0
    for position, (code, kind, text, text_en) in enumerate(DEFAULT_CHECKLIST_ITEMS, start=1):
        _obj, new = ChecklistItem.objects.get_or_create(
            code=code,
            defaults={
                "kind": kind,
                "text": text,
                "text_en": text_en,
                "position": position * 10,
                "blocks_test_drive": code in TEST_DRIVE_BLOCKING_ITEMS,
            },
        )
        created += new
    return created


@transaction.atomic
def run_create(*, store: Store, day: date) -> tuple[ChecklistRun, bool]:
    """SHW-*: the store's one run of the day with a row per item and subject
    (each display car on a spot, each test car in service, the showroom).
    Safe to run twice and from two workers: the unique constraints decide."""
    run, created = ChecklistRun.objects.get_or_create(store=store, day=day)
    if run.signed_off_at is None:
        _checks_fill(run)
    return run, created


def _checks_fill(run: ChecklistRun) -> None:
    items = list(ChecklistItem.objects.filter(is_active=True))
    display_cars = list(
        ShowroomSpot.objects.filter(store=run.store, is_active=True, vehicle__isnull=False)
        .order_by("position")
        .values_list("vehicle_id", flat=True)
    )
    test_cars = list(
        TestCar.objects.filter(store=run.store, is_active=True).values_list("pk", flat=True)
    )
    rows = []
    for item in items:
        if item.kind == ChecklistKind.DISPLAY_CAR:
            rows += [RunCheck(run=run, item=item, vehicle_id=pk) for pk in display_cars]
        elif item.kind == ChecklistKind.TEST_CAR:
            rows += [RunCheck(run=run, item=item, test_car_id=pk) for pk in test_cars]
        else:
            rows.append(RunCheck(run=run, item=item))
    RunCheck.objects.bulk_create(rows, ignore_conflicts=True)


def runs_create_for_today(*, at: datetime | None = None) -> int:
    """The 07:30 beat job: today's run for every active store; returns how
    many were new (0 when run again)."""
    at = at or timezone.now()
    created = 0
    for store in Store.objects.filter(is_active=True):
        day = timezone.localtime(at, timezone=store_tz(store)).date()
        _run, new = run_create(store=store, day=day)
        created += new
    return created


def _lock_run(run_id: int) -> ChecklistRun:
    return (
        ChecklistRun.objects.select_for_update(of=("self",)).select_related("store").get(pk=run_id)
    )


def _require_checker(by: User, store: Store) -> None:
    require_role(
        by, CHECKER_ROLES, _("Only the sales manager or a supervisor checks the showroom.")
    )
    require_store(by, store)


@transaction.atomic
def run_check_record(
    *,
    check: RunCheck,
    result: str,
    by: User,
    note: str = "",
    responsible: User | None = None,
    photo: UploadedFile | None = None,
) -> RunCheck:
    """SHW-*: tick one item pass or fail. A failure takes a note or a photo and
    names the responsible person (who loses 1 point at sign-off)."""
    run = _lock_run(check.run_id)
    _require_checker(by, run.store)
    if run.signed_off_at is not None:
        raise ConflictError("RUN_SIGNED_OFF", _("This check is signed off and cannot change."))
    check = RunCheck.objects.select_for_update().get(pk=check.pk)
    note = note.strip()
    if result == CheckResult.FAIL:
        _validate_failure(run=run, note=note, photo=photo, responsible=responsible)
    elif result != CheckResult.PASS:
        raise DomainError("RESULT_REQUIRED", _("Choose pass or fail."), field="result")
    check.result = result
    check.note = note
    check.responsible = responsible if result == CheckResult.FAIL else None
    if photo is not None and result == CheckResult.FAIL:
        check.photo = photo
    elif result == CheckResult.PASS:
        check.photo = ""
    check.checked_by = by
    check.checked_at = timezone.now()
    check.fixed_at = None
    check.fixed_by = None
    check.save()
    return check


@transaction.atomic
def run_check_fix(*, check: RunCheck, by: User) -> RunCheck:
    """SHW-TESTCAR / LEAD-6: a failed item is put right (refuelled, charged,
    cleaned): the manager or a supervisor marks it fixed, also after sign-off,
    so the test car is ready again. The violation of the failure stays (PTS-1)."""
    run = ChecklistRun.objects.select_related("store").get(pk=check.run_id)
    _require_checker(by, run.store)
    check = RunCheck.objects.select_for_update().get(pk=check.pk)
    if check.result != CheckResult.FAIL:
        raise ConflictError("CHECK_NOT_FAILED", _("Only a failed item can be marked fixed."))
    if check.fixed_at is not None:
        raise ConflictError("ALREADY_FIXED", _("This item is already marked fixed."))
    check.fixed_at = timezone.now()
    check.fixed_by = by
    check.save(update_fields=["fixed_at", "fixed_by"])
    return check


def _validate_failure(*, run, note: str, photo, responsible: User | None) -> None:
    if not note and photo is None:
        raise DomainError(
            "FAIL_NEEDS_EVIDENCE", _("Describe the fault or add a photo."), field="note"
        )
    if responsible is None:
        raise DomainError(
            "RESPONSIBLE_REQUIRED", _("Name the person responsible."), field="responsible"
        )
    require_staff_of(responsible, run.store, "responsible")


@transaction.atomic
def run_sign_off(*, run: ChecklistRun, by: User) -> ChecklistRun:
    """SHW-*: the checker signs the run off once every item is ticked; each
    failed item then becomes a violation (−1) of its responsible person and the
    managers are told of the failures."""
    run = _lock_run(run.pk)
    _require_checker(by, run.store)
    if run.signed_off_at is not None:
        raise ConflictError("ALREADY_SIGNED_OFF", _("This check is already signed off."))
    open_items = run.checks.filter(result="").count()
    if open_items:
        raise DomainError(
            "RUN_INCOMPLETE",
            _("%(count)d items are not checked yet.") % {"count": open_items},
        )
    run.signed_off_at = timezone.now()
    run.signed_off_by = by
    run.save(update_fields=["signed_off_at", "signed_off_by"])
    failed = list(
        run.checks.filter(result=CheckResult.FAIL).select_related(
            "item", "vehicle", "test_car", "responsible"
        )
    )
    for check in failed:
        _violation(run=run, check=check)
    if failed:
        _notify_failures(run=run, count=len(failed))
    return run


def _violation(*, run: ChecklistRun, check: RunCheck) -> None:
    violation_record(
        store=run.store,
        person=check.responsible,
        rule_code=KIND_RULE_CODES[check.item.kind],
        fact_date=run.day,
        fact_key=f"run-check:{check.pk}",
        evidence=check,
        note=" · ".join(filter(None, [check.item.text, check.subject, check.note]))[:300],
        source="auto:showroom_morning_check",
    )


def _notify_failures(*, run: ChecklistRun, count: int) -> None:
    notify_managers(
        store=run.store,
        key=f"showroom-run-failed:{run.pk}",
        title=message(
            gettext_noop("Morning check %(day)s: %(count)d items failed"),
            day=f"{run.day:%Y-%m-%d}",
            count=count,
        ),
        url=reverse("showroom:run_detail", args=[run.pk]),
    )


def runs_overdue_check(*, at: datetime | None = None) -> int:
    """SHW-*: after the store's sign-off time (SalesPolicy, 10:00 by default;
    store clock), tell the managers of each store whose morning check is
    missing or not signed off (once per store and day; beat every 15 min)."""
    from sales.services import sales_policy_for

    at = at or timezone.now()
    sent = 0
    for store in Store.objects.filter(is_active=True):
        day = timezone.localtime(at, timezone=store_tz(store)).date()
        due_at = sales_policy_for(store).morning_check_due_at
        if at < store_datetime(store, day, due_at) or not store.is_live_on(day):
            continue  # not due yet, or before the store's first day on the system
        run = ChecklistRun.objects.filter(store=store, day=day).first()
        if run is not None and run.signed_off_at is not None:
            continue
        sent += notify_managers(
            store=store,
            key=f"showroom-run-missing:{store.pk}:{day:%Y-%m-%d}",
            title=message(
                gettext_noop("The morning check of %(day)s is not signed off"),
                day=f"{day:%Y-%m-%d}",
            ),
            url=reverse("showroom:run_list"),
        )
    return sent


def run_open(*, store: Store, day: date, by: User) -> ChecklistRun:
    """SHW-*: a checker starts the day's run by hand when the 07:30 job has
    not (yet) created it; returns the existing one otherwise."""
    _require_checker(by, store)
    run, _created = run_create(store=store, day=day)
    return run
