"""The learner's certificates on the dashboard (``/my/``) and the course page: listing, download, links."""

import datetime
import re
from decimal import Decimal
from urllib.parse import parse_qs, urlsplit

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from courses.models import Certificate
from courses.services.certificates import issue_for_enrolment, revoke, verification_url
from courses.services.enrolment import enrol_learner
from courses.services.progress import complete_lesson
from lms.dashboard import course_certificate_context
from tests.factories import UserFactory, make_course

pytestmark = pytest.mark.django_db

DASHBOARD_URL = reverse("dashboard:index")


@pytest.fixture
def learner(db):
    return UserFactory(preferred_language="en", first_name="สุดา", last_name="รักไทย")


@pytest.fixture
def courses(site_pages):
    return site_pages["courses"]


def certify(user, course, now=None):
    """Enrol ``user`` in ``course``, complete it and issue its certificate (at ``now``); returns the certificate."""
    enrol_learner(course, user)
    enrolment = None
    for lesson in course.syllabus_items():
        _progress, enrolment = complete_lesson(user, lesson)
    certificate, _created = issue_for_enrolment(enrolment, now=now)
    return certificate


def section(html, name):
    """The HTML of one dashboard section, or "" when absent."""
    match = re.search(rf'<section[^>]*data-section="{name}".*?</section>', html, re.S)
    return match.group(0) if match else ""


def card(html, certificate):
    """The HTML of one certificate's card."""
    match = re.search(rf'<article[^>]*data-certificate="{certificate.pk}".*?</article>', html, re.S)
    return match.group(0) if match else ""


def linkedin_params(html):
    href = re.search(r'href="(https://www\.linkedin\.com/profile/add\?[^"]+)"', html).group(1)
    return parse_qs(urlsplit(href.replace("&amp;", "&")).query)


def dashboard(client, user):
    client.force_login(user)
    return client.get(DASHBOARD_URL).text


class TestTheCertificatesSection:
    def test_a_certificate_is_listed_with_its_title_date_hours_status_and_code(self, client, courses, learner):
        course = make_course(courses, title="การบริหารจัดการภาครัฐยุคใหม่", lessons=1, training_hours=Decimal("6"))
        certificate = certify(learner, course, now=timezone.make_aware(datetime.datetime(2026, 11, 24, 10, 0)))

        listed = card(section(dashboard(client, learner), "certificates"), certificate)

        assert "การบริหารจัดการภาครัฐยุคใหม่" in listed
        assert "24 November 2026" in listed  # the English page shows the Common Era
        assert re.search(r"<dt>Training hours</dt><dd>6</dd>", listed)
        assert re.search(r"Status:\s*<strong>Valid</strong>", listed)
        assert f'<code class="certificate-card__code">{certificate.grouped_code}</code>' in listed

    def test_a_thai_page_shows_the_issue_date_in_the_buddhist_era(self, client, courses, learner):
        learner.preferred_language = "th"
        learner.save()
        course = make_course(courses, lessons=1)
        certificate = certify(learner, course, now=timezone.make_aware(datetime.datetime(2026, 11, 24, 10, 0)))
        client.cookies["lms_language"] = "th"
        listed = card(dashboard(client, learner), certificate)
        issued = re.search(r"<dd>([^<]*)</dd>", listed).group(1)
        assert "2569" in issued and "2026" not in issued

    def test_certificates_are_listed_newest_first_and_only_the_learners_own(self, client, courses, learner):
        older = certify(
            learner,
            make_course(courses, title="หลักสูตรแรก", lessons=1),
            now=timezone.now() - datetime.timedelta(days=30),
        )
        newer = certify(learner, make_course(courses, title="หลักสูตรล่าสุด", lessons=1))
        someone_elses = certify(UserFactory(), make_course(courses, title="หลักสูตรของคนอื่น", lessons=1))

        listed = section(dashboard(client, learner), "certificates")

        assert listed.index(f'data-certificate="{newer.pk}"') < listed.index(f'data-certificate="{older.pk}"')
        assert f'data-certificate="{someone_elses.pk}"' not in listed
        assert "หลักสูตรของคนอื่น" not in listed

    def test_a_learner_without_certificates_is_told_where_they_will_appear(self, client, courses, learner):
        enrol_learner(make_course(courses), learner)
        listed = section(dashboard(client, learner), "certificates")
        assert "You have no certificate yet" in listed

    def test_an_expired_certificate_says_so_in_words(self, client, courses, learner):
        course = make_course(courses, lessons=1, certificate_valid_months=12)
        certificate = certify(learner, course, now=timezone.now() - datetime.timedelta(days=800))
        listed = card(dashboard(client, learner), certificate)
        assert re.search(r"Status:\s*<strong>Expired</strong>", listed)
        assert "Expired on" in listed

    def test_a_revoked_certificate_is_listed_as_revoked_without_the_linkedin_link(self, client, courses, learner):
        certificate = certify(learner, make_course(courses, lessons=1))
        revoke(certificate, "ชื่อผู้เรียนไม่ถูกต้อง")
        listed = card(dashboard(client, learner), certificate)
        assert re.search(r"Status:\s*<strong>Revoked</strong>", listed)
        assert "ชื่อผู้เรียนไม่ถูกต้อง" in listed
        assert "linkedin.com" not in listed


