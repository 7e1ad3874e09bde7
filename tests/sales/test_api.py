"""The sales REST API: token auth, the same services and visibility as the
pages, {"code", "detail"} refusals, query counts that do not grow."""

from __future__ import annotations

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from sales.models import Customer, Order, TestDrive, Visit
from tests.sales.factories import CustomerFactory, OrderFactory, TestCarFactory, valid_id_number

pytestmark = pytest.mark.django_db


def api(user) -> APIClient:
    client = APIClient()
    token, _ = Token.objects.get_or_create(user=user)
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


VISIT = {
    "kind": "showroom",
    "source_channel": "referral",
    "mobile": "13712345678",
    "started_at": "2026-11-25T10:00:00+08:00",
    "ended_at": "2026-11-25T10:30:00+08:00",
    "name": "周",
    "title": "mr",
    "appearance": "高个",
    "family_background": "已婚",
    "social_background": "医生",
    "needs_and_budget": "30万 SUV",
}


def _order_body(customer, **extra) -> dict:
    """POST /api/orders/ for a valid order of the customer."""
    return {
        "customer": customer.pk,
        "full_name": "周大福",
        "mobile": customer.mobile,
        "address": "阳江",
        "id_number": valid_id_number(),
        "model_name": "CR-V",
        "colour": "黑",
        "price": "199800.00",
        **extra,
    }


def test_api_visit_end_sets_the_sms_due_from_the_end_and_refuses_a_second_end(consultant_a):
    """LEAD-5: a visit logged on arrival (no time out) is ended later."""
    body = {**VISIT, "ended_at": None}
    created = api(consultant_a).post("/api/visits/", body, format="json").json()
    url = f"/api/visits/{created['id']}/end/"
    response = api(consultant_a).post(url, {"ended_at": "2026-11-25T10:45:00"}, format="json")
    assert response.status_code == 200, response.json()
    assert (response.json()["ended_at"], response.json()["sms_due_at"]) == (
        "2026-11-25T10:45:00+08:00",
        "2026-11-25T11:15:00+08:00",
    )
    again = api(consultant_a).post(url, {}, format="json")
    assert (again.status_code, again.json()["code"]) == (409, "VISIT_ENDED")
    assert Visit.objects.get(pk=created["id"]).ended_at.isoformat() == "2026-11-25T02:45:00+00:00"


def test_api_visit_end_of_a_colleagues_visit_is_not_found(consultant_a, consultant_b):
    created = api(consultant_a).post("/api/visits/", {**VISIT, "ended_at": None}, format="json")
    response = api(consultant_b).post(f"/api/visits/{created.json()['id']}/end/", {}, format="json")
    assert response.status_code == 404
    assert Visit.objects.get(pk=created.json()["id"]).ended_at is None


def test_api_order_of_a_company_buyer(consultant_a):
    """LEAD-7: id_type "company" takes a unified social credit code."""
    customer = CustomerFactory(consultant=consultant_a)
    body = _order_body(customer, id_type="company", id_number="91350100M000100Y43")
    response = api(consultant_a).post("/api/orders/", body, format="json")
    assert response.status_code == 201, response.json()
    assert (response.json()["id_type"], Order.objects.get().id_number) == (
        "company",
        "91350100M000100Y43",
    )
    bad = _order_body(customer, id_type="company", id_number="91350100M000100Y44")
    refused = api(consultant_a).post("/api/orders/", bad, format="json")
    assert (refused.status_code, refused.json()["field"]) == (400, "id_number")
    assert Order.objects.count() == 1


def test_api_requires_authentication():
    assert APIClient().get("/api/customers/").status_code in (401, 403)


