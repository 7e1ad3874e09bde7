"""Pages around a car's life that the scan page links to: registration,
unloading, allocation, sold-car area, repairs, dispatch with two signatures,
storm alerts, random spot checks, and the printable forms."""

import random
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse

from inventory import services
from inventory.models import Dispatch, Movement, StockSpotCheck, StormAlert, Vehicle
from inventory.rules import VehicleState
from tests.inventory.conftest import with_keys
from tests.inventory.factories import OrderFactory, VehicleFactory, make_vin


def _detail(car):
    return reverse("inventory:vehicle_detail", args=[car.vin])


def test_stk_register_page_shows_the_vin_error_next_to_the_field(login, clerk, store):
    client = login(clerk)
    data = {"vin": "LHGCR2650RH10000", "model_name": "雅阁", "colour": "珍珠白"}
    response = client.post(reverse("inventory:register"), data)
    assert response.status_code == 200
    assert response.context["form"].errors == {"vin": ["VIN码应为17位，此号码为16位。"]}
    assert "VIN码应为17位，此号码为16位。" in response.content.decode()
    assert not Vehicle.objects.exists()
    vin = make_vin(424242)
    bad = vin[:8] + ("0" if vin[8] != "0" else "1") + vin[9:]
    response = client.post(reverse("inventory:register"), {**data, "vin": bad})
    assert response.context["form"].errors["vin"] == [
        f"校验位（第9位）应为{vin[8]}，实际为{bad[8]}。"
    ]
    assert not Vehicle.objects.exists()


def test_stk_register_page_creates_a_car_in_transit(login, clerk, manager, store):
    vin = make_vin(424243)
    data = {
        "vin": vin.lower(),
        "model_name": "雅阁",
        "colour": "珍珠白",
        "engine_number": "K20C1",
        "production_date": "2026-01-15",
    }
    response = login(clerk).post(reverse("inventory:register"), data)
    car = Vehicle.objects.get()
    assert response.status_code == 302 and response["Location"] == _detail(car)
    assert (car.vin, car.state, car.store, str(car.production_date)) == (
        vin, VehicleState.IN_TRANSIT, store, "2026-01-15",
    )  # fmt: skip
    assert car.movements.get().by == clerk
    response = login(manager).post(reverse("inventory:register"), data)
    assert response.context["form"].errors == {"vin": ["该车架号（VIN）已登记。"]}
    assert Vehicle.objects.count() == 1


def test_stk_register_page_refused_to_consultants(login, consultant_a):
    assert login(consultant_a).get(reverse("inventory:register")).status_code == 403


def test_stk_scan_unknown_valid_vin_offers_registration(login, clerk, consultant_a, db):
    vin = make_vin(777)
    response = login(clerk).get(reverse("inventory:scan"), {"vin": vin})
    assert response.context["register_vin"] == vin
    assert f"?vin={vin}" in response.content.decode()
    response = login(consultant_a).get(reverse("inventory:scan"), {"vin": vin})
    assert response.context["register_vin"] == ""


def test_stk_in_1_scan_page_unload_then_pdi(login, clerk, in_transit_car):
    client = login(clerk)
    response = client.get(reverse("inventory:scan"), {"vin": in_transit_car.vin})
    assert response.context["actions"] == ["arrive", "pdi_inbound"]
    response = client.post(reverse("inventory:arrive", args=[in_transit_car.vin]))
    assert response.status_code == 302
    assert Vehicle.objects.get(pk=in_transit_car.pk).arrived_by == clerk
    response = client.get(reverse("inventory:scan"), {"vin": in_transit_car.vin})
    assert response.context["actions"] == ["pdi_inbound"]


def test_stk_allocate_page_lists_open_orders_of_the_model(
    login, clerk, store, stock_car, consultant_a, django_assert_max_num_queries
):
    wanted = OrderFactory(store=store, consultant=consultant_a)
    OrderFactory(store=store, consultant=consultant_a, model_name="飞度")  # other model
    OrderFactory(store=store, consultant=consultant_a, status="cancelled")
    taken = OrderFactory(store=store, consultant=consultant_a)
    VehicleFactory(store=store, state="allocated", order=taken)
    client = login(clerk)
    url = reverse("inventory:allocate", args=[stock_car.vin])
    with django_assert_max_num_queries(14):
        response = client.get(url)
    assert list(response.context["form"].fields["order"].queryset) == [wanted]
    response = client.post(url, {"order": taken.pk})
    assert "order" in response.context["form"].errors  # not offered: refused by the form
    assert Vehicle.objects.get(pk=stock_car.pk).state == VehicleState.IN_STOCK
    response = client.post(url, {"order": wanted.pk})
    assert response.status_code == 302
    car = Vehicle.objects.get(pk=stock_car.pk)
    assert (car.state, car.order) == (VehicleState.ALLOCATED, wanted)
    detail = client.get(_detail(car))
    assert "deallocate" in detail.context["more"]
    client.post(reverse("inventory:deallocate", args=[car.vin]))
    car.refresh_from_db()
    assert (car.state, car.order) == (VehicleState.IN_STOCK, None)


