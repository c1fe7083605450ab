"""A seminar's page and the actions beneath it: registering, cancelling, the session's ``.ics``,
checking in at the venue, and who sees the online link and the materials."""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar
from wagtail.models import PageViewRestriction

from courses.models import (
    Audience,
    Registration,
    RegistrationStatus,
    SeminarAgendaItem,
    SeminarFormat,
    SeminarMaterial,
    SeminarSession,
    SeminarSpeaker,
)
from courses.seminar_views import CHECK_IN_ATTEMPTS
from courses.services import seminars as service
from tests.factories import CivilServantFactory, UserFactory, make_course, make_document, make_seminar

pytestmark = pytest.mark.django_db

MEETING = "https://meet.example.go.th/room-42"


@pytest.fixture
def seminar_index(site_pages):
    return site_pages["seminars"]


@pytest.fixture
def person(db):
    return UserFactory(preferred_language="en")


@pytest.fixture
def english(client):
    client.cookies["lms_language"] = "en"
    return client


def url_of(seminar, name, session):
    return seminar.url + seminar.reverse_subpage(name, kwargs={"session_id": session.pk})


def soup_of(response):
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def session_block(response, session):
    return soup_of(response).select_one(f"#session-{session.pk}")


def messages_of(response):
    return [str(message) for message in response.context["messages"]]


def in_progress(**fields):
    """A session that started ten minutes ago and ends in two hours (check-in is open)."""
    starts = timezone.now() - datetime.timedelta(minutes=10)
    return {"starts_at": starts, "ends_at": starts + datetime.timedelta(hours=2), **fields}


def ended(**fields):
    starts = timezone.now() - datetime.timedelta(days=1)
    return {"starts_at": starts, "ends_at": starts + datetime.timedelta(hours=3), **fields}


def registered(session, user, status=RegistrationStatus.CONFIRMED):
    return Registration.objects.create(session=session, user=user, status=status)


