"""The public pages work under a Content-Security-Policy that allows only the site's own scripts and styles."""

import pytest
from bs4 import BeautifulSoup

from home.models import StandardPage
from tests.factories import add_privacy_notice

pytestmark = pytest.mark.django_db

PUBLIC_PATHS = [
    "/",
    "/about/",
    "/courses/",
    "/library/",
    "/seminars/",
    "/search/?q=ราชการ",
    "/no-such-page/",
    "/account/login/",
    "/account/signup/",
    "/account/password/reset/",
]


@pytest.fixture
def public_site(site_pages):
    site_pages["home"].add_child(instance=StandardPage(title="เกี่ยวกับเรา", slug="about", introduction="แนะนำ"))
    add_privacy_notice(site_pages["home"])
    return site_pages


class TestContentSecurityPolicy:
    def test_every_response_carries_a_policy_that_allows_only_the_sites_own_scripts_and_styles(
        self, client, public_site
    ):
        policy = client.get("/")["Content-Security-Policy"]
        directives = dict(part.strip().split(" ", 1) for part in policy.split(";") if part.strip())
        assert directives["script-src"] == "'self'"
        assert directives["style-src"] == "'self'"
        assert directives["object-src"] == "'none'"
        assert directives["frame-ancestors"] == "'self'"

    @pytest.mark.parametrize("path", PUBLIC_PATHS)
    def test_public_pages_have_no_inline_script_or_style(self, client, public_site, path):
        response = client.get(path)
        assert response.status_code in (200, 404)
        soup = BeautifulSoup(response.content, "html.parser")
        inline_scripts = [
            s for s in soup.find_all("script") if not s.get("src") and s.get("type") != "application/json"
        ]
        assert inline_scripts == []
        assert soup.find_all("style") == []
        assert soup.select("[style]") == []
        assert [tag.name for tag in soup.find_all(True) if any(attr.startswith("on") for attr in tag.attrs)] == []

    def test_other_security_headers_are_sent(self, client, public_site):
        response = client.get("/")
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
        assert response["X-Frame-Options"] in ("SAMEORIGIN", "DENY")
