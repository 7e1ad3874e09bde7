"""The front desk (SHW-DESK, SHW-GREET): the sales manager's rota of two
standing consultants per slot by group, the live board, the alert to the
group leader when both are with customers, and the findings that cost points."""

from __future__ import annotations

from datetime import time, timedelta
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse

from dealership.errors import DomainError
from dealership.models import Notification
from sales.models import Visit
from sales.rules import SourceChannel, VisitKind
from scoring.models import PenaltyEntry
from showroom import selectors, services, tasks
from showroom.models import DeskIncident, DeskShift
from tests.sales.factories import CustomerFactory
from tests.showroom.conftest import DAY, at


def plan(store, by, first, second, days=(DAY,), group="A", start=time(9), end=time(12)):
    return services.desk_shift_plan(
        store=store,
        days=list(days),
        starts_at=start,
        ends_at=end,
        sales_group=group,
        first=first,
        second=second,
        by=by,
    )


@pytest.fixture
def shift(store, manager, consultant_a, consultant_a2):
    return plan(store, manager, consultant_a, consultant_a2)[0]


def receive(consultant, started_at, kind=VisitKind.SHOWROOM, ended_at=None) -> Visit:
    customer = CustomerFactory(consultant=consultant)
    return Visit.objects.create(
        store=customer.store,
        customer=customer,
        consultant=consultant,
        kind=kind,
        source_channel=SourceChannel.WALK_IN,
        started_at=started_at,
        ended_at=ended_at,
        created_by=consultant,
    )


def shifts_state() -> list[tuple]:
    return list(DeskShift.objects.order_by("pk").values_list("day", "starts_at", "first", "second"))


# The rota ------------------------------------------------------------------------


def test_shw_desk_manager_plans_two_consultants_of_a_group_for_a_week(
    store, manager, consultant_a, consultant_a2
):
    days = [DAY + timedelta(days=n) for n in range(7)]
    shifts = plan(store, manager, consultant_a, consultant_a2, days=days)
    assert [s.day for s in shifts] == days
    assert {(s.sales_group, s.first, s.second, s.planned_by) for s in shifts} == {
        ("A", consultant_a, consultant_a2, manager)
    }


@pytest.mark.parametrize(
    ("change", "code", "field"),
    [
        ({"second": "consultant_a"}, "SAME_PERSON", "second"),
        ({"second": "consultant_b"}, "WRONG_GROUP", "second"),
        ({"first": "other_manager"}, "PERSON_OTHER_STORE", "first"),
        ({"start": time(12), "end": time(9)}, "SLOT_TIMES", "ends_at"),
        ({"start": time(11), "end": time(13)}, "SLOT_OVERLAP", "starts_at"),
    ],
)
def test_shw_desk_rota_refusals_change_nothing(
    store, manager, shift, request, consultant_a, consultant_a2, change, code, field
):
    args = {"first": consultant_a, "second": consultant_a2, "days": (DAY,)}
    for key, value in change.items():
        args[key] = request.getfixturevalue(value) if isinstance(value, str) else value
    before = shifts_state()
    with pytest.raises(DomainError) as exc:
        plan(store, manager, **args)
    assert (exc.value.code, exc.value.field) == (code, field)
    assert shifts_state() == before


def test_shw_desk_overlap_on_one_day_of_a_week_plans_none(
    store, manager, shift, consultant_b, roles
):
    from dealership.rules import Role, SalesGroup
    from tests.factories import UserFactory

    b2 = UserFactory(roles=[Role.SALES_CONSULTANT], stores=[store], sales_group=SalesGroup.B)
    before = shifts_state()
    with pytest.raises(DomainError) as exc:
        plan(
            store,
            manager,
            consultant_b,
            b2,
            group="B",
            days=[DAY - timedelta(days=1), DAY],
            start=time(10),
        )
    assert exc.value.code == "SLOT_OVERLAP"
    assert shifts_state() == before


@pytest.mark.parametrize("who", ["supervisor", "gm", "leader_a"])
def test_shw_desk_only_the_sales_manager_sets_the_rota(
    store, consultant_a, consultant_a2, request, who
):
    with pytest.raises(DomainError) as exc:
        plan(store, request.getfixturevalue(who), consultant_a, consultant_a2)
    assert exc.value.code == "ROLE_REQUIRED"
    assert not DeskShift.objects.exists()


