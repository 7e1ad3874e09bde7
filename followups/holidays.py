"""FU-CARE holidays: the Holiday table (admin-editable data), how it is filled
and how a manager is told that a year still lacks holidays.

chinesecalendar carries the State Council's announced holiday calendar, one
year at a time (1.11.0 knows 2004-2026), and the 24 solar terms for any year;
it has no lunar conversion. So for a year it knows, every holiday's first day
off comes from it; for a later year the fixed-date holidays (元旦, 劳动节,
国庆节) and Tomb-sweeping Day (清明, a solar term) are computed, and the
lunar festivals (春节, 端午, 中秋) wait for a manager to enter them: the
compliance page, the admin and `manage.py check --database default` warn
until they are there, so greetings never stop silently."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from functools import lru_cache

from django.db import transaction

from followups.models import Holiday
from followups.rules import (
    FIXED_DATE_HOLIDAYS,
    HOLIDAY_WARNING_LEAD_DAYS,
    HolidayKey,
    HolidaySource,
)

# A holiday that resumes within this many days (National Day after a
# Mid-autumn day inside the same break) does not begin again.
LOOKBACK_DAYS = 14


# --- what the library knows --------------------------------------------------


def library_years() -> range:
    """The years chinesecalendar has the announced holiday calendar of."""
    import chinese_calendar

    days = chinese_calendar.holidays.keys()
    return range(min(days).year, max(days).year + 1)


@lru_cache(maxsize=64)
def library_holidays(year: int) -> dict[str, date]:
    """{holiday key: first day off} of the holidays of `year` in the
    State Council calendar ({} for a year the library does not know). The
    break of New Year's Day may begin on 30 December of the year before."""
    import chinese_calendar

    if year not in library_years():
        return {}
    names = {day: chinese_calendar.Holiday(name).name for day, name in _library_days()}
    found: dict[str, date] = {}
    for day in sorted(names):
        key = names[day]
        if key not in HolidayKey.values or _festival_year(day) != year:
            continue  # one-off holidays (the 2015 anniversary) are not greeted
        recent = {names.get(day - timedelta(days=back)) for back in range(1, LOOKBACK_DAYS + 1)}
        if key not in recent:
            found.setdefault(key, day)
    return found


def _library_days():
    import chinese_calendar

    return chinese_calendar.holidays.items()


def _festival_year(first_day_off: date) -> int:
    return first_day_off.year + 1 if first_day_off.month == 12 else first_day_off.year


def computed_holidays(year: int) -> dict[str, date]:
    """The holidays of `year` that need no announcement: the fixed-date ones
    on their day and Tomb-sweeping Day on the solar term 清明."""
    import chinese_calendar

    found = {key: date(year, month, day) for key, (month, day) in FIXED_DATE_HOLIDAYS.items()}
    terms = chinese_calendar.get_solar_terms(date(year, 4, 1), date(year, 4, 30))
    qingming = [day for day, name in terms if name == "清明"]
    if qingming:
        found[HolidayKey.TOMB_SWEEPING_DAY] = qingming[0]
    return found


def holiday_defaults(year: int) -> tuple[str, dict[str, date]]:
    """(source, {key: day}) of the rows `year` starts with."""
    known = library_holidays(year)
    if known:
        return HolidaySource.LIBRARY, known
    return HolidaySource.COMPUTED, computed_holidays(year)


# --- services ------------------------------------------------------------------


@transaction.atomic
def holidays_fill(*, years: Iterable[int]) -> int:
    """FU-CARE: create the holiday rows missing for `years` (never changes a
    row that exists: a manager's correction stays). One query when nothing is
    missing. Returns how many were created."""
    years = sorted(set(years))
    existing = set(Holiday.objects.filter(year__in=years).values_list("key", "year"))
    rows = []
    for year in years:
        source, days = holiday_defaults(year)
        rows += [
            Holiday(key=key, year=year, day=day, source=source)
            for key, day in days.items()
            if (key, year) not in existing
        ]
    if rows:
        Holiday.objects.bulk_create(rows, ignore_conflicts=True)
    return len(rows)


def holidays_install_defaults(*, today: date) -> int:
    """For sync_defaults: every year the library knows, this year and the next."""
    return holidays_fill(years=[*library_years(), today.year, today.year + 1])


# --- selectors -------------------------------------------------------------------


def holiday_list_on(days: Iterable[date]) -> list[Holiday]:
    """The active holidays whose greeting day is among `days`."""
    return list(Holiday.objects.filter(day__in=list(days), is_active=True).order_by("day", "key"))


def holiday_gaps(*, today: date) -> dict[int, list[str]]:
    """{year: [labels of statutory holidays without a row]} for this year and,
    once it begins within HOLIDAY_WARNING_LEAD_DAYS, the next. Empty when every
    holiday is there (a row switched off on purpose counts as there)."""
    years = sorted({today.year, (today + timedelta(days=HOLIDAY_WARNING_LEAD_DAYS)).year})
    have = set(Holiday.objects.filter(year__in=years).values_list("key", "year"))
    gaps = {
        year: [key.label for key in HolidayKey if (key.value, year) not in have] for year in years
    }
    return {year: labels for year, labels in gaps.items() if labels}
