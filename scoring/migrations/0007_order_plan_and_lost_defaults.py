"""RPT-ORDER-PLAN and RPT-LOST: load their deadlines (the 5th of the month;
the 3rd of the next month) as admin-editable rows, create-if-missing like
0005, and turn their catalogue rows to automatic: scoring.checks records them
now (PTS-4), so they are no longer offered for entry by hand."""

from django.db import migrations

AUTOMATIC = ["RPT-ORDER-PLAN", "RPT-LOST"]


def load(apps, schema_editor):
    from scoring.services import report_deadlines_install_defaults

    report_deadlines_install_defaults(model=apps.get_model("scoring", "ReportDeadline"))
    rules = apps.get_model("scoring", "PenaltyRule").objects
    rules.filter(code__in=AUTOMATIC).update(is_manual=False)


def unload(apps, schema_editor):
    apps.get_model("scoring", "ReportDeadline").objects.filter(
        kind__in=["order_plan", "lost_analysis"]
    ).delete()
    rules = apps.get_model("scoring", "PenaltyRule").objects
    rules.filter(code__in=AUTOMATIC).update(is_manual=True)


class Migration(migrations.Migration):
    dependencies = [("scoring", "0006_order_plan_and_lost_deadlines")]

    operations = [migrations.RunPython(load, unload)]
