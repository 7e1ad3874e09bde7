"""Default data every store needs (rule catalogues, checklists, cadences):
each app's installer creates what is missing and never overwrites a row a
manager edited. Run by `manage.py sync_defaults` and before each test."""

from __future__ import annotations

from django.utils.module_loading import import_string

DEFAULT_INSTALLERS = [
    "scoring.services.penalty_rules_install_defaults",  # PTS-3
    "scoring.services.report_deadlines_install_defaults",  # RPT-* deadlines
    "inventory.services.stock_defaults_install",  # STK-IN-1 PDI items, MNT-* care rules
    "followups.services.followup_rules_install_defaults",  # FU-* cadences and events
    "showroom.services.checklist_defaults_install",  # SHW-DISPLAY/TESTCAR/ENV items
]


def defaults_install_all() -> dict[str, object]:
    return {path: import_string(path)() for path in DEFAULT_INSTALLERS}