class TestTheSeminarPage:
    def test_a_guest_is_asked_to_log_in_and_comes_back_to_the_seminar(self, english, seminar_index):
        seminar = make_seminar(seminar_index, format=SeminarFormat.HYBRID, sessions=[{"online_url": MEETING}])
        session = seminar.sessions.get()

        block = session_block(english.get(seminar.url), session)

        assert block["data-registration-state"] == "guest"
        login = block.find("a", string="Log in to register")
        assert login["href"] == f"{reverse('account:login')}?next={seminar.url}"
        assert not block.find("form")
        assert MEETING not in english.get(seminar.url).content.decode()

    def test_a_learner_who_may_register_gets_a_post_form_with_a_csrf_token(self, english, seminar_index, person):
        seminar = make_seminar(seminar_index)
        session = seminar.sessions.get()
        english.force_login(person)

        block = session_block(english.get(seminar.url), session)

        assert block["data-registration-state"] == "can_register"
        form = block.find("form")
        assert form["method"] == "post"
        assert form["action"] == url_of(seminar, "register", session)
        assert form.find("input", attrs={"name": "csrfmiddlewaretoken"})
        assert form.find("button").get_text(" ", strip=True).startswith("Register")

    def test_the_page_shows_the_seminars_facts_speakers_agenda_and_live_related_pages(
        self, english, site_pages, seminar_index
    ):
        live_course = make_course(site_pages["courses"], title="Live course")
        draft_course = make_course(site_pages["courses"], title="Draft course", publish=False)
        seminar = make_seminar(
            seminar_index,
            title="Open data",
            summary="Publishing data sets",
            description="<p>Why open data matters</p>",
            requires_approval=True,
            training_hours=6,
            related_courses=[live_course, draft_course],
        )
        SeminarSpeaker.objects.create(page=seminar, name="Dr Somchai", position="Director", biography="Leads the team")
        SeminarAgendaItem.objects.create(page=seminar, time="09:00–10:30", title="Welcome", detail="Why we are here")

        soup = soup_of(english.get(seminar.url))

        assert soup.find("h1").get_text() == "Open data"
        assert "Why open data matters" in soup.get_text()
        assert (
            "Your agency's training officer approves each registration."
            in soup.select_one('[data-fact="approval"]').get_text()
        )
        assert soup.find("h3", class_="instructor__name").get_text() == "Dr Somchai"
        assert "Leads the team" in soup.find(class_="instructor__biography").get_text()
        agenda = soup.find("table", class_="seminar-agenda")
        assert [th["scope"] for th in agenda.select("thead th")] == ["col", "col"]
        assert "Welcome" in agenda.get_text()
        related = [a.get_text() for a in soup.select(".seminar-related a")]
        assert related == ["Live course"]

    def test_session_times_are_shown_in_the_buddhist_era_in_thai(self, client, seminar_index):
        seminar = make_seminar(seminar_index)
        session = seminar.sessions.get()

        text = session_block(client.get(seminar.url), session).find("time").get_text()

        assert f"{timezone.localtime(session.starts_at).year + 543}, 09:00–12:00 น." in text

    def test_the_online_link_is_shown_only_to_a_confirmed_registrant(self, english, seminar_index):
        seminar = make_seminar(
            seminar_index, format=SeminarFormat.ONLINE, sessions=[{"online_url": MEETING, "capacity": 1}]
        )
        session = seminar.sessions.get()
        confirmed, waitlisted, other = UserFactory.create_batch(3)
        service.register(session, confirmed)
        service.register(session, waitlisted)

        english.force_login(confirmed)
        block = session_block(english.get(seminar.url), session)
        assert block.find("a", href=MEETING).get_text() == "Join the online meeting"
        assert block.select_one('[data-fact="status"]').get_text(strip=True) == "Confirmed"

        for someone in (waitlisted, other):
            english.force_login(someone)
            page = english.get(seminar.url)
            assert MEETING not in page.content.decode()
            assert "shown here to people whose seat is confirmed" in session_block(page, session).get_text()

    def test_a_citizen_is_told_why_a_staff_only_seminar_is_not_for_them(self, english, seminar_index, person):
        seminar = make_seminar(seminar_index, audience=Audience.STAFF)
        session = seminar.sessions.get()
        english.force_login(person)

        block = session_block(english.get(seminar.url), session)

        assert block["data-registration-state"] == "audience"
        assert "This seminar is for civil servants and state-enterprise staff." in block.get_text()
        assert not block.find("form")

    def test_a_session_whose_registration_closed_or_that_took_place_has_no_register_button(
        self, english, seminar_index, person
    ):
        closed_at = timezone.now() - datetime.timedelta(hours=1)
        seminar = make_seminar(seminar_index, sessions=[ended(), {"registration_closes_at": closed_at}])
        past, closed = seminar.sessions.order_by("starts_at")
        english.force_login(person)

        response = english.get(seminar.url)

        assert session_block(response, past)["data-registration-state"] == "past"
        assert session_block(response, closed)["data-registration-state"] == "closed"
        assert "Registration closed on" in session_block(response, closed).get_text()
        assert not session_block(response, past).find("form")
        assert not session_block(response, closed).find("form")

    def test_a_cancelled_session_says_so_with_the_reason(self, english, seminar_index):
        seminar = make_seminar(seminar_index)
        session = seminar.sessions.get()
        service.cancel_session(session, "The venue is flooded.")

        block = session_block(english.get(seminar.url), session)

        assert block.select_one(".badge--cancelled").get_text() == "Cancelled"
        assert "The venue is flooded." in block.get_text()

    def test_the_page_is_not_stored_by_shared_caches(self, english, seminar_index, person):
        seminar = make_seminar(seminar_index)
        english.force_login(person)

        response = english.get(seminar.url)

        assert "private" in response["Cache-Control"] or "no-store" in response["Cache-Control"]

    def test_an_editors_preview_of_a_draft_with_a_new_session_shows_no_register_buttons(self, seminar_index):
        seminar = make_seminar(seminar_index)
        starts = timezone.now() + datetime.timedelta(days=3)
        seminar.sessions.add(SeminarSession(starts_at=starts, ends_at=starts + datetime.timedelta(hours=2), capacity=5))

        response = seminar.make_preview_request()
        response.render()

        soup = BeautifulSoup(response.content, "html.parser")
        assert response.status_code == 200
        assert len(soup.select(".seminar-session")) == 2
        assert not soup.select(".seminar-session form")