def test_shw_desk_shift_with_a_finding_stays_on_the_rota(store, manager, shift, leader_a):
    services.desk_incident_record(store=store, kind="vacancy", shift=shift, by=manager)
    with pytest.raises(DomainError) as exc:
        services.desk_shift_delete(shift=shift, by=manager)
    assert exc.value.code == "SHIFT_HAS_FINDINGS"
    assert DeskShift.objects.filter(pk=shift.pk).exists()


def test_shw_desk_shift_deleted_by_the_manager(manager, shift, supervisor):
    with pytest.raises(DomainError):
        services.desk_shift_delete(shift=shift, by=supervisor)
    services.desk_shift_delete(shift=shift, by=manager)
    assert not DeskShift.objects.exists()


# The live board and the alert -----------------------------------------------------


def test_shw_desk_board_shows_who_stands_and_who_is_with_a_customer(
    store, shift, consultant_a, consultant_a2
):
    visit = receive(consultant_a, at(2026, 3, 10, 9, 50))
    receive(consultant_a2, at(2026, 3, 10, 9, 0), ended_at=at(2026, 3, 10, 9, 30))
    receive(consultant_a2, at(2026, 3, 10, 9, 55), kind=VisitKind.CALL)
    receive(consultant_a2, at(2026, 3, 9, 17, 0))  # yesterday, never closed
    [slot] = selectors.desk_board(store=store, at=at(2026, 3, 10, 10, 0))
    assert slot.is_current
    assert [(s.person, s.visit) for s in slot.standing] == [
        (consultant_a, visit),
        (consultant_a2, None),
    ]
    assert not slot.both_busy


def test_shw_desk_ending_the_reception_on_the_day_page_frees_the_consultant(
    login, store, shift, consultant_a
):
    """LEAD-5, SHW-DESK: the consultant taps "customer left" on the reception
    log; the board shows them free and the SMS falls due from then."""
    from sales.models import SmsMessage

    visit = receive(consultant_a, at(2026, 3, 10, 9, 50))
    SmsMessage.objects.create(
        store=store,
        customer=visit.customer,
        visit=visit,
        sender=consultant_a,
        mobile=visit.customer.mobile,
        text="谢谢",
        due_at=at(2026, 3, 10, 10, 20),
    )
    client = login(consultant_a)
    with time_machine.travel(at(2026, 3, 10, 10, 30), tick=False):
        page = client.get(reverse("sales:day_view") + "?day=2026-03-10")
        assert f'action="{reverse("sales:visit_end", args=[visit.pk])}"' in page.content.decode()
        response = client.post(reverse("sales:visit_end", args=[visit.pk]))
    assert response.status_code == 302
    visit.refresh_from_db()
    assert visit.ended_at == at(2026, 3, 10, 10, 30)
    assert SmsMessage.objects.get(visit=visit).due_at == at(2026, 3, 10, 11, 0)
    [slot] = selectors.desk_board(store=store, at=at(2026, 3, 10, 10, 35))
    assert [s.visit for s in slot.standing] == [None, None]


def test_shw_desk_board_slot_not_current_outside_its_hours(store, shift):
    [slot] = selectors.desk_board(store=store, at=at(2026, 3, 10, 8, 0))
    assert (slot.is_current, slot.is_over) == (False, False)
    [slot] = selectors.desk_board(store=store, at=at(2026, 3, 10, 12, 0))
    assert (slot.is_current, slot.is_over) == (False, True)
    assert selectors.desk_board(store=store, at=at(2026, 3, 11, 10, 0)) == []


