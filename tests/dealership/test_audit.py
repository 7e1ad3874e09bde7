"""Audit history (issue 9): who changed customers, orders, vehicles and the
admin-edited rules, when, and what changed."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from dealership.audit.models import AUDITED
from followups.models import FollowupRule
from sales.models import Customer, TestCar
from tests.factories import UserFactory
from tests.sales.factories import CustomerFactory, TestCarFactory

pytestmark = pytest.mark.django_db


def _api(user) -> APIClient:
    client = APIClient()
    token, _ = Token.objects.get_or_create(user=user)
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


def test_a_change_through_the_api_records_who_when_and_what(consultant_a):
    customer = CustomerFactory(consultant=consultant_a, grade="B")
    response = _api(consultant_a).post(
        f"/api/customers/{customer.pk}/grade/", {"grade": "H", "reason": "本周订"}, format="json"
    )
    assert response.status_code == 200
    latest = customer.audit_history.first()
    assert (latest.history_type, latest.history_user) == ("~", consultant_a)
    assert "grade: B → H" in latest.history_change_reason


def test_work_outside_a_request_is_recorded_without_a_user(consultant_a):
    customer = CustomerFactory(consultant=consultant_a, grade="B")
    Customer.objects.get(pk=customer.pk).save()  # e.g. a Celery task
    created, unchanged = customer.audit_history.order_by("history_id")
    assert (created.history_type, created.history_user, created.history_change_reason) == (
        "+",
        None,
        "",
    )
    assert (unchanged.history_type, unchanged.history_change_reason) == ("~", "")


def test_deleting_a_rule_row_keeps_its_history(store):
    car = TestCarFactory(store=store)
    car_id = car.pk
    car.delete()
    assert list(
        TestCar.audit_history.model.objects.filter(id=car_id)
        .order_by("history_id")
        .values_list("history_type", flat=True)
    ) == ["+", "-"]


def test_every_rule_table_the_admin_edits_is_audited():
    assert FollowupRule in AUDITED
    assert {m._meta.label for m in AUDITED} >= {
        "sales.Customer",
        "sales.Order",
        "inventory.Vehicle",
        "scoring.PenaltyRule",
        "followups.FollowupRule",
        "showroom.ChecklistItem",
    }


def test_admin_history_is_read_only_and_its_list_queries_do_not_grow(client, consultant_a):
    admin = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(admin)
    url = "/admin/audit/historicalcustomer/"

    def count_queries() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    CustomerFactory(consultant=consultant_a)
    few = count_queries()
    for _ in range(15):
        CustomerFactory(consultant=consultant_a)
    assert count_queries() == few

    record = Customer.audit_history.first()
    before = Customer.audit_history.count()
    response = client.post(f"{url}{record.pk}/change/", {"history_change_reason": "x"})
    assert response.status_code == 403
    assert client.post(f"{url}{record.pk}/delete/", {"post": "yes"}).status_code == 403
    assert Customer.audit_history.count() == before
    assert client.get("/admin/audit/historicalcustomer/add/").status_code == 403
