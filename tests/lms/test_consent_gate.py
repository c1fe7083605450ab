"""Until the current privacy notice is accepted, a signed-in user can change nothing."""

import pytest
from django.urls import reverse

from tests.factories import add_privacy_notice

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed_in_without_consent(client, site_pages, user):
    add_privacy_notice(site_pages["home"], version="2.0")
    client.force_login(user)
    return client


class TestConsentGate:
    def test_a_form_post_is_turned_back_to_the_consent_page_and_changes_nothing(self, signed_in_without_consent, user):
        response = signed_in_without_consent.post(
            reverse("account:profile"),
            {"first_name": "เปลี่ยน", "position": "ผู้อำนวยการ"},
            HTTP_REFERER="http://testserver/account/profile/",
        )

        assert response.status_code == 302
        assert response["Location"] == reverse("account:privacy-consent") + "?next=%2Faccount%2Fprofile%2F"
        user.refresh_from_db()
        assert user.position != "ผู้อำนวยการ"

    def test_a_script_gets_a_403_that_says_consent_is_needed(self, signed_in_without_consent):
        response = signed_in_without_consent.post(
            reverse("account:profile"), data="{}", content_type="application/json", HTTP_ACCEPT="application/json"
        )

        assert response.status_code == 403
        assert response.json()["error"] == "privacy_consent_required"

    def test_an_off_site_referer_is_not_used_as_the_way_back(self, signed_in_without_consent):
        response = signed_in_without_consent.post(reverse("account:profile"), {}, HTTP_REFERER="https://evil.example/x")

        assert response["Location"].endswith("?next=%2F")

    def test_logging_out_and_switching_language_still_work(self, signed_in_without_consent):
        assert (
            signed_in_without_consent.post(reverse("set_language"), {"language": "en", "next": "/"})["Location"] == "/"
        )
        response = signed_in_without_consent.post(reverse("account:logout"))
        assert response.status_code == 302
        assert "privacy" not in response["Location"]
