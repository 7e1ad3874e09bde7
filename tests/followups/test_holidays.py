"""FU-CARE holidays as admin-editable data: pre-filled from chinesecalendar,
computed for later years where no announcement is needed, lunar festivals
entered by a manager, a warning while a year lacks some; and birthdays."""

from __future__ import annotations

from datetime import date

import pytest
from django.core import checks

from followups.holidays import holiday_gaps, holidays_fill
from followups.models import Followup, FollowupPolicy, Holiday
from followups.rules import HolidaySource, Kind
from tests.followups.conftest import sh
from tests.sales.factories import CustomerFactory

pytestmark = pytest.mark.django_db


def _rows(year: int) -> dict[str, tuple[date, str]]:
    return {h.key: (h.day, h.source) for h in Holiday.objects.filter(year=year)}


def _care_slots() -> set[str]:
    return set(Followup.objects.filter(kind=Kind.CARE).values_list("slot", flat=True))


@pytest.fixture
def owner(consultant_a):
    return CustomerFactory(consultant=consultant_a, grade="D", birthday=date(1985, 6, 20))


def test_fu_care_holidays_prefilled_from_chinesecalendar():
    assert _rows(2025) == {
        "new_years_day": (date(2025, 1, 1), "library"),
        "spring_festival": (date(2025, 1, 28), "library"),
        "tomb_sweeping_day": (date(2025, 4, 4), "library"),
        "labour_day": (date(2025, 5, 1), "library"),
        "dragon_boat_festival": (date(2025, 5, 31), "library"),
        "mid_autumn_festival": (date(2025, 10, 6), "library"),
        "national_day": (date(2025, 10, 1), "library"),
    }
    # The 2019 New Year's break began on 30 December 2018: it is 2019's holiday.
    assert Holiday.objects.get(key="new_years_day", year=2019).day == date(2018, 12, 30)
    # All seven every year since 2008 (Qingming, Dragon Boat, Mid-autumn became
    # statutory holidays that year), but 2020, when Mid-autumn fell on 1 October.
    assert Holiday.objects.filter(year__range=(2008, 2026)).count() == 19 * 7 - 1
    assert not Holiday.objects.filter(year=2020, key="mid_autumn_festival").exists()


def test_fu_care_fixed_dates_and_qingming_computed_for_a_year_the_library_lacks():
    Holiday.objects.filter(year=2028).delete()
    assert holidays_fill(years=[2028]) == 4
    assert _rows(2028) == {
        "new_years_day": (date(2028, 1, 1), "computed"),
        "tomb_sweeping_day": (date(2028, 4, 4), "computed"),  # solar term 清明
        "labour_day": (date(2028, 5, 1), "computed"),
        "national_day": (date(2028, 10, 1), "computed"),
    }
    assert holidays_fill(years=[2028]) == 0  # idempotent


def test_fu_care_a_managers_correction_is_never_overwritten():
    Holiday.objects.filter(key="labour_day", year=2027).update(
        day=date(2027, 5, 2), source=HolidaySource.MANUAL
    )
    holidays_fill(years=[2027])
    assert _rows(2027)["labour_day"] == (date(2027, 5, 2), "manual")


def test_fu_care_greetings_go_on_in_2027_from_the_holiday_table(owner, scan):
    scan(sh(2026, 12, 29, 10))  # the scan fills 2027's fixed dates itself
    assert _care_slots() == {"care:new_years_day:2027"}
    task = Followup.objects.get(kind=Kind.CARE)
    assert (task.due_from, task.due_by, task.title) == (sh(2026, 12, 31), sh(2027, 1, 2), "元旦")


def test_fu_care_lunar_festival_entered_in_the_admin_is_greeted(owner, login, manager, scan):
    client = login(manager)
    response = client.post(
        "/admin/followups/holiday/add/",
        {"key": "spring_festival", "year": "2027", "day": "2027-02-06", "is_active": "on"},
    )
    assert response.status_code == 302, response.content.decode()[:1500]
    assert _rows(2027)["spring_festival"] == (date(2027, 2, 6), "manual")
    scan(sh(2027, 2, 2, 10))
    assert "care:spring_festival:2027" not in _care_slots()
    scan(sh(2027, 2, 3, 10))
    task = Followup.objects.get(slot="care:spring_festival:2027")
    assert (task.customer, task.due_from, task.due_by) == (owner, sh(2027, 2, 5), sh(2027, 2, 7))


