"""HTML pages of the inventory app (mounted at /inventory/)."""

from django.urls import path

from inventory.views import actions, care, prints, stock, vehicles

app_name = "inventory"
urlpatterns = [
    path("scan/", vehicles.scan, name="scan"),
    path("vehicles/", vehicles.vehicle_list, name="vehicle_list"),
    path("vehicles/new/", actions.register, name="register"),
    path("vehicles/<str:vin>/", vehicles.vehicle_detail, name="vehicle_detail"),
    path("vehicles/<str:vin>/pdi/<str:kind>/", vehicles.pdi, name="pdi"),
    path("vehicles/<str:vin>/pdi-verify/<int:pk>/", vehicles.pdi_verify, name="pdi_verify"),
    path("vehicles/<str:vin>/receive/", vehicles.receive, name="receive"),
    path("vehicles/<str:vin>/payment/", vehicles.payment, name="payment"),
    path("vehicles/<str:vin>/release-slip/", vehicles.release_slip, name="release_slip"),
    path("vehicles/<str:vin>/gate-pass/", vehicles.gate_pass, name="gate_pass"),
    path(
        "vehicles/<str:vin>/delivery-confirmation/",
        vehicles.delivery_confirmation,
        name="delivery_confirmation",
    ),
    path("vehicles/<str:vin>/release/", vehicles.release, name="release"),
    path("vehicles/<str:vin>/transfer/", vehicles.transfer, name="transfer"),
    path("vehicles/<str:vin>/transfer/<str:step>/", vehicles.transfer_step, name="transfer_step"),
    path("vehicles/<str:vin>/key-issue/", vehicles.key_issue, name="key_issue"),
    path("vehicles/<str:vin>/selection/", vehicles.selection_request, name="selection_request"),
    path("vehicles/<str:vin>/arrive/", actions.arrive, name="arrive"),
    path("vehicles/<str:vin>/allocate/", actions.allocate, name="allocate"),
    path("vehicles/<str:vin>/deallocate/", actions.deallocate, name="deallocate"),
    path("vehicles/<str:vin>/repair-done/", actions.repair_done, name="repair_done"),
    path("vehicles/<str:vin>/sold-area/", actions.sold_area, name="sold_area"),
    path("vehicles/<str:vin>/dispatch/", actions.dispatch_create, name="dispatch_create"),
    path(
        "vehicles/<str:vin>/dispatch/open/",
        actions.dispatch_for_vehicle,
        name="dispatch_for_vehicle",
    ),
    path("dispatch/<int:pk>/", actions.dispatch_detail, name="dispatch"),
    path("dispatch/<int:pk>/sign/<str:as_role>/", actions.dispatch_sign, name="dispatch_sign"),
    path("dispatch/<int:pk>/release/", actions.dispatch_release, name="dispatch_release"),
    path("keys/", stock.keys, name="keys"),
    path("keys/<int:pk>/return/", vehicles.key_return, name="key_return"),
    path("stock/", stock.stock, name="stock"),
    path("approvals/", stock.approvals, name="approvals"),
    path("transfers/<int:pk>/<str:decision>/", stock.transfer_decide, name="transfer_decide"),
    path("selection/<int:pk>/<str:decision>/", stock.selection_decide, name="selection_decide"),
    path("selection/", stock.selection_requests, name="selection_requests"),
    path("payments/", stock.payments, name="payments"),
    path("care/", stock.care, name="care"),
    path("care/<int:pk>/done/", stock.care_done, name="care_done"),
    path("storm/", care.storm, name="storm"),
    path("storm/<int:pk>/end/", care.storm_end, name="storm_end"),
    path("spot-checks/", care.spot_checks, name="spot_checks"),
    path("spot-checks/<int:pk>/", care.spot_check, name="spot_check"),
    path("print/pdi/<int:pk>/", prints.print_pdi, name="print_pdi"),
    path("print/<str:kind>/<str:number>/", prints.print_form, name="print_form"),
]
