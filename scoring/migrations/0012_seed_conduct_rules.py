"""PTS-3: three "−N" of the seed the catalogue did not hold, for managers to
record with a reason: chatting or slack posture at the reception desk on
duty (SHW-DESK-CHAT, −1), a roadshow car's body stickers not removed after
the event (RPT-EVENT-STICKERS, −2), and gathering to chat or arms round
colleagues at work (PTS-3-CONDUCT, −1). Create-if-missing, like 0002: an
existing row is left as it is."""

from django.db import migrations


def forward(apps, schema_editor):
    from scoring.services import penalty_rules_install_defaults

    penalty_rules_install_defaults(
        rule_model=apps.get_model("scoring", "PenaltyRule"),
        joint_model=apps.get_model("scoring", "PenaltyRuleJoint"),
    )


class Migration(migrations.Migration):
    dependencies = [("scoring", "0011_conduct_joint_liability")]

    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
