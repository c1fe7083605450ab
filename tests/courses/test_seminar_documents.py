"""A seminar's attendees-only material at Wagtail's own document address: attendees and organisers only."""

import datetime

import pytest
from django.utils import timezone

from courses.models import Registration, RegistrationStatus, SeminarMaterial
from lms import roles
from tests.factories import UserFactory, make_document, make_seminar, member_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def seminar(site_pages):
    starts = timezone.now() - datetime.timedelta(days=3)
    return make_seminar(
        site_pages["seminars"], sessions=[{"starts_at": starts, "ends_at": starts + datetime.timedelta(hours=3)}]
    )


def add_material(seminar, attendees_only):
    document = make_document(title="สไลด์ประกอบการบรรยาย", filename="slides.pdf")
    seminar.materials.add(SeminarMaterial(document=document, attendees_only=attendees_only))
    seminar.save_revision().publish()
    return document


def registration(seminar, status):
    person = UserFactory()
    Registration.objects.create(session=seminar.sessions.get(), user=person, status=status)
    return person


def test_an_attendees_only_material_is_refused_to_a_guest_and_to_someone_who_did_not_come(client, seminar):
    document = add_material(seminar, attendees_only=True)
    assert client.get(document.url).status_code == 403
    client.force_login(registration(seminar, RegistrationStatus.CONFIRMED))
    assert client.get(document.url).status_code == 403


def test_an_attendee_and_an_organiser_may_download_an_attendees_only_material(client, seminar):
    document = add_material(seminar, attendees_only=True)
    client.force_login(registration(seminar, RegistrationStatus.ATTENDED))
    assert client.get(document.url).status_code == 200
    organiser = member_of(roles.INSTRUCTORS)
    seminar.organisers = [organiser]
    seminar.save_revision().publish()
    client.force_login(organiser)
    assert client.get(document.url).status_code == 200


def test_an_open_material_is_served_to_anyone(client, seminar):
    document = add_material(seminar, attendees_only=False)
    assert client.get(document.url).status_code == 200
