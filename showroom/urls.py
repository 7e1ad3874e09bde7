"""HTML pages of the showroom app (mounted at /showroom/)."""

from django.urls import path

from showroom.views import checklists, desk, display

app_name = "showroom"
urlpatterns = [
    path("", checklists.run_list, name="run_list"),
    path("runs/start/", checklists.run_start, name="run_start"),
    path("runs/<int:run_id>/", checklists.run_detail, name="run_detail"),
    path("runs/<int:run_id>/sign-off/", checklists.run_sign_off, name="run_sign_off"),
    path("checks/<int:check_id>/", checklists.check_record, name="check_record"),
    path("checks/<int:check_id>/fixed/", checklists.check_fix, name="check_fix"),
    path("desk/", desk.desk_board, name="desk_board"),
    path("desk/plan/", desk.desk_plan, name="desk_plan"),
    path("desk/shifts/<int:shift_id>/delete/", desk.desk_shift_delete, name="desk_shift_delete"),
    path("desk/findings/", desk.desk_incidents, name="desk_incidents"),
    path("spots/", display.spot_list, name="spot_list"),
    path("spots/<int:spot_id>/place/", display.spot_place, name="spot_place"),
    path("spots/<int:spot_id>/remove/", display.spot_remove, name="spot_remove"),
]
