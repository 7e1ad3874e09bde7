"""Every refusal of the API is {"code", "detail"}; the server errors the
fuzzer found stay fixed (a malformed filter is refused or ignored, never a
500)."""

from __future__ import annotations

import pytest
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.exceptions import ValidationError
from rest_framework.test import APIClient

from dealership.api import exception_handler
from followups.services import followups_on_grade_change
from sales.models import Customer, Order, Visit
from scoring.services import violation_record
from tests.inventory.factories import VehicleFactory
from tests.sales.factories import CustomerFactory, valid_id_number


def api(user) -> APIClient:
    client = APIClient()
    token, _ = Token.objects.get_or_create(user=user)
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


@pytest.mark.django_db
@pytest.mark.parametrize("value", ["abc", "²", "1.5", "-1"])
def test_api_store_filter_not_a_store_id_is_refused_not_a_server_error(manager, value):
    response = api(manager).get("/api/customers/", {"store": value})
    assert response.status_code == 403
    assert response.json()["code"] == "PERMISSION_DENIED"


@pytest.mark.django_db
def test_api_store_filter_of_own_store_still_works(manager, consultant_a, store):
    customer = CustomerFactory(consultant=consultant_a)
    response = api(manager).get("/api/customers/", {"store": str(store.pk)})
    assert response.status_code == 200
    assert [row["id"] for row in response.json()["results"]] == [customer.pk]


@pytest.mark.django_db
@pytest.mark.parametrize("month", ["0000-01", "2026-00", "2026-13", "99999-01", "x"])
def test_api_penalties_malformed_month_filters_nothing_instead_of_a_server_error(
    manager, consultant_a, store, month
):
    entry = violation_record(
        store=store,
        person=consultant_a,
        rule_code="PTS-3-DRESS",
        fact_date=timezone.localdate(),
        fact_key="errors",
    )
    response = api(manager).get("/api/penalties/", {"month": month, "person": "²"})
    assert response.status_code == 200
    assert entry.pk in [row["id"] for row in response.json()["results"]]


@pytest.mark.django_db
def test_api_penalties_month_filter(manager, consultant_a, store):
    today = timezone.localdate()
    violation_record(
        store=store, person=consultant_a, rule_code="PTS-3-DRESS", fact_date=today, fact_key="m"
    )
    client = api(manager)
    this_month = client.get("/api/penalties/", {"month": today.strftime("%Y-%m")}).json()
    other_year = client.get("/api/penalties/", {"month": f"{today.year - 1}-{today.month:02d}"})
    assert this_month["count"] >= 1
    assert other_year.json()["count"] == 0


@pytest.mark.django_db
def test_api_followups_store_filter_not_an_id_is_ignored(consultant_a):
    customer = CustomerFactory(consultant=consultant_a, grade="H")
    followups_on_grade_change(customer=customer, by=consultant_a)
    response = api(consultant_a).get("/api/followups/", {"store": "²"})
    assert response.status_code == 200
    assert response.json()["count"] >= 1


@pytest.mark.django_db
def test_api_followups_open_task_has_null_times(consultant_a):
    """The times of an open follow-up are null, as the schema now says."""
    customer = CustomerFactory(consultant=consultant_a, grade="H")
    followups_on_grade_change(customer=customer, by=consultant_a)
    task = api(consultant_a).get("/api/followups/").json()["results"][0]
    assert (task["completed_at"], task["late_at"], task["missed_at"]) == (None, None, None)


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/api/customers/abc/", "/api/nothing-here/"])
def test_api_unmatched_url_is_a_json_404(manager, path):
    response = api(manager).get(path)
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"code": "NOT_FOUND", "detail": "未找到。"}


@pytest.mark.django_db
def test_unmatched_page_url_is_still_the_html_404(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")


UNREADABLE = {"code": "BAD_REQUEST", "detail": "无法读取该请求。"}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("path", "query"),
    [
        ("/api/customers/", {"mobile": "\x00"}),
        ("/api/vehicles/", {"state": "\x00"}),
        ("/api/vehicles/%00/", {}),
        ("/api/penalties/", {"\x00": "1"}),
    ],
)
def test_api_nul_in_the_query_or_path_is_a_json_400(manager, path, query):
    """PostgreSQL refuses NUL in any text: the filter or look-up failed with
    a 500 before."""
    response = api(manager).get(path, query)
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert response.json() == UNREADABLE


