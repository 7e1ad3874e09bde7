"""FU-CARE: pre-fill the Holiday table from chinesecalendar for every year it
knows (the State Council calendar). Later years are filled by the scan and
sync_defaults (computed fixed-date holidays and Tomb-sweeping Day) and by
managers in the admin (the lunar festivals). Create-if-missing."""

from django.db import migrations


def load(apps, schema_editor):
    from followups.holidays import library_holidays, library_years

    Holiday = apps.get_model("followups", "Holiday")
    existing = set(Holiday.objects.values_list("key", "year"))
    rows = [
        Holiday(key=key, year=year, day=day, source="library")
        for year in library_years()
        for key, day in library_holidays(year).items()
        if (key, year) not in existing
    ]
    Holiday.objects.bulk_create(rows, ignore_conflicts=True)


class Migration(migrations.Migration):
    dependencies = [("followups", "0003_holidays_dms")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