def test_shw_desk_board_page_says_a_past_slot_is_over(login, store, shift, consultant_a):
    """After the slot's hours nobody is 'standing, free' there any more."""
    client = login(consultant_a)
    with time_machine.travel(at(2026, 3, 10, 20, 0), tick=False):
        html = client.get(reverse("showroom:desk_board")).content.decode()
    assert html.count("data-slot-over") == 2 and "站岗，空闲" not in html
    with time_machine.travel(at(2026, 3, 10, 7, 0), tick=False):
        html = client.get(reverse("showroom:desk_board")).content.decode()
    assert html.count("data-slot-later") == 2 and "站岗，空闲" not in html
    with time_machine.travel(at(2026, 3, 10, 10, 0), tick=False):
        html = client.get(reverse("showroom:desk_board")).content.decode()
    assert html.count("站岗，空闲") == 2


def test_shw_desk_both_busy_alerts_the_group_leader_once(
    store, shift, consultant_a, consultant_a2, leader_a, manager
):
    first = receive(consultant_a, at(2026, 3, 10, 9, 40))
    second = receive(consultant_a2, at(2026, 3, 10, 9, 45))
    with time_machine.travel(at(2026, 3, 10, 9, 50), tick=False):
        assert tasks.desk_alert_task() == 1
        assert tasks.desk_alert_task() == 0
    note = Notification.objects.get(user=leader_a)
    assert (note.key, note.title, note.body, note.url) == (
        f"desk-both-busy:{shift.pk}:{first.pk}:{second.pk}",
        "前台：两名站岗顾问都在接待客户，请立即补岗",
        "刘晓明, 黄小红",
        "/showroom/desk/",
    )
    assert not Notification.objects.exclude(user=leader_a).exists()
    # one of them is free again, then busy with a new customer: a new occurrence
    first.ended_at = at(2026, 3, 10, 10, 0)
    first.save()
    with time_machine.travel(at(2026, 3, 10, 10, 5), tick=False):
        assert tasks.desk_alert_task() == 0
    receive(consultant_a, at(2026, 3, 10, 10, 10))
    with time_machine.travel(at(2026, 3, 10, 10, 15), tick=False):
        assert tasks.desk_alert_task() == 1
    assert Notification.objects.filter(user=leader_a).count() == 2


def test_shw_desk_no_alert_without_a_leader_or_outside_the_slot(
    store, shift, consultant_a, consultant_a2, roles
):
    from dealership.rules import Role, SalesGroup
    from tests.factories import UserFactory

    receive(consultant_a, at(2026, 3, 10, 11, 0))
    receive(consultant_a2, at(2026, 3, 10, 11, 5))
    assert services.desk_alert_check(store=store, at=at(2026, 3, 10, 11, 10)) == 0  # no leader
    assert not Notification.objects.exists()
    UserFactory(roles=[Role.GROUP_LEADER], stores=[store], sales_group=SalesGroup.B)
    assert services.desk_alert_check(store=store, at=at(2026, 3, 10, 11, 10)) == 0  # B's leader
    leader = UserFactory(roles=[Role.GROUP_LEADER], stores=[store], sales_group=SalesGroup.A)
    assert services.desk_alert_check(store=store, at=at(2026, 3, 10, 12, 0)) == 0  # slot over
    assert services.desk_alert_check(store=store, at=at(2026, 3, 10, 11, 59)) == 1
    assert list(Notification.objects.values_list("user", flat=True)) == [leader.pk]


# Findings ------------------------------------------------------------------------


def test_shw_desk_vacancy_costs_the_group_leader_5(store, supervisor, shift, leader_a):
    incident = services.desk_incident_record(
        store=store,
        kind="vacancy",
        shift=shift,
        note="10:20 前台无人",
        occurred_at=at(2026, 3, 10, 10, 20),
        by=supervisor,
    )
    entry = PenaltyEntry.objects.get()
    assert (entry.rule.code, entry.person, entry.points, entry.fact_date) == (
        "SHW-DESK-VACANCY",
        leader_a,
        Decimal("5.0"),
        DAY,
    )
    assert (entry.fact_key, entry.note) == (f"desk-incident:{incident.pk}", "10:20 前台无人")
    assert (incident.recorded_by, incident.person) == (supervisor, None)


