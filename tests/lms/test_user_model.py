"""The custom user: e-mail login in any letter case, Thai and English names, agency rule."""

import pytest
from django.contrib.auth import authenticate, get_user_model
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from lms.models import Agency, LearnerType
from tests.factories import DEFAULT_PASSWORD, AgencyFactory, CivilServantFactory, UserFactory

User = get_user_model()
pytestmark = pytest.mark.django_db


class TestEmailLogin:
    def test_the_email_is_stored_in_lower_case(self):
        user = User.objects.create_user(email="  Somchai.J@Example.GO.TH ", password=DEFAULT_PASSWORD)
        assert user.email == "somchai.j@example.go.th"

    def test_a_user_can_log_in_with_the_email_in_any_letter_case(self):
        user = UserFactory(email="suda@example.go.th")
        assert authenticate(username="SUDA@Example.go.th", password=DEFAULT_PASSWORD) == user

    def test_two_accounts_cannot_share_an_email_that_differs_only_in_case(self):
        UserFactory(email="dup@example.go.th")
        with pytest.raises(IntegrityError), transaction.atomic():
            User.objects.bulk_create([User(email="DUP@example.go.th")])

    def test_model_validation_reports_a_duplicate_email_on_the_email_field(self):
        UserFactory(email="dup@example.go.th")
        with pytest.raises(ValidationError) as error:
            User(email="Dup@Example.go.th", learner_type=LearnerType.CITIZEN).full_clean(exclude=["password"])
        assert "email" in error.value.message_dict

    def test_passwords_are_hashed_with_argon2_outside_tests(self, settings):
        from django.contrib.auth.hashers import check_password, make_password

        from lms.settings import base

        settings.PASSWORD_HASHERS = base.PASSWORD_HASHERS
        hashed = make_password(DEFAULT_PASSWORD)
        assert hashed.startswith("argon2$argon2id$")
        assert check_password(DEFAULT_PASSWORD, hashed)


class TestNames:
    def test_the_thai_full_name_joins_the_prefix_to_the_first_name(self):
        user = UserFactory(name_prefix="นาย", first_name="สมชาย", last_name="ใจดี")
        assert user.get_full_name() == "นายสมชาย ใจดี"

    def test_the_english_name_carries_the_matching_english_title(self):
        user = UserFactory(name_prefix="นางสาว", first_name_en="Suda", last_name_en="Rakthai")
        assert user.get_full_name_en() == "Miss Suda Rakthai"

    def test_a_user_without_a_name_is_shown_by_email(self):
        user = UserFactory(first_name="", last_name="", name_prefix="")
        assert str(user) == user.email


class TestAgencyRule:
    def test_a_civil_servant_without_an_agency_is_invalid_on_the_agency_field(self):
        user = User(email="cs@example.go.th", learner_type=LearnerType.CIVIL_SERVANT)
        with pytest.raises(ValidationError) as error:
            user.full_clean(exclude=["password"])
        assert "agency" in error.value.message_dict

    def test_state_enterprise_staff_also_need_an_agency(self):
        user = User(email="se@example.go.th", learner_type=LearnerType.STATE_ENTERPRISE)
        with pytest.raises(ValidationError) as error:
            user.full_clean(exclude=["password"])
        assert "agency" in error.value.message_dict

    def test_a_citizen_needs_no_agency(self):
        User(email="citizen@example.com", learner_type=LearnerType.CITIZEN).full_clean(exclude=["password"])

    def test_a_civil_servant_with_an_agency_is_valid(self):
        CivilServantFactory().full_clean(exclude=["password"])


class TestAgencyTree:
    def test_within_returns_the_agency_and_everything_beneath_it(self):
        ministry = AgencyFactory(level=Agency.Level.MINISTRY)
        department = AgencyFactory(parent=ministry, level=Agency.Level.DEPARTMENT)
        division = AgencyFactory(parent=department, level=Agency.Level.DIVISION)
        AgencyFactory()
        assert set(Agency.objects.within(ministry)) == {ministry, department, division}
        assert set(Agency.objects.within(department)) == {department, division}
        assert set(Agency.objects.within(department.pk)) == {department, division}

    def test_an_agency_cannot_be_placed_under_its_own_descendant(self):
        ministry = AgencyFactory()
        department = AgencyFactory(parent=ministry)
        ministry.parent = department
        with pytest.raises(ValidationError) as error:
            ministry.full_clean()
        assert "parent" in error.value.message_dict

    def test_the_tree_has_at_most_three_levels(self):
        a = AgencyFactory()
        b = AgencyFactory(parent=a)
        c = AgencyFactory(parent=b)
        d = AgencyFactory.build(parent=c, code="TOO-DEEP")
        with pytest.raises(ValidationError):
            d.full_clean()

    def test_the_name_follows_the_visitors_language(self):
        from django.utils import translation

        agency = AgencyFactory(name_th="กรมบัญชีกลาง", name_en="The Comptroller General's Department")
        with translation.override("en"):
            assert str(agency) == "The Comptroller General's Department"
        with translation.override("th"):
            assert str(agency) == "กรมบัญชีกลาง"