class TestRegistering:
    def test_registering_while_seats_are_free_confirms_the_seat(self, english, seminar_index, person):
        seminar = make_seminar(seminar_index)
        session = seminar.sessions.get()
        english.force_login(person)

        response = english.post(url_of(seminar, "register", session), follow=True)

        assert response.redirect_chain == [(seminar.url, 302)]
        assert Registration.objects.get(user=person).status == RegistrationStatus.CONFIRMED
        assert messages_of(response) == [
            "Your seat is confirmed. We have e-mailed you the details with a calendar invitation."
        ]
        assert session_block(response, session).select_one('[data-fact="status"]').get_text(strip=True) == "Confirmed"

    def test_registering_for_a_full_session_puts_the_person_on_the_waitlist(self, english, seminar_index, person):
        seminar = make_seminar(seminar_index, sessions=[{"capacity": 1}])
        session = seminar.sessions.get()
        service.register(session, UserFactory())
        english.force_login(person)

        before = session_block(english.get(seminar.url), session)
        assert before.find("form").find("button").get_text(" ", strip=True).startswith("Join the waitlist")
        response = english.post(url_of(seminar, "register", session), follow=True)

        assert Registration.objects.get(user=person).status == RegistrationStatus.WAITLISTED
        assert "you are on the waitlist" in messages_of(response)[0]

    def test_registering_for_a_seminar_that_needs_approval_awaits_the_training_officer(self, english, seminar_index):
        seminar = make_seminar(seminar_index, requires_approval=True)
        session = seminar.sessions.get()
        officer_approves = CivilServantFactory(preferred_language="en")
        english.force_login(officer_approves)

        response = english.post(url_of(seminar, "register", session), follow=True)

        assert Registration.objects.get(user=officer_approves).status == RegistrationStatus.PENDING
        assert "awaits the approval of your agency's training officer" in messages_of(response)[0]
        assert (
            session_block(response, session).select_one('[data-fact="status"]').get_text(strip=True)
            == "Awaiting approval"
        )

    def test_registering_twice_gives_a_message_and_no_second_row(self, english, seminar_index, person):
        seminar = make_seminar(seminar_index)
        session = seminar.sessions.get()
        english.force_login(person)
        english.post(url_of(seminar, "register", session), follow=True)

        response = english.post(url_of(seminar, "register", session), follow=True)

        assert Registration.objects.filter(user=person).count() == 1
        assert messages_of(response) == ["You are already registered for this session (Confirmed)."]

    def test_registering_after_registration_closed_or_for_a_past_session_is_refused(
        self, english, seminar_index, person
    ):
        closed_at = timezone.now() - datetime.timedelta(hours=1)
        seminar = make_seminar(seminar_index, sessions=[ended(), {"registration_closes_at": closed_at}])
        past, closed = seminar.sessions.order_by("starts_at")
        english.force_login(person)

        refused_past = english.post(url_of(seminar, "register", past), follow=True)
        refused_closed = english.post(url_of(seminar, "register", closed), follow=True)

        assert messages_of(refused_past) == ["This session has already taken place."]
        assert messages_of(refused_closed)[0].startswith("Registration closed on")
        assert not Registration.objects.exists()

    def test_a_citizen_cannot_register_for_a_staff_only_seminar(self, english, seminar_index, person):
        seminar = make_seminar(seminar_index, audience=Audience.STAFF)
        session = seminar.sessions.get()
        english.force_login(person)

        response = english.post(url_of(seminar, "register", session), follow=True)

        assert "This seminar is for civil servants and state-enterprise staff." in messages_of(response)[0]
        assert not Registration.objects.exists()

    def test_a_guest_is_sent_to_log_in_and_nothing_is_written(self, english, seminar_index):
        seminar = make_seminar(seminar_index)
        session = seminar.sessions.get()

        response = english.post(url_of(seminar, "register", session))

        assert response.status_code == 302
        assert response.url == f"{reverse('account:login')}?next={seminar.url}"
        assert not Registration.objects.exists()

    def test_a_get_on_register_or_cancel_is_not_allowed(self, english, seminar_index, person):
        seminar = make_seminar(seminar_index)
        session = seminar.sessions.get()
        english.force_login(person)

        assert english.get(url_of(seminar, "register", session)).status_code == 405
        assert english.get(url_of(seminar, "cancel", session)).status_code == 405
        assert not Registration.objects.exists()

    def test_the_answers_to_actions_are_never_cached(self, english, seminar_index, person):
        seminar = make_seminar(seminar_index)
        session = seminar.sessions.get()
        english.force_login(person)

        for response in (
            english.post(url_of(seminar, "register", session)),
            english.post(url_of(seminar, "cancel", session)),
            english.get(url_of(seminar, "check-in", session)),
        ):
            assert "no-store" in response["Cache-Control"]


