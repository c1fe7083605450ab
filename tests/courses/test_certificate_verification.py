"""Public verification of certificates: the form, the page, the PDF, and the limit on guessing."""

import datetime
import re
from decimal import Decimal

import pytest
from bs4 import BeautifulSoup
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Site

from courses.models import Certificate
from courses.services.certificates import issue_certificate, revoke
from courses.services.enrolment import enrol_learner
from courses.services.progress import complete_lesson
from home.models import SiteSettings
from tests.factories import CivilServantFactory, add_privacy_notice, make_course

pytestmark = pytest.mark.django_db


@pytest.fixture
def holder():
    return CivilServantFactory(
        email="suda.private@example.go.th",
        name_prefix="นางสาว",
        first_name="สุดา",
        last_name="รักไทย",
        first_name_en="Suda",
        last_name_en="Rakthai",
    )


@pytest.fixture
def make_certificate(holder):
    """Issue a certificate through the service: ``make_certificate(valid_months=..., now=...)``."""
    counter = iter(range(1, 1000))

    def make_certificate(**fields):
        values = {
            "user": holder,
            "source_key": f"test:{next(counter)}",
            "title_th": "การบริหารราชการดิจิทัล",
            "title_en": "Digital Government Administration",
            "hours": Decimal("6"),
        }
        values.update(fields)
        certificate, _created = issue_certificate(**values)
        return certificate

    return make_certificate


def page_url(certificate):
    return reverse("certificates:verify", args=[certificate.grouped_code])


def text_of(response):
    """The page's visible text, tags removed and spaces collapsed."""
    html = response.content.decode()
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


class TestTheForm:
    def test_the_form_asks_for_the_code_printed_under_the_qr_code(self, guest):
        response = guest.get(reverse("certificates:verify-form"))

        assert response.status_code == 200
        assert '<label for="id_code">Certificate code' in response.content.decode()
        assert "The 28-character code printed under the QR code" in text_of(response)
        assert response["X-Robots-Tag"] == "noindex"

    @pytest.mark.parametrize(
        "typed",
        [
            lambda code: code,
            lambda code: code.lower(),
            lambda code: " ".join(code[i : i + 4] for i in range(0, 28, 4)),
            lambda code: "-".join(code[i : i + 4] for i in range(0, 28, 4)).lower(),
        ],
        ids=["plain", "lower case", "spaces", "dashes in lower case"],
    )
    def test_a_code_in_any_form_leads_to_its_page(self, guest, make_certificate, typed):
        certificate = make_certificate()

        response = guest.get(reverse("certificates:verify-form"), {"code": typed(certificate.code)})

        assert response.status_code == 302
        assert response["Location"] == page_url(certificate)

    @pytest.mark.parametrize("garbage", ["abc", "x" * 10_000, "ก" * 28, "<script>alert(1)</script>", "", "\x00" * 28])
    def test_input_that_cannot_be_a_code_gets_the_form_back_with_an_error(self, guest, garbage):
        response = guest.get(reverse("certificates:verify-form"), {"code": garbage})

        assert response.status_code == 400
        assert "There is a problem" in text_of(response)
        assert 'aria-invalid="true"' in response.content.decode()
        assert "<script>alert" not in response.content.decode()


