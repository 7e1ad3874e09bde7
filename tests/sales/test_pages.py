"""The sales pages: what each user can reach, refusals shown next to the
field, and list pages whose query count does not grow with rows."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from sales.models import Customer, LostRequest, SmsMessage, SpotCheckItem, TestDrive, Visit
from sales.rules import Grade
from tests.html import html_part
from tests.sales.factories import CustomerFactory, OrderFactory, valid_id_number

pytestmark = pytest.mark.django_db

VISIT = {
    "kind": "showroom",
    "source_channel": "walk_in",
    "mobile": "13612345678",
    "started_at": "2026-11-25T10:00",
    "ended_at": "2026-11-25T10:40",
    "party_size": "2",
    "name": "黄",
    "title": "ms",
    "appearance": "短发",
    "family_background": "单身",
    "social_background": "教师",
    "needs_and_budget": "代步，15万",
    "send_sms": "on",
}


def test_lead_1_consultant_logs_a_visit_from_the_page_and_sms_goes_out(login, consultant_a):
    client = login(consultant_a)
    response = client.post(reverse("sales:visit_new"), VISIT)
    customer = Customer.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("sales:customer_detail", args=[customer.pk])
    assert (customer.consultant, customer.name) == (consultant_a, "黄")
    assert SmsMessage.objects.get().sent_at is not None


def test_lead_1_visit_times_are_on_the_stores_clock(login, consultant_a, store):
    """A store in another zone (Ürümqi, UTC+6): the times typed and the time
    proposed are its wall clock, whatever the request's zone."""
    store.time_zone = "Asia/Urumqi"
    store.save(update_fields=["time_zone"])
    urumqi = ZoneInfo("Asia/Urumqi")
    client = login(consultant_a)
    with time_machine.travel(datetime(2026, 11, 25, 4, 0, tzinfo=ZoneInfo("UTC")), tick=False):
        page = client.get(reverse("sales:visit_new")).content.decode()
        assert 'value="2026-11-25T10:00"' in page  # 04:00 UTC is 10:00 in Ürümqi
        assert client.post(reverse("sales:visit_new"), VISIT).status_code == 302
    visit = Visit.objects.get()
    assert (visit.started_at, visit.ended_at) == (
        datetime(2026, 11, 25, 10, 0, tzinfo=urumqi),
        datetime(2026, 11, 25, 10, 40, tzinfo=urumqi),
    )


def test_lead_2_missing_characteristic_shown_next_to_the_field(login, consultant_a):
    client = login(consultant_a)
    response = client.post(reverse("sales:visit_new"), {**VISIT, "social_background": ""})
    assert response.status_code == 200
    assert response.context["form"].errors["social_background"]
    assert not Customer.objects.exists() and not Visit.objects.exists()


def test_lead_2_every_missing_field_of_a_new_customer_is_marked_at_once(login, consultant_a):
    """Before, each submit marked only the first missing field: up to six
    submits on a phone to log one new customer."""
    client = login(consultant_a)
    blank = {f: "" for f in ("name", "appearance", "family_background", "needs_and_budget")}
    response = client.post(reverse("sales:visit_new"), {**VISIT, **blank})
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert set(errors) == {"name", "appearance", "family_background", "needs_and_budget"}
    assert errors["name"] == ["请填写客户姓名。"]
    assert response.content.decode().count("invalid-feedback") == 4
    assert not Customer.objects.exists() and not Visit.objects.exists()


def test_visit_form_is_in_chinese(login, consultant_a):
    html = login(consultant_a).get(reverse("sales:visit_new")).content.decode()
    assert "四大特征" in html or "相貌特征" in html


def test_consultant_sees_only_own_customers(login, consultant_a, consultant_b):
    mine = CustomerFactory(consultant=consultant_a)
    theirs = CustomerFactory(consultant=consultant_b)
    client = login(consultant_a)
    html = client.get(reverse("sales:customer_list")).content.decode()
    assert f'data-customer="{mine.pk}"' in html
    assert f'data-customer="{theirs.pk}"' not in html
    assert client.get(reverse("sales:customer_detail", args=[theirs.pk])).status_code == 404
    response = client.post(
        reverse("sales:customer_grade", args=[theirs.pk]), {"grade": "H", "reason": "x"}
    )
    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.grade == Grade.B


def test_manager_sees_the_whole_store_but_not_another_store(
    login, manager, consultant_a, other_store, roles
):
    from dealership.rules import Role
    from tests.factories import UserFactory

    mine = CustomerFactory(consultant=consultant_a)
    outsider = UserFactory(roles=[Role.SALES_CONSULTANT], stores=[other_store])
    foreign = CustomerFactory(consultant=outsider)
    client = login(manager)
    assert client.get(reverse("sales:customer_detail", args=[mine.pk])).status_code == 200
    assert client.get(reverse("sales:customer_detail", args=[foreign.pk])).status_code == 404


