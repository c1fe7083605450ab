"""Citing a library item: the APA 7 reference on its page, the BibTeX and RIS downloads."""

import re

import pytest
from bs4 import BeautifulSoup
from wagtail.models import PageViewRestriction

from library.citation import apa_author_list, apa_name, bibtex_escape, creator_kind
from tests.factories import UserFactory, make_library_item

pytestmark = pytest.mark.django_db


def item(index, title="คู่มือการบริหารราชการ", **fields):
    fields.setdefault("document", False)
    fields.setdefault("external_url", "https://www.example.go.th/manual")
    return make_library_item(index, title=title, **fields)


def apa_on_page(client, page):
    soup = BeautifulSoup(client.get(page.url).content, "html.parser")
    return soup.select_one('[data-citation="apa"]')


def bib_url(page):
    return f"/library/items/{page.pk}/cite.bib"


def ris_url(page):
    return f"/library/items/{page.pk}/cite.ris"


class TestNames:
    @pytest.mark.parametrize(
        ("name", "cited"),
        [
            ("Jane Smith", "Smith, J."),
            ("John Michael Smith", "Smith, J. M."),
            ("Smith, John Michael", "Smith, J. M."),
            ("Jean-Paul Sartre", "Sartre, J.-P."),
            ("Ludwig van Beethoven", "van Beethoven, L."),
            ("Martin Luther King Jr.", "King, M. L., Jr."),
            ("สมชาย ใจดี", "สมชาย ใจดี"),
            ("ศ.ดร.สมศักดิ์ รักชาติ", "ศ.ดร.สมศักดิ์ รักชาติ"),
            (
                "Office of the Public Sector Development Commission",
                "Office of the Public Sector Development Commission",
            ),
            ("World Bank", "World Bank"),
            ("สำนักงานคณะกรรมการพัฒนาระบบราชการ", "สำนักงานคณะกรรมการพัฒนาระบบราชการ"),
            ("UNESCO", "UNESCO"),
        ],
    )
    def test_each_kind_of_name_is_cited_its_own_way(self, name, cited):
        assert apa_name(name) == cited

    def test_kinds_of_creator(self):
        assert creator_kind("สมชาย ใจดี") == "thai"
        assert creator_kind("Digital Government Development Agency") == "corporate"
        assert creator_kind("Jane Smith") == "person"

    def test_apa_joins_two_to_twenty_authors_with_an_ampersand_and_cuts_longer_lists(self):
        assert apa_author_list(["Jane Smith"]) == "Smith, J."
        assert apa_author_list(["Jane Smith", "สมชาย ใจดี"]) == "Smith, J., & สมชาย ใจดี"
        assert apa_author_list(["Jane Smith", "Tom Brown", "Ann Lee"]) == "Smith, J., Brown, T., & Lee, A."
        many = [f"Author Number{n:02d}" for n in range(25)]
        listed = apa_author_list(many)
        assert listed.count(", . . . ") == 1
        assert listed.startswith("Number00, A., Number01, A.")
        assert "Number18, A., . . . Number24, A." in listed
        assert "Number19" not in listed


