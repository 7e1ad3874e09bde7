from __future__ import annotations

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from dealership.rules import Role
from tests.factories import UserFactory
from tests.sales.factories import CustomerFactory, OrderFactory

pytestmark = pytest.mark.django_db


def test_superuser_opens_sales_admin_pages(client, consultant_a):
    customer = CustomerFactory(consultant=consultant_a)
    OrderFactory(customer=customer)
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    for model in ["salespolicy", "testcar", "customer", "visit", "order", "lostrequest"]:
        assert client.get(reverse(f"admin:sales_{model}_changelist")).status_code == 200, model
    assert client.get(reverse("admin:sales_customer_change", args=[customer.pk])).status_code == 200


def test_manager_admin_sees_own_store_customers_only(
    client, manager, consultant_a, other_store, roles
):
    mine = CustomerFactory(consultant=consultant_a)
    outsider = UserFactory(roles=[Role.SALES_CONSULTANT], stores=[other_store])
    CustomerFactory(consultant=outsider)
    manager.user_permissions.add(Permission.objects.get(codename="view_customer"))
    client.force_login(manager)
    response = client.get(reverse("admin:sales_customer_changelist"))
    assert list(response.context["cl"].result_list) == [mine]


def test_customer_records_cannot_be_edited_in_admin(client, manager, consultant_a):
    customer = CustomerFactory(consultant=consultant_a)
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    response = client.post(
        reverse("admin:sales_customer_change", args=[customer.pk]), {"grade": "H"}
    )
    assert response.status_code == 403
    customer.refresh_from_db()
    assert customer.grade == "B"
