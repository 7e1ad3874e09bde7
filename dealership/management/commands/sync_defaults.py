from django.core.management.base import BaseCommand

from dealership.defaults import defaults_install_all
from dealership.schedules import schedules_install_defaults
from dealership.services import roles_sync


class Command(BaseCommand):
    help = (
        "Create the role groups with their permissions (ORG-2), the default "
        "Celery beat schedules and each app's default rules. Safe to run after "
        "every migrate."
    )

    def handle(self, *args, **options):
        roles = roles_sync()
        created = schedules_install_defaults()
        defaults_install_all()
        self.stdout.write(
            f"roles: {len(roles)} groups in sync; schedules created: {created or 'none'}"
        )