class TestApaOnTheItemPage:
    def test_an_english_work_by_people(self, client, site_pages):
        page = item(
            site_pages["library"],
            title="Open government data handbook",
            creators=["Jane Smith", "John Michael Brown"],
            publisher="Digital Government Development Agency",
            date_issued="2023-05-01",
            language="en",
            external_url="https://dga.or.th/handbook",
        )

        apa = apa_on_page(client, page)

        assert apa.get_text() == (
            "Smith, J., & Brown, J. M. (2023). Open government data handbook. "
            "Digital Government Development Agency. https://dga.or.th/handbook"
        )
        assert apa.select_one("i").get_text() == "Open government data handbook"

    def test_a_thai_work_cites_names_in_full_the_buddhist_era_and_its_english_title(self, client, site_pages):
        page = item(
            site_pages["library"],
            title="คู่มือการบริหารราชการแผ่นดิน",
            title_en="Handbook of public administration",
            creators=["สมชาย ใจดี", "สมหญิง รักไทย"],
            publisher="สำนักงาน ก.พ.",
            date_issued="2024",
        )

        apa = apa_on_page(client, page).get_text()

        assert apa == (
            "สมชาย ใจดี, & สมหญิง รักไทย. (2567). คู่มือการบริหารราชการแผ่นดิน "
            "[Handbook of public administration]. สำนักงาน ก.พ. https://www.example.go.th/manual"
        )

    def test_an_agency_that_is_also_the_publisher_is_named_once(self, client, site_pages):
        page = item(
            site_pages["library"],
            title="รายงานประจำปี 2566",
            creators=["สำนักงานคณะกรรมการพัฒนาระบบราชการ"],
            publisher="สำนักงานคณะกรรมการพัฒนาระบบราชการ",
            item_type="report",
            date_issued="2023",
        )

        apa = apa_on_page(client, page).get_text()

        assert apa.count("สำนักงานคณะกรรมการพัฒนาระบบราชการ") == 1
        assert apa.startswith("สำนักงานคณะกรรมการพัฒนาระบบราชการ. (2566). รายงานประจำปี 2566.")

    def test_a_doi_is_given_as_a_link_instead_of_the_address(self, client, site_pages):
        page = item(
            site_pages["library"],
            title="Public sector innovation",
            creators=["Ann Lee"],
            language="en",
            identifier="doi:10.1234/ABC.5678",
        )

        assert apa_on_page(client, page).get_text().endswith("https://doi.org/10.1234/ABC.5678")

    def test_no_author_puts_the_title_first_and_no_date_says_so(self, client, site_pages):
        english = item(site_pages["library"], title="Citizen charter", language="en", date_issued="", publisher="")
        thai = item(site_pages["library"], title="กฎบัตรประชาชน", date_issued="", publisher="")

        assert apa_on_page(client, english).get_text().startswith("Citizen charter. (n.d.).")
        assert apa_on_page(client, thai).get_text().startswith("กฎบัตรประชาชน. (ม.ป.ป.).")

    def test_a_video_is_described_in_brackets(self, client, site_pages):
        page = item(site_pages["library"], title="Digital ID explained", creators=["Ann Lee"], item_type="video")

        assert "<i>Digital ID explained</i> [Video]." in str(apa_on_page(client, page))

    def test_html_in_the_catalogue_is_shown_as_text(self, client, site_pages):
        page = item(site_pages["library"], title="<script>alert(1)</script> & more", creators=["<b>Ann</b> Lee"])

        apa = apa_on_page(client, page)

        assert apa.select("script") == [] and apa.select("b") == []
        assert "<script>alert(1)</script> & more" in apa.get_text()

    def test_the_page_links_to_both_downloads(self, client, site_pages):
        page = item(site_pages["library"])

        soup = BeautifulSoup(client.get(page.url).content, "html.parser")

        links = [a["href"] for a in soup.select(".library-citation__downloads a")]
        assert links == [bib_url(page), ris_url(page)]


