"""Pages and API: store scoping (ORG-1), roles, query budgets, the scan page."""

from datetime import timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone

from inventory.models import Movement, Vehicle
from inventory.rules import VehicleState
from tests.factories import WarehouseFactory
from tests.inventory.factories import VehicleFactory

SHANGHAI = ZoneInfo("Asia/Shanghai")


@pytest.fixture
def other_car(other_store):
    return VehicleFactory(store=other_store, warehouse=WarehouseFactory(store=other_store))


def test_stk_scan_page_shows_the_car_and_its_next_steps(login, clerk, stock_car):
    client = login(clerk)
    response = client.get(reverse("inventory:scan"), {"vin": stock_car.vin.lower()})
    assert response.status_code == 200
    assert response.context["vehicle"] == stock_car
    assert response.context["actions"] == ["key_issue", "transfer"]
    assert b"vendor/html5-qrcode/html5-qrcode.min.js" in response.content


def test_stk_scan_page_explains_a_bad_vin(login, clerk, db):
    response = login(clerk).get(reverse("inventory:scan"), {"vin": "1M8GDM9A1KP042788"})
    assert response.context["form"].errors["vin"] == ["校验位（第9位）应为X，实际为1。"]


def test_org_1_other_stores_vehicle_is_404(login, clerk, other_car):
    client = login(clerk)
    assert client.get(reverse("inventory:vehicle_detail", args=[other_car.vin])).status_code == 404
    assert client.get(reverse("inventory:scan"), {"vin": other_car.vin}).context["vehicle"] is None
    assert client.get(f"/api/vehicles/{other_car.vin}/").status_code == 404
    assert client.post(f"/api/vehicles/{other_car.vin}/outbound/").status_code == 404


def test_org_1_api_list_scoped_by_store(login, clerk, stock_car, other_car):
    data = login(clerk).get("/api/vehicles/").json()
    assert [v["vin"] for v in data["results"]] == [stock_car.vin]
    assert data["results"][0]["warehouse"] == {"code": "main", "name": "主库"}


def test_stk_out_1_api_unpaid_outbound_refused(login, clerk, pdi_passed_car):
    moves = Movement.objects.count()
    response = login(clerk).post(f"/api/vehicles/{pdi_passed_car.vin}/outbound/")
    assert response.status_code == 409
    assert response.json()["code"] == "OUTBOUND_UNPAID"
    assert Vehicle.objects.get(pk=pdi_passed_car.pk).state == VehicleState.PDI_PASSED
    assert Movement.objects.count() == moves


def test_stk_out_4_api_outbound_by_consultant_forbidden(login, consultant_a, ready_car):
    response = login(consultant_a).post(f"/api/vehicles/{ready_car.vin}/outbound/")
    assert (response.status_code, response.json()["code"]) == (403, "ROLE_REQUIRED")
    assert Vehicle.objects.get(pk=ready_car.pk).state == VehicleState.PDI_PASSED


def test_stk_out_4_api_outbound_releases_a_paid_car(login, clerk, ready_car):
    response = login(clerk).post(f"/api/vehicles/{ready_car.vin}/outbound/")
    assert response.status_code == 200
    body = response.json()
    assert (body["state"], body["order"]["status"]) == ("delivered", "delivered")
    assert body["form_number"].startswith("CK-YJ-")


def test_stk_out_1_page_only_finance_confirms_payment(login, consultant_a, finance, pdi_passed_car):
    url = reverse("inventory:payment", args=[pdi_passed_car.vin])
    assert login(consultant_a).post(url, {"amount": "179800"}).status_code == 403
    response = login(finance).post(url, {"amount": "179800.00"})
    assert response.status_code == 302
    payment = pdi_passed_car.payments.get()
    assert (payment.amount, payment.confirmed_by) == (Decimal("179800.00"), finance)


def test_stk_out_1_release_page_refuses_unpaid(login, clerk, pdi_passed_car):
    response = login(clerk).post(
        reverse("inventory:release", args=[pdi_passed_car.vin]), follow=True
    )
    # The page speaks the store's language (zh-hans).
    assert [str(m) for m in response.context["messages"]] == [
        "财务未出具全款确认单，车辆不得出库（STK-OUT-1）。"
    ]
    assert Vehicle.objects.get(pk=pdi_passed_car.pk).state == VehicleState.PDI_PASSED


