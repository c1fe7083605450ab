"""Browser tests: Debian's Chromium driven by Playwright against pytest-django's live server.

Fixtures: ``browser`` (one Chromium for the session), ``page`` (a fresh Thai-locale context
per test), ``live_site`` (the live server with the demo-like page tree). The helper
``assert_no_serious_axe_violations(page)`` runs axe-core (shipped inside
axe-playwright-python, so nothing downloads) on the page.

Every test in this folder is marked ``e2e``: ``pytest -m "not e2e"`` leaves them out.
"""

import os
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.factories import build_site

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SERIOUS_IMPACTS = {"serious", "critical"}

# Playwright's sync API runs an event loop in this thread; Django refuses database work
# from a thread with a running loop unless told it is safe (it is: the calls are synchronous).
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
# The live server listens on loopback only, so every request a page makes can be checked
# against 127.0.0.1.
os.environ.setdefault("DJANGO_LIVE_TEST_SERVER_ADDRESS", "127.0.0.1")


def pytest_collection_modifyitems(config, items):
    here = Path(__file__).parent
    for item in items:
        if here in item.path.parents:
            item.add_marker(pytest.mark.e2e)


def _keep_serialized_rollback_working(serialized_contents):
    """Hand the test database's serialized contents to the connections used while Playwright runs.

    Between its calls, Playwright's sync API leaves its event loop marked as running in this
    thread, and Django then keeps database connections per async context: the tests get new
    connection objects, without the snapshot that serialized rollback restores after each
    transactional test's flush. Without it the second browser test would find an empty
    database (no Wagtail root page).
    """
    from django.db import connections

    for alias, contents in serialized_contents.items():
        if contents is not None:
            connections[alias]._test_serialized_contents = contents


@pytest.fixture(scope="session")
def browser(django_db_setup):
    if not CHROMIUM.exists():
        reason = f"Chromium is not installed at {CHROMIUM} (Debian: apt-get install chromium)"
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    from django.db import connections
    from playwright.sync_api import sync_playwright

    serialized_contents = {
        alias: getattr(connections[alias], "_test_serialized_contents", None) for alias in connections
    }
    with sync_playwright() as playwright:
        _keep_serialized_rollback_working(serialized_contents)
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="th-TH", timezone_id="Asia/Bangkok")
    context.set_default_timeout(15_000)
    tab = context.new_page()
    yield tab
    context.close()


@dataclass
class LiveSite:
    url: str
    pages: dict

    def url_of(self, page):
        """Absolute URL of a Wagtail page on the live server."""
        _site_id, _root_url, path = page.get_url_parts()
        return self.url + path


@pytest.fixture
def live_site(live_server, transactional_db, django_db_serialized_rollback):
    """The live server with the home page and the three index pages, like the demo.

    Serialized rollback puts back the data migrations' rows (Wagtail's root page, the role
    groups) that a transactional test's flush removes.
    """
    pages = build_site()
    return LiveSite(url=live_server.url, pages=pages)


def assert_no_serious_axe_violations(page, context=None):
    """Fail listing every axe-core rule of impact serious or critical broken on ``page``."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, context=context)
    problems = [
        f"{violation['id']} ({violation['impact']}): {', '.join(str(target) for node in violation['nodes'] for target in node['target'])}"
        for violation in results.response["violations"]
        if violation.get("impact") in SERIOUS_IMPACTS
    ]
    assert not problems, "Accessibility violations on " + page.url + ":\n" + "\n".join(problems)
