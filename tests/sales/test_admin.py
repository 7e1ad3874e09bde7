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


@pytest.mark.parametrize(
    ("template", "said"),
    [
        ("{顾客}您好，我是{consultant}", "{顾客} 不是系统会填写的占位符"),
        ("您好{", "不用于占位符的花括号要写两次"),
        ("{0}您好", "{0} 不是系统会填写的占位符"),
        ("{customer.name}您好", "{customer.name} 不是系统会填写的占位符"),
        ("{customer:>4}您好", "{customer:>4} 不是系统会填写的占位符"),
    ],
)
def test_lead_5_sms_template_that_cannot_be_filled_is_refused_at_its_field(
    client, manager, store, template, said
):
    """A placeholder the system does not fill saved without a word, and then
    every showroom visit failed (KeyError in the SMS). The refusal names the
    part in the store's language (not Python's English) and lists the
    placeholders."""
    from sales.models import SalesPolicy

    policy = SalesPolicy.objects.create(store=store)
    client.force_login(manager)
    url = reverse("admin:sales_salespolicy_change", args=[policy.pk])
    form = client.get(url).context["adminform"].form
    data = {name: form[name].value() for name in form.fields}
    page = client.post(url, {**data, "store": store.pk, "post_visit_sms": template})
    assert page.status_code == 200
    errors = page.context["adminform"].form.errors
    assert list(errors) == ["post_visit_sms"]
    assert said in errors["post_visit_sms"][0]
    assert "{customer} {title} {store} {consultant} {brand}" in errors["post_visit_sms"][0]
    policy.refresh_from_db()
    assert policy.post_visit_sms.startswith("{customer}{title}您好")


def test_lead_8_9_policy_days_must_be_positive_and_in_order(store):
    from django.core.exceptions import ValidationError

    from sales.models import SalesPolicy

    policy = SalesPolicy(store=store, reassign_after_days=90, management_after_days=60)
    with pytest.raises(ValidationError) as exc:
        policy.full_clean()
    assert list(exc.value.message_dict) == ["management_after_days"]
    policy = SalesPolicy(store=store, sms_deadline_minutes=0, spot_check_sample=0)
    with pytest.raises(ValidationError) as exc:
        policy.full_clean()
    assert set(exc.value.message_dict) == {"sms_deadline_minutes", "spot_check_sample"}
    SalesPolicy(store=store).full_clean()  # the regulation's defaults are valid


def test_fu_and_stock_policies_refuse_values_that_stop_the_checks(store):
    from django.core.exceptions import ValidationError

    from followups.models import FirstServiceInterval, FollowupPolicy
    from inventory.models import StockPolicy

    for row, fields in (
        (FollowupPolicy(store=store, reminder_hour=24), {"reminder_hour"}),
        (FirstServiceInterval(model_name="x", months=0, km=0), {"months", "km"}),
        (
            StockPolicy(
                store=store,
                key_return_hours=0,
                not_started_days=0,
                pdi_due_hours=0,
                spot_checks_per_month=0,
            ),
            {"key_return_hours", "not_started_days", "pdi_due_hours", "spot_checks_per_month"},
        ),
    ):
        with pytest.raises(ValidationError) as exc:
            row.full_clean()
        assert set(exc.value.message_dict) == fields
