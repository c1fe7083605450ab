"""The editor's "Seminar registrations" screens: who may use them, attendance, the CSV, cancelling, the venue."""

import csv
import datetime
import io

import pytest
from bs4 import BeautifulSoup
from django.db import connection, reset_queries
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from courses import seminar_admin
from courses.models import AttendanceSource, Certificate, Registration, RegistrationStatus
from courses.services import seminars
from lms import roles
from tests.factories import AgencyFactory, CivilServantFactory, UserFactory, make_seminar, member_of

pytestmark = pytest.mark.django_db


# --- The world


@pytest.fixture
def seminar_index(site_pages):
    return site_pages["seminars"]


@pytest.fixture
def organiser(instructor):
    """An instructor listed among the seminar's organisers."""
    return instructor


@pytest.fixture
def other_instructor():
    return member_of(roles.INSTRUCTORS, preferred_language="en")


@pytest.fixture
def officer():
    return member_of(roles.TRAINING_OFFICERS, agency=AgencyFactory(), preferred_language="en")


def running(**fields):
    """Session fields for a session that started ten minutes ago (attendance may be recorded)."""
    starts = timezone.now() - datetime.timedelta(minutes=10)
    return {"starts_at": starts, "ends_at": starts + datetime.timedelta(hours=3), **fields}


@pytest.fixture
def seminar(seminar_index, organiser):
    """A running seminar that awards a 6-hour certificate, organised by ``organiser``."""
    return make_seminar(
        seminar_index,
        organisers=[organiser],
        awards_certificate=True,
        training_hours=6,
        title_en="Digital government",
        sessions=[running()],
    )


@pytest.fixture
def session(seminar):
    return seminar.sessions.get()


def registrant(session, status=RegistrationStatus.CONFIRMED, **fields):
    person = CivilServantFactory(**fields)
    return Registration.objects.create(session=session, user=person, status=status)


def urls(seminar, session, registration=None):
    """Every address of the screens for ``seminar``'s ``session`` (GET ones)."""
    ids = [seminar.pk, session.pk]
    found = {
        "list": reverse(seminar_admin.SEMINARS_URL),
        "seminar": reverse(seminar_admin.SEMINAR_URL, args=[seminar.pk]),
        "session": reverse(seminar_admin.SESSION_URL, args=ids),
        "cancel": reverse(seminar_admin.CANCEL_URL, args=ids),
        "export": reverse(seminar_admin.EXPORT_URL, args=ids),
        "import": reverse(seminar_admin.IMPORT_URL, args=ids),
        "venue": reverse(seminar_admin.VENUE_URL, args=ids),
    }
    if registration is not None:
        found["undo"] = reverse(seminar_admin.UNDO_URL, args=[*ids, registration.pk])
    return found


def attendance_url(session):
    return reverse(seminar_admin.ATTENDANCE_URL, args=[session.page_id, session.pk])


def queries_for(client, address):
    """How many queries a GET of ``address`` makes (the log is emptied first: it keeps only the last 9,000)."""
    reset_queries()
    with CaptureQueriesContext(connection) as queries:
        assert client.get(address).status_code == 200
    return len(queries)


def refused(response):
    """Wagtail's answer to PermissionDenied: back to the dashboard (or a 403)."""
    return response.status_code == 403 or (response.status_code == 302 and response.url == reverse("wagtailadmin_home"))


def soup_of(response):
    return BeautifulSoup(response.content, "html.parser")


def counts_of(response, selector):
    """``{session id: {figure: number}}`` read from the rows ``selector`` of a listing."""
    found = {}
    for row in soup_of(response).select(selector):
        found[int(row["data-session"])] = {
            cell["data-count"]: int(cell.get_text()) for cell in row.select("[data-count]")
        }
    return found


def page_messages(client):
    """The messages the next page would show, as text."""
    return [str(message).strip() for message in client.get(reverse("wagtailadmin_home")).context["messages"]]


# --- Who may use the screens