def test_stk_in_2_api_inbound(login, clerk, technician, in_transit_car, yard):
    from inventory import services
    from inventory.rules import PdiKind
    from tests.inventory.conftest import all_ok

    services.vehicle_arrive(vehicle=in_transit_car, by=clerk)
    pdi = services.pdi_record(
        vehicle=in_transit_car,
        kind=PdiKind.INBOUND,
        inspector=technician,
        results=all_ok(),
        by=technician,
    )
    services.pdi_verify(inspection=pdi, by=clerk)
    payload = {
        "warehouse": "main",
        "bay": "A-9",
        "keys": [{"number": "K9"}, {"number": "K9S", "is_spare": True}],
        "documents": {"coc": "C1", "warranty": "W1", "manual": "M1"},
    }
    response = login(clerk).post(
        f"/api/vehicles/{in_transit_car.vin}/inbound/", payload, content_type="application/json"
    )
    assert response.status_code == 200, response.json()
    assert (response.json()["state"], response.json()["bay"]) == ("in_stock", "A-9")


def test_key_2_api_issue_and_return(login, clerk, stock_car):
    from tests.inventory.conftest import with_keys

    with_keys(stock_car, stock_car.store)
    client = login(clerk)
    key = stock_car.keys.get(is_spare=False).number
    issue = {"key": key, "issued_to": clerk.pk, "purpose": "move", "signature": "郑库管"}
    response = client.post(
        f"/api/vehicles/{stock_car.vin}/key-issue/", issue, content_type="application/json"
    )
    assert response.status_code == 200
    again = client.post(
        f"/api/vehicles/{stock_car.vin}/key-issue/", issue, content_type="application/json"
    )
    assert (again.status_code, again.json()["code"]) == (409, "KEY_NOT_IN_CUSTODY")
    back = client.post(
        f"/api/vehicles/{stock_car.vin}/key-return/",
        {"key": key, "signature": "郑库管"},
        content_type="application/json",
    )
    assert back.status_code == 200


def test_stk_move_api_transfer_request(login, clerk, stock_car, offsite):
    response = login(clerk).post(
        f"/api/vehicles/{stock_car.vin}/transfer/",
        {"to_warehouse": "far", "check_ok": True, "cleaned": True},
        content_type="application/json",
    )
    assert response.status_code == 200
    assert response.json()["transfer_status"] == "requested"


def _many_cars(store, yard, n):
    for _ in range(n):
        VehicleFactory(store=store, warehouse=yard)


def test_vehicle_list_page_query_count_does_not_grow(
    login, clerk, store, yard, django_assert_max_num_queries
):
    client = login(clerk)
    _many_cars(store, yard, 2)
    client.get(reverse("inventory:vehicle_list"))
    with django_assert_max_num_queries(8):
        assert client.get(reverse("inventory:vehicle_list")).status_code == 200
    _many_cars(store, yard, 15)
    with django_assert_max_num_queries(8):
        response = client.get(reverse("inventory:vehicle_list"))
    assert len(response.context["vehicles"]) == 17


def test_api_list_query_count_does_not_grow(
    login, clerk, store, yard, django_assert_max_num_queries
):
    client = login(clerk)
    _many_cars(store, yard, 15)
    with django_assert_max_num_queries(6):
        assert len(client.get("/api/vehicles/").json()["results"]) == 15


def test_stock_page_query_count_does_not_grow(
    login, clerk, store, yard, django_assert_max_num_queries
):
    client = login(clerk)
    _many_cars(store, yard, 15)
    with django_assert_max_num_queries(16):
        response = client.get(reverse("inventory:stock"))
    assert response.status_code == 200
    assert response.context["age_bands"][0] == {"band": "0-30", "count": 15}


def test_navigation_by_role(login, clerk, finance, consultant_a, manager):
    from dealership.navigation import nav_items_for

    def keys(user):
        return {i.key for i in nav_items_for(user) if i.key.startswith("inventory")}

    assert keys(clerk) == {
        "inventory_scan",
        "inventory_vehicles",
        "inventory_stock",
        "inventory_care",
        "inventory_spot_checks",
    }
    assert keys(finance) == {"inventory_payments"}
    assert keys(consultant_a) == {"inventory_selection"}
    assert keys(manager) == {"inventory_vehicles", "inventory_stock", "inventory_approvals"}


