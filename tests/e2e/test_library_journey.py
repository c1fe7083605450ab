"""A visitor's way through the e-library in a real browser: search in Thai, narrow by type, open an item.

The search words are found inside the items' PDFs (their text layer), not in their titles.
Elements are found by URL, form, name or data attribute, never by their wording (the
wording is translated); the result count is compared with the site's own translation.
"""

import re

import pytest
from django.urls import reverse
from django.utils import translation
from playwright.sync_api import expect

from tests.e2e.conftest import assert_no_serious_axe_violations
from tests.factories import make_document, make_library_item

QUERY = "ราชการ"
# ราชการ typed on an English keyboard layout: the no-results page offers the Thai words.
QUERY_ON_THE_WRONG_LAYOUT = "ik=dki"


def result_count_text(language, count, query):
    """The line above the results, as the site words it in ``language``."""
    with translation.override(language):
        return translation.ngettext(
            "%(counter)s item matches “%(query)s”", "%(counter)s items match “%(query)s”", count
        ) % {"counter": count, "query": query}


def item_with_pdf(index, slug, title, text, **fields):
    """A library item whose PDF holds ``text``; its title and publisher hold none of the search words."""
    document = make_document(title=title, filename=f"{slug}.pdf", text=text)
    return make_library_item(index, title=title, slug=slug, document=document, publisher="", **fields)


@pytest.fixture
def library(live_site):
    """The live site's /library/ with four items; two have ราชการ inside their PDF, one is for civil servants."""
    index = live_site.pages["library"]
    items = {
        "manual": item_with_pdf(
            index, "state-admin-guide", "คู่มือการทำงานของเจ้าหน้าที่", "แนวทางการบริหารราชการแผ่นดินสำหรับเจ้าหน้าที่"
        ),
        "report": item_with_pdf(
            index, "annual-report", "รายงานประจำปีของหน่วยงาน", "รายงานผลการปฏิบัติราชการประจำปี", item_type="report"
        ),
        "research": item_with_pdf(
            index, "cyber-safety", "ความปลอดภัยไซเบอร์", "ความปลอดภัยไซเบอร์สำหรับทุกคน", item_type="research"
        ),
        "restricted": item_with_pdf(
            index,
            "leave-rules",
            "ระเบียบการลาของเจ้าหน้าที่",
            "ระเบียบการลาของเจ้าหน้าที่",
            item_type="law",
            access="civil_servants",
        ),
    }
    live_site.pages.update(items)
    return live_site


def card_link(page, item):
    return page.locator(f"main .library-card__title a[href='{item.url}']")


def search_with_the_keyboard(page, words):
    box = page.locator("input[type=search][name=q][form=library-filters]")
    box.focus()
    box.press("Control+A")
    page.keyboard.type(words)
    page.keyboard.press("Enter")


