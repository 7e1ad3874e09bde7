"""ORG-1..5: stores, roles, groups, chain of command, and store scoping."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from dealership.admin import StaffChangeForm
from dealership.rules import Role, SalesGroup, all_role_permissions, other_sales_group
from dealership.selectors import (
    sales_group_leader,
    staff_chain_of_command,
    store_list_for_user,
)
from dealership.services import roles_sync
from tests.factories import StoreFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_org_1_user_sees_only_assigned_stores(manager, store, other_store):
    assert list(store_list_for_user(user=manager)) == [store]


def test_org_1_store_page_of_another_store_is_404(login, manager, other_store):
    response = login(manager).get(reverse("org:store_detail", args=[other_store.pk]))
    assert response.status_code == 404


def test_org_1_store_list_shows_only_own_stores(login, manager, store, other_store):
    response = login(manager).get(reverse("org:store_list"))
    html = response.content.decode()
    assert f'data-store="{store.code}"' in html
    assert f'data-store="{other_store.code}"' not in html


def test_org_1_store_staff_page_lists_only_that_stores_staff(
    login, manager, consultant_a, other_store
):
    stranger = UserFactory(username="stranger", stores=[other_store])
    response = login(manager).get(reverse("org:store_detail", args=[manager.stores.get().pk]))
    html = response.content.decode()
    assert 'data-staff="consultant_a"' in html
    assert f'data-staff="{stranger.username}"' not in html


def test_org_1_current_store_switch_refuses_unassigned_store(login, manager, other_store):
    client = login(manager)
    client.post(reverse("org:store_switch"), {"store": other_store.pk, "next": "/"})
    assert "store_id" not in client.session


def test_org_1_current_store_switch_between_assigned_stores(login, manager, store, other_store):
    manager.stores.add(other_store)
    client = login(manager)
    response = client.post(reverse("org:store_switch"), {"store": other_store.pk, "next": "/"})
    assert response.status_code == 302
    assert client.session["store_id"] == other_store.pk


def test_org_2_roles_sync_creates_every_role_with_its_permissions(db):
    roles_sync()
    roles_sync()  # idempotent
    assert set(Group.objects.values_list("name", flat=True)) == set(Role.values)
    manager_group = Group.objects.get(name=Role.SALES_MANAGER)
    codes = {
        f"{p.content_type.app_label}.{p.codename}"
        for p in manager_group.permissions.select_related("content_type")
    }
    assert codes == all_role_permissions()[Role.SALES_MANAGER]


def test_org_2_person_may_hold_several_roles(roles, store):
    person = UserFactory(roles=[Role.SALES_MANAGER, Role.TRAINING_SUPERVISOR], stores=[store])
    assert person.role_codes == {Role.SALES_MANAGER, Role.TRAINING_SUPERVISOR}
    assert person.has_role(Role.TRAINING_SUPERVISOR)
    assert not person.has_role(Role.FINANCE)


def test_org_3_group_leaders_and_cross_group_reassignment(roles, store):
    """ORG-3: each of groups A and B has its leader; LEAD-8 swaps A and B."""
    leader_a = UserFactory(roles=[Role.GROUP_LEADER], stores=[store], sales_group=SalesGroup.A)
    leader_b = UserFactory(roles=[Role.GROUP_LEADER], stores=[store], sales_group=SalesGroup.B)
    assert sales_group_leader(store=store, sales_group=SalesGroup.A) == leader_a
    assert sales_group_leader(store=store, sales_group=SalesGroup.B) == leader_b
    assert other_sales_group(SalesGroup.A) == SalesGroup.B
    assert other_sales_group(SalesGroup.B) == SalesGroup.A


def test_org_4_chain_of_command(consultant_a, supervisor, manager, gm):
    """ORG-4: consultant → supervisor → manager → GM office, nearest first."""
    assert staff_chain_of_command(user=consultant_a) == [supervisor, manager, gm]
    assert staff_chain_of_command(user=gm) == []


def test_org_4_supervisor_loop_is_refused_and_nothing_changes(gm, manager, supervisor):
    """ORG-4: the admin refuses a supervisor that makes the chain a circle."""
    form = StaffChangeForm(
        instance=gm,
        data={
            "username": gm.username,
            "supervisor": supervisor.pk,
            "date_joined": gm.date_joined,
        },
    )
    assert not form.is_valid()
    assert [e.code for e in form.errors.as_data()["supervisor"]] == ["SUPERVISOR_LOOP"]
    gm.refresh_from_db()
    assert gm.supervisor is None


def test_org_5_hire_date_is_shown_on_the_staff_page(login, manager, store, roles):
    """ORG-5: each person's hire date is on the store's staff page."""
    import datetime

    UserFactory(username="newbie", hire_date=datetime.date(2026, 6, 1), stores=[store])
    html = login(manager).get(reverse("org:store_detail", args=[store.pk])).content.decode()
    assert "2026" in html.split('data-staff="newbie"')[1].split("</tr>")[0]


def test_consultant_may_not_open_organisation_pages(login, consultant_a, store):
    client = login(consultant_a)
    assert client.get(reverse("org:store_list")).status_code == 403
    assert client.get(reverse("org:store_detail", args=[store.pk])).status_code == 403


def test_store_staff_page_query_count_does_not_grow_with_staff(
    login, manager, store, roles, django_assert_max_num_queries
):
    client = login(manager)
    url = reverse("org:store_detail", args=[store.pk])
    UserFactory.create_batch(2, stores=[store], roles=[Role.SALES_CONSULTANT])
    with django_assert_max_num_queries(12) as small:
        client.get(url)
    UserFactory.create_batch(20, stores=[store], roles=[Role.SALES_CONSULTANT])
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(url)


def test_store_factory_makes_distinct_stores(db):
    assert StoreFactory().code != StoreFactory().code


def test_org_1_works_in_store_means_assigned_and_open(store, other_store, manager):
    from django.contrib.auth import get_user_model

    from dealership.selectors import user_works_in_store

    assert user_works_in_store(user=manager, store_id=store.pk)
    assert not user_works_in_store(user=manager, store_id=other_store.pk)
    store.is_active = False
    store.save(update_fields=["is_active"])
    assert not user_works_in_store(user=manager, store_id=store.pk)
    admin = get_user_model().objects.create_superuser("root", password="x" * 12)
    assert user_works_in_store(user=admin, store_id=store.pk)


def test_org_3_group_leader_is_the_stores_active_leader_of_that_group(roles, store, other_store):
    """ORG-3: a group's leader is an active group leader of that store and
    that group: not the other group's, not another store's, not one who has
    left; a group without one has no leader (None)."""
    assert sales_group_leader(store=store, sales_group=SalesGroup.A) is None
    UserFactory(roles=[Role.GROUP_LEADER], stores=[store], sales_group=SalesGroup.B)
    UserFactory(roles=[Role.GROUP_LEADER], stores=[other_store], sales_group=SalesGroup.A)
    UserFactory(
        roles=[Role.GROUP_LEADER], stores=[store], sales_group=SalesGroup.A, is_active=False
    )
    UserFactory(roles=[Role.SALES_CONSULTANT], stores=[store], sales_group=SalesGroup.A)
    assert sales_group_leader(store=store, sales_group=SalesGroup.A) is None
    leader = UserFactory(roles=[Role.GROUP_LEADER], stores=[store], sales_group=SalesGroup.A)
    assert sales_group_leader(store=store, sales_group=SalesGroup.A) == leader


def test_org_4_nobody_supervises_themself_directly_or_through_others(
    consultant_a, supervisor, manager, gm
):
    """ORG-4: the chain of command has no loop: a person as their own
    supervisor, or above their own supervisor, is refused (the service and,
    for the direct case, the database); nothing changes."""
    from django.db import IntegrityError, transaction

    from dealership.errors import DomainError
    from dealership.models import User
    from dealership.services import staff_validate_supervisor

    for person, boss in ((manager, manager), (manager, consultant_a), (gm, supervisor)):
        with pytest.raises(DomainError) as exc:
            staff_validate_supervisor(user=person, supervisor=boss)
        assert (exc.value.code, exc.value.field) == ("SUPERVISOR_LOOP", "supervisor")
    staff_validate_supervisor(user=consultant_a, supervisor=manager)  # a shortcut is no loop
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.filter(pk=manager.pk).update(supervisor=manager)
    assert staff_chain_of_command(user=consultant_a) == [supervisor, manager, gm]


def test_org_5_nobody_owes_a_daily_log_of_a_day_before_their_hire_date(
    time_machine, store, consultant_a, consultant_b
):
    """ORG-5: the hire date decides from which day a person owes their daily
    log (RPT-CONSULTANT-LOG): consultant_b, hired on 03-11, owes none of
    03-10, and owes the log of their first day."""
    import datetime
    from decimal import Decimal

    from scoring import tasks
    from scoring.models import PenaltyEntry
    from tests.scoring.conftest import at

    consultant_b.hire_date = datetime.date(2025, 3, 11)
    consultant_b.save(update_fields=["hire_date"])

    def charged():
        rows = PenaltyEntry.objects.filter(rule__code="RPT-CONSULTANT-LOG").order_by("pk")
        return [(e.person.username, e.points, e.fact_date) for e in rows]

    time_machine.move_to(at(2025, 3, 10, 22, 5), tick=False)
    assert tasks.consultant_log_check_task() == 1
    assert charged() == [("consultant_a", Decimal("2"), datetime.date(2025, 3, 10))]
    time_machine.move_to(at(2025, 3, 11, 22, 5), tick=False)
    assert tasks.consultant_log_check_task() == 2
    assert charged()[1:] == [
        ("consultant_a", Decimal("2"), datetime.date(2025, 3, 11)),
        ("consultant_b", Decimal("2"), datetime.date(2025, 3, 11)),
    ]
