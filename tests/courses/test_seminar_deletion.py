"""Deleting seminars in the editor: never when people's registrations and attendance would go with them."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils.http import urlencode

from courses.models import Registration, SeminarPage, SeminarSession
from courses.services import seminars
from tests.factories import UserFactory, make_seminar

pytestmark = pytest.mark.django_db


def messages_of(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


@pytest.fixture
def seminar_index(site_pages):
    return site_pages["seminars"]


def test_a_seminar_people_registered_for_cannot_be_deleted_and_nothing_is_lost(client, administrator, seminar_index):
    seminar = make_seminar(seminar_index, title="สัมมนาธรรมาภิบาลข้อมูล")
    seminars.register(seminar.sessions.get(), UserFactory())
    client.force_login(administrator)

    response = client.post(reverse("wagtailadmin_pages:delete", args=[seminar.pk]))

    assert response.status_code == 302
    assert response.url == reverse("wagtailadmin_explore", args=[seminar_index.pk])
    assert SeminarPage.objects.filter(pk=seminar.pk).exists()
    assert Registration.objects.filter(session__page=seminar).count() == 1
    assert any("“สัมมนาธรรมาภิบาลข้อมูล” cannot be deleted" in message for message in messages_of(response))


def test_bulk_deleting_a_seminar_with_registrations_is_refused_too(client, administrator, seminar_index):
    seminar = make_seminar(seminar_index)
    seminars.register(seminar.sessions.get(), UserFactory())
    client.force_login(administrator)
    query = urlencode(
        {"next": reverse("wagtailadmin_explore", args=[seminar_index.pk]), "id": [seminar.pk]}, doseq=True
    )

    client.post(reverse("wagtail_bulk_action", args=["wagtailcore", "page", "delete"]) + "?" + query)

    assert SeminarPage.objects.filter(pk=seminar.pk).exists()


def test_a_seminar_nobody_registered_for_can_be_deleted_with_its_sessions(client, administrator, seminar_index):
    seminar = make_seminar(seminar_index)
    client.force_login(administrator)

    client.post(reverse("wagtailadmin_pages:delete", args=[seminar.pk]))

    assert not SeminarPage.objects.filter(pk=seminar.pk).exists()
    assert not SeminarSession.objects.exists()
