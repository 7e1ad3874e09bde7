"""Writes of the showroom app (RULES.md section 5). Views, tasks and the admin
call these; each refuses with a DomainError code and writes nothing then."""

from showroom.services.checklists import (
    checklist_defaults_install,
    run_check_fix,
    run_check_record,
    run_create,
    run_open,
    run_sign_off,
    runs_create_for_today,
    runs_overdue_check,
)
from showroom.services.desk import (
    desk_alert_check,
    desk_incident_record,
    desk_shift_delete,
    desk_shift_plan,
)
from showroom.services.display import display_car_place, display_car_remove

__all__ = [
    "checklist_defaults_install",
    "desk_alert_check",
    "desk_incident_record",
    "desk_shift_delete",
    "desk_shift_plan",
    "display_car_place",
    "display_car_remove",
    "run_check_fix",
    "run_check_record",
    "run_create",
    "run_open",
    "run_sign_off",
    "runs_create_for_today",
    "runs_overdue_check",
]
