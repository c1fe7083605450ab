"""The editor's "Seminar approvals" screen: training officers approve or decline their agency's staff."""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.db import connection, reset_queries
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from courses import seminar_admin
from courses.models import Registration, RegistrationStatus
from courses.services import seminars
from lms import roles
from lms.models import Agency
from tests.factories import AgencyFactory, CivilServantFactory, make_seminar, member_of

pytestmark = pytest.mark.django_db

APPROVALS = "/admin/seminars/approvals/"


@pytest.fixture
def agencies():
    ministry = AgencyFactory(name_th="กระทรวงการคลัง", name_en="Ministry of Finance")
    department = AgencyFactory(
        name_th="กรมบัญชีกลาง", name_en="Comptroller General's Department", parent=ministry, level=Agency.Level.DEPARTMENT
    )
    other = AgencyFactory(name_th="กรมการปกครอง", name_en="Department of Provincial Administration")
    return {"ministry": ministry, "department": department, "other": other}


@pytest.fixture
def officer(agencies):
    return member_of(
        roles.TRAINING_OFFICERS, factory=CivilServantFactory, agency=agencies["ministry"], preferred_language="en"
    )


@pytest.fixture
def seminar(site_pages):
    return make_seminar(site_pages["seminars"], requires_approval=True, title_en="Public procurement law")


@pytest.fixture
def session(seminar):
    return seminar.sessions.get()


def pending(session, agency, **fields):
    """A civil servant of ``agency`` awaiting approval for ``session``."""
    return seminars.register(session, CivilServantFactory(agency=agency, **fields))


def listed(response):
    soup = BeautifulSoup(response.content, "html.parser")
    return {int(row["data-registration"]) for row in soup.select("[data-approvals] tr[data-registration]")}


def approve_url(registration):
    return reverse(seminar_admin.APPROVE_URL, args=[registration.pk])


def decline_url(registration):
    return reverse(seminar_admin.DECLINE_URL, args=[registration.pk])


def page_messages(client):
    return [str(message).strip() for message in client.get(reverse("wagtailadmin_home")).context["messages"]]


def queries_for(client, address):
    """How many queries a GET of ``address`` makes (the log is emptied first: it keeps only the last 9,000)."""
    reset_queries()
    with CaptureQueriesContext(connection) as queries:
        assert client.get(address).status_code == 200
    return len(queries)


def refused(response):
    return response.status_code == 403 or (response.status_code == 302 and response.url == reverse("wagtailadmin_home"))


class TestTheList:
    def test_the_address_is_the_one_the_emails_link_to(self):
        assert reverse("seminar_approvals") == APPROVALS

    def test_an_officer_sees_the_pending_requests_of_their_agency_and_the_agencies_under_it_only(
        self, client, officer, agencies, session
    ):
        own = pending(session, agencies["ministry"])
        below = pending(session, agencies["department"])
        elsewhere = pending(session, agencies["other"])
        confirmed = pending(session, agencies["ministry"])
        Registration.objects.filter(pk=confirmed.pk).update(status=RegistrationStatus.CONFIRMED)
        client.force_login(officer)

        response = client.get(APPROVALS)

        assert response.status_code == 200
        assert listed(response) == {own.pk, below.pk}
        assert elsewhere.user.email not in response.content.decode()

    def test_each_request_shows_the_person_agency_seminar_and_dates(self, client, officer, agencies, seminar, session):
        registration = pending(session, agencies["department"], email="suda@cgd.go.th")
        Registration.objects.filter(pk=registration.pk).update(
            registered_at=datetime.datetime(2026, 11, 2, 3, 0, tzinfo=datetime.UTC)
        )
        officer.preferred_language = "th"
        officer.save()
        client.force_login(officer)
        client.cookies["lms_language"] = "th"

        row = BeautifulSoup(client.get(APPROVALS).content, "html.parser").select_one(
            f"tr[data-registration='{registration.pk}']"
        )

        text = row.get_text(" ", strip=True)
        assert "suda@cgd.go.th" in text
        assert registration.user.get_full_name() in text
        assert "กรมบัญชีกลาง" in text
        assert seminar.title in text
        starts = timezone.localtime(session.starts_at)
        assert f"{starts.year + 543}" in text  # the session's date in the Buddhist Era
        assert "2 พ.ย. 69 10:00 น." in text
        assert row.find("label", attrs={"for": f"reason-{registration.pk}"})
        assert row.find("label", attrs={"for": f"note-{registration.pk}"})

    def test_an_officers_own_request_is_not_theirs_to_decide(self, client, officer, session):
        seminars.register(session, officer)
        client.force_login(officer)
        assert listed(client.get(APPROVALS)) == set()

    def test_an_administrator_sees_every_agencys_requests(self, client, administrator, agencies, session):
        requests = {pending(session, agencies["ministry"]).pk, pending(session, agencies["other"]).pk}
        client.force_login(administrator)
        assert listed(client.get(APPROVALS)) == requests

    def test_instructors_are_refused_and_learners_sent_to_sign_in(self, client, instructor, learner):
        client.force_login(instructor)
        assert refused(client.get(APPROVALS))
        assert APPROVALS not in client.get(reverse("wagtailadmin_home")).content.decode()
        client.force_login(learner)
        response = client.get(APPROVALS)
        assert response.status_code == 302
        assert "/admin/login/" in response.url

    def test_the_menu_item_is_shown_to_training_officers(self, client, officer):
        client.force_login(officer)
        assert APPROVALS in client.get(reverse("wagtailadmin_home")).content.decode()

    def test_the_list_makes_as_many_queries_with_many_requests_as_with_few(
        self, client, officer, agencies, site_pages, django_assert_max_num_queries
    ):
        def add(count):
            for _ in range(count):
                made = make_seminar(site_pages["seminars"], requires_approval=True)
                pending(made.sessions.get(), agencies["department"])

        add(2)
        client.force_login(officer)
        client.get(APPROVALS)
        few = queries_for(client, APPROVALS)
        add(10)
        client.get(APPROVALS)  # publishing pages forgot the cached site entries: fetch them again
        with django_assert_max_num_queries(few):
            response = client.get(APPROVALS)
        assert len(listed(response)) == 12