@pytest.mark.parametrize(
    "page",
    [
        "scan",
        "vehicle_list",
        "stock",
        "approvals",
        "payments",
        "keys",
        "care",
        "selection_requests",
        "register",
        "storm",
        "spot_checks",
    ],
)
def test_pages_render_for_the_role_that_uses_them(
    page, login, clerk, manager, finance, consultant_a
):
    user = {
        "approvals": manager,
        "payments": finance,
        "selection_requests": consultant_a,
        "storm": manager,
    }.get(page, clerk)
    assert login(user).get(reverse(f"inventory:{page}")).status_code == 200


def test_stk_out_1_admin_bulk_release_refuses_unpaid(client, pdi_passed_car, db):
    from tests.factories import UserFactory

    admin_user = UserFactory(username="root", is_staff=True, is_superuser=True)
    client.force_login(admin_user)
    response = client.post(
        reverse("admin:inventory_vehicle_changelist"),
        {"action": "release_selected", "_selected_action": [pdi_passed_car.pk]},
        follow=True,
    )
    assert response.status_code == 200
    assert Vehicle.objects.get(pk=pdi_passed_car.pk).state == VehicleState.PDI_PASSED
    assert Movement.objects.filter(vehicle=pdi_passed_car, action="deliver").count() == 0


def test_stk_in_pages_walk_a_car_in_and_print_the_forms(
    login, clerk, technician, in_transit_car, yard
):
    from inventory.models import PdiChecklistItem

    items = PdiChecklistItem.objects.all()
    post = {f"ok_{i.code}": "on" for i in items}
    url = reverse("inventory:pdi", args=[in_transit_car.vin, "inbound"])
    page = login(technician).get(url).content.decode()
    assert 'name="arrived_at"' in page  # nobody recorded the unloading
    response = login(technician).post(url, post)
    assert response.status_code == 200  # STK-IN-1: the time it arrived is asked for
    assert response.context["form"].errors["arrived_at"]
    assert Vehicle.objects.get(pk=in_transit_car.pk).arrived_at is None
    arrived = (
        (timezone.now() - timedelta(hours=3)).astimezone(SHANGHAI).replace(second=0, microsecond=0)
    )  # typed on the store's clock
    response = login(technician).post(
        url, {**post, "arrived_at": arrived.strftime("%Y-%m-%dT%H:%M")}
    )
    assert response.status_code == 302
    car = Vehicle.objects.get(pk=in_transit_car.pk)
    assert car.arrived_at == arrived
    assert 'name="arrived_at"' not in login(technician).get(url).content.decode()
    pdi = in_transit_car.inspections.get()
    client = login(clerk)
    client.post(reverse("inventory:pdi_verify", args=[in_transit_car.vin, pdi.pk]))
    response = client.post(
        reverse("inventory:receive", args=[in_transit_car.vin]),
        {
            "warehouse": yard.pk,
            "bay": "A1",
            "key_numbers": "K1, K2*",
            "coc": "C",
            "warranty": "W",
            "manual": "M",
        },
    )
    assert response.status_code == 302
    car = Vehicle.objects.get(pk=in_transit_car.pk)
    assert car.state == VehicleState.IN_STOCK
    assert list(car.keys.values_list("number", "is_spare")) == [("K1", False), ("K2", True)]
    number = car.inbound_form.number
    assert (
        number.encode()
        in client.get(reverse("inventory:print_form", args=["inbound", number])).content
    )
    assert client.get(reverse("inventory:print_pdi", args=[pdi.pk])).status_code == 200


def test_stk_in_1_refused_pdi_form_comes_back_as_filled_with_errors_at_their_fields(
    login, technician, in_transit_car
):
    from inventory.models import PdiChecklistItem

    codes = list(PdiChecklistItem.objects.values_list("code", flat=True))
    post = {f"ok_{c}": "on" for c in codes if c != "paint"}  # paint failed, no problem named
    post |= {"problem_tyres": "备胎气压低", "odometer_km": "-3", "arrived_at": "2030-01-01T08:00"}
    client = login(technician)
    url = reverse("inventory:pdi", args=[in_transit_car.vin, "inbound"])
    response = client.post(url, post)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert set(errors) == {"problem_paint", "odometer_km"}
    html = response.content.decode()
    assert 'value="备胎气压低"' in html and 'value="2030-01-01T08:00"' in html
    assert html.count(" checked") == len(codes) - 1  # the ticks as the inspector left them
    assert html.count("invalid-feedback") == 2
    assert in_transit_car.inspections.count() == 0
    # The form is valid now; the service refuses the future arrival next to its field.
    post |= {"problem_paint": "左前门划痕", "odometer_km": "12"}
    response = client.post(url, post)
    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["arrived_at"]
    assert "invalid-feedback" in response.content.decode()
    car = Vehicle.objects.get(pk=in_transit_car.pk)
    assert car.arrived_at is None and car.inspections.count() == 0


