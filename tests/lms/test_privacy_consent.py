"""Consent to the privacy notice: at sign-up, and again whenever a new version is published."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from lms.middleware import SESSION_KEY
from lms.models import ConsentRecord, User
from tests.factories import UserFactory
from tests.lms.accounts_helpers import (  # noqa: F401 (fixtures)
    PASSWORD,
    _commit_at_the_end_of_each_request,
    notice_fixture,
    publish_version,
    signup_data,
)

pytestmark = pytest.mark.django_db

CONSENT_URL = reverse("account:privacy-consent")


def sign_up_and_verify(client):
    data = signup_data(
        email="malee@example.go.th",
        first_name="มาลี",
        last_name="ศรีสุข",
        first_name_en="Malee",
        last_name_en="Srisuk",
    )
    assert client.post(reverse("account:signup"), data).status_code == 302
    path = re.search(r"https?://testserver(/account/verify/\S+/)", mail.outbox[-1].body).group(1)
    assert client.post(path).status_code == 302
    login = {"username": "malee@example.go.th", "password": PASSWORD}
    assert client.post(reverse("account:login"), login).status_code == 302
    return User.objects.get(email="malee@example.go.th")


class TestConsentFlow:
    def test_sign_up_consents_to_the_notice_and_a_new_version_asks_again(self, client, notice):
        user = sign_up_and_verify(client)
        assert list(user.consents.values_list("version", flat=True)) == ["1.0"]
        assert client.get("/").status_code == 200

        publish_version(notice, "2.0")
        response = client.get("/")
        assert response.status_code == 302
        assert response["Location"] == f"{CONSENT_URL}?next=%2F"

        page = client.get(response["Location"])
        assert page.status_code == 200
        assert notice.title in page.text
        assert "2.0" in page.text
        assert "1 มกราคม 2569" in page.text
        assert "เราเก็บข้อมูลเท่าที่จำเป็น" in page.text
        assert f'<p><a href="{notice.url}">' in page.text  # not only the footer's link

        accepted = client.post(CONSENT_URL, {"version": "2.0", "next": "/"}, REMOTE_ADDR="192.0.2.44")
        assert accepted.status_code == 302
        assert accepted["Location"] == "/"
        record = user.consents.get(version="2.0")
        assert record.notice_id == notice.pk
        assert record.ip_address == "192.0.2.44"
        assert client.session[SESSION_KEY] == "2.0"
        assert client.get("/").status_code == 200

    def test_republishing_with_the_same_version_asks_nothing(self, client, notice):
        user = sign_up_and_verify(client)
        publish_version(notice, "1.0", introduction="แก้คำผิดเล็กน้อย")
        assert client.get("/").status_code == 200
        assert user.consents.count() == 1

    def test_an_accepted_version_is_not_asked_again_in_a_new_session(self, client, notice):
        user = sign_up_and_verify(client)
        publish_version(notice, "2.0")
        client.post(CONSENT_URL, {"version": "2.0", "next": "/"})
        client.logout()
        client.force_login(user)
        assert client.get("/").status_code == 200

    def test_the_notice_itself_can_be_read_before_accepting(self, client, notice, user):
        client.force_login(user)
        assert client.get("/").status_code == 302
        assert client.get(notice.url).status_code == 200


class TestConsentPage:
    def test_it_needs_a_login(self, client, notice):
        response = client.get(CONSENT_URL)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account:login"))

    def test_without_a_notice_it_goes_straight_on(self, client, site_pages, user):
        client.force_login(user)
        response = client.get(CONSENT_URL, {"next": "/courses/"})
        assert response.status_code == 302
        assert response["Location"] == "/courses/"

    def test_an_accepted_version_goes_straight_on_without_a_new_record(self, client, notice, user):
        ConsentRecord.objects.create(user=user, notice=notice, version="1.0")
        client.force_login(user)
        response = client.post(CONSENT_URL, {"version": "1.0", "next": "/library/"})
        assert response["Location"] == "/library/"
        assert user.consents.count() == 1

    @pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/path"])
    def test_next_pointing_elsewhere_goes_home(self, client, notice, user, target):
        client.force_login(user)
        response = client.post(CONSENT_URL, {"version": "1.0", "next": target})
        assert response["Location"] == "/"
        assert user.consents.filter(version="1.0").exists()

    def test_accepting_a_version_that_was_just_replaced_records_nothing(self, client, notice, user):
        client.force_login(user)
        publish_version(notice, "2.0")
        response = client.post(CONSENT_URL, {"version": "1.0", "next": "/"})
        assert response.status_code == 200
        assert 'name="version" value="2.0"' in response.text
        assert not user.consents.exists()

    def test_the_address_behind_a_trusted_proxy_is_recorded(self, client, notice, settings):
        settings.NUM_TRUSTED_PROXIES = 1
        user = UserFactory()
        client.force_login(user)
        client.post(CONSENT_URL, {"version": "1.0"}, HTTP_X_FORWARDED_FOR="203.0.113.5", REMOTE_ADDR="10.0.0.2")
        assert user.consents.get().ip_address == "203.0.113.5"

    def test_a_malformed_address_is_left_empty(self, client, notice, settings):
        settings.NUM_TRUSTED_PROXIES = 1
        user = UserFactory()
        client.force_login(user)
        client.post(CONSENT_URL, {"version": "1.0"}, HTTP_X_FORWARDED_FOR="not-an-address")
        assert user.consents.get().ip_address is None