class TestTheVerificationPage:
    def test_a_valid_certificate_shows_what_it_certifies_and_nothing_else_personal(self, guest, make_certificate):
        certificate = make_certificate()

        response = guest.get(page_url(certificate))

        text = text_of(response)
        assert response.status_code == 200
        assert "Valid certificate" in text
        assert "นางสาวสุดา รักไทย" in text
        assert "Miss Suda Rakthai" in text
        assert "การบริหารราชการดิจิทัล" in text
        assert "Digital Government Administration" in text
        assert "6 hours" in text
        assert certificate.grouped_code in text
        assert certificate.issuer_name_th in text
        content = response.content.decode()
        assert "suda.private@example.go.th" not in content
        assert certificate.user.agency.name_th not in content
        assert certificate.user.agency.name_en not in content
        assert certificate.user.position not in content
        assert reverse("certificates:pdf", args=[certificate.grouped_code]) in content
        assert reverse("certificates:credential", args=[certificate.grouped_code]) in content

    def test_the_page_asks_search_engines_to_leave_it_out(self, guest, make_certificate):
        response = guest.get(page_url(make_certificate()))

        assert '<meta name="robots" content="noindex">' in response.content.decode()
        assert response["X-Robots-Tag"] == "noindex"

    def test_the_issue_date_is_in_the_buddhist_era_in_thai(self, client, make_certificate):
        issued = timezone.make_aware(datetime.datetime(2026, 11, 24, 10, 0))
        certificate = make_certificate(now=issued)

        response = client.get(page_url(certificate))

        assert "24 พฤศจิกายน 2569" in text_of(response)

    def test_an_expired_certificate_says_so_with_its_date(self, guest, make_certificate):
        issued = timezone.now() - datetime.timedelta(days=400)
        certificate = make_certificate(now=issued, valid_months=12)

        response = guest.get(page_url(certificate))

        text = text_of(response)
        assert response.status_code == 200
        assert "Expired certificate" in text
        assert f"expired on {certificate.expires_on.day} " in text
        assert "Valid certificate" not in text

    def test_a_certificate_that_will_expire_shows_until_when_it_is_valid(self, guest, make_certificate):
        certificate = make_certificate(valid_months=24)

        text = text_of(guest.get(page_url(certificate)))

        assert "Valid certificate" in text
        assert f"Valid until {certificate.expires_on.day} " in text

    def test_a_revoked_certificate_says_so_with_its_date_and_reason(self, guest, make_certificate):
        certificate = revoke(make_certificate(), "Issued to the wrong person")

        text = text_of(guest.get(page_url(certificate)))

        assert "Revoked certificate" in text
        assert "was revoked on" in text
        assert "Issued to the wrong person" in text
        assert "Valid certificate" not in text

    def test_a_certificate_issued_on_completing_a_course_can_be_verified(
        self, guest, index, holder, django_capture_on_commit_callbacks
    ):
        course = make_course(index, lessons=1, training_hours=Decimal("3"), title_en="Open Data")
        enrol_learner(course, holder)
        with django_capture_on_commit_callbacks(execute=True):
            complete_lesson(holder, course.syllabus_items()[0])
        certificate = Certificate.objects.get(user=holder, course=course)

        text = text_of(guest.get(page_url(certificate)))

        assert "Valid certificate" in text
        assert course.title in text
        assert "3 hours" in text

    @pytest.mark.parametrize(
        "spelling",
        [lambda c: c.grouped_code.lower(), lambda c: c.code, lambda c: c.code.lower()],
        ids=["grouped in lower case", "without dashes", "without dashes in lower case"],
    )
    def test_another_spelling_of_the_code_redirects_for_good_to_the_grouped_form(
        self, guest, make_certificate, spelling
    ):
        certificate = make_certificate()

        response = guest.get(f"/certificates/verify/{spelling(certificate)}/")

        assert response.status_code == 301
        assert response["Location"] == page_url(certificate)

    def test_an_unknown_code_gets_a_not_found_page_with_the_form(self, guest, make_certificate):
        certificate = make_certificate()
        unknown = "0" * 28
        assert certificate.code != unknown

        response = guest.get("/certificates/verify/0000-0000-0000-0000-0000-0000-0000/")

        assert response.status_code == 404
        assert "No certificate has this code." in text_of(response)
        assert 'name="code"' in response.content.decode()
        assert response["X-Robots-Tag"] == "noindex"

    @pytest.mark.parametrize(
        "path",
        [
            "/certificates/verify/garbage/",
            "/certificates/verify/" + "A" * 5000 + "/",
            "/certificates/verify/%E0%B8%81%E0%B8%82%E0%B8%84/",
            "/certificates/verify/%FF%FE/",
            "/certificates/verify/a/b/c/",
            "/certificates/verify/%00/",
            "/certificates/verify/" + "ก" * 28 + "/certificate.pdf",
            "/certificates/verify/garbage/certificate.pdf",
        ],
        ids=["garbage", "very long", "Thai", "bad UTF-8", "slashes", "null", "Thai PDF", "garbage PDF"],
    )
    def test_garbage_gets_a_not_found_page_with_the_form_never_a_server_error(self, guest, path):
        response = guest.get(path)

        assert response.status_code == 404
        assert 'name="code"' in response.content.decode()