def test_api_visit_created_through_the_service(consultant_a):
    response = api(consultant_a).post("/api/visits/", VISIT, format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["sms_due_at"] == "2026-11-25T11:00:00+08:00"
    assert Customer.objects.get().consultant == consultant_a


def test_api_lead_2_refusal_is_code_and_detail_and_nothing_written(consultant_a):
    response = api(consultant_a).post("/api/visits/", {**VISIT, "appearance": ""}, format="json")
    assert response.status_code == 400
    assert response.json()["code"] == "CHARACTERISTIC_REQUIRED"
    assert response.json()["detail"]
    assert not Visit.objects.exists() and not Customer.objects.exists()


def test_api_lead_2_every_missing_field_is_named_at_once(consultant_a):
    body = {**VISIT, "name": "", "appearance": "", "social_background": ""}
    response = api(consultant_a).post("/api/visits/", body, format="json")
    assert response.status_code == 400
    got = response.json()
    assert (got["code"], got["field"]) == ("NAME_REQUIRED", "name")
    assert {name: f["code"] for name, f in got["fields"].items()} == {
        "name": "NAME_REQUIRED",
        "appearance": "CHARACTERISTIC_REQUIRED",
        "social_background": "CHARACTERISTIC_REQUIRED",
    }
    assert not Visit.objects.exists() and not Customer.objects.exists()


def test_api_customers_scoped_to_the_consultant(consultant_a, consultant_b):
    mine = CustomerFactory(consultant=consultant_a)
    CustomerFactory(consultant=consultant_b)
    body = api(consultant_a).get("/api/customers/").json()
    assert [c["id"] for c in body["results"]] == [mine.pk]


def test_api_other_consultants_customer_is_404(consultant_a, consultant_b):
    theirs = CustomerFactory(consultant=consultant_b)
    client = api(consultant_a)
    assert client.get(f"/api/customers/{theirs.pk}/").status_code == 404
    response = client.post(f"/api/customers/{theirs.pk}/grade/", {"grade": "H", "reason": "x"})
    assert response.status_code == 404


def test_api_grade_conflict_is_409(consultant_a):
    customer = CustomerFactory(consultant=consultant_a)
    response = api(consultant_a).post(
        f"/api/customers/{customer.pk}/grade/", {"grade": "O", "reason": "x"}, format="json"
    )
    assert (response.status_code, response.json()["code"]) == (409, "GRADE_CHANGE_NOT_ALLOWED")
    customer.refresh_from_db()
    assert customer.grade == "B"
    response = api(consultant_a).post(
        f"/api/customers/{customer.pk}/grade/", {"grade": "H", "reason": "本周订"}, format="json"
    )
    assert response.json()["grade"] == "H"


def test_api_store_of_another_dealer_is_refused(consultant_a, other_store):
    response = api(consultant_a).get(f"/api/customers/?store={other_store.pk}")
    assert response.status_code == 403


def test_api_test_drive_and_order_and_cancel(consultant_a, store):
    customer = CustomerFactory(consultant=consultant_a)
    car = TestCarFactory(store=store)
    client = api(consultant_a)
    response = client.post(
        "/api/test-drives/",
        {"customer": customer.pk, "test_car": car.pk, "driver_name": "周", "licence_number": ""},
        format="json",
    )
    assert (response.status_code, response.json()["code"]) == (400, "LICENCE_REQUIRED")
    assert not TestDrive.objects.exists()
    order = _order_body(
        customer,
        deposit="10000.00",
        accessories=[{"name": "贴膜", "unit_price": "1200.00", "quantity": 1}],
    )
    created = client.post("/api/orders/", order, format="json")
    assert created.status_code == 201, created.json()
    pk = created.json()["id"]
    cancelled = client.post(f"/api/orders/{pk}/cancel/", {"reason": "改买别款"}, format="json")
    assert cancelled.json()["status"] == "cancelled"
    again = client.post(f"/api/orders/{pk}/cancel/", {"reason": "x"}, format="json")
    assert (again.status_code, again.json()["code"]) == (409, "ORDER_NOT_OPEN")
    assert Order.objects.get().cancel_reason == "改买别款"


def test_api_lists_query_count_does_not_grow(
    manager, consultant_a, store, django_assert_max_num_queries
):
    client = api(manager)
    for _ in range(2):
        OrderFactory(customer=CustomerFactory(consultant=consultant_a))
    urls = ["/api/customers/", "/api/orders/", "/api/visits/", "/api/test-drives/"]
    with django_assert_max_num_queries(40) as small:
        for url in urls:
            assert client.get(url).status_code == 200
    for _ in range(15):
        OrderFactory(customer=CustomerFactory(consultant=consultant_a))
    with django_assert_max_num_queries(len(small.captured_queries)):
        for url in urls:
            client.get(url)


def test_openapi_schema_lists_the_sales_endpoints(client, manager):
    client.force_login(manager)
    schema = client.get("/api/schema/").content.decode()
    for path in ("/api/customers/", "/api/visits/", "/api/test-drives/", "/api/orders/"):
        assert path in schema


@pytest.mark.parametrize(
    ("times", "field"),
    [
        ({"started_at": "9999-12-31T23:59:00+08:00"}, "started_at"),
        ({"started_at": "9999-12-31T23:59:00"}, "started_at"),
        ({"started_at": "0001-01-01T00:00:00"}, "started_at"),
        ({"ended_at": "9999-12-31T23:59:00+08:00"}, "ended_at"),
    ],
)
def test_api_lead_1_visit_times_a_datetime_cannot_hold_or_far_off_are_a_400(
    consultant_a, times, field
):
    """Before: an OverflowError (a 500) in DRF or in the SMS deadline."""
    response = api(consultant_a).post("/api/visits/", {**VISIT, **times}, format="json")
    assert response.status_code == 400
    body = response.json()
    # Refused by the service (its code and field) or by the serializer (INVALID, by field).
    if body["code"] == "INVALID":
        assert list(body["detail"]) == [field]
    else:
        assert (body["code"], body["field"]) in {
            ("VISIT_IN_FUTURE", field),
            ("VISIT_TOO_OLD", field),
            ("VISIT_TIMES", field),
        }
    assert not Visit.objects.exists() and not Customer.objects.exists()


def test_api_lead_1_visit_time_without_offset_is_on_the_stores_clock(consultant_a, store):
    """As the page reads a typed time: 10:00 in a store in Ürümqi (UTC+6) is
    04:00 UTC, not 02:00 UTC as the settings' Shanghai would read it."""
    from datetime import UTC, datetime

    store.time_zone = "Asia/Urumqi"
    store.save(update_fields=["time_zone"])
    visit = {**VISIT, "started_at": "2026-11-25T10:00", "ended_at": None}
    assert api(consultant_a).post("/api/visits/", visit, format="json").status_code == 201
    assert Visit.objects.get().started_at == datetime(2026, 11, 25, 4, 0, tzinfo=UTC)


def test_api_lead_2_negative_budget_is_a_400(consultant_a):
    response = api(consultant_a).post("/api/visits/", {**VISIT, "budget": "-100"}, format="json")
    assert (response.status_code, list(response.json()["detail"])) == (400, ["budget"])
    assert not Visit.objects.exists() and not Customer.objects.exists()


def test_api_lead_1_manager_logs_for_a_consultant_not_for_the_clerk(manager, clerk):
    response = api(manager).post("/api/visits/", {**VISIT, "consultant": clerk.pk}, format="json")
    assert (response.status_code, response.json()["code"]) == (400, "CONSULTANT_NOT_SALES")
    assert response.json()["field"] == "consultant"
    assert not Visit.objects.exists() and not Customer.objects.exists()


def test_api_order_numbered_for_the_longest_store_code(consultant_a, store):
    """A store code may be 20 characters; the order number (<code>-<date>-<n>)
    fits its column instead of failing every order with a 500."""
    store.code = "guangzhou-tianhe-4s1"
    store.save(update_fields=["code"])
    customer = CustomerFactory(consultant=consultant_a, store=store)
    created = api(consultant_a).post("/api/orders/", _order_body(customer), format="json")
    assert created.status_code == 201, created.json()
    assert Order.objects.get().number.startswith("GUANGZHOU-TIANHE-4S1-")


def test_api_order_cancel_without_a_reason_is_refused(consultant_a):
    order = OrderFactory(customer=CustomerFactory(consultant=consultant_a))
    response = api(consultant_a).post(
        f"/api/orders/{order.pk}/cancel/", {"reason": " "}, format="json"
    )
    assert (response.status_code, response.json()["code"]) == (400, "REASON_REQUIRED")
    order.refresh_from_db()
    assert (order.status, order.cancel_reason) == ("ordered", "")


def test_api_lead_6_test_car_out_of_service_is_refused(consultant_a, store):
    customer = CustomerFactory(consultant=consultant_a)
    car = TestCarFactory(store=store, is_active=False)
    response = api(consultant_a).post(
        "/api/test-drives/",
        {
            "customer": customer.pk,
            "test_car": car.pk,
            "driver_name": "周",
            "licence_number": "441702199003071234",
        },
        format="json",
    )
    assert (response.status_code, response.json()["code"]) == (400, "TEST_CAR_UNAVAILABLE")
    assert not TestDrive.objects.exists()


def test_api_missing_record_says_not_found_in_the_language_without_the_model(consultant_a):
    response = api(consultant_a).get("/api/customers/999999/", HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert response.status_code == 404
    assert response.json() == {"code": "NOT_FOUND", "detail": "未找到。"}
