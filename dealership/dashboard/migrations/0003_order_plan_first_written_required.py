# RPT-ORDER-PLAN: every order plan now knows when it was first written
# (filled by 0002 for the rows saved before), so the field is required.

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('dashboard', '0002_lost_analysis_and_first_written'),
    ]

    operations = [
        migrations.AlterField(
            model_name='orderplan',
            name='first_at',
            field=models.DateTimeField(verbose_name='first written at'),
        ),
    ]