class TestTheLinks:
    def test_the_download_link_leads_to_the_owner_only_address(self, client, courses, learner):
        certificate = certify(learner, make_course(courses, lessons=1))
        listed = card(dashboard(client, learner), certificate)
        url = reverse("dashboard:certificate-download", args=[certificate.pk])
        assert url == f"/my/certificates/{certificate.pk}/download/"
        assert f'href="{url}"' in listed
        assert "Download PDF" in listed

    def test_the_verification_address_is_shown_as_a_link_and_the_copy_button_waits_for_javascript(
        self, client, courses, learner
    ):
        certificate = certify(learner, make_course(courses, lessons=1))
        html = dashboard(client, learner)
        listed = card(html, certificate)
        address = verification_url(certificate)
        assert f'href="{address}"' in listed
        assert re.search(rf'<button type="button"[^>]*data-copy-link="{re.escape(address)}" hidden>', listed)
        assert re.search(r'<p[^>]*aria-live="polite"[^>]*data-message-copied="Link copied"', listed)
        assert "/static/js/certificates.js" in html
        assert "<script>" not in html and "style=" not in listed

    def test_the_linkedin_link_fills_in_the_certification_and_opens_in_a_new_tab(self, client, courses, learner):
        course = make_course(courses, title="การบริหารจัดการภาครัฐยุคใหม่ & นวัตกรรม", lessons=1)
        certificate = certify(learner, course, now=timezone.make_aware(datetime.datetime(2026, 11, 24, 10, 0)))
        listed = card(dashboard(client, learner), certificate)

        params = linkedin_params(listed)

        assert params["startTask"] == ["CERTIFICATION_NAME"]
        assert params["name"] == ["การบริหารจัดการภาครัฐยุคใหม่ & นวัตกรรม"]
        assert params["organizationName"] == [certificate.issuer_name_en]
        assert params["issueYear"] == ["2026"] and params["issueMonth"] == ["11"]
        assert params["certUrl"] == [verification_url(certificate)]
        assert params["certId"] == [certificate.grouped_code]
        assert "expirationYear" not in params
        link = re.search(r"<a[^>]*linkedin\.com[^>]*>.*?</a>", listed, re.S).group(0)
        assert 'target="_blank"' in link and 'rel="noopener"' in link
        assert '<span class="visually-hidden"> (opens in a new tab)</span>' in link

    def test_an_expiring_certificate_gives_linkedin_its_expiry(self, client, courses, learner):
        course = make_course(courses, lessons=1, certificate_valid_months=24)
        certificate = certify(learner, course, now=timezone.make_aware(datetime.datetime(2026, 11, 24, 10, 0)))
        params = linkedin_params(card(dashboard(client, learner), certificate))
        assert params["expirationYear"] == ["2028"] and params["expirationMonth"] == ["11"]


class TestTheDownload:
    def test_the_holder_downloads_the_stored_pdf_as_an_attachment(self, client, courses, learner):
        certificate = certify(learner, make_course(courses, lessons=1))
        client.force_login(learner)

        response = client.get(reverse("dashboard:certificate-download", args=[certificate.pk]))

        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert response["Content-Disposition"] == f'attachment; filename="certificate-{certificate.grouped_code}.pdf"'
        assert "no-store" in response["Cache-Control"]
        with certificate.pdf.open("rb") as stored:
            assert b"".join(response.streaming_content) == stored.read()

    def test_the_file_is_not_drawn_again_when_downloaded(self, client, courses, learner):
        certificate = certify(learner, make_course(courses, lessons=1))
        made = certificate.pdf_generated_at
        client.force_login(learner)
        client.get(reverse("dashboard:certificate-download", args=[certificate.pk]))
        certificate.refresh_from_db()
        assert certificate.pdf_generated_at == made

    def test_someone_elses_certificate_is_not_found(self, client, courses, learner):
        theirs = certify(UserFactory(), make_course(courses, lessons=1))
        client.force_login(learner)
        response = client.get(reverse("dashboard:certificate-download", args=[theirs.pk]))
        assert response.status_code == 404

    def test_an_unknown_certificate_is_not_found(self, client, site_pages, learner):
        client.force_login(learner)
        assert client.get("/my/certificates/999999/download/").status_code == 404

    def test_a_guest_is_sent_to_log_in(self, client, courses, learner):
        certificate = certify(learner, make_course(courses, lessons=1))
        response = client.get(reverse("dashboard:certificate-download", args=[certificate.pk]))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account:login"))

    def test_a_certificate_whose_file_is_missing_is_not_found(self, client, courses, learner):
        certificate = certify(learner, make_course(courses, lessons=1))
        certificate.pdf.storage.delete(certificate.pdf.name)
        client.force_login(learner)
        response = client.get(reverse("dashboard:certificate-download", args=[certificate.pk]))
        assert response.status_code == 404

    def test_downloads_are_read_only(self, client, courses, learner):
        certificate = certify(learner, make_course(courses, lessons=1))
        client.force_login(learner)
        response = client.post(reverse("dashboard:certificate-download", args=[certificate.pk]))
        assert response.status_code == 405


