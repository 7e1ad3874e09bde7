"""'Today' and deadlines are in the store's time zone (Asia/Shanghai by default)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.utils import timezone


def store_tz(store) -> ZoneInfo:
    return ZoneInfo(getattr(store, "time_zone", None) or "Asia/Shanghai")


def stores_by_time_zone(stores) -> list[list]:
    """The stores grouped by their time zone, in first-seen order: stores of
    one zone share a day and its bounds, so one query serves them all (every
    store in China is in one group)."""
    zones: dict[str, list] = {}
    for store in stores:
        zones.setdefault(str(store_tz(store)), []).append(store)
    return list(zones.values())


def store_clock(store):
    """The store's time zone as the current one, for a block of queries whose
    day lookups (``at__date``, TruncDate) must count the store's days, not the
    settings' (a store in another zone than Asia/Shanghai)."""
    return timezone.override(store_tz(store))


def store_now(store) -> datetime:
    return timezone.now().astimezone(store_tz(store))


def store_today(store) -> date:
    return store_now(store).date()


def store_day_bounds(store, day: date) -> tuple[datetime, datetime]:
    """[start, end) of a calendar day in the store's time zone, as aware datetimes."""
    tz = store_tz(store)
    start = datetime.combine(day, time.min, tzinfo=tz)
    return start, start + timedelta(days=1)


def store_aware(store, naive: datetime) -> datetime:
    """A wall-clock time typed in the store (no zone given), on its clock."""
    return naive.replace(tzinfo=store_tz(store))


def store_datetime(store, day: date, at: time) -> datetime:
    """A wall-clock time on a day in the store (e.g. the 22:00 deadline)."""
    return datetime.combine(day, at, tzinfo=store_tz(store))


def week_start(day: date) -> date:
    """Monday of the day's week."""
    return day - timedelta(days=day.weekday())


def store_time_text(store, moment: datetime) -> str:
    """A moment as the store's wall clock shows it ("2025-03-10 14:05"), for
    messages: the store's time zone, whatever the request's."""
    return moment.astimezone(store_tz(store)).strftime("%Y-%m-%d %H:%M")