@pytest.mark.django_db
def test_page_nul_in_the_search_is_a_400_page(client, consultant_a):
    client.force_login(consultant_a)
    response = client.get("/sales/", {"q": "\x00"})
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")


@pytest.mark.django_db
def test_api_body_over_the_size_limit_is_a_json_400_and_nothing_written(consultant_a, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    body = {**VISIT, "note": "x" * 2000}
    response = api(consultant_a).post("/api/visits/", body, format="json")
    assert (response.status_code, response.json()) == (400, UNREADABLE)
    assert not Visit.objects.exists() and not Customer.objects.exists()


@pytest.mark.django_db
def test_api_too_many_form_fields_is_a_json_400(consultant_a):
    response = api(consultant_a).post("/api/visits/", {f"f{i}": "1" for i in range(1500)})
    assert (response.status_code, response.json()) == (400, UNREADABLE)


def test_validation_error_without_fields_is_still_code_and_detail():
    response = exception_handler(ValidationError("bad"), {})
    assert response.status_code == 400
    assert response.data == {"code": "INVALID", "detail": {"non_field_errors": ["bad"]}}


def test_validation_error_on_a_field_named_code_is_wrapped():
    response = exception_handler(ValidationError({"code": ["required"]}), {})
    assert response.data == {"code": "INVALID", "detail": {"code": ["required"]}}


VISIT = {
    "kind": "showroom",
    "source_channel": "referral",
    "mobile": "13712345678",
    "started_at": "2026-11-25T10:00:00+08:00",
    "name": "周",
    "title": "mr",
    "appearance": "高个",
    "family_background": "已婚",
    "social_background": "医生",
    "needs_and_budget": "30万 SUV",
}


@pytest.mark.django_db
def test_api_visit_party_size_beyond_the_page_limit_is_a_400_not_a_server_error(consultant_a):
    response = api(consultant_a).post("/api/visits/", {**VISIT, "party_size": 40000}, format="json")
    assert response.status_code == 400
    assert response.json()["code"] == "INVALID"
    assert list(response.json()["detail"]) == ["party_size"]
    assert not Visit.objects.exists() and not Customer.objects.exists()


@pytest.mark.django_db
def test_api_order_accessory_quantity_beyond_the_column_is_a_400_not_a_server_error(
    consultant_a,
):
    customer = CustomerFactory(consultant=consultant_a)
    order = {
        "customer": customer.pk,
        "full_name": "陈大文",
        "mobile": "13800138000",
        "address": "阳江市江城区东风路1号",
        "id_number": valid_id_number(),
        "model_name": "雅阁",
        "colour": "白",
        "price": "150000",
        "accessories": [{"name": "脚垫", "unit_price": "1", "quantity": 40000}],
    }
    response = api(consultant_a).post("/api/orders/", order, format="json")
    assert response.status_code == 400
    assert response.json()["code"] == "INVALID"
    assert "accessories" in response.json()["detail"]
    assert not Order.objects.exists()
    order["accessories"][0]["quantity"] = 4
    assert api(consultant_a).post("/api/orders/", order, format="json").status_code == 201


@pytest.mark.django_db
def test_api_inbound_odometer_beyond_the_column_is_a_400_not_a_server_error(clerk, store):
    car = VehicleFactory(store=store, warehouse=None, arrival_date=None, state="in_transit")
    body = {"warehouse": "main", "odometer_km": 2**40, "keys": [], "documents": {}}
    response = api(clerk).post(f"/api/vehicles/{car.vin}/inbound/", body, format="json")
    assert response.status_code == 400
    assert list(response.json()["detail"]) == ["odometer_km"]
    car.refresh_from_db()
    assert car.state == "in_transit"