class TestQueries:
    """At most five queries (issue requirement) for anyone, with the site's header, menu and footer.

    A signed-in visitor costs three of them (session, user, certificate) before anything else;
    the site, its settings, the menu and the privacy notice come from the shared cache.
    """

    @pytest.fixture
    def certificate(self, site_pages, make_certificate):
        add_privacy_notice(site_pages["home"])
        return revoke(make_certificate(), "Wrong person")

    @pytest.fixture
    def signed_in(self, client, request):
        """A client signed in as a learner or an administrator (``request.param``)."""
        person = request.getfixturevalue(request.param)
        client.force_login(person)
        return client

    def assert_whole_page(self, response):
        text = text_of(response)
        assert response.status_code == 200
        assert "Revoked certificate" in text
        assert "Government Training Centre" in text
        soup = BeautifulSoup(response.content, "html.parser")
        assert [a["href"] for a in soup.select("#site-nav a")] == ["/courses/", "/library/", "/seminars/"]
        assert soup.select_one(".site-footer a[href='/privacy/']")

    @pytest.mark.parametrize("certificates", [1, 20])
    def test_a_guest_with_a_cold_cache(
        self, guest, certificate, make_certificate, django_assert_max_num_queries, certificates
    ):
        for _ in range(certificates - 1):
            make_certificate()
        cache.clear()

        with django_assert_max_num_queries(5):
            response = guest.get(page_url(certificate))

        self.assert_whole_page(response)

    @pytest.mark.parametrize("certificates", [1, 20])
    def test_a_guest_with_a_warm_cache(
        self, guest, certificate, make_certificate, django_assert_max_num_queries, certificates
    ):
        for _ in range(certificates - 1):
            make_certificate()
        guest.get(reverse("certificates:verify-form"))

        with django_assert_max_num_queries(5):
            response = guest.get(page_url(certificate))

        self.assert_whole_page(response)

    @pytest.mark.parametrize("signed_in", ["learner", "administrator"], indirect=True)
    def test_a_signed_in_visitor_with_a_warm_cache(self, signed_in, certificate, django_assert_max_num_queries):
        signed_in.get(page_url(certificate))

        with django_assert_max_num_queries(5):
            response = signed_in.get(page_url(certificate))

        self.assert_whole_page(response)

    @pytest.mark.parametrize("signed_in", ["learner", "administrator"], indirect=True)
    def test_a_signed_in_visitors_first_page_once_another_visitor_has_filled_the_cache(
        self, signed_in, certificate, django_assert_max_num_queries
    ):
        cache.clear()
        Client().get(reverse("certificates:verify-form"))

        with django_assert_max_num_queries(5):
            response = signed_in.get(page_url(certificate))

        self.assert_whole_page(response)

    @pytest.mark.parametrize("signed_in", ["learner", "administrator"], indirect=True)
    def test_a_signed_in_visitor_right_after_the_site_settings_changed(
        self, signed_in, certificate, django_assert_max_num_queries
    ):
        signed_in.get(page_url(certificate))
        row = SiteSettings.for_site(Site.objects.get(is_default_site=True))
        row.organisation_name_en = "Office of the Civil Service Commission"
        row.save()

        with django_assert_max_num_queries(5):
            response = signed_in.get(page_url(certificate))

        assert "Office of the Civil Service Commission" in text_of(response)


