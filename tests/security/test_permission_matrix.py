"""Issue 9 part 3: the permission matrix. Every person of the cast × every
page and API endpoint of the project (walked from the URL resolver), including
object access across consultants and stores (ORG-1, ORG-2). The table is in
matrix.py, the world in world.py.

The world is two stores, "here" (yj) and "other" (mm), each with the cast of
tests/conftest.py and a record of every kind; URLs are filled with the
records of "here". The matrix probes the cast of "here" and the sales manager
of mm (`other_manager`); the cross-store test adds, per URL, every other
person of mm whose counterpart in "here" may open it.

Customer visibility (sales/selectors/access.py): a consultant sees only their
own customers (and through them their orders, deliveries, test drives, SMS,
follow-ups and lost requests); managers, supervisors, the GM office and the
information officer see their whole store; nobody sees another store. There
is no group visibility: a consultant of group B (consultant_b) or of group A
alike does not see consultant_a's customers.
"""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from sales.models import Customer
from tests.security.matrix import (
    ACCESS,
    HERE,
    KWARGS,
    MANAGER,
    OTHER,
    PERSONS,
    A,
    Access,
    B,
)
from tests.security.probe import (
    SKIPPED_NAMES,
    SKIPPED_PREFIXES,
    is_object_route,
    project_routes,
    send,
    url_for,
)

ROUTES = project_routes()
ROUTE_NAMES = [r.name for r in ROUTES]
BY_NAME = {r.name: r for r in ROUTES}


# --- completeness ------------------------------------------------------------------


def test_every_url_is_in_the_matrix():
    """A new page or endpoint fails here until ACCESS says who may open it."""
    missing = sorted(set(ROUTE_NAMES) - set(ACCESS))
    assert not missing, f"URLs without an ACCESS entry: {missing}"


def test_the_matrix_names_no_vanished_url():
    stale = sorted(set(ACCESS) - set(ROUTE_NAMES))
    assert not stale, f"ACCESS entries for URLs that no longer exist: {stale}"


def test_every_url_kwarg_can_be_filled(here, db):
    """A URL whose kwargs the KWARGS table cannot fill fails, naming it."""
    problems = []
    for route in ROUTES:
        try:
            url_for(route, here, KWARGS)
        except (KeyError, AttributeError) as exc:
            problems.append(str(exc))
    assert not problems, "\n".join(problems)


def test_skips_are_the_declared_ones():
    """Only what is public or admin-only by design is left out."""
    assert set(SKIPPED_NAMES) == {"api-schema", "api-docs", "login"}
    assert set(SKIPPED_PREFIXES) == {"admin/", "i18n/", "static/", "media/"}
    assert not [r for r in ROUTES if r.name in SKIPPED_NAMES]


# --- the matrix ----------------------------------------------------------------------


def _problem(access: Access, person: str, outcome) -> str | None:
    """None when the outcome is what the matrix says, else what was expected."""
    status = outcome.status
    if status >= 500:
        return "never 5xx"
    if access.method == "GET":
        if person in access.allowed or person in access.status:
            want = access.status.get(person, 200)
            return None if status == want else str(want)
        return None if status in (403, 404) else "403/404"
    if person in access.refused:
        return None if status == 302 and outcome.errors else "302+error (refused by the service)"
    if person in access.allowed:
        return None if status not in (403, 404, 405) else "through the gate (not 403/404/405)"
    return None if status in (403, 404) else "403/404"


def _anonymous_problem(route, access: Access, outcome) -> str | None:
    if access.public:
        return None if outcome.status == 200 else "200 (public)"
    if route.is_api:
        return None if outcome.status in (401, 403) else "401/403"
    login = reverse("login")
    ok = outcome.status == 302 and outcome.location.startswith(login)
    return None if ok else f"302 to {login}"


def _leaked(here, outcome) -> list[str]:
    """This store's customer names and VINs in another store's page."""
    return [m for m in here.markers if m in outcome.body] if outcome.status == 200 else []


@pytest.mark.parametrize("name", ROUTE_NAMES)
def test_permission_matrix(name, here, sessions, db):
    access = ACCESS.get(name)
    if access is None:
        pytest.fail(f"{name}: no ACCESS entry (see test_every_url_is_in_the_matrix)")
    route = BY_NAME[name]
    url = url_for(route, here, KWARGS)
    wrong = []
    for person in PERSONS:
        outcome = send(sessions[person], access.method, url)
        want = _problem(access, person, outcome)
        if want is not None:
            wrong.append(f"  {person:13} got {outcome.short():10} want {want}")
        if person == OTHER and (leak := _leaked(here, outcome)):
            wrong.append(f"  {person:13} sees this store's {leak}")
    anonymous = send(None, access.method, url)
    if want := _anonymous_problem(route, access, anonymous):
        wrong.append(f"  {'anonymous':13} got {anonymous.status:<10} want {want}")
    assert not wrong, f"{access.method} {url} ({name}):\n" + "\n".join(wrong)


# --- across stores ---------------------------------------------------------------------


def _counterparts(access: Access) -> list[str]:
    """The people of the other store whose role opens the URL in their own
    store (the manager is the matrix's other_manager already)."""
    let_in = (access.allowed | access.refused | set(access.status)) & HERE
    return sorted(let_in - {MANAGER})


