"""Writing a seminar in the Wagtail editor: an instructor adds one with its sessions; bad settings get a message."""

import datetime

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse
from django.utils import timezone
from wagtail.models import GroupPagePermission

from courses.models import Audience, Registration, SeminarPage, SeminarSession
from courses.services import seminars
from lms import roles
from tests.factories import AgencyFactory, UserFactory, admin_form_data, make_seminar

pytestmark = pytest.mark.django_db


@pytest.fixture
def seminar_index(site_pages):
    """``/seminars/``, where instructors may add and edit pages (as ``load_demo`` grants)."""
    index = site_pages["seminars"]
    group = Group.objects.get(name=roles.INSTRUCTORS)
    for codename in ("add_page", "change_page"):
        permission = Permission.objects.get(content_type__app_label="wagtailcore", codename=codename)
        GroupPagePermission.objects.get_or_create(group=group, page=index, permission=permission)
    return index


def add_url(index):
    return reverse("wagtailadmin_pages:add", args=["courses", "seminarpage", index.pk])


def edit_url(page):
    return reverse("wagtailadmin_pages:edit", args=[page.pk])


def bangkok(days, clock):
    """A day from today at ``clock`` in Bangkok, as the editor's date-time field shows it."""
    day = timezone.localdate() + datetime.timedelta(days=days)
    return f"{day:%Y-%m-%d} {clock}"


def new_seminar_form(client, index, **changes):
    data = admin_form_data(client.get(add_url(index)).content.decode(), "page-edit-form")
    data.update(
        {
            "title": "สัมมนาการพัฒนาบริการดิจิทัลภาครัฐ",
            "title_en": "Developing Government Digital Services",
            "slug": "digital-services-seminar",
            "summary": "สัมมนาแลกเปลี่ยนประสบการณ์การพัฒนาบริการดิจิทัลของหน่วยงานรัฐ",
            "training_hours": "3",
            "sessions-0-starts_at": bangkok(14, "09:00"),
            "sessions-0-ends_at": bangkok(14, "12:00"),
            "sessions-0-venue_name": "ห้องประชุม 1 สำนักงาน ก.พ.",
            "sessions-0-venue_address": "47/111 ถนนติวานนท์ นนทบุรี",
            "sessions-0-capacity": "40",
        }
    )
    data.update(changes)
    return data


class TestAnInstructorAddsASeminar:
    def test_an_instructor_adds_a_seminar_with_a_session_under_the_seminar_index(
        self, client, seminar_index, instructor
    ):
        client.force_login(instructor)

        response = client.post(add_url(seminar_index), new_seminar_form(client, seminar_index))

        assert response.status_code == 302, response.content.decode()[:3000]
        seminar = SeminarPage.objects.get(slug="digital-services-seminar")
        assert seminar.get_parent().pk == seminar_index.pk
        assert seminar.owner == instructor
        assert seminar.may_organise(instructor)
        session = seminar.sessions.get()
        # Entered in Bangkok time (UTC+7), stored in UTC.
        assert timezone.localtime(session.starts_at).strftime("%Y-%m-%d %H:%M") == bangkok(14, "09:00")
        assert session.ends_at - session.starts_at == datetime.timedelta(hours=3)
        assert session.starts_at.astimezone(datetime.UTC).hour == 2
        assert (session.capacity, session.venue_name) == (40, "ห้องประชุม 1 สำนักงาน ก.พ.")
        assert len(session.check_in_code) == 6 and session.sequence == 0

    def test_a_seminar_is_published_only_with_a_session(self, client, seminar_index, administrator):
        # A draft may be saved without one (Wagtail defers required fields for drafts).
        client.force_login(administrator)
        data = new_seminar_form(client, seminar_index)
        data = {name: value for name, value in data.items() if not name.startswith("sessions-0-")}
        data.update({"sessions-TOTAL_FORMS": "0", "action-publish": "action-publish"})

        response = client.post(add_url(seminar_index), data)

        assert response.status_code == 200
        assert not SeminarPage.objects.filter(slug="digital-services-seminar").exists()

    def test_a_session_ending_before_it_starts_is_refused_with_a_message(self, client, seminar_index, instructor):
        client.force_login(instructor)
        client.cookies["lms_language"] = "en"
        data = new_seminar_form(
            client,
            seminar_index,
            **{"sessions-0-starts_at": bangkok(14, "13:00"), "sessions-0-ends_at": bangkok(14, "09:00")},
        )

        response = client.post(add_url(seminar_index), data)

        assert response.status_code == 200
        assert "A session must end after it starts." in response.content.decode()
        assert not SeminarPage.objects.filter(slug="digital-services-seminar").exists()
        assert not SeminarSession.objects.exists()

    def test_registration_closing_after_the_session_ends_is_refused_with_a_message(
        self, client, seminar_index, instructor
    ):
        client.force_login(instructor)
        client.cookies["lms_language"] = "en"
        data = new_seminar_form(client, seminar_index, **{"sessions-0-registration_closes_at": bangkok(15, "09:00")})

        response = client.post(add_url(seminar_index), data)

        assert response.status_code == 200
        assert "Registration must close by the end of the session." in response.content.decode()
        assert not SeminarPage.objects.filter(slug="digital-services-seminar").exists()

    def test_a_seminar_for_listed_agencies_without_any_agency_is_refused(self, client, seminar_index, instructor):
        client.force_login(instructor)
        client.cookies["lms_language"] = "en"
        data = new_seminar_form(client, seminar_index, audience=Audience.AGENCIES, audience_agencies=[])

        response = client.post(add_url(seminar_index), data)

        assert response.status_code == 200
        assert "Choose the agencies whose staff may register." in response.content.decode()
        assert not SeminarPage.objects.filter(slug="digital-services-seminar").exists()

    def test_a_seminar_for_listed_agencies_with_an_agency_is_saved(self, client, seminar_index, instructor):
        agency = AgencyFactory()
        client.force_login(instructor)
        data = new_seminar_form(client, seminar_index, audience=Audience.AGENCIES, audience_agencies=[str(agency.pk)])

        response = client.post(add_url(seminar_index), data)

        assert response.status_code == 302
        seminar = SeminarPage.objects.get(slug="digital-services-seminar")
        assert seminar.audience == Audience.AGENCIES
        assert list(seminar.audience_agencies.all()) == [agency]