class TestWhoMayUseTheScreens:
    def test_an_organiser_reaches_every_screen_of_their_seminar(self, client, organiser, seminar, session):
        registration = registrant(session, status=RegistrationStatus.ATTENDED)
        client.force_login(organiser)
        for name, address in urls(seminar, session, registration).items():
            assert client.get(address).status_code == 200, name

    def test_an_administrator_reaches_every_screen_of_any_seminar(self, client, administrator, seminar, session):
        registration = registrant(session, status=RegistrationStatus.ATTENDED)
        client.force_login(administrator)
        for name, address in urls(seminar, session, registration).items():
            assert client.get(address).status_code == 200, name

    def test_the_owner_of_a_seminar_organises_it_without_being_listed(self, client, seminar_index, other_instructor):
        owned = make_seminar(seminar_index, owner=other_instructor, sessions=[running()])
        client.force_login(other_instructor)
        session = owned.sessions.get()
        assert client.get(urls(owned, session)["session"]).status_code == 200

    def test_an_instructor_who_does_not_organise_the_seminar_gets_404_everywhere(
        self, client, seminar_index, other_instructor, seminar, session
    ):
        make_seminar(seminar_index, owner=other_instructor)  # they organise another seminar
        registration = registrant(session)
        client.force_login(other_instructor)
        addresses = urls(seminar, session, registration)
        assert client.get(addresses.pop("list")).status_code == 200
        for name, address in addresses.items():
            assert client.get(address).status_code == 404, name
        assert client.post(attendance_url(session), {"mark": registration.pk}).status_code == 404
        assert client.post(addresses["cancel"], {"reason": "ไม่มีห้อง"}).status_code == 404
        assert client.post(addresses["undo"]).status_code == 404
        registration.refresh_from_db()
        session.refresh_from_db()
        assert registration.status == RegistrationStatus.CONFIRMED
        assert not session.is_cancelled

    def test_an_instructor_who_organises_nothing_is_refused_the_list_and_sees_no_menu_item(
        self, client, other_instructor, seminar, session
    ):
        client.force_login(other_instructor)
        assert refused(client.get(urls(seminar, session)["list"]))
        assert reverse(seminar_admin.SEMINARS_URL) not in client.get(reverse("wagtailadmin_home")).content.decode()

    def test_the_organiser_sees_the_menu_item(self, client, organiser, seminar):
        client.force_login(organiser)
        assert reverse(seminar_admin.SEMINARS_URL) in client.get(reverse("wagtailadmin_home")).content.decode()

    def test_a_training_officer_is_refused_the_list_and_gets_404_on_a_seminar(self, client, officer, seminar, session):
        client.force_login(officer)
        addresses = urls(seminar, session)
        assert refused(client.get(addresses.pop("list")))
        for name, address in addresses.items():
            assert client.get(address).status_code == 404, name

    def test_a_learner_is_sent_to_the_sign_in_page(self, client, learner, seminar, session):
        client.force_login(learner)
        for name, address in urls(seminar, session).items():
            response = client.get(address)
            assert response.status_code == 302, name
            assert "/admin/login/" in response.url

    def test_a_session_of_another_seminar_is_not_found_under_this_one(self, client, organiser, seminar_index, seminar):
        other = make_seminar(seminar_index, organisers=[organiser], sessions=[running()])
        foreign_session = other.sessions.get()
        registration = registrant(foreign_session)
        client.force_login(organiser)
        for name, address in urls(seminar, foreign_session, registration).items():
            if name != "list" and name != "seminar":
                assert client.get(address).status_code == 404, name
        response = client.post(
            reverse(seminar_admin.ATTENDANCE_URL, args=[seminar.pk, foreign_session.pk]), {"mark": registration.pk}
        )
        assert response.status_code == 404

    def test_a_registration_of_another_session_is_not_found(self, client, organiser, seminar_index, seminar, session):
        two = make_seminar(seminar_index, organisers=[organiser], sessions=[running(), running()])
        first, second = two.sessions.order_by("pk")
        elsewhere = registrant(second, status=RegistrationStatus.ATTENDED)
        client.force_login(organiser)
        assert client.get(urls(two, first, elsewhere)["undo"]).status_code == 404
        assert client.post(urls(two, first, elsewhere)["undo"]).status_code == 404
        assert client.post(attendance_url(first), {"selected": [elsewhere.pk]}).status_code == 404

    def test_ids_no_row_can_have_are_not_found(self, client, administrator, seminar, session):
        huge = 10**30
        client.force_login(administrator)
        assert client.get(reverse(seminar_admin.SEMINAR_URL, args=[huge])).status_code == 404
        assert client.get(reverse(seminar_admin.SESSION_URL, args=[seminar.pk, huge])).status_code == 404
        assert client.post(reverse(seminar_admin.UNDO_URL, args=[seminar.pk, session.pk, huge])).status_code == 404
        assert client.post(reverse(seminar_admin.DECLINE_URL, args=[huge]), {"reason": "x"}).status_code == 404

    def test_the_explorer_shows_registrations_on_a_seminar_to_an_administrator(
        self, client, administrator, seminar_index, seminar
    ):
        client.force_login(administrator)
        response = client.get(reverse("wagtailadmin_explore", args=[seminar_index.pk]))
        assert reverse(seminar_admin.SEMINAR_URL, args=[seminar.pk]) in response.content.decode()
        edit = client.get(reverse("wagtailadmin_pages:edit", args=[seminar.pk]))
        assert reverse(seminar_admin.SEMINAR_URL, args=[seminar.pk]) in edit.content.decode()

    def test_the_registrations_button_is_shown_only_to_those_who_organise_the_seminar(
        self, organiser, other_instructor, seminar
    ):
        from courses.wagtail_hooks import seminar_registrations_listing_button

        def shown(user):
            return [button.is_shown(user) for button in seminar_registrations_listing_button(seminar, user)]

        assert shown(organiser) == [True]
        assert shown(other_instructor) == [False]


