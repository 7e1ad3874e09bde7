"""Pure date arithmetic of follow-ups: due windows in the store's time zone,
first-service dates (FU-MAINT) and Chinese statutory holidays (FU-CARE)."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import date, datetime, timedelta
from functools import lru_cache

from dateutil.relativedelta import relativedelta

from dealership.timeutil import store_day_bounds, store_tz

logger = logging.getLogger(__name__)


def due_window(rule, *, store, anchor: datetime) -> tuple[datetime, datetime]:
    """[due_from, due_by) of a rule's task counted from `anchor`.

    Hour-based rules (FU-DLV-2H, FU-O) count hours from the event itself.
    Day-based rules count whole days in the store's time zone: the window
    opens at local midnight of (anchor day + start days) and closes at the end
    of (anchor day + end days), so a call at 23:50 and one at 00:10 the next
    morning are a day apart, as the store sees it."""
    if rule.window_end_hours is not None:
        start = anchor + timedelta(hours=rule.window_start_hours or 0)
        return start, anchor + timedelta(hours=rule.window_end_hours)
    day = anchor.astimezone(store_tz(store)).date()
    return day_window(rule, store=store, day=day)


def day_window(rule, *, store, day: date) -> tuple[datetime, datetime]:
    """The day-based window around a local calendar day (FU-MAINT, FU-CARE)."""
    start, _end = store_day_bounds(store, day + timedelta(days=rule.window_start_days))
    _start, end = store_day_bounds(store, day + timedelta(days=rule.window_end_days))
    return start, end


def local_date(store, moment: datetime) -> date:
    return moment.astimezone(store_tz(store)).date()


def first_service_date(delivered_on: date, months: int) -> date:
    """FU-MAINT: the first service (首保) falls `months` after delivery (the
    end of a shorter month when the day does not exist: 30 Nov + 3 → 28 Feb)."""
    return delivered_on + relativedelta(months=months)


def birthday_in_year(birthday: date, year: int) -> date:
    """FU-CARE: the birthday in a given year; 29 February is kept on the 28th."""
    try:
        return birthday.replace(year=year)
    except ValueError:
        return date(year, 2, 28)


HOLIDAY_LOOKBACK_DAYS = 14


def holiday_starts(days: Iterable[date]) -> list[tuple[date, str]]:
    """FU-CARE: the days among `days` on which a Chinese statutory holiday
    (法定节假日, lunar ones included) begins, with the holiday's key
    (spring_festival, national_day, ...). A holiday that resumes after another
    one inside the same break (National Day around Mid-autumn) does not begin
    again. Uses `chinesecalendar`, which knows the State Council's announced
    calendar; a year it does not know yet is skipped with a warning rather than
    guessed."""
    starts: list[tuple[date, str]] = []
    for day in days:
        try:
            name = holiday_name(day)
            recent = {
                holiday_name(day - timedelta(days=back))
                for back in range(1, HOLIDAY_LOOKBACK_DAYS + 1)
            }
        except NotImplementedError:
            logger.warning("chinesecalendar has no holiday data around %s", day)
            continue
        if name and name not in recent:
            starts.append((day, name))
    return starts


@lru_cache(maxsize=1024)
def holiday_name(day: date) -> str | None:
    """The key of the statutory holiday the day is part of (None on workdays,
    ordinary weekends and 调休 make-up workdays)."""
    import chinese_calendar

    on_holiday, name = chinese_calendar.get_holiday_detail(day)
    if not on_holiday or not name:
        return None
    return chinese_calendar.Holiday(name).name