class TestAnEditorRemovesASession:
    def edit_form(self, client, seminar):
        return admin_form_data(client.get(edit_url(seminar)).content.decode(), "page-edit-form")

    def session_prefix(self, data, session):
        """The formset prefix (``sessions-N``) of ``session`` in the edit form's data."""
        for name, value in data.items():
            if name.startswith("sessions-") and name.endswith("-id") and value == str(session.pk):
                return name.removesuffix("-id")
        raise AssertionError(f"session {session.pk} is not in the form")

    def test_a_session_people_registered_for_cannot_be_removed_and_the_editor_is_told_to_cancel_it(
        self, client, seminar_index, administrator
    ):
        seminar = make_seminar(seminar_index, sessions=2)
        taken, _free = seminar.sessions.order_by("sort_order")
        seminars.register(taken, UserFactory())
        client.force_login(administrator)
        client.cookies["lms_language"] = "en"
        data = self.edit_form(client, seminar)
        data[f"{self.session_prefix(data, taken)}-DELETE"] = "on"
        data["action-publish"] = "action-publish"

        response = client.post(edit_url(seminar), data)

        assert response.status_code == 200
        assert "A session that people registered for cannot be removed." in response.content.decode()
        assert SeminarSession.objects.filter(pk=taken.pk).exists()
        assert seminar.sessions.count() == 2
        assert Registration.objects.filter(session=taken).count() == 1

    def test_a_session_nobody_registered_for_can_be_removed(self, client, seminar_index, administrator):
        seminar = make_seminar(seminar_index, sessions=2)
        taken, free = seminar.sessions.order_by("sort_order")
        seminars.register(taken, UserFactory())
        client.force_login(administrator)
        data = self.edit_form(client, seminar)
        data[f"{self.session_prefix(data, free)}-DELETE"] = "on"
        data["action-publish"] = "action-publish"

        response = client.post(edit_url(seminar), data)

        assert response.status_code == 302, response.content.decode()[:3000]
        assert list(SeminarPage.objects.get(pk=seminar.pk).sessions.values_list("pk", flat=True)) == [taken.pk]

    def test_the_owner_instructor_moves_a_session_and_its_registrants_keep_their_seats(
        self, client, seminar_index, instructor, administrator
    ):
        seminar = make_seminar(seminar_index, owner=instructor)
        session = seminar.sessions.get()
        registration = seminars.register(session, UserFactory())
        code = session.check_in_code
        client.force_login(administrator)
        data = self.edit_form(client, seminar)
        prefix = self.session_prefix(data, session)
        data[f"{prefix}-starts_at"] = bangkok(20, "13:00")
        data[f"{prefix}-ends_at"] = bangkok(20, "16:00")
        data["action-publish"] = "action-publish"

        response = client.post(edit_url(seminar), data)

        assert response.status_code == 302, response.content.decode()[:3000]
        session.refresh_from_db()
        assert timezone.localtime(session.starts_at).strftime("%Y-%m-%d %H:%M") == bangkok(20, "13:00")
        assert session.sequence == 1 and session.check_in_code == code
        registration.refresh_from_db()
        assert registration.status == "confirmed"