class TestSessionsOfAnotherSeminar:
    @pytest.mark.parametrize(
        ("name", "method"),
        [("register", "post"), ("cancel", "post"), ("calendar", "get"), ("check-in", "get"), ("check-in", "post")],
    )
    def test_a_session_id_of_another_seminar_is_not_found(self, client, seminar_index, person, name, method):
        seminar = make_seminar(seminar_index)
        elsewhere = make_seminar(seminar_index).sessions.get()
        client.force_login(person)

        response = getattr(client, method)(url_of(seminar, name, elsewhere), {"code": elsewhere.check_in_code})

        assert response.status_code == 404
        assert not Registration.objects.exists()

    def test_a_session_id_that_does_not_exist_is_not_found(self, client, seminar_index, person):
        seminar = make_seminar(seminar_index)
        client.force_login(person)

        path = seminar.url + seminar.reverse_subpage("register", kwargs={"session_id": 999999})

        assert client.post(path).status_code == 404


class TestPrivateSeminars:
    def test_a_seminar_for_one_group_accepts_no_registration_from_outside_it(self, client, seminar_index, person):
        seminar = make_seminar(seminar_index)
        session = seminar.sessions.get()
        restriction = PageViewRestriction.objects.create(page=seminar, restriction_type=PageViewRestriction.GROUPS)
        restriction.groups.add(Group.objects.create(name="Auditors"))
        client.force_login(person)

        assert client.post(url_of(seminar, "register", session)).status_code in (302, 403, 404)
        assert client.get(url_of(seminar, "check-in", session)).status_code in (302, 403, 404)
        assert not Registration.objects.exists()


class TestCancelling:
    def test_cancelling_frees_the_seat_for_the_first_on_the_waitlist(
        self, english, seminar_index, mailoutbox, django_capture_on_commit_callbacks
    ):
        seminar = make_seminar(seminar_index, sessions=[{"capacity": 1}])
        session = seminar.sessions.get()
        holder, first_waiting, second_waiting = UserFactory.create_batch(3, preferred_language="en")
        for someone in (holder, first_waiting, second_waiting):
            service.register(session, someone)
        english.force_login(holder)

        before = session_block(english.get(seminar.url), session)
        assert before.find("form")["action"] == url_of(seminar, "cancel", session)
        with django_capture_on_commit_callbacks(execute=True):
            response = english.post(url_of(seminar, "cancel", session), follow=True)

        statuses = dict(Registration.objects.values_list("user_id", "status"))
        assert statuses == {holder.pk: "cancelled", first_waiting.pk: "confirmed", second_waiting.pk: "waitlisted"}
        assert messages_of(response) == ["Your registration is cancelled. We have e-mailed you a confirmation."]
        assert first_waiting.email in {address for message in mailoutbox for address in message.to}
        # The seat went to the first on the waitlist: the session is full again.
        assert session_block(response, session)["data-registration-state"] == "can_join_waitlist"

    def test_after_the_cancellation_deadline_the_button_is_gone_and_a_post_is_refused(
        self, english, seminar_index, person
    ):
        deadline = timezone.now() - datetime.timedelta(hours=1)
        seminar = make_seminar(seminar_index, sessions=[{"cancellation_deadline": deadline}])
        session = seminar.sessions.get()
        registered(session, person)
        english.force_login(person)

        assert not session_block(english.get(seminar.url), session).find("form")
        response = english.post(url_of(seminar, "cancel", session), follow=True)

        assert messages_of(response)[0].startswith("Registrations for this session could be cancelled until")
        assert Registration.objects.get(user=person).status == RegistrationStatus.CONFIRMED

    def test_cancelling_without_a_registration_says_there_is_nothing_to_cancel(self, english, seminar_index, person):
        seminar = make_seminar(seminar_index)
        english.force_login(person)

        response = english.post(url_of(seminar, "cancel", seminar.sessions.get()), follow=True)

        assert messages_of(response) == ["You have no registration for this session to cancel."]

    def test_cancelling_touches_only_the_persons_own_registration(self, english, seminar_index, person):
        seminar = make_seminar(seminar_index)
        session = seminar.sessions.get()
        someone_else = UserFactory()
        registered(session, someone_else)
        english.force_login(person)

        english.post(url_of(seminar, "cancel", session))

        assert Registration.objects.get(user=someone_else).status == RegistrationStatus.CONFIRMED


