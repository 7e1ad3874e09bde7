"""PTS-4, FU-DLV-2H, FU-DLV-7D: the penalty rules of a delivered customer's
follow-ups, late −2 and not made −5, as the seed's closing line of the
follow-up list says for every 回访. Create-if-missing, like 0002."""

from django.db import migrations


def forward(apps, schema_editor):
    from scoring.services import penalty_rules_install_defaults

    penalty_rules_install_defaults(
        rule_model=apps.get_model("scoring", "PenaltyRule"),
        joint_model=apps.get_model("scoring", "PenaltyRuleJoint"),
    )


class Migration(migrations.Migration):
    dependencies = [("scoring", "0012_seed_conduct_rules")]

    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
