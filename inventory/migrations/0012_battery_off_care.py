"""MNT-BATTERY [seed]: "对于需要长期存放的车辆必须拨去电瓶线" — a car stored
long (90 days, as MNT-MOVE [config]) gets a monthly task to confirm its
battery is disconnected. Adds the care rule where it is missing."""

from django.db import migrations, models


def add_rule(apps, schema_editor):
    CareRule = apps.get_model("inventory", "CareRule")
    CareRule.objects.get_or_create(
        kind="battery_off", defaults={"period": "month", "min_days_in_stock": 90, "reading": ""}
    )


class Migration(migrations.Migration):

    dependencies = [
        ('inventory', '0011_field_labels'),
    ]

    operations = [
        migrations.AlterField(
            model_name='carerule',
            name='kind',
            field=models.CharField(choices=[('weekly_start', 'Start and full check (MNT-WEEKLY-START)'), ('dust', 'Dust cleaning (MNT-DUST)'), ('tyre', 'Tyre pressure (MNT-TYRE)'), ('battery', 'Battery (MNT-BATTERY)'), ('battery_off', 'Long-stored: battery disconnected (MNT-BATTERY)'), ('rubber', 'Rubber parts and seals (MNT-RUBBER)'), ('dash', 'Dashboard sun damage (MNT-DASH)'), ('move', 'Move and anti-rust (MNT-MOVE)'), ('storm_protect', 'Storm: inspect and protect (MNT-STORM)'), ('storm_wash', 'After the storm: wash (MNT-STORM)')], max_length=20, unique=True, verbose_name='task'),
        ),
        migrations.AlterField(
            model_name='caretask',
            name='kind',
            field=models.CharField(choices=[('weekly_start', 'Start and full check (MNT-WEEKLY-START)'), ('dust', 'Dust cleaning (MNT-DUST)'), ('tyre', 'Tyre pressure (MNT-TYRE)'), ('battery', 'Battery (MNT-BATTERY)'), ('battery_off', 'Long-stored: battery disconnected (MNT-BATTERY)'), ('rubber', 'Rubber parts and seals (MNT-RUBBER)'), ('dash', 'Dashboard sun damage (MNT-DASH)'), ('move', 'Move and anti-rust (MNT-MOVE)'), ('storm_protect', 'Storm: inspect and protect (MNT-STORM)'), ('storm_wash', 'After the storm: wash (MNT-STORM)')], max_length=20, verbose_name='task'),
        ),
        migrations.RunPython(add_rule, migrations.RunPython.noop),
    ]
