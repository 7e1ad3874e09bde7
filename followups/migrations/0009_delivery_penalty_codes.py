"""PTS-4, FU-DLV-2H, FU-DLV-7D: a late or missed call to a delivered customer
is charged (FU-DLV-*-LATE −2, -MISSED −5; scoring 0013). Sets the codes on
the two rules where both are still blank, as 0002 loaded them; a rule a
manager gave codes of their own keeps them."""

from django.db import migrations

CODES = {
    "FU-DLV-2H": ("FU-DLV-2H-LATE", "FU-DLV-2H-MISSED"),
    "FU-DLV-7D": ("FU-DLV-7D-LATE", "FU-DLV-7D-MISSED"),
}


def forward(apps, schema_editor):
    FollowupRule = apps.get_model("followups", "FollowupRule")
    for code, (late, missed) in CODES.items():
        FollowupRule.objects.filter(code=code, late_rule_code="", missed_rule_code="").update(
            late_rule_code=late, missed_rule_code=missed
        )


class Migration(migrations.Migration):
    dependencies = [
        ("followups", "0008_policy_values_validated"),
        ("scoring", "0013_delivery_followup_rules"),
    ]

    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