class TestTheSessionCalendar:
    def test_the_ics_link_gives_a_calendar_event_that_icalendar_reads(self, client, seminar_index):
        seminar = make_seminar(
            seminar_index,
            title="Open data",
            format=SeminarFormat.HYBRID,
            sessions=[{"online_url": MEETING, "map_url": "https://maps.example.com/?q=ocsc"}],
        )
        session = seminar.sessions.get()
        link = session_block(client.get(seminar.url), session).find("a", attrs={"download": True})
        assert link["href"] == url_of(seminar, "calendar", session)

        response = client.get(link["href"])

        assert response.status_code == 200
        assert response["Content-Type"] == "text/calendar; charset=utf-8"
        assert response["Content-Disposition"] == f'attachment; filename="seminar-{session.pk}.ics"'
        (event,) = Calendar.from_ical(response.content).walk("VEVENT")
        for name in ("UID", "DTSTAMP", "DTSTART", "DTEND", "SUMMARY", "LOCATION", "URL", "DESCRIPTION"):
            assert event.get(name) is not None, name
        assert event["DTSTART"].dt == session.starts_at
        assert event["DTEND"].dt == session.ends_at
        assert str(event["SUMMARY"]) == "Open data"
        assert str(event["URL"]).endswith(seminar.url)
        assert "ห้องประชุม 1" in str(event["LOCATION"])
        assert MEETING not in response.content.decode()

    def test_an_unpublished_seminars_calendar_is_not_found(self, client, seminar_index):
        seminar = make_seminar(seminar_index)
        session = seminar.sessions.get()
        path = url_of(seminar, "calendar", session)
        seminar.unpublish()

        assert client.get(path).status_code == 404


class TestCheckingIn:
    def test_a_guest_following_the_qr_code_logs_in_and_comes_back_to_the_filled_in_form(
        self, english, seminar_index, person
    ):
        seminar = make_seminar(seminar_index, sessions=[in_progress()])
        session = seminar.sessions.get()
        address = f"{url_of(seminar, 'check-in', session)}?code={session.check_in_code}"

        to_login = english.get(address)
        assert to_login.status_code == 302
        assert to_login.url.startswith(reverse("account:login"))
        english.force_login(person)
        form_page = soup_of(english.get(address))

        field = form_page.find("input", attrs={"name": "code"})
        assert field["value"] == session.check_in_code
        assert field["autocomplete"] == "off"
        assert field["inputmode"] == "text"
        assert form_page.find("label", attrs={"for": field["id"]}).get_text(strip=True) == "Check-in code"
        assert form_page.find("form", class_="seminar-check-in__form")["method"] == "post"
        assert not Registration.objects.filter(status=RegistrationStatus.ATTENDED).exists()

    def test_the_right_code_during_the_session_records_attendance(self, english, seminar_index, person):
        seminar = make_seminar(seminar_index, sessions=[in_progress()])
        session = seminar.sessions.get()
        registered(session, person)
        english.force_login(person)

        response = english.post(
            url_of(seminar, "check-in", session), {"code": session.check_in_code.lower()}, follow=True
        )

        assert response.redirect_chain == [(seminar.url, 302)]
        registration = Registration.objects.get(user=person)
        assert registration.status == RegistrationStatus.ATTENDED
        assert registration.credited_hours == seminar.training_hours
        assert messages_of(response) == [f"You are checked in to “{seminar.title}”. Welcome!"]

    def test_a_wrong_code_is_refused_with_a_message(self, english, seminar_index, person):
        seminar = make_seminar(seminar_index, sessions=[in_progress()])
        session = seminar.sessions.get()
        registered(session, person)
        english.force_login(person)
        wrong = "000000" if session.check_in_code != "000000" else "111111"

        response = english.post(url_of(seminar, "check-in", session), {"code": wrong})

        soup = soup_of(response)
        assert "That check-in code is not right." in soup.find(class_="form-field__error").get_text()
        assert soup.find("input", attrs={"name": "code"})["aria-invalid"] == "true"
        assert Registration.objects.get(user=person).status == RegistrationStatus.CONFIRMED

    def test_after_the_session_ended_the_code_has_expired(self, english, seminar_index, person):
        seminar = make_seminar(seminar_index, sessions=[ended()])
        session = seminar.sessions.get()
        registered(session, person)
        english.force_login(person)

        response = english.post(url_of(seminar, "check-in", session), {"code": session.check_in_code})

        assert "Check-in for this session has closed." in soup_of(response).find(class_="form-field__error").get_text()
        assert Registration.objects.get(user=person).status == RegistrationStatus.CONFIRMED

    def test_attempts_are_limited_per_person_and_session(self, english, seminar_index, person):
        seminar = make_seminar(seminar_index, sessions=[in_progress()])
        session = seminar.sessions.get()
        registered(session, person)
        english.force_login(person)
        path = url_of(seminar, "check-in", session)
        wrong = "000000" if session.check_in_code != "000000" else "111111"
        for _attempt in range(CHECK_IN_ATTEMPTS):
            english.post(path, {"code": wrong})

        response = english.post(path, {"code": session.check_in_code})

        assert response.status_code == 429
        assert "Too many attempts." in response.content.decode()
        assert Registration.objects.get(user=person).status == RegistrationStatus.CONFIRMED

    def test_the_seminar_page_offers_check_in_to_a_confirmed_registrant_during_the_session(
        self, english, seminar_index, person
    ):
        seminar = make_seminar(seminar_index, sessions=[in_progress()])
        session = seminar.sessions.get()
        registered(session, person)
        english.force_login(person)

        block = session_block(english.get(seminar.url), session)

        assert (
            block.find("a", href=url_of(seminar, "check-in", session)).get_text(" ", strip=True).startswith("Check in")
        )


