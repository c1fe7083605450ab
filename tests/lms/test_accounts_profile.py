"""The learner's profile: names, learner type, agency, language, and the consents given."""

import datetime
import re

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from lms.models import Agency, ConsentRecord, LearnerType
from tests.factories import AgencyFactory

pytestmark = pytest.mark.django_db

PROFILE_URL = reverse("account:profile")


def profile_data(user, **overrides):
    data = {
        "name_prefix": user.name_prefix,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "first_name_en": user.first_name_en,
        "last_name_en": user.last_name_en,
        "learner_type": user.learner_type,
        "agency": user.agency_id or "",
        "position": user.position,
        "preferred_language": user.preferred_language,
    }
    data.update(overrides)
    return data


class TestProfilePage:
    def test_it_needs_a_login(self, client):
        response = client.get(PROFILE_URL)
        assert response.status_code == 302
        assert response["Location"] == f"{reverse('account:login')}?next={PROFILE_URL}"

    def test_it_shows_the_details_and_the_email_read_only(self, client, civil_servant):
        client.force_login(civil_servant)
        response = client.get(PROFILE_URL)
        assert response.status_code == 200
        text = response.text
        assert civil_servant.email in text
        assert "readonly" in text
        assert "email" not in response.context["form"].fields
        assert civil_servant.first_name_en in text
        assert civil_servant.agency.name_th in text
        assert 'name="robots" content="noindex"' in text

    def test_browsers_can_fill_in_the_names_and_the_english_name_is_marked_english(self, client, user):
        client.force_login(user)
        response = client.get(PROFILE_URL)
        expected = {
            "name_prefix": ['autocomplete="honorific-prefix"'],
            "first_name": ['autocomplete="given-name"'],
            "last_name": ['autocomplete="family-name"'],
            "first_name_en": ['autocomplete="given-name"', 'lang="en"'],
            "last_name_en": ['autocomplete="family-name"', 'lang="en"'],
            "position": ['autocomplete="organization-title"'],
        }
        for name, attributes in expected.items():
            tag = re.search(rf'<(input|select)[^>]* name="{name}"[^>]*>', response.text).group(0)
            for attribute in attributes:
                assert attribute in tag, tag
        first_name = re.search(r'<input[^>]* name="first_name"[^>]*>', response.text).group(0)
        assert "lang=" not in first_name

    def test_the_agency_list_reads_ministry_then_department(self, client, user):
        ministry = AgencyFactory(name_th="กระทรวงมหาดไทย", name_en="Ministry of Interior")
        AgencyFactory(name_th="กรมการปกครอง", parent=ministry, level=Agency.Level.DEPARTMENT)
        client.force_login(user)
        response = client.get(PROFILE_URL)
        assert "กระทรวงมหาดไทย &gt; กรมการปกครอง" in response.text

    def test_the_consents_given_are_listed_with_version_and_date(self, client, user):
        record = ConsentRecord.objects.create(user=user, version="1.0")
        accepted = timezone.make_aware(datetime.datetime(2026, 3, 5, 14, 30))
        ConsentRecord.objects.filter(pk=record.pk).update(accepted_at=accepted)
        client.force_login(user)
        response = client.get(PROFILE_URL)
        assert "<td>1.0</td>" in response.text
        assert "5 มีนาคม 2569 14:30 น." in response.text


class TestProfileEdit:
    def test_names_agency_and_position_are_saved(self, client, user):
        agency = AgencyFactory()
        client.force_login(user)
        data = profile_data(
            user,
            name_prefix="นาง",
            first_name="สมศรี",
            last_name_en="Srisuk",
            learner_type=LearnerType.STATE_ENTERPRISE,
            agency=agency.pk,
            position="วิศวกร",
        )
        response = client.post(PROFILE_URL, data)
        assert response.status_code == 302
        assert response["Location"] == PROFILE_URL
        user.refresh_from_db()
        assert user.get_full_name().startswith("นางสมศรี")
        assert user.last_name_en == "Srisuk"
        assert user.agency == agency
        assert user.position == "วิศวกร"

    def test_the_email_cannot_be_changed_here(self, client, user):
        client.force_login(user)
        original = user.email
        client.post(PROFILE_URL, profile_data(user, email="other@example.go.th"))
        user.refresh_from_db()
        assert user.email == original

    def test_choosing_english_saves_it_and_sets_the_language_cookie(self, client, user):
        client.force_login(user)
        response = client.post(PROFILE_URL, profile_data(user, preferred_language="en"))
        user.refresh_from_db()
        assert user.preferred_language == "en"
        assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
        page = client.get(PROFILE_URL)
        assert page["Content-Language"] == "en"
        assert "Your profile has been saved." in page.text

    def test_a_civil_servant_without_an_agency_gets_an_error_on_the_agency_field(self, client, civil_servant):
        client.force_login(civil_servant)
        agency = civil_servant.agency
        response = client.post(PROFILE_URL, profile_data(civil_servant, agency="", first_name="เปลี่ยน"))
        assert response.status_code == 200
        form = response.context["form"]
        assert list(form.errors) == ["agency"]
        assert 'id="id_agency_error"' in response.text
        civil_servant.refresh_from_db()
        assert civil_servant.agency == agency
        assert civil_servant.first_name != "เปลี่ยน"

    def test_a_citizen_needs_no_agency(self, client, civil_servant):
        client.force_login(civil_servant)
        client.post(PROFILE_URL, profile_data(civil_servant, learner_type=LearnerType.CITIZEN, agency=""))
        civil_servant.refresh_from_db()
        assert civil_servant.learner_type == LearnerType.CITIZEN

    def test_the_english_name_cannot_be_emptied(self, client, user):
        client.force_login(user)
        response = client.post(PROFILE_URL, profile_data(user, first_name_en=""))
        assert response.context["form"].has_error("first_name_en", code="required")
        user.refresh_from_db()
        assert user.first_name_en == "Somying"