# --- The lists


class TestTheLists:
    def test_the_list_counts_each_sessions_registrations_by_status(self, client, organiser, seminar_index):
        listed = make_seminar(seminar_index, organisers=[organiser], sessions=[{"capacity": 3}, {"capacity": 5}])
        first, second = listed.sessions.order_by("starts_at")
        for status in ("confirmed", "confirmed", "waitlisted", "pending", "attended", "cancelled"):
            registrant(first, status=status)
        registrant(second)
        client.force_login(organiser)

        response = client.get(reverse(seminar_admin.SEMINARS_URL))

        assert counts_of(response, "[data-seminars] tr[data-session]") == {
            first.pk: {"confirmed": 2, "waitlisted": 1, "pending": 1, "attended": 1, "capacity": 3},
            second.pk: {"confirmed": 1, "waitlisted": 0, "pending": 0, "attended": 0, "capacity": 5},
        }
        detail = client.get(reverse(seminar_admin.SEMINAR_URL, args=[listed.pk]))
        assert counts_of(detail, "[data-sessions] tr[data-session]")[first.pk]["waitlisted"] == 1

    def test_an_instructor_sees_only_the_seminars_they_organise_and_an_administrator_all(
        self, client, organiser, administrator, seminar_index, seminar, other_instructor
    ):
        others = make_seminar(seminar_index, owner=other_instructor)
        client.force_login(organiser)
        mine = {
            int(body["data-seminar"])
            for body in soup_of(client.get(reverse(seminar_admin.SEMINARS_URL))).select("tbody")
        }
        assert mine == {seminar.pk}
        client.force_login(administrator)
        every = {
            int(body["data-seminar"])
            for body in soup_of(client.get(reverse(seminar_admin.SEMINARS_URL))).select("tbody")
        }
        assert every == {seminar.pk, others.pk}

    def test_the_session_lists_its_registrants_with_agency_status_and_date_in_the_buddhist_era(
        self, client, organiser, seminar, session
    ):
        agency = AgencyFactory(name_th="กรมบัญชีกลาง", name_en="Comptroller General's Department")
        person = registrant(session, agency=agency, email="suda@cgd.go.th").user
        Registration.objects.filter(user=person).update(
            registered_at=datetime.datetime(2026, 11, 24, 2, 30, tzinfo=datetime.UTC)
        )
        client.force_login(organiser)
        client.cookies["lms_language"] = "th"
        organiser.preferred_language = "th"
        organiser.save()

        response = client.get(urls(seminar, session)["session"])

        row = soup_of(response).select_one(f"tr[data-registration='{person.seminar_registrations.get().pk}']")
        text = row.get_text(" ", strip=True)
        assert "suda@cgd.go.th" in text
        assert "กรมบัญชีกลาง" in text
        assert "24 พ.ย. 69 09:30 น." in text

    def test_the_list_and_the_session_make_as_many_queries_with_many_registrations_as_with_few(
        self, client, administrator, seminar_index, django_assert_max_num_queries
    ):
        def add(total):
            while Registration.objects.count() < total:
                made = make_seminar(seminar_index, sessions=[running(), {}])
                for each in made.sessions.all():
                    registrant(each)
                    registrant(each, status=RegistrationStatus.WAITLISTED)

        add(4)
        busy = make_seminar(seminar_index, sessions=[running()]).sessions.get()
        for _ in range(2):
            registrant(busy)
        addresses = urls(busy.page, busy)
        client.force_login(administrator)
        measured = {}
        for name in ("list", "session"):
            client.get(addresses[name])  # warms the per-process caches
            measured[name] = queries_for(client, addresses[name])
        few = len(soup_of(client.get(addresses["list"])).select("tbody[data-seminar]"))

        add(24)
        for _ in range(10):
            registrant(busy)
            registrant(busy, status=RegistrationStatus.ATTENDED)

        for name in ("list", "session"):
            client.get(addresses[name])  # publishing pages forgot the cached site entries: fetch them again
            with django_assert_max_num_queries(measured[name]):
                response = client.get(addresses[name])
            assert response.status_code == 200
        assert len(soup_of(response).select("tr[data-registration]")) == 22
        listing = client.get(addresses["list"])
        assert len(soup_of(listing).select("tbody[data-seminar]")) > few

    def test_a_long_list_of_registrants_is_split_into_pages(self, client, organiser, seminar, session, monkeypatch):
        monkeypatch.setattr(seminar_admin, "REGISTRANTS_PER_PAGE", 2)
        last = [registrant(session) for _ in range(3)][-1]
        client.force_login(organiser)

        first_page = soup_of(client.get(urls(seminar, session)["session"]))
        second_page = soup_of(client.get(urls(seminar, session)["session"], {"p": 2}))

        assert len(first_page.select("tr[data-registration]")) == 2
        assert first_page.select_one("nav.pagination")
        assert [int(row["data-registration"]) for row in second_page.select("tr[data-registration]")] == [last.pk]