class TestQueries:
    def test_the_dashboard_makes_as_many_queries_for_ten_certificates_as_for_one(
        self, client, courses, learner, django_assert_num_queries
    ):
        client.force_login(learner)
        certify(learner, make_course(courses, lessons=1))
        client.get(DASHBOARD_URL)  # the menu and the site settings are cached on the first visit
        with CaptureQueriesContext(connection) as one:
            client.get(DASHBOARD_URL)
        # Read now: the next request empties the connection's query log.
        queries_for_one = len(one.captured_queries)
        for _ in range(9):
            certify(learner, make_course(courses, lessons=1))
        client.get(DASHBOARD_URL)
        with django_assert_num_queries(queries_for_one):
            html = client.get(DASHBOARD_URL).text
        assert section(html, "certificates").count("<article") == 10


class TestTheCoursePage:
    """The completed panel of the course page (``{% block certificate %}``) with ``course_certificate_context``.

    ``CoursePage.get_context`` adds that context (see the report of this change); here the
    page's own context is completed with it and the page's template rendered.
    """

    def render(self, course, user):
        request = RequestFactory().get(course.url)
        request.user = user
        context = course.get_context(request)
        state = context["enrolment_state"]
        context.update(course_certificate_context(user, course, completed=state.kind == "completed"))
        return render_to_string("courses/course_page.html", context, request=request)

    def completed(self, courses, learner, **fields):
        course = make_course(courses, lessons=1, **fields)
        enrol_learner(course, learner)
        complete_lesson(learner, course.syllabus_items()[0])
        return course

    def panel(self, html):
        return re.search(r'<section class="enrol-panel.*?</section>', html, re.S).group(0)

    def test_a_learner_with_the_certificate_gets_its_download_and_verification_links(self, courses, learner):
        course = self.completed(courses, learner)
        certificate, _created = issue_for_enrolment(learner.enrolments.get(course=course))

        html = self.render(course, learner)

        panel = self.panel(html)
        assert reverse("dashboard:certificate-download", args=[certificate.pk]) in panel
        assert f'href="{verification_url(certificate)}"' in panel
        assert re.search(r"Status:\s*<strong>Valid</strong>", panel)
        assert "being prepared" not in panel
        assert "/static/js/certificates.js" in html and "/static/css/certificates-dashboard.css" in html

    def test_a_course_that_awards_one_says_it_is_being_prepared_until_it_is_issued(self, courses, learner):
        course = self.completed(courses, learner)
        html = self.render(course, learner)
        assert "Your certificate is being prepared" in self.panel(html)
        assert "data-certificate=" not in html
        assert "/static/js/certificates.js" not in html

    def test_a_course_without_certificates_says_nothing_about_one(self, courses, learner):
        course = self.completed(courses, learner, awards_certificate=False)
        html = self.render(course, learner)
        assert "being prepared" not in html
        assert "data-certificate=" not in html

    def test_a_learner_still_studying_hears_nothing_of_a_certificate_and_costs_no_query(
        self, courses, learner, django_assert_num_queries
    ):
        course = make_course(courses, lessons=2)
        enrol_learner(course, learner)
        with django_assert_num_queries(0):
            context = course_certificate_context(learner, course, completed=False)
        assert context == {"learner_certificate": None, "certificate_pending": False}
        assert "being prepared" not in self.render(course, learner)

    def test_the_certificate_is_looked_up_in_one_query_however_many_the_learner_holds(
        self, courses, learner, django_assert_num_queries
    ):
        course = self.completed(courses, learner)
        for _ in range(3):
            certify(learner, make_course(courses, lessons=1))
        issue_for_enrolment(learner.enrolments.get(course=course))
        with django_assert_num_queries(1):
            context = course_certificate_context(learner, course, completed=True)
        assert context["learner_certificate"].certificate.course_id == course.pk

    def test_the_newest_certificate_of_the_course_is_shown(self, courses, learner):
        course = self.completed(courses, learner, certificate_valid_months=1)
        enrolment = learner.enrolments.get(course=course)
        old, _created = issue_for_enrolment(enrolment, now=timezone.now() - datetime.timedelta(days=90))
        # An earlier completion's certificate, expired since.
        Certificate.objects.filter(pk=old.pk).update(source_key="course:earlier-completion")
        new, _created = issue_for_enrolment(enrolment)
        assert new.pk != old.pk
        assert course_certificate_context(learner, course, completed=True)["learner_certificate"].certificate == new
