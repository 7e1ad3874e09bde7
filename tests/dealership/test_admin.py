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


SHARED_CATALOGUES = [
    ("followups", "followuprule"),
    ("followups", "firstserviceinterval"),
    ("followups", "holiday"),
    ("scoring", "penaltyrule"),
    ("showroom", "checklistitem"),
    ("inventory", "pdichecklistitem"),
    ("inventory", "carerule"),
]


def _catalogue_rows(manager):
    """(app, model, a row, its change URL) of every shared catalogue the
    manager's role may change (ORG-2 permissions)."""
    from django.apps import apps

    rows = []
    for app, model_name in SHARED_CATALOGUES:
        if not manager.has_perm(f"{app}.change_{model_name}"):
            continue
        model = apps.get_model(app, model_name)
        obj = model.objects.order_by("pk").first()
        assert obj is not None, model_name
        rows.append((model, obj, reverse(f"admin:{app}_{model_name}_change", args=[obj.pk])))
    return rows


def test_org_1_manager_of_one_store_of_a_group_reads_the_shared_catalogues(
    client, manager, other_store
):
    """The catalogues apply to every store: the manager of one store of two
    sees them read-only and a change is refused (403) with nothing changed."""
    from django.forms.models import model_to_dict

    client.force_login(manager)
    rows = _catalogue_rows(manager)
    assert {model._meta.model_name for model, _obj, _url in rows} >= {
        "followuprule",
        "penaltyrule",
    }
    for model, obj, url in rows:
        page = client.get(url)
        assert page.status_code == 200, url
        assert page.context["has_change_permission"] is False, url
        before = model_to_dict(model.objects.get(pk=obj.pk))
        assert client.post(url, {}).status_code == 403, url
        assert model_to_dict(model.objects.get(pk=obj.pk)) == before


def test_org_1_manager_holding_every_store_changes_the_shared_catalogues(
    client, manager, other_store
):
    from followups.models import FollowupRule

    manager.stores.add(other_store)
    client.force_login(manager)
    for _model, _obj, url in _catalogue_rows(manager):
        assert client.get(url).context["has_change_permission"] is True, url
    rule = FollowupRule.objects.get(code="FU-A")
    url = reverse("admin:followups_followuprule_change", args=[rule.pk])
    form = client.get(url).context["adminform"].form
    data = {
        name: ("" if value is None else value)
        for name, value in form.initial.items()
        if name in form.fields
    }
    data["window_start_days"] = data["window_end_days"] = 10
    data["is_active"] = "on"
    assert client.post(url, data).status_code == 302
    rule.refresh_from_db()
    assert (rule.window_start_days, rule.window_end_days) == (10, 10)


def test_org_1_a_manager_adds_store_records_only_for_own_stores(client, manager, other_store):
    """Every admin page that adds a record of a store offers only the
    manager's own stores, and lists only their rows."""
    from django.contrib import admin as django_admin

    from inventory.models import StockPolicy
    from scoring.models import ReportDeadline

    StockPolicy.objects.create(store=other_store)
    ReportDeadline.objects.create(store=other_store, kind="consultant_log")
    client.force_login(manager)
    checked, listed, offered_other, listed_other = [], [], [], []
    for model, _model_admin in django_admin.site._registry.items():
        names = {f.name for f in model._meta.get_fields()}
        if "store" not in names or model._meta.app_label == "audit":
            continue
        opts = model._meta
        if manager.has_perm(f"{opts.app_label}.add_{opts.model_name}"):
            page = client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_add"))
            if page.status_code == 200:
                field = page.context["adminform"].form.fields.get("store")
                if field is not None:
                    if field.queryset.filter(pk=other_store.pk).exists():
                        offered_other.append(opts.label)
                    checked.append(opts.label)
        if manager.has_perm(f"{opts.app_label}.view_{opts.model_name}"):
            page = client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"))
            assert page.status_code == 200, opts.label
            if page.context["cl"].queryset.filter(store=other_store).exists():
                listed_other.append(opts.label)
            listed.append(opts.label)
    assert (offered_other, listed_other) == ([], [])
    assert {"sales.TestCar", "scoring.ReportDeadline"} <= set(checked)
    assert {"inventory.StockPolicy", "scoring.ReportDeadline"} <= set(listed)