class TestLibraryJourney:
    def test_a_visitor_finds_words_inside_pdfs_narrows_by_type_opens_the_item_and_downloads_its_file(
        self, page, library
    ):
        report = library.pages["report"]
        library_url = library.url_of(library.pages["library"])

        page.goto(library_url)
        assert_no_serious_axe_violations(page)
        expect(page.locator("main .library-card")).to_have_count(4)

        # Search with the keyboard: type the Thai word and press Enter.
        search_with_the_keyboard(page, QUERY)
        expect(page).to_have_url(re.compile(r"[?&]q=%E0%B8%A3"))
        expect(page.locator("main .result-count")).to_have_text(result_count_text("th", 2, QUERY))
        expect(page.locator("main .library-card")).to_have_count(2)
        expect(card_link(page, library.pages["manual"])).to_be_visible()
        expect(card_link(page, report)).to_be_visible()
        assert_no_serious_axe_violations(page)

        # Tick the "report" type with the space bar, then apply with Enter.
        report_type = page.locator("#library-filters input[type=checkbox][name=type][value=report]")
        report_type.focus()
        page.keyboard.press("Space")
        expect(report_type).to_be_checked()
        page.locator("#library-filters .form-actions button[type=submit]").focus()
        page.keyboard.press("Enter")
        expect(page).to_have_url(re.compile(r"[?&]type=report(&|$)"))
        expect(page).to_have_url(re.compile(r"[?&]q=%E0%B8%A3"))
        expect(page.locator("main .result-count")).to_have_text(result_count_text("th", 1, QUERY))
        expect(page.locator("main .library-card")).to_have_count(1)
        expect(page.locator("#library-filters input[name=type][value=report]")).to_be_checked()

        # Open the item from the results with the keyboard.
        card_link(page, report).focus()
        page.keyboard.press("Enter")
        expect(page).to_have_url(library.url_of(report))
        assert_no_serious_axe_violations(page)
        preview = page.locator("main iframe.library-preview__frame")
        expect(preview).to_have_count(1)
        expect(preview).to_have_attribute("src", reverse("library:preview", args=[report.pk]))
        download_link = page.locator("main a.library-file__download")
        expect(download_link).to_have_attribute("href", reverse("library:download", args=[report.pk]))

        # The download link gives the PDF as an attachment.
        download = page.request.get(library.url + download_link.get_attribute("href"))
        assert download.status == 200
        assert download.headers["content-type"] == "application/pdf"
        assert download.headers["content-disposition"].startswith("attachment;")
        assert download.body().startswith(b"%PDF")

        # A search that finds nothing says so, with what to try and the words on the other layout.
        page.goto(library_url)
        search_with_the_keyboard(page, QUERY_ON_THE_WRONG_LAYOUT)
        expect(page.locator("main .library-empty")).to_be_visible()
        expect(page.locator("main .library-card")).to_have_count(0)
        expect(page.locator("main .library-empty__tips > li").first).to_be_visible()
        suggestion = page.locator("main .library-empty__alternative a")
        expect(suggestion).to_have_text(QUERY)
        assert_no_serious_axe_violations(page)
        suggestion.click()
        expect(page.locator("main .library-card")).to_have_count(2)

    def test_a_guest_is_asked_to_log_in_instead_of_seeing_a_civil_servants_only_items_preview(self, page, library):
        restricted = library.pages["restricted"]

        page.goto(library.url_of(restricted))

        login = page.locator("main a.library-file__login")
        expect(login).to_be_visible()
        expect(login).to_have_attribute("href", f"{reverse('account:login')}?next={restricted.url.replace('/', '%2F')}")
        expect(page.locator("main iframe.library-preview__frame")).to_have_count(0)
        expect(page.locator("main a.library-file__download")).to_have_count(0)
        assert_no_serious_axe_violations(page)
        # The file's own address refuses the guest too: it leads to the login page.
        answer = page.request.get(library.url + reverse("library:download", args=[restricted.pk]), max_redirects=0)
        assert answer.status == 302
        assert answer.headers["location"].startswith(reverse("account:login"))

    def test_the_library_in_english_passes_axe_on_the_results_an_item_and_no_results(self, page, library):
        report = library.pages["report"]
        page.goto(f"{library.url_of(library.pages['library'])}?q={QUERY}&type=report")

        # Switch to English with the header's button, from the keyboard.
        page.locator("header button[name=language][value=en]").focus()
        page.keyboard.press("Enter")

        expect(page.locator("html")).to_have_attribute("lang", "en")
        expect(page).to_have_url(re.compile(r"[?&]type=report(&|$)"))
        expect(page.locator("main .result-count")).to_have_text(result_count_text("en", 1, QUERY))
        assert_no_serious_axe_violations(page)

        card_link(page, report).click()
        expect(page.locator("html")).to_have_attribute("lang", "en")
        expect(page.locator("main iframe.library-preview__frame")).to_have_count(1)
        assert_no_serious_axe_violations(page)

        page.goto(f"{library.url_of(library.pages['library'])}?q=quantum")
        expect(page.locator("main .library-empty")).to_be_visible()
        assert_no_serious_axe_violations(page)

        page.goto(library.url_of(library.pages["restricted"]))
        expect(page.locator("main a.library-file__login")).to_be_visible()
        assert_no_serious_axe_violations(page)
