"""Default PDI checklist items (STK-IN-1 practice list) and storage-care
intervals (MNT-*); both stay editable in the admin."""

from django.db import migrations


def load_defaults(apps, schema_editor):
    from inventory.rules import CARE_DEFAULTS, PDI_DEFAULT_ITEMS

    Item = apps.get_model("inventory", "PdiChecklistItem")
    for position, (code, name, name_en) in enumerate(PDI_DEFAULT_ITEMS, start=1):
        Item.objects.get_or_create(
            code=code, defaults={"name": name, "name_en": name_en, "position": position * 10}
        )
    CareRule = apps.get_model("inventory", "CareRule")
    for d in CARE_DEFAULTS:
        CareRule.objects.get_or_create(
            kind=d.kind,
            defaults={
                "period": d.period,
                "min_days_in_stock": d.min_days_in_stock,
                "reading": d.reading,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("inventory", "0002_stock")]

    operations = [migrations.RunPython(load_defaults, migrations.RunPython.noop)]
