"""Pure date arithmetic of follow-ups: due windows in the store's time zone,
first-service dates (FU-MAINT) and birthdays (FU-CARE; the holidays are
data: followups/holidays.py)."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from dateutil.relativedelta import relativedelta

from dealership.timeutil import store_day_bounds, store_tz


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