class TestBibtex:
    def test_the_download_is_a_utf8_bibtex_file_with_an_ascii_name(self, client, site_pages):
        page = item(site_pages["library"], title="คู่มือการบริหารราชการ", creators=["สมชาย ใจดี"], date_issued="2024")

        response = client.get(bib_url(page))

        assert response.status_code == 200
        assert response["Content-Type"] == "application/x-bibtex; charset=utf-8"
        disposition = response["Content-Disposition"]
        assert disposition.startswith("attachment;")
        assert disposition.isascii()
        assert re.search(r'filename="[A-Za-z0-9_.-]+\.bib"', disposition)
        text = response.content.decode("utf-8")
        assert "title = {คู่มือการบริหารราชการ}" in text

    @pytest.mark.parametrize(
        ("item_type", "entry"),
        [
            ("book", "@book{"),
            ("ebook", "@book{"),
            ("report", "@techreport{"),
            ("research", "@techreport{"),
            ("manual", "@manual{"),
            ("law", "@misc{"),
            ("video", "@misc{"),
            ("audio", "@misc{"),
        ],
    )
    def test_the_entry_type_follows_the_item_type(self, client, site_pages, item_type, entry):
        page = item(site_pages["library"], item_type=item_type)

        assert client.get(bib_url(page)).content.decode().startswith(entry)

    def test_the_entry_holds_the_record(self, client, site_pages):
        page = item(
            site_pages["library"],
            title="Open data handbook",
            title_en="",
            creators=["John Michael Smith", "สมชาย ใจดี", "Digital Government Development Agency"],
            subjects=["ข้อมูลเปิด", "Open data"],
            publisher="DGA",
            date_issued="2023-05-01",
            item_type="report",
            language="en",
            identifier="10.1234/odh.2023",
            description="<p>How to <b>publish</b> data.</p>",
        )

        text = client.get(bib_url(page)).content.decode()

        assert text.startswith(f"@techreport{{smith2023-{page.pk},")
        assert "author = {Smith, John Michael and {สมชาย ใจดี} and {Digital Government Development Agency}}," in text
        assert "year = {2023}," in text
        assert "month = may," in text
        assert "institution = {DGA}," in text
        assert "doi = {10.1234/odh.2023}," in text
        assert "language = {english}," in text
        assert "abstract = {How to publish data.}," in text
        assert "keywords = {" in text and "ข้อมูลเปิด" in text
        assert text.rstrip().endswith("}")

    def test_braces_and_special_characters_are_escaped(self, client, site_pages):
        page = item(site_pages["library"], title="Costs {up} 50% & #1 of $2_000 ~ ^ \\ end", creators=["Ann Lee"])

        text = client.get(bib_url(page)).content.decode()

        title = next(line for line in text.splitlines() if line.strip().startswith("title"))
        assert title == (
            r"  title = {Costs \{up\} 50\% \& \#1 of \$2\_000 \textasciitilde{} \textasciicircum{} "
            r"\textbackslash{} end},"
        )
        # Every brace the entry opens, it closes.
        depth = 0
        for char in re.sub(r"\\[{}]", "", text):
            depth += {"{": 1, "}": -1}.get(char, 0)
            assert depth >= 0
        assert depth == 0

    def test_escaping_a_line_break_keeps_the_entry_on_one_line_per_field(self):
        assert bibtex_escape("first\nsecond\r\nthird") == "first second third"

    def test_an_isbn_is_given(self, client, site_pages):
        page = item(site_pages["library"], item_type="book", identifier="ISBN 978-616-123-456-7")

        assert "isbn = {978-616-123-456-7}," in client.get(bib_url(page)).content.decode()