def _verified_inbound_pdi(car, technician, clerk):
    from inventory import services
    from inventory.rules import PdiKind
    from tests.inventory.conftest import all_ok

    services.vehicle_arrive(vehicle=car, by=clerk)
    pdi = services.pdi_record(
        vehicle=car, kind=PdiKind.INBOUND, inspector=technician, results=all_ok(), by=technician
    )
    services.pdi_verify(inspection=pdi, by=clerk)


INBOUND = {"warehouse": "main", "documents": {"coc": "C1", "warranty": "W1", "manual": "M1"}}


def test_stk_in_2_api_action_answers_the_car_even_with_a_state_filter_in_the_url(
    login, clerk, technician, in_transit_car, yard
):
    """?state= filters the list only: an action posted with it (the client's
    list URL reused) answers the car it changed instead of a 500 after the
    write."""
    _verified_inbound_pdi(in_transit_car, technician, clerk)
    response = login(clerk).post(
        f"/api/vehicles/{in_transit_car.vin}/inbound/?state=in_transit",
        {**INBOUND, "keys": [{"number": "K9"}]},
        content_type="application/json",
    )
    assert (response.status_code, response.json()["state"]) == (200, "in_stock")


def test_api_vehicle_list_unknown_state_filter_is_a_400(login, clerk, stock_car):
    response = login(clerk).get("/api/vehicles/", {"state": "parked"})
    assert response.status_code == 400
    assert (response.json()["code"], list(response.json()["detail"])) == ("INVALID", ["state"])
    assert login(clerk).get("/api/vehicles/", {"state": "in_stock"}).json()["count"] == 1


def test_key_1_api_inbound_key_number_given_twice_is_refused(
    login, clerk, technician, in_transit_car, yard
):
    from inventory.models import InboundForm, VehicleKey

    _verified_inbound_pdi(in_transit_car, technician, clerk)
    response = login(clerk).post(
        f"/api/vehicles/{in_transit_car.vin}/inbound/",
        {**INBOUND, "keys": [{"number": "K9"}, {"number": "K9 "}]},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert (response.json()["code"], response.json()["field"]) == ("KEY_NUMBER_REPEATED", "keys")
    in_transit_car.refresh_from_db()
    assert in_transit_car.state == VehicleState.IN_TRANSIT
    assert not VehicleKey.objects.exists() and not InboundForm.objects.exists()


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("K1, K1*", "重复填写的编号：K1"),
        ("K1, *", "不超过 20 个字符"),
        ("K" * 21, "不超过 20 个字符"),
    ],
)
def test_key_1_receive_page_shows_bad_key_numbers_next_to_the_field(
    login, clerk, technician, in_transit_car, yard, typed, message
):
    from inventory.models import VehicleKey

    _verified_inbound_pdi(in_transit_car, technician, clerk)
    response = login(clerk).post(
        reverse("inventory:receive", args=[in_transit_car.vin]),
        {
            "warehouse": yard.pk,
            "bay": "A-1",
            "key_numbers": typed,
            "coc": "C1",
            "warranty": "W1",
            "manual": "M1",
        },
    )
    assert message in " ".join(response.context["form"].errors["key_numbers"])
    assert response.context["form"]["key_numbers"].value() == typed
    assert not VehicleKey.objects.exists()


