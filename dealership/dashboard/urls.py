"""The dashboards (mounted at /dashboard/)."""

from django.urls import path

from dealership.dashboard import views

app_name = "dashboard"
urlpatterns = [
    path("", views.kpi, name="kpi"),
    path("wall/", views.wall, name="wall"),
    path("funnel/", views.funnel, name="funnel"),
    path("stock/", views.stock, name="stock"),
    path("stock/plan/", views.order_plan, name="order_plan"),
    path("compliance/", views.compliance, name="compliance"),
    path("lost/", views.lost, name="lost"),
    path("group/", views.group, name="group"),
    path("records/<str:metric>/", views.records, name="records"),
    path("records/<str:metric>/export.<str:fmt>", views.records_export, name="records_export"),
    path("<str:board>/export.<str:fmt>", views.export, name="export"),
]