# --- Attendance


class TestMarkingAttendance:
    def test_marking_one_person_credits_the_hours_and_issues_the_certificate(
        self, client, organiser, seminar, session, django_capture_on_commit_callbacks
    ):
        registration = registrant(session)
        client.force_login(organiser)

        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(attendance_url(session), {"mark": registration.pk})

        assert response.status_code == 302
        registration.refresh_from_db()
        assert registration.status == RegistrationStatus.ATTENDED
        assert registration.attendance_source == AttendanceSource.ORGANISER
        assert registration.credited_hours == 6
        certificate = Certificate.objects.get(user=registration.user)
        assert registration.certificate == certificate
        assert certificate.seminar_id == seminar.pk
        assert certificate.pdf
        row = soup_of(client.get(response.url)).select_one(f"tr[data-registration='{registration.pk}']")
        assert row.select_one("[data-undo]")

    def test_marking_the_ticked_people_marks_only_them(self, client, organiser, session):
        ticked = [registrant(session), registrant(session, status=RegistrationStatus.WAITLISTED)]
        left = registrant(session)
        client.force_login(organiser)

        client.post(attendance_url(session), {"selected": [each.pk for each in ticked]})

        statuses = dict(Registration.objects.filter(session=session).values_list("pk", "status"))
        assert statuses == {ticked[0].pk: "attended", ticked[1].pk: "attended", left.pk: "confirmed"}
        assert "The attendance of 2 people was recorded." in page_messages(client)

    def test_a_pending_registration_cannot_be_marked_and_says_why(self, client, organiser, session):
        pending = registrant(session, status=RegistrationStatus.PENDING)
        client.force_login(organiser)

        client.post(attendance_url(session), {"mark": pending.pk})

        pending.refresh_from_db()
        assert pending.status == RegistrationStatus.PENDING
        assert any("attendance cannot be recorded" in message for message in page_messages(client))

    def test_attendance_cannot_be_marked_before_the_session_starts(self, client, organiser, seminar_index):
        later = make_seminar(seminar_index, organisers=[organiser]).sessions.get()
        registration = registrant(later)
        client.force_login(organiser)

        page = soup_of(client.get(urls(later.page, later)["session"]))
        client.post(attendance_url(later), {"mark": registration.pk})

        assert not page.select("button[name=mark]")
        assert "once the session has started" in page.select_one("[data-attendance-note]").get_text()
        registration.refresh_from_db()
        assert registration.status == RegistrationStatus.CONFIRMED

    def test_undo_asks_for_confirmation_then_takes_the_hours_back_and_revokes_the_certificate(
        self, client, organiser, seminar, session, django_capture_on_commit_callbacks
    ):
        registration = registrant(session)
        with django_capture_on_commit_callbacks(execute=True):
            seminars.mark_attended(registration, organiser)
        certificate = Certificate.objects.get(user=registration.user)
        client.force_login(organiser)
        undo = urls(seminar, session, registration)["undo"]

        confirmation = client.get(undo)

        assert confirmation.status_code == 200
        form = soup_of(confirmation).find("form", attrs={"action": undo})
        assert form["method"] == "post"
        assert certificate.grouped_code in soup_of(confirmation).select_one("[data-certificate-warning]").get_text()
        registration.refresh_from_db()
        assert registration.status == RegistrationStatus.ATTENDED  # nothing happens on GET

        client.post(undo)

        registration.refresh_from_db()
        certificate.refresh_from_db()
        assert registration.status == RegistrationStatus.CONFIRMED
        assert registration.credited_hours == 0
        assert registration.certificate is None
        assert certificate.revoked_at is not None

    def test_marking_needs_a_post(self, client, organiser, session):
        registration = registrant(session)
        client.force_login(organiser)
        assert client.get(attendance_url(session), {"mark": registration.pk}).status_code == 405
        registration.refresh_from_db()
        assert registration.status == RegistrationStatus.CONFIRMED


