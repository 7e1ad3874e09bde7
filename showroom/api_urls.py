"""REST API of the showroom app (mounted at /api/)."""

from django.urls import path

from showroom import api

urlpatterns = [
    path("showroom/runs/today/", api.RunTodayApi.as_view(), name="api-showroom-run-today"),
    path(
        "showroom/runs/<int:run_id>/sign-off/",
        api.RunSignOffApi.as_view(),
        name="api-showroom-run-sign-off",
    ),
    path(
        "showroom/checks/<int:check_id>/",
        api.CheckRecordApi.as_view(),
        name="api-showroom-check-record",
    ),
    path(
        "showroom/checks/<int:check_id>/fix/",
        api.CheckFixApi.as_view(),
        name="api-showroom-check-fix",
    ),
    path(
        "showroom/test-cars/not-ready/",
        api.TestCarsNotReadyApi.as_view(),
        name="api-showroom-test-cars-not-ready",
    ),
    path("showroom/desk/", api.DeskBoardApi.as_view(), name="api-showroom-desk"),
]
