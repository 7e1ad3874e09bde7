"""Default checklist items of the morning check (展厅管理细则: SHW-DISPLAY,
SHW-TESTCAR, SHW-ENV and 5S); they stay editable in the admin."""

from django.db import migrations


def load_defaults(apps, schema_editor):
    from showroom.rules import DEFAULT_CHECKLIST_ITEMS

    Item = apps.get_model("showroom", "ChecklistItem")
    for position, (code, kind, text, text_en) in enumerate(DEFAULT_CHECKLIST_ITEMS, start=1):
        Item.objects.get_or_create(
            code=code,
            defaults={"kind": kind, "text": text, "text_en": text_en, "position": position * 10},
        )


class Migration(migrations.Migration):
    dependencies = [("showroom", "0001_initial")]

    operations = [migrations.RunPython(load_defaults, migrations.RunPython.noop)]