# --- The CSV of registrants


def csv_rows(response):
    body = b"".join(response.streaming_content) if response.streaming else response.content
    text = body.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))


class TestTheRegistrantsCsv:
    def test_the_csv_has_a_bom_an_english_header_and_only_this_sessions_registrants(
        self, client, organiser, seminar_index
    ):
        two = make_seminar(seminar_index, organisers=[organiser], sessions=[running(), running()], training_hours=3)
        first, second = two.sessions.order_by("pk")
        attended = registrant(first, email="attended@example.go.th", agency=AgencyFactory(name_en="Revenue Department"))
        seminars.mark_attended(attended, organiser)
        registrant(first, status=RegistrationStatus.WAITLISTED, email="=cmd@example.go.th")
        registrant(second, email="other-session@example.go.th")
        client.force_login(organiser)
        client.cookies["lms_language"] = "en"

        response = client.get(urls(two, first)["export"])

        assert response["Content-Type"].startswith("text/csv")
        assert "attachment" in response["Content-Disposition"]
        rows = csv_rows(response)
        assert rows[0] == ["E-mail", "Name", "Agency", "Status", "Registered", "Attended", "Hours"]
        assert [row[0] for row in rows[1:]] == ["attended@example.go.th", "'=cmd@example.go.th"]
        assert rows[1][2] == "Revenue Department"
        assert rows[1][3] == "Attended"
        assert rows[1][5]
        assert rows[1][6] == "3"
        assert rows[2][3] == "On the waitlist"
        assert rows[2][5:] == ["", ""]

    def test_the_header_is_in_thai_for_a_thai_editor(self, client, seminar, session):
        thai_organiser = seminar.organisers.get()
        thai_organiser.preferred_language = "th"
        thai_organiser.save()
        registrant(session)
        client.force_login(thai_organiser)
        client.cookies["lms_language"] = "th"

        rows = csv_rows(client.get(urls(seminar, session)["export"]))

        assert rows[0][0] == "อีเมล"
        assert len(rows) == 2


