"""The admin pages of the organisation, scoped by store for managers (ORG-1)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def manager_with_admin_rights(manager):
    from django.contrib.auth.models import Permission

    manager.user_permissions.add(
        *Permission.objects.filter(codename__in=["view_user", "view_store", "change_user"])
    )
    return manager


def test_superuser_opens_every_organisation_admin_page(client, store):
    admin = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(admin)
    for name in [
        "admin:dealership_store_changelist",
        "admin:dealership_user_changelist",
        "admin:dealership_dealergroup_changelist",
        "admin:inventory_warehouse_changelist",
        "admin:django_celery_beat_periodictask_changelist",
    ]:
        assert client.get(reverse(name)).status_code == 200, name
    assert client.get(reverse("admin:dealership_user_change", args=[admin.pk])).status_code == 200


def test_manager_admin_lists_only_staff_of_own_stores(
    client, manager_with_admin_rights, consultant_a, other_store
):
    stranger = UserFactory(username="stranger", stores=[other_store])
    client.force_login(manager_with_admin_rights)
    response = client.get(reverse("admin:dealership_user_changelist"))
    listed = {u.username for u in response.context["cl"].result_list}
    assert "consultant_a" in listed
    assert stranger.username not in listed


def test_manager_admin_lists_only_own_stores(client, manager_with_admin_rights, store, other_store):
    client.force_login(manager_with_admin_rights)
    response = client.get(reverse("admin:dealership_store_changelist"))
    assert list(response.context["cl"].result_list) == [store]
