"""REST API of the scoring app (mounted at /api/)."""

from django.urls import path

from scoring import api

urlpatterns = [
    path("penalties/", api.PenaltyEntryListApi.as_view(), name="api-penalty-list"),
    path("penalties/<int:pk>/", api.PenaltyEntryDetailApi.as_view(), name="api-penalty-detail"),
]