def _staff_form(client, person) -> dict:
    """The staff change form of the person as a browser sends it back: a
    multiple choice holds only the options the page offered."""
    page = client.get(reverse("admin:dealership_user_change", args=[person.pk]))
    assert page.status_code == 200
    form = page.context["adminform"].form
    data = {}
    for name, field in form.fields.items():
        value = form[name].value()
        if value is None or value is False or name == "password":
            continue
        if isinstance(value, list):
            offered = {str(pk) for pk in field.queryset.values_list("pk", flat=True)}
            data[name] = [str(v) for v in value if str(v) in offered]
        else:
            data[name] = str(value)
    return data


def test_org_2_a_manager_cannot_make_anyone_superuser_or_move_staff_elsewhere(
    client, manager_with_admin_rights, store, other_store, consultant_a
):
    """ORG-1/2: a store manager edits their people's roles and stores within
    their own stores; the access flags, another store, the group office's
    role and a supervisor from elsewhere are out of their reach."""
    from django.contrib.auth.models import Group

    from dealership.models import User

    manager = manager_with_admin_rights
    elsewhere = UserFactory(username="mm_person", stores=[other_store])
    client.force_login(manager)
    data = _staff_form(client, manager) | {
        "is_superuser": "on",
        "is_staff": "on",
        "stores": [str(store.pk), str(other_store.pk)],
    }
    page = client.post(reverse("admin:dealership_user_change", args=[manager.pk]), data)
    assert "stores" in page.context["adminform"].form.errors  # another store: not a choice
    manager.refresh_from_db()
    assert not manager.is_superuser and list(manager.stores.all()) == [store]

    consultant_a.stores.add(other_store)  # also works in the other store
    office = Group.objects.get(name="gm_office")
    form = _staff_form(client, consultant_a)
    page = client.post(
        reverse("admin:dealership_user_change", args=[consultant_a.pk]),
        form | {"groups": [str(office.pk)], "supervisor": str(elsewhere.pk)},
    )
    errors = page.context["adminform"].form.errors
    assert set(errors) == {"groups", "supervisor"}
    # A change within their reach saves, and keeps the other store the manager cannot see.
    sales_manager = Group.objects.get(name="sales_manager")
    page = client.post(
        reverse("admin:dealership_user_change", args=[consultant_a.pk]),
        form | {"groups": [*form["groups"], str(sales_manager.pk)], "is_superuser": "on"},
    )
    assert page.status_code == 302
    consultant_a = User.objects.get(pk=consultant_a.pk)
    assert set(consultant_a.stores.all()) == {store, other_store}
    assert "sales_manager" in set(consultant_a.groups.values_list("name", flat=True))
    assert not consultant_a.is_superuser


def test_org_2_a_manager_does_not_see_a_superuser_in_the_staff_admin(
    client, manager_with_admin_rights, store
):
    root = UserFactory(username="root", is_superuser=True, is_staff=True, stores=[store])
    client.force_login(manager_with_admin_rights)
    page = client.get(reverse("admin:dealership_user_changelist"))
    assert root not in page.context["cl"].queryset
    assert client.get(reverse("admin:dealership_user_change", args=[root.pk])).status_code == 302


def test_org_1_a_manager_of_one_store_reads_the_beat_schedules_but_cannot_stop_them(
    client, manager, store, other_store
):
    """The beat schedules run every store's checks: a manager of one store of
    the group could untick the follow-up scan for all of them."""
    from django_celery_beat.models import PeriodicTask

    from dealership.schedules import schedules_install_defaults

    schedules_install_defaults()
    other_store.dealer_group = store.dealer_group
    other_store.save(update_fields=["dealer_group"])
    scan = PeriodicTask.objects.filter(enabled=True).first()
    client.force_login(manager)
    url = reverse("admin:django_celery_beat_periodictask_change", args=[scan.pk])
    page = client.get(url)
    assert page.status_code == 200 and not page.context["has_change_permission"]
    assert client.post(url, {"name": scan.name, "enabled": ""}).status_code == 403
    changelist = client.get(reverse("admin:django_celery_beat_periodictask_changelist"))
    assert changelist.context["action_form"] is None  # no enable/disable/run actions
    scan.refresh_from_db()
    assert scan.enabled