def test_finance_and_clerk_cannot_open_sales_pages(login, finance, clerk):
    for user in (finance, clerk):
        assert login(user).get(reverse("sales:customer_list")).status_code == 403


def test_consultant_cannot_open_manager_pages(login, consultant_a):
    client = login(consultant_a)
    for name in ("sales:lost_list", "sales:reassign", "sales:spot_check"):
        assert client.get(reverse(name)).status_code == 403


def test_lead_4_grade_refusal_shown_on_the_customer_page(login, consultant_a):
    customer = CustomerFactory(consultant=consultant_a)
    response = login(consultant_a).post(
        reverse("sales:customer_grade", args=[customer.pk]), {"grade": "H", "reason": ""}
    )
    assert response.status_code == 400
    assert response.context["grade_form"].errors["reason"]


def test_lead_6_test_drive_without_licence_refused_on_page(login, consultant_a, test_car):
    customer = CustomerFactory(consultant=consultant_a)
    response = login(consultant_a).post(
        reverse("sales:test_drive_new", args=[customer.pk]),
        {"test_car": test_car.pk, "driver_name": "黄", "licence_number": "x"},
    )
    assert response.status_code == 400
    assert response.context["drive_form"].errors["licence_number"]
    assert not TestDrive.objects.exists()


def test_lead_7_order_with_bad_id_number_refused_next_to_field(login, consultant_a):
    customer = CustomerFactory(consultant=consultant_a)
    bad = valid_id_number()[:-1] + ("0" if valid_id_number()[-1] != "0" else "1")
    response = login(consultant_a).post(
        reverse("sales:order_new", args=[customer.pk]),
        {
            "full_name": "黄丽",
            "mobile": customer.mobile,
            "address": "阳江",
            "id_number": bad,
            "model_name": "飞度",
            "colour": "红",
            "price": "89800",
            "deposit": "2000",
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["id_number"]
    assert not customer.orders.exists()


def _order_post(customer, **extra) -> dict:
    """The order page's fields for a valid order of the customer."""
    return {
        "full_name": "黄丽",
        "mobile": customer.mobile,
        "address": "阳江",
        "id_number": valid_id_number(),
        "model_name": "飞度",
        "colour": "红",
        "price": "89800",
        "deposit": "2000",
        **extra,
    }


def test_lead_7_order_placed_from_the_page_with_accessories(login, consultant_a):
    customer = CustomerFactory(consultant=consultant_a)
    response = login(consultant_a).post(
        reverse("sales:order_new", args=[customer.pk]),
        _order_post(customer, acc_0_name="行车记录仪", acc_0_price="899", acc_0_qty="1"),
    )
    order = customer.orders.get()
    assert response.url == reverse("sales:order_detail", args=[order.pk])
    assert [a.name for a in order.accessories.all()] == ["行车记录仪"]


def test_dlv_accessories_line_with_a_price_but_no_name_is_asked_for_its_name(login, consultant_a):
    """Before, the line was dropped without a word and the order saved with
    no accessories."""
    customer = CustomerFactory(consultant=consultant_a)
    response = login(consultant_a).post(
        reverse("sales:order_new", args=[customer.pk]),
        # The third line keeps its untouched default quantity: an empty line.
        _order_post(customer, acc_1_price="899", acc_1_qty="1", acc_2_qty="1"),
    )
    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["acc_1_name"]
    assert 'value="899"' in response.content.decode()
    assert not customer.orders.exists()


def test_lead_3_day_view_shows_figures(login, consultant_a):
    client = login(consultant_a)
    # New leads count by the day the customer record was made: log on the visit's day.
    with time_machine.travel(datetime(2026, 11, 25, 10, 45, tzinfo=ZoneInfo("Asia/Shanghai"))):
        client.post(reverse("sales:visit_new"), VISIT)
    html = client.get(reverse("sales:day_view") + "?day=2026-11-25").content.decode()
    assert 'data-stat="visits">1<' in html
    assert 'data-stat="registration_rate">100.0%<' in html
    # An impossible date shows today rather than failing.
    assert client.get(reverse("sales:day_view") + "?day=2024-02-30").status_code == 200


def test_customer_list_query_count_does_not_grow(
    login, consultant_a, django_assert_max_num_queries
):
    client = login(consultant_a)
    CustomerFactory.create_batch(2, consultant=consultant_a)
    with django_assert_max_num_queries(20) as small:
        client.get(reverse("sales:customer_list"))
    CustomerFactory.create_batch(25, consultant=consultant_a)
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(reverse("sales:customer_list"))


def test_order_and_day_lists_query_count_does_not_grow(
    login, manager, consultant_a, django_assert_max_num_queries
):
    client = login(manager)
    for _ in range(2):
        OrderFactory(customer=CustomerFactory(consultant=consultant_a))
    with django_assert_max_num_queries(25) as small:
        client.get(reverse("sales:order_list"))
        client.get(reverse("sales:day_view"))
    for _ in range(20):
        OrderFactory(customer=CustomerFactory(consultant=consultant_a))
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(reverse("sales:order_list"))
        client.get(reverse("sales:day_view"))


def test_lead_11_manager_approves_from_the_page(login, manager, consultant_a):
    """LEAD-11: the consultant asks on the customer's page, the manager approves."""
    customer = CustomerFactory(consultant=consultant_a)
    login(consultant_a).post(
        reverse("sales:lost_request", args=[customer.pk]), {"reason": "service", "note": "不满意"}
    )
    client = login(manager)
    pending = client.get(reverse("sales:lost_list")).context["pending"]
    client.post(reverse("sales:lost_decide", args=[pending[0].pk]), {"decision": "approve"})
    customer.refresh_from_db()
    assert customer.grade == Grade.F


def test_lead_8_manager_reassigns_from_the_page(login, manager, consultant_a, consultant_b):
    customer = CustomerFactory(consultant=consultant_a)
    client = login(manager)
    response = client.post(
        reverse("sales:reassign"),
        {"kind": "group_swap", "to_user": consultant_b.pk, "customers": [customer.pk]},
    )
    assert response.status_code == 302
    customer.refresh_from_db()
    assert customer.consultant == consultant_b


def test_lead_8_refused_reassignment_keeps_the_ticks(login, manager, consultant_a):
    from tests.sales.test_management import aged

    due = [aged(consultant_a, 61), aged(consultant_a, 62)]
    untouched = aged(consultant_a, 63)
    response = login(manager).post(  # to a consultant of the same group: refused
        reverse("sales:reassign"),
        {"kind": "group_swap", "to_user": consultant_a.pk, "customers": [c.pk for c in due]},
    )
    assert response.status_code == 200 and response.context["form"].errors["to_user"]
    html = response.content.decode()
    for customer in due:
        assert f'id="c{customer.pk}" checked' in html
    assert f'id="c{untouched.pk}" data-due="group"' in html  # not ticked
    assert {c.consultant_id for c in Customer.objects.filter(pk__in=[c.pk for c in due])} == {
        consultant_a.pk
    }


def test_lead_11_refused_rejection_comes_back_at_its_request(login, manager, consultant_a):
    first = CustomerFactory(consultant=consultant_a, name="王先生")
    second = CustomerFactory(consultant=consultant_a, name="李女士")
    for customer in (first, second):
        login(consultant_a).post(
            reverse("sales:lost_request", args=[customer.pk]), {"reason": "service", "note": "x"}
        )
    client = login(manager)
    pending = client.get(reverse("sales:lost_list")).context["pending"]
    refused = pending[1]
    response = client.post(
        reverse("sales:lost_decide", args=[refused.pk]), {"decision": "reject", "note": "  "}
    )
    assert response.status_code == 400
    html = response.content.decode()
    block = html_part(response, f'data-lost="{refused.pk}"')
    assert "data-refused" in block and f"{refused.customer.name} 未保存" in block
    assert 'data-error="note">请填写驳回原因。</div>' in block
    assert html.count("data-refused") == 1
    assert LostRequest.objects.get(pk=refused.pk).status == "pending"


def test_lead_11_request_decided_meanwhile_is_said_above_the_list(login, manager, consultant_a):
    from sales.services import lost_decide, lost_request

    customer = CustomerFactory(consultant=consultant_a, name="王先生")
    request = lost_request(customer=customer, reason="service", by=consultant_a)
    lost_decide(request=request, approve=False, note="继续跟进", by=manager)
    response = login(manager).post(
        reverse("sales:lost_decide", args=[request.pk]), {"decision": "approve", "note": ""},
        follow=True,
    )  # fmt: skip
    assert [str(m) for m in response.context["messages"]] == ["王先生: 该申请已审批。"]
    request.refresh_from_db()
    assert request.status == "rejected"


def test_lead_10_refused_result_keeps_the_choice_and_says_why_at_the_note(
    login, manager, consultant_a
):
    CustomerFactory(consultant=consultant_a, grade=Grade.H)
    client = login(manager)
    client.post(reverse("sales:spot_check"))
    item = client.get(reverse("sales:spot_check")).context["items"][0]
    response = client.post(
        reverse("sales:spot_check_record", args=[item.pk]), {"result": "not_genuine", "note": ""}
    )
    assert response.status_code == 400
    block = html_part(response, f'data-item="{item.pk}"')
    assert 'value="not_genuine" selected' in block
    assert 'data-error="note">' in block and "autofocus" in block
    assert SpotCheckItem.objects.get(pk=item.pk).result == ""


def test_lead_10_spot_check_page(login, manager, consultant_a):
    """LEAD-10: the manager draws this week's sample and records a result."""
    CustomerFactory(consultant=consultant_a, grade=Grade.H)
    client = login(manager)
    client.post(reverse("sales:spot_check"))
    items = client.get(reverse("sales:spot_check")).context["items"]
    client.post(reverse("sales:spot_check_record", args=[items[0].pk]), {"result": "genuine"})
    assert client.get(reverse("sales:spot_check")).context["items"][0].result == "genuine"


def test_sales_navigation_for_consultant_and_manager(login, consultant_a, manager):
    def keys(user):
        html = login(user).get(reverse("home")).content.decode()
        return {chunk.split('"')[0] for chunk in html.split('data-nav="')[1:]}

    assert {"visit_new", "customers", "day_view"} <= keys(consultant_a)
    assert "reassign" not in keys(consultant_a)
    assert {"reassign", "lost", "spot_check"} <= keys(manager)


def test_lead_4_ordered_customer_page_offers_no_manual_grade_or_lost(login, consultant_a):
    customer = CustomerFactory(consultant=consultant_a, grade=Grade.O)
    html = login(consultant_a).get(reverse("sales:customer_detail", args=[customer.pk]))
    text = html.content.decode()
    assert reverse("sales:customer_grade", args=[customer.pk]) not in text
    assert reverse("sales:lost_request", args=[customer.pk]) not in text
    open_customer = CustomerFactory(consultant=consultant_a, grade=Grade.B)
    text = login(consultant_a).get(reverse("sales:customer_detail", args=[open_customer.pk]))
    assert reverse("sales:customer_grade", args=[open_customer.pk]) in text.content.decode()


def test_order_page_shows_the_allocated_car_and_its_stage(login, consultant_a, store):
    from inventory.models import Vehicle
    from tests.inventory.factories import VehicleFactory

    order = OrderFactory(customer=CustomerFactory(consultant=consultant_a))
    client = login(consultant_a)
    page = client.get(reverse("sales:order_detail", args=[order.pk])).content.decode()
    assert "data-vehicle" in page and order.number in page
    car = VehicleFactory(store=store, state="allocated", order=order)
    page = client.get(reverse("sales:order_detail", args=[order.pk])).content.decode()
    assert car.vin in page
    assert Vehicle.objects.get(order=order) == car


def _sms_alert(response) -> str:
    html = response.content.decode()
    at = html.index("data-unsent-sms")
    return html[html.rindex("<div", 0, at) : html.index("</div>", at)]


def test_lead_5_unsent_sms_past_its_deadline_says_so_with_its_day(login, consultant_a):
    """An SMS due yesterday showed only "due 07:28", which reads as later today."""
    post = {**VISIT, "send_sms": ""}
    client = login(consultant_a)
    with time_machine.travel(datetime(2026, 11, 25, 10, 45, tzinfo=ZoneInfo("Asia/Shanghai"))):
        client.post(reverse("sales:visit_new"), post)
    customer = Customer.objects.get()
    url = reverse("sales:customer_detail", args=[customer.pk])
    with time_machine.travel(datetime(2026, 11, 25, 11, 0, tzinfo=ZoneInfo("Asia/Shanghai"))):
        due = _sms_alert(client.get(url))
    assert "alert-warning" in due and "已逾期" not in due and "2026-11-25 11:10" in due
    with time_machine.travel(datetime(2026, 11, 26, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai"))):
        late = _sms_alert(client.get(url))
    assert "alert-danger" in late and "已逾期" in late and "2026-11-25 11:10" in late


def test_lead_7_a_company_orders_from_the_page_with_its_credit_code(login, consultant_a):
    customer = CustomerFactory(consultant=consultant_a)
    client = login(consultant_a)
    url = reverse("sales:order_new", args=[customer.pk])
    assert 'name="id_type"' in client.get(url).content.decode()
    data = _order_post(customer, id_type="company", id_number="91350100M000100Y43")
    assert client.post(url, data).status_code == 302
    order = customer.orders.get()
    assert (order.id_type, order.id_number) == ("company", "91350100M000100Y43")
