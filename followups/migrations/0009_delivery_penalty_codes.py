"""PTS-4, FU-DLV-2H, FU-DLV-7D: a late or missed call to a delivered customer
is charged (FU-DLV-*-LATE −2, -MISSED −5; scoring 0013). Sets the codes on
the two rules where both are still blank, as 0002 loaded them; a rule a
manager gave codes of their own keeps them. Where delivery follow-ups exist
already, the charges start today: nobody is charged for a lateness that
happened before."""

from django.db import migrations
from django.utils import timezone

CODES = {
    "FU-DLV-2H": ("FU-DLV-2H-LATE", "FU-DLV-2H-MISSED"),
    "FU-DLV-7D": ("FU-DLV-7D-LATE", "FU-DLV-7D-MISSED"),
}


def forward(apps, schema_editor):
    FollowupRule = apps.get_model("followups", "FollowupRule")
    Followup = apps.get_model("followups", "Followup")
    PenaltyRule = apps.get_model("scoring", "PenaltyRule")
    for code, (late, missed) in CODES.items():
        FollowupRule.objects.filter(code=code, late_rule_code="", missed_rule_code="").update(
            late_rule_code=late, missed_rule_code=missed
        )
    # A store that already has delivery follow-ups: a lateness from before
    # today was not chargeable when it happened (a late task is charged when
    # it is closed), so the new rules apply from today (PenaltyRule.active_from).
    if Followup.objects.filter(kind__in=list(CODES)).exists():
        today = timezone.localdate()
        PenaltyRule.objects.filter(
            code__in=[c for pair in CODES.values() for c in pair], active_from__isnull=True
        ).update(active_from=today)


class Migration(migrations.Migration):
    dependencies = [
        ("followups", "0008_policy_values_validated"),
        ("scoring", "0013_delivery_followup_rules"),
    ]

    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
