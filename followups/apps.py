from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FollowupsConfig(AppConfig):
    """Follow-ups (RULES.md FU):
    cadence rules, follow-up tasks, Celery beat reminders.
    """

    name = "followups"
    verbose_name = _("Follow-ups")

    def ready(self) -> None:
        from followups import checks  # noqa: F401  (registers the holiday check)
