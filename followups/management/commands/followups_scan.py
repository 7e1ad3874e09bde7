from django.core.management.base import BaseCommand

from followups.scan import followups_scan


class Command(BaseCommand):
    help = (
        "Run the follow-up scan once (FU-*): what Celery beat runs every 10 minutes. "
        "Safe to run at any time, also next to the scheduled one."
    )

    def handle(self, *args, **options):
        result = followups_scan()
        self.stdout.write(
            f"scheduled {result.scheduled}, late {result.late}, missed {result.missed}, "
            f"reported {result.reported}, reminded {result.reminded}"
        )
