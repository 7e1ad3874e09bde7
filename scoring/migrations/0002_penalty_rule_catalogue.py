"""PTS-3: load the rule catalogue (scoring.catalogue.DEFAULT_PENALTY_RULES: every
"−N" of RULES.md) into PenaltyRule, with joint liability (PTS-2).
Create-if-missing: a row a manager already edited is left alone."""

from django.db import migrations


def load(apps, schema_editor):
    from scoring.services import penalty_rules_install_defaults

    penalty_rules_install_defaults(
        rule_model=apps.get_model("scoring", "PenaltyRule"),
        joint_model=apps.get_model("scoring", "PenaltyRuleJoint"),
    )


class Migration(migrations.Migration):
    dependencies = [("scoring", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
