"""HTML pages of the scoring app (mounted at /scoring/)."""

from django.urls import path

from scoring import incentive_views, report_views, views

app_name = "scoring"
urlpatterns = [
    path("", views.statement, name="statement"),
    path("export/", views.statement_export, name="statement_export"),
    path("people/<int:user_id>/", views.person_entries, name="person_entries"),
    path("entries/new/", views.entry_create, name="entry_create"),
    path("entries/<int:entry_id>/appeal/", views.appeal_create, name="appeal_create"),
    path("entries/<int:entry_id>/correct/", views.entry_correct, name="entry_correct"),
    path("appeals/", views.appeal_list, name="appeal_list"),
    path("appeals/<int:appeal_id>/", views.appeal_decide, name="appeal_decide"),
    path("incentives/", incentive_views.incentives, name="incentives"),
    path(
        "incentives/<int:award_id>/certificate/",
        incentive_views.certificate,
        name="certificate",
    ),
    path("reports/", report_views.report_home, name="report_home"),
    path("reports/consultant-log/", report_views.consultant_log, name="consultant_log"),
    path("reports/manager-log/", report_views.manager_log, name="manager_log"),
    path("reports/monthly/<str:kind>/", report_views.monthly_report, name="monthly_report"),
    path("reports/trainings/", report_views.trainings, name="trainings"),
    path("reports/events/", report_views.events, name="events"),
    path("reports/events/<int:event_id>/", report_views.event_analysis, name="event_analysis"),
    path("reports/competitor-prices/", report_views.competitor_prices, name="competitor_prices"),
]