def test_stk_allocate_page_refused_to_finance(login, finance, stock_car):
    response = login(finance).get(reverse("inventory:allocate", args=[stock_car.vin]))
    assert response.status_code == 403


def test_stk_sold_area_page(login, clerk, pdi_passed_car, delivery_area, yard):
    client = login(clerk)
    scan = client.get(reverse("inventory:scan"), {"vin": pdi_passed_car.vin})
    assert scan.context["actions"] == ["release", "sold_area"]
    url = reverse("inventory:sold_area", args=[pdi_passed_car.vin])
    assert list(client.get(url).context["form"].fields["warehouse"].queryset) == [delivery_area]
    response = client.post(
        url,
        {
            "warehouse": delivery_area.pk,
            "bay": "J-2",
            "sold_sign": "on",
            "locked": "on",
            "cleaned": "on",
        },
    )
    assert response.status_code == 302
    car = Vehicle.objects.get(pk=pdi_passed_car.pk)
    assert (car.in_sold_area, car.warehouse, car.bay) == (True, delivery_area, "J-2")


def test_stk_move_1_repair_done_button_returns_a_stock_car(login, clerk, stock_car, offsite):
    services.transfer_request(
        vehicle=stock_car, to_warehouse=offsite, check_ok=False, cleaned=False, by=clerk
    )
    client = login(clerk)
    scan = client.get(reverse("inventory:scan"), {"vin": stock_car.vin})
    assert scan.context["actions"] == ["repair_done"]
    client.post(reverse("inventory:repair_done", args=[stock_car.vin]))
    assert Vehicle.objects.get(pk=stock_car.pk).state == VehicleState.IN_STOCK


def test_stk_move_2_scan_shows_start_once_the_manager_signed(
    login, clerk, manager, stock_car, offsite
):
    transfer = services.transfer_request(
        vehicle=stock_car, to_warehouse=offsite, check_ok=True, cleaned=True, by=clerk
    )
    client = login(clerk)
    assert client.get(reverse("inventory:scan"), {"vin": stock_car.vin}).context["actions"] == [
        "key_issue", "transfer",
    ]  # fmt: skip
    services.transfer_decide(transfer=transfer, approve=True, by=manager)
    assert client.get(reverse("inventory:scan"), {"vin": stock_car.vin}).context["actions"] == [
        "key_issue", "transfer_start",
    ]  # fmt: skip
    client.post(reverse("inventory:transfer_step", args=[stock_car.vin, "start"]))
    assert Vehicle.objects.get(pk=stock_car.pk).state == VehicleState.IN_TRANSFER


def test_stk_dispatch_pages_two_signatures_then_release(
    login, clerk, manager, supervisor, stock_car
):
    with_keys(stock_car, stock_car.store)
    client = login(clerk)
    assert "dispatch" in client.get(_detail(stock_car)).context["more"]
    response = client.post(
        reverse("inventory:dispatch_create", args=[stock_car.vin]),
        {"to_dealer": "广汽本田湛江店", "reason": "调剂"},
    )
    dispatch = Dispatch.objects.get()
    assert response["Location"] == reverse("inventory:dispatch", args=[dispatch.pk])
    release = reverse("inventory:dispatch_release", args=[dispatch.pk])
    client.post(release)  # unsigned: refused
    assert Vehicle.objects.get(pk=stock_car.pk).state == VehicleState.IN_STOCK
    odd = login(supervisor).post(reverse("inventory:dispatch_sign", args=[dispatch.pk, "boss"]))
    assert odd.status_code == 404
    dispatch.refresh_from_db()
    assert dispatch.responsible_signed_by is None and dispatch.manager_signed_by is None
    login(supervisor).post(reverse("inventory:dispatch_sign", args=[dispatch.pk, "responsible"]))
    page = login(manager).get(reverse("inventory:approvals"))
    assert [d.number for d in page.context["dispatches"]] == [dispatch.number]
    login(manager).post(reverse("inventory:dispatch_sign", args=[dispatch.pk, "manager"]))
    client = login(clerk)
    assert "签字" in client.get(reverse("inventory:dispatch", args=[dispatch.pk])).content.decode()
    client.post(release)
    car = Vehicle.objects.get(pk=stock_car.pk)
    assert car.state == VehicleState.DISPATCHED
    assert Movement.objects.get(vehicle=car, action="dispatch").form_number == dispatch.number
    printed = client.get(reverse("inventory:print_form", args=["dispatch", dispatch.number]))
    assert "车辆调拨单" in printed.content.decode() and "李主管" in printed.content.decode()


