"""RPT-*: load the report deadlines of RULES.md (22:00 consultant log, 20:00
manager log, the 5th for monthly summaries, ...) as admin-editable rows.
Create-if-missing: a row a manager already edited is left alone."""

from django.db import migrations


def load(apps, schema_editor):
    from scoring.services import report_deadlines_install_defaults

    report_deadlines_install_defaults(model=apps.get_model("scoring", "ReportDeadline"))


class Migration(migrations.Migration):
    dependencies = [("scoring", "0004_incentives_and_deadlines")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
