"""Issue 9 part 3: CSRF on every form. With a client that enforces the check,
a signed-in manager's POST without a token is refused (403, logged by
django.security.csrf) on every page of the project: the POST-only endpoints,
the pages with a form and, since the middleware guards them all, the pages
that take no POST; none is csrf_exempt. With a token the POST gets past the
check (so the 403 is the token's, not a permission's). The API: session-
authenticated POSTs need the token too (DRF's SessionAuthentication); token-
authenticated clients are exempt by design (no cookie, nothing to forge)."""

from __future__ import annotations

import logging

import pytest
from django.conf import settings
from django.middleware.csrf import CSRF_ALLOWED_CHARS, CSRF_SECRET_LENGTH
from django.urls import reverse
from django.utils.crypto import get_random_string
from rest_framework.authtoken.models import Token

from tests.security.matrix import ACCESS, KWARGS, MANAGER
from tests.security.probe import project_routes, send, url_for

ROUTES = project_routes()
PAGES = [r for r in ROUTES if not r.is_api]
API_POSTS = [r for r in ROUTES if r.is_api and ACCESS[r.name].method == "POST"]


@pytest.fixture(scope="module")
def manager_cookies(sessions):
    return sessions[MANAGER]


def _csrf_refusals(caplog) -> list[logging.LogRecord]:
    return [r for r in caplog.records if r.name == "django.security.csrf"]


def _with_token(cookies):
    """The session cookies plus a CSRF cookie; returns (cookies, token)."""
    secret = get_random_string(CSRF_SECRET_LENGTH, allowed_chars=CSRF_ALLOWED_CHARS)
    jar = type(cookies)(cookies.output(header="", sep="\n"))
    jar[settings.CSRF_COOKIE_NAME] = secret
    return jar, secret


def test_pages_are_all_covered():
    """Every page of the matrix is in this test (the API has its own below)."""
    names = {r.name for r in PAGES} | {r.name for r in ROUTES if r.is_api}
    assert names == set(ACCESS)


@pytest.mark.parametrize("name", [r.name for r in PAGES])
def test_csrf_post_without_token_is_refused(name, world, manager_cookies, caplog, db):
    route = next(r for r in PAGES if r.name == name)
    url = url_for(route, world["here"], KWARGS)

    caplog.clear()
    with caplog.at_level(logging.WARNING, logger="django.security.csrf"):
        refused = send(manager_cookies, "POST", url, enforce_csrf_checks=True)
    assert refused.status == 403, f"POST {url} without a CSRF token: {refused.status}"
    assert _csrf_refusals(caplog), f"POST {url}: the 403 did not come from the CSRF check"


def test_csrf_login_form_needs_the_token(caplog, db):
    """The login page (left out of the matrix: public) is a form too."""
    with caplog.at_level(logging.WARNING, logger="django.security.csrf"):
        refused = send(
            None,
            "POST",
            reverse("login"),
            {"username": "manager", "password": "x"},
            enforce_csrf_checks=True,
        )
    assert refused.status == 403
    assert _csrf_refusals(caplog)


def test_csrf_post_with_the_token_gets_through(world, manager_cookies, caplog, db):
    """The counterpart of the test above: the same kind of POST with a token
    is not refused by the CSRF check (so the 403s above are the token's)."""
    url = reverse("sales:customer_grade", kwargs={"customer_id": world["here"].customer.pk})
    cookies, token = _with_token(manager_cookies)
    with caplog.at_level(logging.WARNING, logger="django.security.csrf"):
        passed = send(
            cookies, "POST", url, {"csrfmiddlewaretoken": token}, enforce_csrf_checks=True
        )
    assert not _csrf_refusals(caplog)
    assert passed.status == 400  # the empty grade form, refused by the view


@pytest.mark.parametrize("name", [r.name for r in API_POSTS])
def test_csrf_session_api_post_needs_the_token(name, world, manager_cookies, db):
    route = next(r for r in API_POSTS if r.name == name)
    url = url_for(route, world["here"], KWARGS)
    refused = send(manager_cookies, "POST", url, enforce_csrf_checks=True)
    assert refused.status == 403
    assert "CSRF" in refused.body


def test_csrf_token_authenticated_api_is_exempt(world, db):
    """An API client with a token needs no CSRF token: the empty grade change
    reaches the serializer (400), not the CSRF check."""
    from django.test import Client

    here = world["here"]
    token = Token.objects.create(user=here.people["manager"])
    client = Client(enforce_csrf_checks=True, HTTP_AUTHORIZATION=f"Token {token.key}")
    url = reverse("api-customer-grade", kwargs={"pk": here.customer.pk})
    response = client.post(url, {}, content_type="application/json")
    assert response.status_code == 400
    assert set(response.json()) >= {"code", "detail"}
