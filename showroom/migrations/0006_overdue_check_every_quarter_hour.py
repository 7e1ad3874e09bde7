"""SHW-*: the morning check's sign-off time is the store's own (SalesPolicy),
so the overdue check runs every 15 minutes instead of once at 10:05. An
installed beat schedule of the old name and time is renamed and re-timed; one
a manager re-timed is left as it was (and the quarter-hourly one is installed
beside it by sync_defaults)."""

from django.db import migrations

OLD = "showroom: morning checks not signed off by 10:00"
NEW = "showroom: morning checks not signed off in time"
TASK = "showroom.tasks.runs_overdue_check_task"


def forward(apps, schema_editor):
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    beat = PeriodicTask.objects.filter(name=OLD, task=TASK).select_related("crontab").first()
    if beat is None or PeriodicTask.objects.filter(name=NEW).exists():
        return
    old = beat.crontab
    if old is None or (old.minute, old.hour) != ("5", "10"):
        return  # re-timed by a manager: left as it is, the new one is installed beside it
    beat.crontab, _ = CrontabSchedule.objects.get_or_create(
        minute="*/15",
        hour="*",
        day_of_week="*",
        day_of_month="*",
        month_of_year="*",
        timezone=old.timezone,
    )
    beat.name = NEW
    beat.save()
    # What PeriodicTask's signals do: a running beat reloads its schedule.
    from django.utils import timezone

    PeriodicTasks = apps.get_model("django_celery_beat", "PeriodicTasks")
    PeriodicTasks.objects.update_or_create(ident=1, defaults={"last_update": timezone.now()})


class Migration(migrations.Migration):
    dependencies = [
        ("showroom", "0005_desk_finding_idle_consultants"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