def test_a_beat_schedule_runs_a_task_the_workers_know(client, db):
    from django_celery_beat.models import IntervalSchedule, PeriodicTask

    root = UserFactory(username="root", is_staff=True, is_superuser=True)
    every = IntervalSchedule.objects.create(every=10, period="minutes")
    client.force_login(root)
    page = client.post(
        reverse("admin:django_celery_beat_periodictask_add"),
        {
            "name": "typo",
            "task": "followups.tasks.scann",
            "interval": every.pk,
            "enabled": "on",
            "args": "[]",
            "kwargs": "{}",
            "priority": "",
            "headers": "{}",
        },
    )
    assert "task" in page.context["adminform"].form.errors
    assert not PeriodicTask.objects.filter(name="typo").exists()


def test_catalogue_rows_the_records_refer_to_are_retired_not_deleted(client):
    """A superuser could delete a checklist item, a PDI item or a care rule
    that past runs, PDI forms and tasks were checked against."""
    from inventory.models import CareRule, PdiChecklistItem
    from showroom.models import ChecklistItem

    root = UserFactory(username="root", is_staff=True, is_superuser=True)
    client.force_login(root)
    for model in (ChecklistItem, PdiChecklistItem, CareRule):
        row = model.objects.first()
        opts = model._meta
        url = reverse(f"admin:{opts.app_label}_{opts.model_name}_delete", args=[row.pk])
        assert client.post(url, {"post": "yes"}).status_code == 403, opts.label
        assert model.objects.filter(pk=row.pk).exists()


def test_mnt_care_rule_asks_only_for_a_reading_the_care_page_knows():
    from django.core.exceptions import ValidationError

    from inventory.models import CareRule
    from inventory.rules import READING_CHOICES, READINGS

    assert [key for key, _label in READING_CHOICES] == list(READINGS)
    rule = CareRule.objects.get(kind="tyre")
    rule.reading = "whatever"
    with pytest.raises(ValidationError) as exc:
        rule.full_clean()
    assert list(exc.value.message_dict) == ["reading"]


def test_org_1_a_manager_sets_targets_only_for_people_of_their_store(
    client, manager, store, other_store, consultant_a
):
    """A manager could set a KPI or incentive target for another store's
    consultant: the person lists offered everyone."""
    from dealership.dashboard.models import KpiTarget
    from scoring.models import IncentiveTarget

    stranger = UserFactory(username="mm_consultant", stores=[other_store])
    client.force_login(manager)
    for model, field in ((KpiTarget, "consultant"), (IncentiveTarget, "person")):
        opts = model._meta
        url = reverse(f"admin:{opts.app_label}_{opts.model_name}_add")
        offered = client.get(url).context["adminform"].form.fields[field].queryset
        assert consultant_a in offered and stranger not in offered, opts.label
        page = client.post(url, {"store": store.pk, field: stranger.pk, "month": "2025-03-01"})
        assert field in page.context["adminform"].form.errors, opts.label
        assert not model.objects.exists()


def test_org_1_a_target_is_for_a_person_of_its_store():
    from django.core.exceptions import ValidationError

    from dealership.dashboard.models import KpiTarget
    from tests.factories import StoreFactory

    yj, mm = StoreFactory(code="yj2"), StoreFactory(code="mm2")
    person = UserFactory(username="p", stores=[mm])
    with pytest.raises(ValidationError) as exc:
        KpiTarget(store=yj, consultant=person, month="2025-03-01").full_clean()
    assert "consultant" in exc.value.message_dict


