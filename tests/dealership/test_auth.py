"""Log in, log out, password change and the brute-force lockout."""

from __future__ import annotations

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_login_page_is_in_chinese_by_default(client):
    response = client.get(reverse("login"))
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="zh-hans">' in html
    assert "登录" in html


def test_login_page_switches_to_english(client):
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    html = client.get(reverse("login")).content.decode()
    assert '<html lang="en">' in html
    assert "Log in" in html


def test_manager_logs_in_and_sees_home(client, manager, password):
    response = client.post(
        reverse("login"), {"username": "manager", "password": password}, follow=True
    )
    assert response.redirect_chain[-1][0] == reverse("home")
    assert "王经理" in response.content.decode()


def test_wrong_password_shows_error_and_stays_logged_out(client, manager):
    response = client.post(reverse("login"), {"username": "manager", "password": "nope"})
    assert response.status_code == 200
    assert response.context["form"].errors
    assert "_auth_user_id" not in client.session


def test_home_requires_login(client):
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_five_failures_lock_the_account_even_for_the_right_password(client, manager, password):
    for _ in range(5):
        client.post(reverse("login"), {"username": "manager", "password": "wrong"})
    response = client.post(reverse("login"), {"username": "manager", "password": password})
    assert response.status_code == 429
    assert "data-lockout" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_lockout_is_per_user_name(client, manager, supervisor, password):
    for _ in range(5):
        client.post(reverse("login"), {"username": "manager", "password": "wrong"})
    response = client.post(reverse("login"), {"username": "supervisor", "password": password})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(supervisor.pk)


def test_four_failures_do_not_lock(client, manager, password):
    for _ in range(4):
        client.post(reverse("login"), {"username": "manager", "password": "wrong"})
    response = client.post(reverse("login"), {"username": "manager", "password": password})
    assert response.status_code == 302


def test_logout_is_a_post(client, manager):
    client.force_login(manager)
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_password_change(client, manager, password):
    client.force_login(manager)
    response = client.post(
        reverse("password_change"),
        {
            "old_password": password,
            "new_password1": "Another-long-pass-42",
            "new_password2": "Another-long-pass-42",
        },
    )
    assert response.status_code == 302
    manager.refresh_from_db()
    assert manager.check_password("Another-long-pass-42")


def test_password_change_refuses_wrong_old_password(client, manager, password):
    client.force_login(manager)
    response = client.post(
        reverse("password_change"),
        {
            "old_password": "not-it",
            "new_password1": "Another-long-pass-42",
            "new_password2": "Another-long-pass-42",
        },
    )
    assert response.status_code == 200
    assert "old_password" in response.context["form"].errors
    manager.refresh_from_db()
    assert manager.check_password(password)