def test_shw_desk_unattended_customer_costs_each_standing_consultant_10(
    store, manager, shift, consultant_a, consultant_a2
):
    services.desk_incident_record(store=store, kind="unattended", shift=shift, by=manager)
    assert sorted(PenaltyEntry.objects.values_list("person__username", "rule__code", "points")) == [
        ("consultant_a", "SHW-DESK-UNATTENDED", Decimal("10.0")),
        ("consultant_a2", "SHW-DESK-UNATTENDED", Decimal("10.0")),
    ]


def test_shw_desk_unattended_customer_also_costs_the_idle_consultants_present(
    login, store, manager, shift, consultant_a, consultant_a2, consultant_b
):
    """Seed: "展厅有空闲顾问或在前台站岗顾问不及时接待客户，全员一起扣分": the
    manager ticks the consultants seen idle on the findings page; each of
    them is charged with the two standing, once each."""
    client = login(manager)
    url = reverse("showroom:desk_incidents")
    with time_machine.travel(at(2026, 3, 10, 11, 0), tick=False):
        page = client.get(url)
        assert f'name="idle" value="{consultant_b.pk}"' in page.content.decode()
        response = client.post(
            url,
            {"kind": "unattended", "shift": shift.pk, "idle": [consultant_b.pk, consultant_a.pk]},
        )
    assert response.status_code == 302, response.context["form"].errors
    assert sorted(PenaltyEntry.objects.values_list("person__username", "points")) == [
        ("consultant_a", Decimal("10.0")),
        ("consultant_a2", Decimal("10.0")),
        ("consultant_b", Decimal("10.0")),
    ]
    incident = DeskIncident.objects.get()
    assert set(incident.idle.all()) == {consultant_a, consultant_b}
    assert consultant_b.display_name in client.get(url).content.decode()


def test_shw_desk_idle_consultants_only_for_an_unattended_customer_of_the_store(
    store, manager, shift, consultant_b, other_manager
):
    for kwargs, code in (
        (
            {"kind": "greeting", "person": consultant_b, "idle": [consultant_b]},
            "IDLE_ONLY_UNATTENDED",
        ),
        ({"kind": "unattended", "idle": [other_manager]}, "PERSON_OTHER_STORE"),
    ):
        with pytest.raises(DomainError) as exc:
            services.desk_incident_record(store=store, shift=shift, by=manager, **kwargs)
        assert exc.value.code == code
    assert not DeskIncident.objects.exists()
    assert not PenaltyEntry.objects.exists()


def test_shw_greet_not_standard_costs_the_person_1(store, manager, consultant_b):
    services.desk_incident_record(
        store=store, kind="greeting", person=consultant_b, note="未说欢迎光临", by=manager
    )
    entry = PenaltyEntry.objects.get()
    assert (entry.rule.code, entry.person, entry.points) == (
        "SHW-GREET",
        consultant_b,
        Decimal("1.0"),
    )


@pytest.mark.parametrize(
    ("kwargs", "code"),
    [
        ({"kind": "greeting"}, "PERSON_REQUIRED"),
        ({"kind": "greeting", "person": "other_manager"}, "PERSON_OTHER_STORE"),
        ({"kind": "vacancy"}, "SHIFT_REQUIRED"),
        ({"kind": "vacancy", "shift": "shift"}, "NO_GROUP_LEADER"),
        ({"kind": "other", "shift": "shift"}, "KIND_REQUIRED"),
    ],
)
def test_shw_desk_finding_refusals_record_nothing(store, manager, request, kwargs, code):
    kwargs = {
        key: request.getfixturevalue(value) if key in ("person", "shift") else value
        for key, value in kwargs.items()
    }
    with pytest.raises(DomainError) as exc:
        services.desk_incident_record(store=store, by=manager, **kwargs)
    assert exc.value.code == code
    assert not DeskIncident.objects.exists()
    assert not PenaltyEntry.objects.exists()


@pytest.mark.parametrize("who", ["consultant_a", "leader_a", "gm"])
def test_shw_desk_findings_only_by_the_manager_or_a_supervisor(store, consultant_b, request, who):
    with pytest.raises(DomainError) as exc:
        services.desk_incident_record(
            store=store, kind="greeting", person=consultant_b, by=request.getfixturevalue(who)
        )
    assert exc.value.code == "ROLE_REQUIRED"
    assert not DeskIncident.objects.exists()