OBJECT_ROUTES = [r.name for r in ROUTES if is_object_route(r, KWARGS)]
# List pages the other store's manager may not open (the matrix checks what
# other_manager sees) but someone else of the other store may.
LIST_PAGES = [
    r.name
    for r in ROUTES
    if not r.kwargs
    and r.name in ACCESS
    and ACCESS[r.name].method == "GET"
    and OTHER not in ACCESS[r.name].allowed
    and _counterparts(ACCESS[r.name])
]


@pytest.mark.parametrize("name", OBJECT_ROUTES)
def test_nobody_of_the_other_store_opens_this_stores_records(name, here, sessions, db):
    """ORG-1: on every URL naming a record of this store (id, VIN, form
    number), the people of the other store whose role would open it get 403
    or 404."""
    access = ACCESS[name]
    url = url_for(BY_NAME[name], here, KWARGS)
    wrong = []
    for person in _counterparts(access):
        outcome = send(sessions[f"other:{person}"], access.method, url)
        if outcome.status not in (403, 404):
            wrong.append(f"  mm {person:13} got {outcome.short()}")
    assert not wrong, f"{access.method} {url} ({name}):\n" + "\n".join(wrong)


@pytest.mark.parametrize("name", LIST_PAGES)
def test_the_other_stores_lists_show_none_of_this_stores_records(name, here, sessions, db):
    """ORG-1: a list page the other store's people open shows no customer name
    or VIN of this store (those other_manager opens: test_permission_matrix)."""
    access = ACCESS[name]
    url = url_for(BY_NAME[name], here, KWARGS)
    leaks = []
    for person in _counterparts(access):
        if leak := _leaked(here, send(sessions[f"other:{person}"], "GET", url)):
            leaks.append(f"  mm {person}: {leak}")
    assert not leaks, f"{url} ({name}) shows this store's records:\n" + "\n".join(leaks)


def test_object_urls_are_every_url_with_a_record(here):
    """The cross-store test covers every URL with a kwarg but these, which
    name only a constant (a metric, a board, a report kind)."""
    constants_only = sorted({r.name for r in ROUTES if r.kwargs} - set(OBJECT_ROUTES))
    assert constants_only == [
        "dashboard:export",
        "dashboard:records",
        "dashboard:records_export",
        "scoring:monthly_report",
    ]


def test_dashboard_store_parameter_cannot_reach_another_store(here, sessions, db):
    """The boards take ?store=<id>; another store's id is a 404 (ORG-1)."""
    url = reverse("dashboard:kpi") + f"?store={here.store.pk}"
    assert send(sessions[OTHER], "GET", url).status == 404
    assert send(sessions[MANAGER], "GET", url).status == 200


def test_api_store_parameter_cannot_reach_another_store(here, sessions, db):
    url = reverse("api-customers") + f"?store={here.store.pk}"
    assert send(sessions[OTHER], "GET", url).status == 403
    assert send(sessions[MANAGER], "GET", url).status == 200


# --- across consultants ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "record"),
    [
        ("sales:customer_list", "customer"),
        ("sales:order_list", "customer"),
        ("sales:delivery_list", "delivered_customer"),
        ("sales:lost_list", "lost_customer"),
        ("api-customers", "customer"),
        ("api-orders", "customer"),
        ("api-followup-list", "lost_customer"),
    ],
)
def test_consultant_b_lists_show_none_of_consultant_as_customers(name, record, here, sessions, db):
    """No group visibility: what consultant_a's lists show, consultant_b's
    do not (the lost list is the managers': consultant_b gets 403)."""
    url = reverse(name)
    customer_name = here.objects[record].name
    seen_by_a = send(sessions[A], "GET", url)
    seen_by_b = send(sessions[B], "GET", url)
    if seen_by_a.status == 200:
        assert customer_name in seen_by_a.body, "the list should show consultant_a's customer"
    assert seen_by_b.status in (200, 403)
    assert customer_name not in seen_by_b.body


def test_customer_lookup_hides_another_consultants_customer(here, sessions, db):
    """LEAD-1: the lookup says the mobile is known and whose it is, without the name."""
    url = reverse("sales:customer_lookup") + f"?mobile={here.customer.mobile}"
    found = json.loads(send(sessions[B], "GET", url).body)
    # The world's order made the customer grade O after the object was built.
    grade = Customer.objects.values_list("grade", flat=True).get(pk=here.customer.pk)
    assert found == {
        "found": True,
        "name": "",
        "consultant": here.people[A].display_name,
        "grade": grade,
    }
    assert json.loads(send(sessions[A], "GET", url).body)["name"] == here.customer.name


@pytest.mark.parametrize("name", ["inventory:vehicle_detail", "inventory:print_form"])
def test_stock_pages_hide_another_consultants_customer(name, here, sessions, db):
    """The sales pages hide consultant_a's customers from consultant_b; the
    sold car's page and its payment confirmation do not show them either,
    while its consultant and the hand-over staff (clerk, finance) see the buyer."""
    url = url_for(BY_NAME[name], here, KWARGS)
    seen = send(sessions[B], "GET", url)
    assert seen.status == 200
    assert here.customer.name not in seen.body
    assert "另一位顾问的客户" in seen.body
    for person in (A, "clerk", "finance", "manager"):
        assert here.customer.name in send(sessions[person], "GET", url).body, person