class TestMaterials:
    @pytest.fixture
    def with_materials(self):
        def add(seminar):
            SeminarMaterial.objects.create(page=seminar, document=make_document(title="Slides"), sort_order=0)
            SeminarMaterial.objects.create(
                page=seminar,
                document=make_document(title="Worksheet"),
                title="Exercises",
                attendees_only=True,
                sort_order=1,
            )
            return seminar

        return add

    @staticmethod
    def material_titles(response):
        return [a.get_text() for a in soup_of(response).select(".seminar-materials__item a")]

    def test_materials_are_hidden_until_the_first_session_starts(self, english, seminar_index, with_materials):
        seminar = with_materials(make_seminar(seminar_index))

        response = english.get(seminar.url)

        assert self.material_titles(response) == []
        assert "The materials will be here once the seminar has started." in response.content.decode()

    def test_after_the_start_everyone_sees_the_open_materials_but_not_the_attendees_ones(
        self, english, seminar_index, person, with_materials
    ):
        seminar = with_materials(make_seminar(seminar_index, sessions=[ended()]))
        registered(seminar.sessions.get(), person)  # registered, but did not attend

        assert self.material_titles(english.get(seminar.url)) == ["Slides"]
        english.force_login(person)
        response = english.get(seminar.url)
        assert self.material_titles(response) == ["Slides"]
        assert "Some materials are for attendees only" in response.content.decode()

    def test_an_attendee_sees_every_material_with_links_to_the_documents(
        self, english, seminar_index, person, with_materials
    ):
        seminar = with_materials(make_seminar(seminar_index, sessions=[ended()]))
        registered(seminar.sessions.get(), person, RegistrationStatus.ATTENDED)
        english.force_login(person)

        response = english.get(seminar.url)

        assert self.material_titles(response) == ["Slides", "Exercises"]
        links = [a["href"] for a in soup_of(response).select(".seminar-materials__item a")]
        assert links == [material.document.url for material in seminar.materials.order_by("sort_order")]

    def test_an_attendee_of_another_seminar_does_not_see_the_attendees_materials(
        self, english, seminar_index, person, with_materials
    ):
        seminar = with_materials(make_seminar(seminar_index, sessions=[ended()]))
        other = make_seminar(seminar_index, sessions=[ended()])
        registered(other.sessions.get(), person, RegistrationStatus.ATTENDED)
        english.force_login(person)

        assert self.material_titles(english.get(seminar.url)) == ["Slides"]
