"""`manage.py check --database default`: warn when a year lacks FU-CARE
holiday dates (the lunar festivals of a year chinesecalendar does not know)."""

from __future__ import annotations

from django.core.checks import Tags, Warning, register
from django.utils import timezone


@register(Tags.database)
def holidays_check(app_configs=None, **kwargs) -> list[Warning]:
    from django.db import DatabaseError

    from followups.holidays import holiday_gaps
    from followups.windows import local_date

    try:
        gaps = holiday_gaps(today=local_date(None, timezone.now()))
    except DatabaseError:  # not migrated yet
        return []
    return [
        Warning(
            f"FU-CARE: {year} has no greeting day for {', '.join(str(label) for label in labels)}",
            hint="Enter them in the admin (Follow-ups > Holidays); greetings skip them until then.",
            id="followups.W001",
        )
        for year, labels in gaps.items()
    ]