class TestTheHeaderForEachRole:
    """The page has the site's usual header for everyone; it leaves out only Wagtail's user bar."""

    def header_links(self, response):
        header = BeautifulSoup(response.content, "html.parser").select_one("header.site-header .site-account")
        return [" ".join(element.get_text().split()) for element in header.select("a, button")]

    def test_a_guest_is_offered_to_log_in_or_sign_up(self, guest, make_certificate, site_pages):
        response = guest.get(page_url(make_certificate()))

        assert self.header_links(response) == ["Log in", "Sign up"]

    @pytest.mark.parametrize("role", ["learner", "administrator"])
    def test_a_signed_in_visitor_sees_their_learning_name_and_log_out(
        self, client, make_certificate, site_pages, request, role
    ):
        person = request.getfixturevalue(role)
        client.force_login(person)

        response = client.get(page_url(make_certificate()))

        assert self.header_links(response) == ["My learning", person.get_short_name(), "Log out"]
        assert self.header_links(response) == self.header_links(client.get(reverse("certificates:verify-form")))

    def test_an_administrator_has_no_user_bar_here_but_keeps_it_on_other_pages(
        self, client, administrator, make_certificate, site_pages
    ):
        client.force_login(administrator)

        assert "wagtail-userbar" not in client.get(page_url(make_certificate())).content.decode()
        assert "wagtail-userbar" in client.get(reverse("certificates:verify-form")).content.decode()


class TestThePdf:
    def test_the_stored_pdf_is_served_inline_under_the_grouped_code(self, guest, make_certificate):
        certificate = make_certificate()
        stored = certificate.pdf.open("rb").read()

        response = guest.get(reverse("certificates:pdf", args=[certificate.grouped_code]))

        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert response["Content-Disposition"] == f'inline; filename="certificate-{certificate.grouped_code}.pdf"'
        assert b"".join(response.streaming_content) == stored
        assert response["X-Robots-Tag"] == "noindex"

    def test_a_revoked_certificate_still_has_its_pdf_beside_the_page_that_says_so(self, guest, make_certificate):
        certificate = revoke(make_certificate(), "Wrong person")

        response = guest.get(reverse("certificates:pdf", args=[certificate.grouped_code]))

        assert response.status_code == 200
        assert b"".join(response.streaming_content).startswith(b"%PDF-")

    def test_the_page_links_to_the_pdf_through_the_site_not_to_media(self, guest, make_certificate):
        certificate = make_certificate()

        content = guest.get(page_url(certificate)).content.decode()

        assert certificate.pdf.url not in content
        assert "/media/" not in content

    def test_an_unknown_code_has_no_pdf(self, guest):
        response = guest.get("/certificates/verify/0000-0000-0000-0000-0000-0000-0000/certificate.pdf")

        assert response.status_code == 404


class TestGuessing:
    @pytest.fixture(autouse=True)
    def _small_limit(self, settings):
        settings.CERTIFICATE_VERIFY_RATE_LIMIT = 5
        settings.CERTIFICATE_VERIFY_RATE_WINDOW_SECONDS = 60

    def test_a_burst_of_lookups_from_one_address_gets_too_many_requests(self, guest, make_certificate):
        certificate = make_certificate()
        unknown = "/certificates/verify/0000-0000-0000-0000-0000-0000-0000/"

        answers = [guest.get(unknown).status_code for _ in range(3)]
        answers.append(guest.get(reverse("certificates:pdf", args=[certificate.grouped_code])).status_code)
        answers.append(guest.get(page_url(certificate)).status_code)
        refused = guest.get(page_url(certificate))

        assert answers == [404, 404, 404, 200, 200]
        assert refused.status_code == 429
        assert refused["Retry-After"] == "60"
        assert "Too many look-ups" in text_of(refused)
        credential = guest.get(reverse("certificates:credential", args=[certificate.grouped_code]))
        assert credential.status_code == 429

    def test_another_address_is_not_held_back(self, guest, client, make_certificate):
        certificate = make_certificate()
        for _ in range(6):
            guest.get(page_url(certificate), REMOTE_ADDR="203.0.113.5")

        assert guest.get(page_url(certificate), REMOTE_ADDR="203.0.113.5").status_code == 429
        assert guest.get(page_url(certificate), REMOTE_ADDR="198.51.100.7").status_code == 200

    def test_the_form_itself_is_not_counted(self, guest):
        for _ in range(10):
            assert guest.get(reverse("certificates:verify-form")).status_code == 200
