"""PTS-2, PTS-3-CONDUCT: the seed's 着装及行为规范 paragraph charges the sales
manager, the sales supervisor and the head of administration 0.5 each for a
conduct lapse (as for dress, PTS-3-DRESS); 0012 installed the rule without
them. Adds each missing role's row; a row a manager set stays as it is."""

from decimal import Decimal

from django.db import migrations

JOINTS = {"sales_manager": "0.5", "sales_supervisor": "0.5", "administration": "0.5"}


def forward(apps, schema_editor):
    PenaltyRule = apps.get_model("scoring", "PenaltyRule")
    PenaltyRuleJoint = apps.get_model("scoring", "PenaltyRuleJoint")
    rule = PenaltyRule.objects.filter(code="PTS-3-CONDUCT").first()
    if rule is None:
        return
    held = set(PenaltyRuleJoint.objects.filter(rule=rule).values_list("role", flat=True))
    for role, points in JOINTS.items():
        if role not in held:
            PenaltyRuleJoint.objects.create(rule=rule, role=role, points=Decimal(points))


class Migration(migrations.Migration):
    dependencies = [("scoring", "0013_delivery_followup_rules")]

    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
