"""The browser harness itself: a real Chromium shows the site in Thai, in Sarabun, offline."""

from urllib.parse import urlsplit

LOCAL_SCHEMES = {"data", "blob", "about"}


class TestHomePageInChromium:
    def test_the_home_page_is_shown_in_thai(self, page, live_site):
        response = page.goto(live_site.url_of(live_site.pages["home"]))

        assert response.status == 200
        assert page.locator("html").get_attribute("lang") == "th"
        assert page.locator("html[lang=th]").count() == 1

    def test_the_body_text_is_set_in_sarabun_served_by_the_site(self, page, live_site):
        page.goto(live_site.url_of(live_site.pages["home"]))
        page.evaluate("document.fonts.ready.then(() => true)")

        font_family = page.evaluate("getComputedStyle(document.body).fontFamily")
        assert font_family.strip("\"' ").lower().startswith("sarabun"), font_family
        # The page's Thai text made the browser load Sarabun's Thai glyphs, not a fallback font.
        assert page.evaluate("document.fonts.check('16px Sarabun', 'ภาษาไทย')") is True

    def test_no_request_leaves_the_machine(self, page, live_site):
        requested = []
        page.on("request", lambda request: requested.append(request.url))

        page.goto(live_site.url_of(live_site.pages["home"]))
        page.wait_for_load_state("networkidle")
        page.evaluate("document.fonts.ready.then(() => true)")

        assert requested, "the page made no request at all"
        outside = [
            url
            for url in requested
            if urlsplit(url).scheme not in LOCAL_SCHEMES and urlsplit(url).hostname != "127.0.0.1"
        ]
        assert outside == []
