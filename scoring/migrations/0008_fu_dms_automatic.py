"""FU-DMS: the supervisor's weekly DMS reconciliation records each
discrepancy as a FU-DMS entry (followups.dms), so the rule is no longer
offered on the manual-entry page, where the same fact could be charged a
second time (PTS-4: a fact is charged once)."""

from django.db import migrations


def automatic(apps, schema_editor):
    apps.get_model("scoring", "PenaltyRule").objects.filter(code="FU-DMS").update(is_manual=False)


def manual(apps, schema_editor):
    apps.get_model("scoring", "PenaltyRule").objects.filter(code="FU-DMS").update(is_manual=True)


class Migration(migrations.Migration):
    dependencies = [("scoring", "0007_order_plan_and_lost_defaults")]

    operations = [migrations.RunPython(automatic, manual)]