def test_mnt_storm_page_raise_and_end(login, manager, clerk, stock_car):
    client = login(manager)
    client.post(reverse("inventory:storm"), {"title": "台风“摩羯”"})
    alert = StormAlert.objects.get()
    page = client.get(reverse("inventory:storm"))
    assert list(page.context["alerts"]) == [alert]
    client.post(reverse("inventory:storm_end", args=[alert.pk]))
    alert.refresh_from_db()
    assert alert.ended_by == manager
    assert set(alert.tasks.values_list("kind", flat=True)) == {"storm_protect", "storm_wash"}
    assert list(client.get(reverse("inventory:storm")).context["alerts"]) == []
    assert login(clerk).get(reverse("inventory:storm")).status_code == 403


def test_mnt_random_spot_check_pages(login, clerk, store, yard, django_assert_max_num_queries):
    for _ in range(8):
        VehicleFactory(store=store, warehouse=yard)
    with time_machine.travel("2026-03-01 06:45 +0800", tick=False):
        services.spot_checks_plan(store=store, rng=random.Random(5))
    first = StockSpotCheck.objects.order_by("planned_at").first()
    client = login(clerk)
    with time_machine.travel(first.planned_at, tick=False):
        with django_assert_max_num_queries(10):
            page = client.get(reverse("inventory:spot_checks"))
        assert len(page.context["checks"]) == 5
        url = reverse("inventory:spot_check", args=[first.pk])
        response = client.post(url, {"location_ok": "on", "keys_documents_ok": "on", "note": ""})
        assert response.context["form"].errors == {"note": ["请写明抽查发现的问题。"]}
        assert StockSpotCheck.objects.get(pk=first.pk).done_at is None
        client.post(url, {"location_ok": "on", "keys_documents_ok": "on", "note": "前保险杠积尘"})
    first.refresh_from_db()
    assert (first.done_by, first.passed, first.note) == (clerk, False, "前保险杠积尘")


def test_mnt_random_spot_check_list_query_count_does_not_grow(
    login, clerk, store, yard, django_assert_max_num_queries
):
    from inventory.models import StockPolicy

    StockPolicy.objects.create(store=store, spot_checks_per_month=20)
    for _ in range(3):
        VehicleFactory(store=store, warehouse=yard)
    with time_machine.travel("2026-03-01 06:45 +0800", tick=False):
        services.spot_checks_plan(store=store)
    client = login(clerk)
    with django_assert_max_num_queries(10):
        client.get(reverse("inventory:spot_checks"))
    StockSpotCheck.objects.all().delete()
    for _ in range(15):
        VehicleFactory(store=store, warehouse=yard)
    with time_machine.travel("2026-03-01 06:45 +0800", tick=False):
        services.spot_checks_plan(store=store)
    with django_assert_max_num_queries(10):
        page = client.get(reverse("inventory:spot_checks"))
    assert len(page.context["checks"]) == 18


PRINT_TITLES = {
    "inbound": "《车辆入库单》",
    "outbound": "《车辆出库单》",
    "payment": "全款确认单",
    "release_slip": "放行条",
    "gate_pass": "出门条",
    "delivery": "《客户交车确认单》",
}


def test_stk_out_printable_forms_have_one_translated_title(
    login, clerk, finance, ready_car, django_assert_max_num_queries
):
    services.gate_pass_issue(vehicle=ready_car, by=finance)
    outbound = services.vehicle_release(vehicle=ready_car, by=clerk)
    client = login(clerk)
    papers = client.get(_detail(ready_car)).context["papers"]
    numbers = {p.url.split("/")[-3]: p.number for p in papers}
    assert set(numbers) == {"outbound", "payment", "release_slip", "gate_pass", "delivery"}
    assert numbers["outbound"] == outbound.number
    for kind, title in PRINT_TITLES.items():
        if kind not in numbers:
            continue
        with django_assert_max_num_queries(8):
            page = client.get(reverse("inventory:print_form", args=[kind, numbers[kind]]))
        html = page.content.decode()
        assert page.status_code == 200
        assert html.count(title) == 2, kind  # the <title> and the heading, nothing else
        assert numbers[kind] in html and ready_car.vin in html


