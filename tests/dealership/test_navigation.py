"""Each role sees the navigation for its work (ORG-2)."""

from __future__ import annotations

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def nav_keys(client) -> set[str]:
    html = client.get(reverse("home")).content.decode()
    return {chunk.split('"')[0] for chunk in html.split('data-nav="')[1:]}


def test_manager_sees_organisation_and_admin(login, manager):
    assert {"home", "organisation", "admin"} <= nav_keys(login(manager))


def test_supervisor_sees_organisation_but_not_admin(login, supervisor):
    keys = nav_keys(login(supervisor))
    assert "organisation" in keys and "admin" not in keys


def test_consultant_sees_neither_organisation_nor_admin(login, consultant_a):
    keys = nav_keys(login(consultant_a))
    assert "home" in keys
    assert not {"organisation", "admin"} & keys


def test_finance_and_clerk_do_not_see_organisation(login, finance, clerk):
    assert "organisation" not in nav_keys(login(finance))
    assert "organisation" not in nav_keys(login(clerk))


def test_home_lists_the_persons_roles_in_chinese(login, manager):
    html = login(manager).get(reverse("home")).content.decode()
    assert 'data-role="sales_manager"' in html
    assert "销售经理" in html


def test_home_shows_chain_of_command(login, consultant_a):
    html = login(consultant_a).get(reverse("home")).content.decode()
    assert "李主管 → 王经理 → 周总" in html


def test_an_apps_pages_share_one_menu_in_the_top_bar(login, manager, finance):
    from dealership.navigation import nav_sections_for

    html = login(manager).get(reverse("home")).content.decode()
    bar = html.split("</nav>")[0]
    sections = nav_sections_for(manager)
    sales = next(section for section in sections if section.key == "sales")
    assert len(sales.items) > 1 and {item.section for item in sales.items} == {"sales"}
    assert bar.count('data-nav-section="sales"') == 1
    assert f">{sales.label}</a>" in bar and str(sales.label) == "客户"
    assert [s.key for s in sections].count("sales") == 1
    # One page of an app is a plain link, not a menu of one.
    assert all(len(s.items) > 1 for s in sections if f'data-nav-section="{s.key}"' in bar)


def test_every_page_names_its_icon_and_the_icon_is_served(client):
    """Browsers asked for /favicon.ico on every page, a 404 in the console."""
    from django.contrib.staticfiles import finders

    html = client.get("/accounts/login/").content.decode()
    assert '<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">' in html
    assert finders.find("favicon.svg")