def test_fu_care_moving_a_holiday_does_not_greet_twice(owner, scan):
    scan(sh(2025, 1, 26, 10))
    assert _care_slots() == {"care:spring_festival:2025"}
    Holiday.objects.filter(key="spring_festival", year=2025).update(day=date(2025, 1, 29))
    scan(sh(2025, 1, 27, 10))
    assert Followup.objects.filter(kind=Kind.CARE).count() == 1


def test_fu_care_holiday_switched_off_is_not_greeted(owner, scan):
    Holiday.objects.filter(key="labour_day", year=2025).update(is_active=False)
    scan(sh(2025, 4, 29, 10))
    assert _care_slots() == set()


def test_fu_care_missing_lunar_festivals_warned_on_the_compliance_page(travel, login, manager):
    travel(sh(2026, 11, 25, 10))
    page = login(manager).get("/followups/compliance/").content.decode()
    warning = page.split('data-warning="holidays"')[1].split("</a>")[0]
    assert "2027" in warning
    assert "春节、端午节、中秋节" in warning
    assert "/admin/followups/holiday/" in warning


def test_fu_care_missing_holidays_warned_in_the_admin_and_by_check(travel, login, manager):
    travel(sh(2026, 11, 25, 10))
    page = login(manager).get("/admin/followups/holiday/").content.decode()
    assert "2027 年还没有以下节日的问候日期：春节、端午节、中秋节" in page
    found = checks.run_checks(tags=[checks.Tags.database], databases=["default"])
    assert [(m.id, m.msg) for m in found if m.id.startswith("followups")] == [
        (
            "followups.W001",
            "FU-CARE: 2027 has no greeting day for 春节, 端午节, 中秋节",
        )
    ]


def test_fu_care_no_warning_once_the_year_is_complete(travel, login, manager):
    travel(sh(2026, 11, 25, 10))
    for key, day in (
        ("spring_festival", date(2027, 2, 6)),
        ("dragon_boat_festival", date(2027, 6, 9)),
        ("mid_autumn_festival", date(2027, 9, 15)),
    ):
        Holiday.objects.create(key=key, year=2027, day=day)
    assert holiday_gaps(today=date(2026, 11, 25)) == {}
    page = login(manager).get("/followups/compliance/").content.decode()
    assert 'data-warning="holidays"' not in page


def test_fu_care_next_year_not_warned_before_september():
    assert holiday_gaps(today=date(2026, 6, 1)) == {}
    assert 2027 in holiday_gaps(today=date(2026, 9, 5))


def test_fu_care_birthday_across_the_new_year(consultant_a, scan):
    customer = CustomerFactory(consultant=consultant_a, grade="D", birthday=date(1990, 1, 1))
    Holiday.objects.filter(key="new_years_day", year=2027).update(is_active=False)
    scan(sh(2026, 12, 29, 10))
    task = Followup.objects.get(customer=customer, kind=Kind.CARE)
    assert (task.slot, task.due_from, task.due_by, task.title) == (
        "care:birthday:2027-01-01",
        sh(2026, 12, 31),
        sh(2027, 1, 2),
        "生日",
    )


def test_fu_care_birthday_once_a_year_and_only_for_owners(owner, consultant_a, scan):
    CustomerFactory(consultant=consultant_a, grade="B", birthday=date(1985, 6, 20))
    scan(sh(2025, 6, 18, 10))
    scan(sh(2025, 6, 19, 10))
    scan(sh(2025, 6, 20, 10))
    assert list(Followup.objects.filter(kind=Kind.CARE).values_list("customer", "slot")) == [
        (owner.pk, "care:birthday:2025-06-20")
    ]
    FollowupPolicy.objects.create(store=owner.store, care_lead_days=2)
    scan(sh(2026, 6, 18, 10))
    birthdays = {slot for slot in _care_slots() if slot.startswith("care:birthday:")}
    assert birthdays == {"care:birthday:2025-06-20", "care:birthday:2026-06-20"}


def test_org_1_followup_policy_of_another_store_cannot_be_added(login, manager, other_store):
    """A store's manager sets their own store's follow-up policy, not another's."""
    from django.urls import reverse

    from followups.models import FollowupPolicy

    response = login(manager).post(
        reverse("admin:followups_followuppolicy_add"),
        {
            "store": other_store.pk,
            "staff_sms_reminders": "on",
            "reminder_hour": "9",
            "care_lead_days": "3",
            "dms_due_days": "2",
        },
    )
    assert response.status_code == 200
    assert "store" in response.context["adminform"].form.errors
    assert not FollowupPolicy.objects.filter(store=other_store).exists()
