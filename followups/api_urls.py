"""REST API of the followups app (mounted at /api/)."""

from django.urls import path

from followups import api

urlpatterns = [
    path("followups/", api.FollowupListApi.as_view(), name="api-followup-list"),
    path(
        "followups/<int:pk>/complete/",
        api.FollowupCompleteApi.as_view(),
        name="api-followup-complete",
    ),
]