def test_api_vehicle_of_a_closed_store_is_out_of_reach(login, clerk, stock_car):
    """ORG-1: a store deactivated in the admin is closed to its staff: its
    cars are not found and their keys not issued."""
    from inventory.models import KeyLog
    from tests.inventory.conftest import with_keys

    with_keys(stock_car, stock_car.store)
    key = stock_car.keys.get(is_spare=False).number
    store = stock_car.store
    store.is_active = False
    store.save(update_fields=["is_active"])
    client = login(clerk)
    assert client.get(f"/api/vehicles/{stock_car.vin}/").status_code == 404
    issue = {"key": key, "issued_to": clerk.pk, "purpose": "move", "signature": "郑库管"}
    response = client.post(
        f"/api/vehicles/{stock_car.vin}/key-issue/", issue, content_type="application/json"
    )
    assert response.status_code == 404
    assert not KeyLog.objects.exists()


def test_key_2_api_return_without_a_signature_names_the_field_it_posted(login, clerk, stock_car):
    from inventory.models import KeyLog
    from tests.inventory.conftest import with_keys

    with_keys(stock_car, stock_car.store)
    client = login(clerk)
    key = stock_car.keys.get(is_spare=False).number
    issue = {"key": key, "issued_to": clerk.pk, "purpose": "move", "signature": "郑库管"}
    client.post(f"/api/vehicles/{stock_car.vin}/key-issue/", issue, content_type="application/json")
    back = client.post(
        f"/api/vehicles/{stock_car.vin}/key-return/",
        {"key": key, "signature": " "},
        content_type="application/json",
    )
    assert back.status_code == 400
    assert (back.json()["code"], back.json()["field"]) == ("SIGNATURE_REQUIRED", "signature")
    log = KeyLog.objects.get()
    assert (log.returned_at, log.return_signature) == (None, "")


def test_stk_forms_numbered_for_the_longest_store_code(
    login, clerk, technician, in_transit_car, yard
):
    """A store code may be 20 characters: its form numbers (RK-<code>-<year>-
    <n>) fit their column instead of failing the inbound with a 500."""
    store = in_transit_car.store
    store.code = "guangzhou-tianhe-4s1"
    store.save(update_fields=["code"])
    _verified_inbound_pdi(in_transit_car, technician, clerk)
    response = login(clerk).post(
        f"/api/vehicles/{in_transit_car.vin}/inbound/",
        {**INBOUND, "keys": [{"number": "K9"}]},
        content_type="application/json",
    )
    assert response.status_code == 200
    assert response.json()["form_number"].startswith("RK-GUANGZHOU-TIANHE-4S1-")


def test_stk_pdi_page_of_an_unknown_kind_is_a_404(login, clerk, stock_car):
    """A hand-typed URL (pdi/delivery/) answered 500 before."""
    response = login(clerk).get(reverse("inventory:pdi", args=[stock_car.vin, "delivery"]))
    assert response.status_code == 404


def test_stk_in_1_verify_button_is_not_offered_to_the_inspector(
    login, clerk, technician, in_transit_car
):
    """The inspector cannot verify their own PDI: the page no longer offers
    them a button that is then refused; the other clerk gets it."""
    from inventory import services
    from inventory.rules import PdiKind
    from tests.inventory.conftest import all_ok

    services.vehicle_arrive(vehicle=in_transit_car, by=clerk)
    pdi = services.pdi_record(
        vehicle=in_transit_car, kind=PdiKind.INBOUND, inspector=clerk, results=all_ok(), by=clerk
    )
    verify = reverse("inventory:pdi_verify", args=[in_transit_car.vin, pdi.pk])
    detail = reverse("inventory:vehicle_detail", args=[in_transit_car.vin])
    own = login(clerk).get(detail).content.decode()
    assert verify not in own and "待他人复核" in own
    assert verify in login(technician).get(detail).content.decode()


def test_stk_out_4_release_with_the_delivery_key_out_for_the_longest_store_code(
    login, clerk, consultant_a, ready_car
):
    """The key handed over with the car records the outbound form's number
    (KEY-2); with a 20-character store code that number did not fit the key
    log's column and the release failed with a 500."""
    from inventory import services
    from inventory.models import KeyLog

    store = ready_car.store
    store.code = "guangzhou-tianhe-4s1"
    store.save(update_fields=["code"])
    services.key_issue(
        key=ready_car.keys.filter(is_spare=False).first(),
        issued_to=consultant_a,
        purpose="delivery",
        signature="刘晓明",
        by=clerk,
    )
    response = login(clerk).post(f"/api/vehicles/{ready_car.vin}/outbound/")
    assert response.status_code == 200
    number = response.json()["form_number"]
    assert len(number) > 30 and KeyLog.objects.get().left_with_form == number
