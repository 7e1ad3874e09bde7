from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ScoringConfig(AppConfig):
    """Penalty points and incentives (RULES.md PTS, RPT, INC):
    rule catalogue, append-only ledger, joint liability.
    """

    name = "scoring"
    verbose_name = _("Penalty points")

    def ready(self) -> None:
        from dealership.sqlite_triggers import keep_sqlite_triggers
        from scoring.db_guards import SQLITE_TRIGGERS

        keep_sqlite_triggers(self, SQLITE_TRIGGERS)
