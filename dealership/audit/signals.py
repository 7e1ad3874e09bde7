"""Each historical row carries a one-line summary of what changed, computed
when it is written, so the audit lists need no query per row."""

from __future__ import annotations

from typing import Any

from django.db import models

#: Longest summary kept (history_change_reason is a 100-character field).
SUMMARY_LENGTH = 100


def _value(instance: models.Model, field: models.Field) -> Any:
    return getattr(instance, field.attname)


def changes_summary(*, previous: models.Model | None, current: models.Model) -> str:
    """`field: old → new; ...` for the tracked fields that differ from the
    previous historical row (empty for a new object)."""
    if previous is None:
        return ""
    parts = []
    for field in current.tracked_fields:
        old, new = _value(previous, field), _value(current, field)
        if old != new:
            parts.append(f"{field.name}: {old} → {new}")
    summary = "; ".join(parts)
    return summary if len(summary) <= SUMMARY_LENGTH else summary[: SUMMARY_LENGTH - 1] + "…"


def summarise_change(sender, instance, history_instance, **kwargs) -> None:
    """pre_create_historical_record: fill the summary unless a caller gave a reason."""
    if history_instance.history_change_reason:
        return
    previous = (
        type(history_instance)
        .objects.filter(id=instance.pk)
        .order_by("-history_date", "-history_id")
        .first()
    )
    history_instance.history_change_reason = changes_summary(
        previous=previous, current=history_instance
    )