def test_a_target_month_typed_as_any_day_is_its_month_and_a_holiday_day_is_said_at_its_field(
    store, consultant_a
):
    """Before: a page-level error naming the database constraint
    ("kpitarget_first_of_month" is invalid)."""
    from datetime import date

    from django.core.exceptions import ValidationError

    from dealership.dashboard.models import KpiTarget
    from followups.models import Holiday

    target = KpiTarget(store=store, consultant=consultant_a, month=date(2025, 3, 15))
    target.full_clean()
    assert target.month == date(2025, 3, 1)
    holiday = Holiday(key="national_day", year=2031, day=date(2029, 10, 1))
    with pytest.raises(ValidationError) as exc:
        holiday.full_clean()
    assert exc.value.message_dict == {"day": ["问候日期必须在 2031 年内。"]}


def _filter_choices(response, field: str) -> set[str] | None:
    """The labels a changelist's list filter on `field` offers; None when the
    filter is not shown (the admin hides one with a single choice)."""
    for spec in response.context["cl"].filter_specs:
        if getattr(spec, "field_path", None) == field:
            return {str(label) for _pk, label in spec.lookup_choices}
    return None


def test_org_1_a_managers_store_filter_names_only_their_stores(
    client, manager, consultant_a, store, other_store
):
    """A manager of two stores filters the customer list by those two, never
    by another store of the system; a manager of one store sees no store
    filter (it used to list every store); a superuser sees them all."""
    from django.contrib.auth.models import Permission

    from tests.factories import StoreFactory
    from tests.sales.factories import CustomerFactory

    third = StoreFactory(code="zj", name="广汽本田湛江店")
    stranger = UserFactory(username="stranger", stores=[other_store])
    consultant_a.stores.add(third)
    CustomerFactory(consultant=consultant_a, store=store)
    CustomerFactory(consultant=consultant_a, store=third)
    CustomerFactory(consultant=stranger, store=other_store)
    manager.user_permissions.add(Permission.objects.get(codename="view_customer"))
    client.force_login(manager)
    url = reverse("admin:sales_customer_changelist")
    assert _filter_choices(client.get(url), "store") is None
    manager.stores.add(third)
    assert _filter_choices(client.get(url), "store") == {str(store), str(third)}
    client.force_login(UserFactory(username="root", is_staff=True, is_superuser=True))
    assert _filter_choices(client.get(url), "store") == {str(store), str(third), str(other_store)}


def test_org_1_the_staff_list_filters_by_the_managers_stores_only(
    client, manager_with_admin_rights, consultant_a, store, other_store
):
    """A consultant who also works in another store does not bring that
    store's name into the manager's staff filter."""
    from tests.factories import StoreFactory

    third = StoreFactory(code="zj", name="广汽本田湛江店")
    consultant_a.stores.add(other_store)
    manager_with_admin_rights.stores.add(third)
    UserFactory(username="zj_consultant", stores=[third])
    client.force_login(manager_with_admin_rights)
    response = client.get(reverse("admin:dealership_user_changelist"))
    assert _filter_choices(response, "stores") == {str(store), str(third)}


def test_org_3_a_consultant_without_a_sales_group_is_refused_at_the_field(
    client, manager_with_admin_rights, consultant_a
):
    """LEAD-8 hands group A's customers to B and B's to A: a consultant with
    no group would have theirs always sent to A. The staff form asks for the
    group; nothing is saved."""
    client.force_login(manager_with_admin_rights)
    url = reverse("admin:dealership_user_change", args=[consultant_a.pk])
    data = _staff_form(client, consultant_a) | {"sales_group": "", "full_name": "改名"}
    page = client.post(url, data)
    assert page.status_code == 200
    assert list(page.context["adminform"].form.errors) == ["sales_group"]
    consultant_a.refresh_from_db()
    assert (consultant_a.sales_group, consultant_a.full_name) == ("A", "刘晓明")
    data["sales_group"] = "B"
    assert client.post(url, data).status_code == 302
    consultant_a.refresh_from_db()
    assert (consultant_a.sales_group, consultant_a.full_name) == ("B", "改名")
