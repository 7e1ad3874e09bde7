"""Browser end-to-end tests: Playwright driving Debian's Chromium against
pytest-django's live server (a real HTTP server in a thread of this process).

- `browser` (package scope): one headless Chromium for all e2e tests. A missing
  Chromium FAILS the tests (CI installs it, see .ci/run); it never skips.
- `open_as(user, phone=False)`: a fresh browser context (its own cookies),
  logged in through the real login page; a phone viewport (390x844, touch)
  for consultants, a desktop one for the others. Chinese browser (zh-CN), as
  the stores' phones and PCs are.
- `snap(page, name)`: a full-page screenshot kept as a test artefact in
  test-artifacts/e2e/<test>/NN-name.png (git-ignored; CI keeps the folder).
  It also fails the test on a JavaScript error, a 5xx answer or a missing
  static file seen so far on that page. A failing test gets a last
  screenshot of every page it opened (NN-FAILED-....png).

Data is set up with the factories and services in the test's own thread and
committed (transactional_db), so the live server sees it.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.conf import settings
from playwright.sync_api import Browser, Page, expect, sync_playwright

from tests.factories import TEST_PASSWORD

CHROMIUM = os.environ.get("E2E_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
ARTIFACTS = Path(settings.BASE_DIR) / "test-artifacts" / "e2e"
PHONE = {
    "viewport": {"width": 390, "height": 844},
    "device_scale_factor": 2,
    "is_mobile": True,
    "has_touch": True,
}
DESKTOP = {"viewport": {"width": 1366, "height": 900}}
TIMEOUT_MS = 15_000

expect.set_options(timeout=TIMEOUT_MS)


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    """Keep each phase's report on the test item, for the failure screenshots."""
    report = yield
    setattr(item, f"e2e_report_{report.when}", report)
    return report


@pytest.fixture(scope="package")
def browser() -> Browser:
    """Debian's Chromium, headless, started once for the e2e tests.

    Playwright's sync API keeps an asyncio loop running in this thread while
    the browser is open, which Django takes for async code: the ORM calls of
    the tests' set-up need DJANGO_ALLOW_ASYNC_UNSAFE meanwhile (the live
    server answers from its own threads, outside that loop). It is put back
    when the last e2e test is done."""
    if not Path(CHROMIUM).is_file():
        pytest.fail(
            f"Chromium not found at {CHROMIUM}: the browser tests need Debian's Chromium "
            "(DEBIAN_FRONTEND=noninteractive apt-get install -y chromium fonts-noto-cjk; "
            ".ci/run does it). Set E2E_CHROMIUM to use another binary.",
            pytrace=False,
        )
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(
                executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
            )
            yield chromium
            chromium.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@dataclass
class PageWatch:
    """What went wrong on a page that a screenshot alone would not show."""

    label: str
    problems: list[str] = field(default_factory=list)

    def on_response(self, response) -> None:
        if response.status >= 500 or ("/static/" in response.url and response.status >= 400):
            self.problems.append(f"{response.status} {response.url}")

    def on_page_error(self, error) -> None:
        self.problems.append(f"JavaScript error: {error}")


@dataclass
class Shots:
    folder: Path
    count: int = 0
    pages: dict = field(default_factory=dict)  # Page -> PageWatch

    def take(self, page: Page, name: str) -> Path:
        self.count += 1
        slug = re.sub(r"[^\w.-]+", "-", name).strip("-")
        path = self.folder / f"{self.count:02d}-{slug}.png"
        page.screenshot(path=str(path), full_page=True)
        return path


@pytest.fixture
def shots(request) -> Shots:
    folder = ARTIFACTS / re.sub(r"[^\w.-]+", "_", request.node.name)
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    return Shots(folder=folder)


@pytest.fixture
def snap(shots: Shots):
    """snap(page, name): screenshot the page as NN-<label>-<name>.png and fail
    on any JavaScript error, 5xx answer or missing static file seen on it."""

    def _snap(page: Page, name: str) -> Path:
        watch = shots.pages.get(page)
        label = f"{watch.label}-{name}" if watch else name
        path = shots.take(page, label)
        if watch and watch.problems:
            pytest.fail(f"{label}: " + "; ".join(watch.problems), pytrace=False)
        return path

    return _snap


def login(page: Page, user, snap=None) -> None:
    """Log in through the real login page, as a person does."""
    page.goto("/accounts/login/")
    expect(page.locator("h1")).to_have_text("登录")
    page.locator("#id_username").fill(user.username)
    page.locator("#id_password").fill(TEST_PASSWORD)
    if snap:
        snap(page, "login")
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(lambda url: "/accounts/login/" not in url)
    expect(page.locator("nav.navbar")).to_contain_text(user.display_name)


@pytest.fixture
def open_as(browser: Browser, live_server, shots: Shots, snap, request):
    """open_as(user, phone=False, label=None): a logged-in page in a browser
    context of its own (a person on their own device)."""
    contexts = []

    def _open(user, *, phone: bool = False, label: str | None = None) -> Page:
        context = browser.new_context(
            base_url=live_server.url,
            locale="zh-CN",
            timezone_id="Asia/Shanghai",
            **(PHONE if phone else DESKTOP),
        )
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        page = context.new_page()
        watch = PageWatch(label=label or user.username)
        page.on("response", watch.on_response)
        page.on("pageerror", watch.on_page_error)
        shots.pages[page] = watch
        login(page, user, snap)
        return page

    yield _open
    report = getattr(request.node, "e2e_report_call", None)
    if report is not None and report.failed:
        for page, watch in shots.pages.items():
            # A page already closed must not hide the failure itself.
            with contextlib.suppress(Exception):
                shots.take(page, f"FAILED-{watch.label}")
    for context in contexts:
        context.close()


def nav_click(page: Page, key: str) -> None:
    """Follow a navigation entry (data-nav=key), opening the phone menu first."""
    toggler = page.locator("button.navbar-toggler")
    if toggler.is_visible():
        toggler.click()
    item = page.locator(f'nav [data-nav="{key}"]')
    if not item.is_visible():  # an app's pages share one menu in the top bar
        page.locator(f"nav li.dropdown:has([data-nav='{key}']) > .dropdown-toggle").click()
    item.click()
    page.wait_for_load_state()


def alert(page: Page, kind: str = "success"):
    """The page's flash message of a kind (success, danger, warning)."""
    return page.locator(f"main > .alert-{kind}")
