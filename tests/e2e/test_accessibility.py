"""axe-core finds no serious or critical accessibility problem on the pages people use most.

Each page is scanned as a visitor sees it, in Thai (the default) and, where the wording
differs much, in English too.
"""

import json

import pytest
from django.conf import settings
from django.urls import reverse
from wagtail.search.backends import get_search_backend

from home.models import StandardPage
from tests.e2e.conftest import assert_no_serious_axe_violations
from tests.factories import AgencyFactory, add_privacy_notice

BODY = json.dumps(
    [
        {"type": "heading", "value": "ขั้นตอนการสมัคร"},
        {"type": "paragraph", "value": "<p>กรอกแบบฟอร์มให้ครบถ้วน แล้ว<a href='/courses/'>เลือกหลักสูตร</a></p>"},
        {"type": "callout", "value": {"kind": "warning", "title": "โปรดทราบ", "text": "<p>ปิดรับสมัครวันศุกร์</p>"}},
        {"type": "quote", "value": {"quote": "การเรียนรู้ไม่มีวันสิ้นสุด", "source": "ผู้อำนวยการ"}},
    ]
)


@pytest.fixture
def site(live_site):
    """The live site with a hero button, an agency, a privacy notice and a standard page found by search."""
    home = live_site.pages["home"]
    home.hero_text = "เรียนออนไลน์ได้ทุกที่ทุกเวลา"
    home.hero_cta_text = "ดูหลักสูตรทั้งหมด"
    home.hero_cta_link = live_site.pages["courses"]
    home.save_revision().publish()
    AgencyFactory()
    add_privacy_notice(home)
    about = StandardPage(
        title="วิธีสมัครเรียน",
        slug="how-to-apply",
        introduction="สมัครง่ายในสามขั้นตอน",
        search_description="ขั้นตอนการสมัครเรียนหลักสูตรออนไลน์",
        body=BODY,
        show_in_menus=True,
    )
    home.add_child(instance=about)
    get_search_backend().add(about)
    live_site.pages["about"] = about
    return live_site


def open_in(page, site, language, path):
    page.context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": site.url}])
    response = page.goto(site.url + path)
    assert page.locator("html").get_attribute("lang") == language
    return response


class TestAxe:
    @pytest.mark.parametrize("language", ["th", "en"])
    @pytest.mark.parametrize("path", ["/", reverse("account:signup"), reverse("account:login")])
    def test_the_home_sign_up_and_log_in_pages_pass(self, page, site, path, language):
        response = open_in(page, site, language, path)

        assert response.status == 200
        assert_no_serious_axe_violations(page)

    def test_the_sign_up_page_showing_errors_passes(self, page, site):
        open_in(page, site, "th", reverse("account:signup"))
        page.locator("main form[method=post] button[type=submit]").click()
        page.locator(".form-errors").wait_for()

        assert page.locator("[aria-invalid=true]").count() > 1
        assert_no_serious_axe_violations(page)

    def test_a_standard_page_passes(self, page, site):
        response = open_in(page, site, "th", site.url_of(site.pages["about"]).removeprefix(site.url))

        assert response.status == 200
        assert page.locator("main .callout, main blockquote").count() >= 1
        assert_no_serious_axe_violations(page)

    @pytest.mark.parametrize(("query", "results"), [("สมัคร", 1), ("quantum", 0)])
    def test_the_search_page_passes_with_and_without_results(self, page, site, query, results):
        open_in(page, site, "th", f"{reverse('search')}?q={query}")

        assert page.locator(".search-result").count() == results
        assert_no_serious_axe_violations(page)

    def test_the_not_found_page_passes(self, page, site):
        response = open_in(page, site, "th", "/no-such-page/")

        assert response.status == 404
        assert_no_serious_axe_violations(page)
