"""HTML pages of the sales app (mounted at /sales/)."""

from django.urls import path

from sales.views import affairs, customers, loans, manage, orders, reception

app_name = "sales"
urlpatterns = [
    path("", customers.customer_list, name="customer_list"),
    path("visits/new/", reception.visit_new, name="visit_new"),
    path("visits/", reception.day_view, name="day_view"),
    path("visits/<int:visit_id>/end/", reception.visit_end, name="visit_end"),
    path("lookup/", reception.customer_lookup, name="customer_lookup"),
    path("sms/<int:sms_id>/send/", reception.sms_send, name="sms_send"),
    path("customers/<int:customer_id>/", customers.customer_detail, name="customer_detail"),
    path("customers/<int:customer_id>/edit/", customers.customer_edit, name="customer_edit"),
    path("customers/<int:customer_id>/grade/", customers.customer_grade, name="customer_grade"),
    path(
        "customers/<int:customer_id>/test-drive/", customers.test_drive_new, name="test_drive_new"
    ),
    path(
        "test-drives/<int:drive_id>/finish/", customers.test_drive_finish, name="test_drive_finish"
    ),
    path("customers/<int:customer_id>/lost/", customers.lost_request_new, name="lost_request"),
    path("customers/<int:customer_id>/order/", orders.order_new, name="order_new"),
    path("orders/", orders.order_list, name="order_list"),
    path("orders/<int:order_id>/", orders.order_detail, name="order_detail"),
    path("orders/<int:order_id>/cancel/", orders.order_cancel, name="order_cancel"),
    path("orders/<int:order_id>/loan/", orders.loan_open, name="loan_open"),
    path("orders/<int:order_id>/loan/advance/", orders.loan_advance, name="loan_advance"),
    path("orders/<int:order_id>/affairs/", orders.affairs_record, name="affairs_record"),
    path(
        "accessories/<int:accessory_id>/installed/",
        orders.accessory_installed,
        name="accessory_installed",
    ),
    path("loans/", loans.loan_list, name="loan_list"),
    path("loans/<int:case_id>/advance/", loans.loan_list_advance, name="loan_list_advance"),
    path("affairs/", affairs.affairs_desk, name="affairs_desk"),
    path("affairs/<int:order_id>/", affairs.affairs_desk_record, name="affairs_desk_record"),
    path("deliveries/", orders.delivery_list, name="delivery_list"),
    path("deliveries/<int:delivery_id>/", orders.delivery_detail, name="delivery_detail"),
    path("deliveries/<int:delivery_id>/class/", orders.delivery_class, name="delivery_class"),
    path("deliveries/<int:delivery_id>/print/", orders.delivery_print, name="delivery_print"),
    path("lost/", manage.lost_list, name="lost_list"),
    path("lost/<int:request_id>/decide/", manage.lost_decide, name="lost_decide"),
    path("reassign/", manage.reassign, name="reassign"),
    path("spot-check/", manage.spot_check, name="spot_check"),
    path("spot-check/items/<int:item_id>/", manage.spot_check_record, name="spot_check_record"),
]
