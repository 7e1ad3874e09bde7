import secrets

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from dealership.demo import PEOPLE, demo_exists, demo_load, demo_reset_passwords


class Command(BaseCommand):
    help = (
        "Load the demo dealer group (two stores, staff of every role, warehouses) "
        "once. Prints the generated password; never for production."
    )

    def add_arguments(self, parser):
        parser.add_argument("--password", help="Use this password instead of a random one.")
        parser.add_argument(
            "--reset-passwords", action="store_true", help="Give the demo users a new password."
        )
        parser.add_argument(
            "--allow-production", action="store_true", help="Run even when DEBUG is off."
        )

    def handle(self, *args, password=None, reset_passwords=False, allow_production=False, **kw):
        if not settings.DEBUG and not allow_production:
            raise CommandError("Refusing to load demo users with DEBUG off (--allow-production).")
        password = password or secrets.token_urlsafe(9)
        if demo_exists():
            if not reset_passwords:
                self.stdout.write(
                    "Demo data already loaded (use --reset-passwords for new logins)."
                )
                return
            demo_reset_passwords(password=password)
        else:
            demo_load(password=password)
        self.stdout.write("Demo logins (user names), all with the same password:")
        for person in PEOPLE:
            roles = ", ".join(str(r.label) for r in person.roles)
            self.stdout.write(f"  {person.username:<15} {person.full_name:<6} {roles}")
        self.stdout.write(f"Password: {password}")
