"""FU-*: load the default follow-up rules and the default first-service
interval (RULES.md section 3). Frozen here on purpose: later changes are made
in the admin or by a new migration. Create-if-missing, so a row someone has
already edited is left alone."""

from django.db import migrations

# code, grade, start days, end days, start hours, end hours, grace hours,
# missed after days, late rule code, missed rule code
RULES = [
    ("FU-H", "H", 2, 3, None, None, 0, 3, "FU-H-LATE", "FU-H-MISSED"),
    ("FU-A", "A", 7, 7, None, None, 0, 3, "FU-A-LATE", "FU-A-MISSED"),
    ("FU-B", "B", 15, 15, None, None, 0, 3, "FU-B-LATE", "FU-B-MISSED"),
    ("FU-C", "C", 30, 30, None, None, 0, 3, "FU-C-LATE", "FU-C-MISSED"),
    ("FU-O", "", 0, 0, 0, 24, 0, 2, "", ""),
    ("FU-DLV-2H", "", 0, 0, 1, 2, 0, 1, "", ""),
    ("FU-DLV-7D", "", 1, 7, None, None, 0, 3, "", ""),
    ("FU-MAINT", "", -3, -3, None, None, 0, 2, "FU-MAINT-LATE", "FU-MAINT-MISSED"),
    ("FU-CARE", "", -1, 0, None, None, 0, 1, "", ""),
]


def load(apps, schema_editor):
    FollowupRule = apps.get_model("followups", "FollowupRule")
    FirstServiceInterval = apps.get_model("followups", "FirstServiceInterval")
    for code, grade, start_d, end_d, start_h, end_h, grace, missed, late_code, missed_code in RULES:
        FollowupRule.objects.get_or_create(
            code=code,
            defaults={
                "grade": grade,
                "window_start_days": start_d,
                "window_end_days": end_d,
                "window_start_hours": start_h,
                "window_end_hours": end_h,
                "grace_hours": grace,
                "missed_after_days": missed,
                "late_rule_code": late_code,
                "missed_rule_code": missed_code,
            },
        )
    FirstServiceInterval.objects.get_or_create(model_name="", defaults={"months": 3, "km": 5000})


class Migration(migrations.Migration):
    dependencies = [("followups", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
