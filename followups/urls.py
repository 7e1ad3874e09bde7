"""HTML pages of the followups app (mounted at /followups/)."""

from django.urls import path

from followups import views

app_name = "followups"
urlpatterns = [
    path("", views.today, name="today"),
    path("<int:followup_id>/complete/", views.complete, name="complete"),
    path("compliance/", views.compliance, name="compliance"),
]