# --- Cancelling a session


class TestCancellingASession:
    def test_cancelling_needs_a_reason(self, client, organiser, seminar_index):
        upcoming = make_seminar(seminar_index, organisers=[organiser]).sessions.get()
        client.force_login(organiser)

        response = client.post(urls(upcoming.page, upcoming)["cancel"], {"reason": "  "})

        assert response.status_code == 200
        assert soup_of(response).select_one(".error-message, .w-field__errors")
        upcoming.refresh_from_db()
        assert not upcoming.is_cancelled

    def test_cancelling_with_a_reason_cancels_every_registration_and_tells_each_person(
        self, client, organiser, seminar_index, mailoutbox, django_capture_on_commit_callbacks
    ):
        upcoming = make_seminar(seminar_index, organisers=[organiser]).sessions.get()
        people = [UserFactory(), UserFactory(), UserFactory()]
        with django_capture_on_commit_callbacks(execute=True):
            for person in people:
                seminars.register(upcoming, person)
        mailoutbox.clear()
        client.force_login(organiser)

        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(urls(upcoming.page, upcoming)["cancel"], {"reason": "วิทยากรติดภารกิจเร่งด่วน"})

        assert response.status_code == 302
        upcoming.refresh_from_db()
        assert upcoming.is_cancelled
        assert upcoming.cancellation_reason == "วิทยากรติดภารกิจเร่งด่วน"
        assert set(Registration.objects.filter(session=upcoming).values_list("status", flat=True)) == {"cancelled"}
        assert sorted(message.to[0] for message in mailoutbox) == sorted(person.email for person in people)
        assert all("วิทยากรติดภารกิจเร่งด่วน" in message.body for message in mailoutbox)
        page = soup_of(client.get(response.url))
        assert page.select_one("[data-session-cancelled]")
        assert not page.find("a", attrs={"href": urls(upcoming.page, upcoming)["cancel"]})


# --- The venue screen


class TestTheVenueScreen:
    def test_the_organiser_sees_the_code_large_and_a_qr_code_of_the_check_in_address(
        self, client, organiser, seminar, session, settings
    ):
        settings.PUBLIC_BASE_URL = "https://learn.example.go.th"
        client.force_login(organiser)

        response = client.get(urls(seminar, session)["venue"])

        page = soup_of(response)
        assert page.select_one("[data-check-in-code]").get_text(strip=True) == session.check_in_code
        address = page.select_one("[data-check-in-url]").get_text(strip=True)
        assert address == (
            f"https://learn.example.go.th{seminar.url}sessions/{session.pk}/check-in/?code={session.check_in_code}"
        )
        image = page.select_one("img[data-qr]")
        assert image["src"].startswith("data:image/svg+xml")
        assert image["alt"]
        assert "style=" not in response.content.decode().split("<main", 1)[-1]

    def test_nobody_else_sees_the_code(self, client, other_instructor, officer, learner, seminar, session):
        venue = urls(seminar, session)["venue"]
        for person in (other_instructor, officer, learner):
            client.force_login(person)
            response = client.get(venue, follow=True)
            assert session.check_in_code not in response.content.decode(), person
