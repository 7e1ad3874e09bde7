"""PTS-2, PTS-3: the seed charges the sales manager, the sales supervisor and
the head of administration jointly for eating at work (1 point each) and for
a phone greeting not given as written (0.5 each); the catalogue held only the
supervisor. Adds the missing joint rows where the rule exists and has none for
that role (a row a manager set is left as it is)."""

from decimal import Decimal

from django.db import migrations

# Only the roles the earlier catalogue never had: a supervisor joint a manager
# deleted stays deleted.
JOINTS = {
    "PTS-3-EATING": {"sales_manager": "1", "administration": "1"},
    "PTS-3-PHONE-GREETING": {"sales_manager": "0.5", "administration": "0.5"},
}


def forward(apps, schema_editor):
    PenaltyRule = apps.get_model("scoring", "PenaltyRule")
    PenaltyRuleJoint = apps.get_model("scoring", "PenaltyRuleJoint")
    for code, joints in JOINTS.items():
        rule = PenaltyRule.objects.filter(code=code).first()
        if rule is None:
            continue  # installed with the new defaults later
        held = set(PenaltyRuleJoint.objects.filter(rule=rule).values_list("role", flat=True))
        for role, points in joints.items():
            if role not in held:
                PenaltyRuleJoint.objects.create(rule=rule, role=role, points=Decimal(points))


class Migration(migrations.Migration):
    dependencies = [("scoring", "0010_check_marks")]

    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
