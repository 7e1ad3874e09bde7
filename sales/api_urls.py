"""REST API of the sales app (mounted at /api/)."""

from django.urls import path

from sales import api

urlpatterns = [
    path("customers/", api.CustomerList.as_view(), name="api-customers"),
    path("customers/<int:pk>/", api.CustomerDetail.as_view(), name="api-customer"),
    path("customers/<int:pk>/grade/", api.CustomerGrade.as_view(), name="api-customer-grade"),
    path("visits/", api.VisitListCreate.as_view(), name="api-visits"),
    path("visits/<int:pk>/end/", api.VisitEnd.as_view(), name="api-visit-end"),
    path("test-drives/", api.TestDriveListCreate.as_view(), name="api-test-drives"),
    path("orders/", api.OrderListCreate.as_view(), name="api-orders"),
    path("orders/<int:pk>/cancel/", api.OrderCancel.as_view(), name="api-order-cancel"),
]