class TestDeciding:
    def test_approving_with_a_note_confirms_the_seat_and_tells_the_person(
        self, client, officer, agencies, session, mailoutbox, django_capture_on_commit_callbacks
    ):
        registration = pending(session, agencies["department"])
        client.force_login(officer)

        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(approve_url(registration), {"note": "อนุมัติตามแผนพัฒนารายบุคคล"})

        assert response.status_code == 302
        assert response.url == APPROVALS
        registration.refresh_from_db()
        assert registration.status == RegistrationStatus.CONFIRMED
        assert registration.decided_by == officer
        assert registration.decision_reason == "อนุมัติตามแผนพัฒนารายบุคคล"
        assert [message.to for message in mailoutbox] == [[registration.user.email]]
        assert any("was approved" in message for message in page_messages(client))

    def test_approving_without_a_note_is_fine(self, client, officer, agencies, session):
        registration = pending(session, agencies["ministry"])
        client.force_login(officer)
        client.post(approve_url(registration))
        registration.refresh_from_db()
        assert registration.status == RegistrationStatus.CONFIRMED
        assert registration.decision_reason == ""

    def test_approving_when_every_seat_is_taken_puts_the_person_on_the_waitlist(
        self, client, officer, agencies, site_pages
    ):
        full = make_seminar(site_pages["seminars"], requires_approval=True, sessions=[{"capacity": 1}]).sessions.get()
        first, second = pending(full, agencies["ministry"]), pending(full, agencies["ministry"])
        client.force_login(officer)
        client.post(approve_url(first))
        client.post(approve_url(second))
        second.refresh_from_db()
        assert second.status == RegistrationStatus.WAITLISTED

    def test_declining_needs_a_reason(self, client, officer, agencies, session, mailoutbox):
        registration = pending(session, agencies["ministry"])
        client.force_login(officer)

        response = client.post(decline_url(registration), {"reason": "   "})

        assert response.status_code == 302
        registration.refresh_from_db()
        assert registration.status == RegistrationStatus.PENDING
        assert any("Give the reason for declining" in message for message in page_messages(client))

    def test_declining_with_a_reason_declines_and_tells_the_person_why(
        self, client, officer, agencies, session, mailoutbox, django_capture_on_commit_callbacks
    ):
        registration = pending(session, agencies["department"])
        mailoutbox.clear()
        client.force_login(officer)

        with django_capture_on_commit_callbacks(execute=True):
            client.post(decline_url(registration), {"reason": "งบประมาณการฝึกอบรมปีนี้หมดแล้ว"})

        registration.refresh_from_db()
        assert registration.status == RegistrationStatus.DECLINED
        assert registration.decision_reason == "งบประมาณการฝึกอบรมปีนี้หมดแล้ว"
        assert len(mailoutbox) == 1
        assert "งบประมาณการฝึกอบรมปีนี้หมดแล้ว" in mailoutbox[0].body

    @pytest.mark.parametrize("decide", [approve_url, decline_url])
    def test_a_decision_on_another_agencys_request_is_not_found(self, client, officer, agencies, session, decide):
        registration = pending(session, agencies["other"])
        client.force_login(officer)

        response = client.post(decide(registration), {"reason": "ไม่อนุมัติ", "note": ""})

        assert response.status_code == 404
        registration.refresh_from_db()
        assert registration.status == RegistrationStatus.PENDING

    def test_a_request_decided_meanwhile_says_so(self, client, officer, agencies, session):
        registration = pending(session, agencies["ministry"])
        client.force_login(officer)
        client.post(approve_url(registration))

        response = client.post(decline_url(registration), {"reason": "ไม่อนุมัติ"})

        assert response.status_code == 302
        registration.refresh_from_db()
        assert registration.status == RegistrationStatus.CONFIRMED
        assert "This registration is no longer awaiting approval." in page_messages(client)

    def test_deciding_needs_a_post(self, client, officer, agencies, session):
        registration = pending(session, agencies["ministry"])
        client.force_login(officer)
        assert client.get(approve_url(registration)).status_code == 405
        registration.refresh_from_db()
        assert registration.status == RegistrationStatus.PENDING

    def test_an_instructor_cannot_decide(self, client, instructor, agencies, session):
        registration = pending(session, agencies["ministry"])
        client.force_login(instructor)
        assert refused(client.post(approve_url(registration)))
        registration.refresh_from_db()
        assert registration.status == RegistrationStatus.PENDING

    def test_an_administrator_decides_on_anyones_request(self, client, administrator, agencies, session):
        registration = pending(session, agencies["other"])
        client.force_login(administrator)
        client.post(decline_url(registration), {"reason": "หลักสูตรนี้สำหรับผู้บริหารเท่านั้น"})
        registration.refresh_from_db()
        assert registration.status == RegistrationStatus.DECLINED