def test_stk_in_printable_inbound_and_pdi_titles_not_doubled(
    login, clerk, technician, in_transit_car, yard
):
    from tests.inventory.test_inbound import DOCS, KEYS, _inbound_pdi

    pdi = _inbound_pdi(in_transit_car, technician, clerk)
    form = services.vehicle_receive(
        vehicle=in_transit_car, warehouse=yard, by=clerk, keys=KEYS, documents=DOCS
    )
    client = login(clerk)
    html = client.get(reverse("inventory:print_form", args=["inbound", form.number])).content
    assert html.decode().count("车辆入库单") == 2
    html = client.get(reverse("inventory:print_pdi", args=[pdi.pk])).content.decode()
    assert html.count("PDI检验单") == 2 and "黄技师" in html


def test_stk_move_printable_transfer_form(login, clerk, manager, stock_car, offsite):
    transfer = services.transfer_request(
        vehicle=stock_car, to_warehouse=offsite, check_ok=True, cleaned=True, by=clerk
    )
    services.transfer_decide(transfer=transfer, approve=True, by=manager)
    html = (
        login(clerk)
        .get(reverse("inventory:print_form", args=["transfer", transfer.number]))
        .content.decode()
    )
    assert html.count("车辆移库登记") == 2 and "王经理" in html


def test_org_1_prints_of_another_store_are_404(login, clerk, other_store, finance):
    from tests.factories import UserFactory, WarehouseFactory

    other_finance = UserFactory(username="f2", roles=["finance"], stores=[other_store])
    other_order = OrderFactory(store=other_store, consultant=other_finance)
    car = VehicleFactory(store=other_store, warehouse=WarehouseFactory(store=other_store))
    car.order, car.state = other_order, "allocated"
    car.save()
    payment = services.payment_confirm(vehicle=car, amount=Decimal("179800"), by=other_finance)
    url = reverse("inventory:print_form", args=["payment", payment.number])
    assert login(clerk).get(url).status_code == 404
    assert login(clerk).get(reverse("inventory:print_form", args=["nope", "X"])).status_code == 404


@pytest.mark.parametrize("page", ["scan", "detail"])
def test_stk_more_actions_follow_role_and_state(page, login, finance, clerk, pdi_passed_car):
    def more(user):
        client = login(user)
        if page == "scan":
            return client.get(reverse("inventory:scan"), {"vin": pdi_passed_car.vin}).context[
                "more"
            ]
        return client.get(_detail(pdi_passed_car)).context["more"]

    assert more(finance) == {"payment"}
    # The sold-car area is one of the clerk's main actions: not repeated below them.
    assert more(clerk) == set()
    services.payment_confirm(vehicle=pdi_passed_car, amount=Decimal("179800"), by=finance)
    assert more(finance) == {"release_slip", "gate_pass"}
    assert more(clerk) == {"gate_pass"}
    services.release_slip_issue(vehicle=pdi_passed_car, by=finance)
    assert more(finance) == {"gate_pass"}  # STK-OUT-4: one slip; printed from the forms list
    html = login(clerk).get(_detail(pdi_passed_car)).content.decode()
    assert html.count('data-action="sold_area"') == 1


def test_stk_in_1_only_the_inbound_pdi_offers_verification(login, clerk, pdi_passed_car):
    """STK-IN-1: the clerk verifies the inbound PDI form; the pre-delivery PDI
    (STK-OUT-2) has no verification step, so its line shows no button."""
    html = login(clerk).get(_detail(pdi_passed_car)).content.decode()
    predelivery = pdi_passed_car.inspections.get(kind="predelivery")
    assert reverse("inventory:pdi_verify", args=[pdi_passed_car.vin, predelivery.pk]) not in html


def test_stk_dispatch_approvals_page_query_count_does_not_grow(
    login, clerk, manager, store, yard, offsite, django_assert_max_num_queries
):
    def pending(n):
        for _ in range(n):
            car = VehicleFactory(store=store, warehouse=yard)
            services.dispatch_create(vehicle=car, to_dealer="湛江店", by=clerk)
            services.transfer_request(
                vehicle=VehicleFactory(store=store, warehouse=yard),
                to_warehouse=offsite,
                check_ok=True,
                cleaned=True,
                by=clerk,
            )

    client = login(manager)
    pending(2)
    client.get(reverse("inventory:approvals"))
    with django_assert_max_num_queries(14) as first:
        client.get(reverse("inventory:approvals"))
    pending(12)
    with django_assert_max_num_queries(len(first.captured_queries)):
        page = client.get(reverse("inventory:approvals"))
    assert (len(page.context["dispatches"]), len(page.context["transfers"])) == (14, 14)
