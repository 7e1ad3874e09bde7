"""The default PDI checklist (STK-IN-1) and care intervals (MNT-*). The data
migration loads them; this puts back any that are missing (e.g. after a
database flush), never overwriting what a manager edited."""

from __future__ import annotations

from django.db import transaction

from inventory.models import CareRule, PdiChecklistItem
from inventory.rules import CARE_DEFAULTS, PDI_DEFAULT_ITEMS


@transaction.atomic
def stock_defaults_install() -> int:
    created = 0
    for position, (code, name, name_en) in enumerate(PDI_DEFAULT_ITEMS, start=1):
        _obj, new = PdiChecklistItem.objects.get_or_create(
            code=code, defaults={"name": name, "name_en": name_en, "position": position * 10}
        )
        created += new
    for d in CARE_DEFAULTS:
        _obj, new = CareRule.objects.get_or_create(
            kind=d.kind,
            defaults={
                "period": d.period,
                "min_days_in_stock": d.min_days_in_stock,
                "reading": d.reading,
            },
        )
        created += new
    return created
