"""HTML pages of the followups app (mounted at /followups/)."""

from django.urls import path

from followups import views

app_name = "followups"
urlpatterns = [
    path("", views.today, name="today"),
    path("<int:followup_id>/complete/", views.complete, name="complete"),
    path("compliance/", views.compliance, name="compliance"),
    path("dms/", views.dms_list, name="dms"),
    path("dms/<int:reconciliation_id>/", views.dms_detail, name="dms_detail"),
    path(
        "dms/<int:reconciliation_id>/discrepancies/",
        views.dms_discrepancy_add,
        name="dms_discrepancy_add",
    ),
    path(
        "dms/discrepancies/<int:discrepancy_id>/remove/",
        views.dms_discrepancy_remove,
        name="dms_discrepancy_remove",
    ),
    path("dms/<int:reconciliation_id>/reconcile/", views.dms_complete, name="dms_complete"),
]