class TestRis:
    def test_the_download_is_a_utf8_ris_file_with_an_ascii_name(self, client, site_pages):
        page = item(site_pages["library"], creators=["สมชาย ใจดี"])

        response = client.get(ris_url(page))

        assert response.status_code == 200
        assert response["Content-Type"] == "application/x-research-info-systems; charset=utf-8"
        assert response["Content-Disposition"].startswith("attachment;")
        assert response["Content-Disposition"].isascii()
        assert re.search(r'filename="[A-Za-z0-9_.-]+\.ris"', response["Content-Disposition"])

    def test_the_record_holds_one_tag_a_line_and_ends_with_er(self, client, site_pages):
        page = item(
            site_pages["library"],
            title="คู่มือข้อมูลเปิด",
            title_en="Open data handbook",
            creators=["John Smith", "สมชาย ใจดี"],
            subjects=["ข้อมูลเปิด", "ธรรมาภิบาล"],
            publisher="สำนักงานพัฒนารัฐบาลดิจิทัล",
            date_issued="2023-05-01",
            item_type="ebook",
            identifier="9786161234567",
            description="<p>บรรทัดแรก</p>\n<p>บรรทัดที่สอง</p>",
            external_url="https://dga.or.th/odh",
        )

        text = client.get(ris_url(page)).content.decode("utf-8")

        lines = text.split("\r\n")
        assert lines[0] == "TY  - EBOOK"
        assert lines[-2] == "ER  - " and lines[-1] == ""
        tags = [(line[:2], line[6:]) for line in lines[:-1]]
        assert all(re.match(r"^[A-Z][A-Z0-9]  - ", line) for line in lines[:-1])
        assert ("AU", "Smith, John") in tags and ("AU", "สมชาย ใจดี") in tags
        assert [value for tag, value in tags if tag == "AU"] == ["Smith, John", "สมชาย ใจดี"]
        assert ("TI", "คู่มือข้อมูลเปิด") in tags
        assert ("TT", "Open data handbook") in tags
        assert ("PY", "2023") in tags
        assert ("DA", "2023/05/01") in tags
        assert ("PB", "สำนักงานพัฒนารัฐบาลดิจิทัล") in tags
        assert ("SN", "9786161234567") in tags
        assert ("UR", "https://dga.or.th/odh") in tags
        assert ("LA", "th") in tags
        assert sorted(value for tag, value in tags if tag == "KW") == ["ข้อมูลเปิด", "ธรรมาภิบาล"]
        assert ("AB", "บรรทัดแรก บรรทัดที่สอง") in tags

    @pytest.mark.parametrize(
        ("item_type", "ris_type"),
        [
            ("book", "BOOK"),
            ("ebook", "EBOOK"),
            ("report", "RPRT"),
            ("research", "RPRT"),
            ("law", "STAT"),
            ("video", "VIDEO"),
            ("audio", "SOUND"),
            ("course_material", "GEN"),
        ],
    )
    def test_the_type_follows_the_item_type(self, client, site_pages, item_type, ris_type):
        page = item(site_pages["library"], item_type=item_type)

        assert client.get(ris_url(page)).content.decode().startswith(f"TY  - {ris_type}\r\n")

    def test_a_doi_goes_in_do_without_its_prefix(self, client, site_pages):
        page = item(site_pages["library"], identifier="https://doi.org/10.5555/xyz")

        assert "DO  - 10.5555/xyz\r\n" in client.get(ris_url(page)).content.decode()


class TestWhoGetsACitation:
    @pytest.mark.parametrize("url", [bib_url, ris_url])
    def test_an_item_that_is_not_live_is_404(self, client, site_pages, url):
        draft = item(site_pages["library"], publish=False)

        assert client.get(url(draft)).status_code == 404

    @pytest.mark.parametrize("url", [bib_url, ris_url])
    def test_an_unknown_item_is_404(self, client, site_pages, url):
        page = item(site_pages["library"])
        page.pk = 999999

        assert client.get(url(page)).status_code == 404

    def test_a_page_that_is_not_an_item_is_404(self, client, site_pages):
        assert client.get(f"/library/items/{site_pages['library'].pk}/cite.bib").status_code == 404

    def test_a_private_item_is_cited_only_for_those_it_admits(self, client, site_pages):
        page = item(site_pages["library"])
        PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.LOGIN)

        assert client.get(bib_url(page)).status_code == 404
        client.force_login(UserFactory())
        assert client.get(bib_url(page)).status_code == 200

    def test_items_for_civil_servants_are_cited_for_everyone(self, client, site_pages):
        # The record is public; only the file is restricted.
        page = item(site_pages["library"], access="civil_servants")

        assert client.get(ris_url(page)).status_code == 200

    @pytest.mark.parametrize("url", [bib_url, ris_url])
    def test_only_get_is_allowed(self, client, site_pages, url):
        page = item(site_pages["library"])

        assert client.post(url(page)).status_code == 405
