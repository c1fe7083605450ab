"""The editor's agency screens and its user forms with the platform's fields."""

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from lms import roles
from lms.models import Agency, LearnerType, User
from tests.factories import DEFAULT_PASSWORD, AgencyFactory, CivilServantFactory, UserFactory

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Kh0ng-Dee-2569!"


def member_of(group_name, **kwargs):
    user = UserFactory(**kwargs)
    user.groups.add(Group.objects.get(name=group_name))
    return user


@pytest.fixture
def agencies():
    """A ministry with one department and one division under it, plus another ministry."""
    opm = AgencyFactory(code="OPM", name_th="สำนักนายกรัฐมนตรี", name_en="Office of the Prime Minister")
    ocsc = AgencyFactory(
        code="OCSC",
        name_th="สำนักงานคณะกรรมการข้าราชการพลเรือน",
        name_en="Office of the Civil Service Commission",
        level=Agency.Level.DEPARTMENT,
        parent=opm,
    )
    csdi = AgencyFactory(
        code="CSDI",
        name_th="สถาบันพัฒนาข้าราชการพลเรือน",
        name_en="Civil Service Development Institute",
        level=Agency.Level.DIVISION,
        parent=ocsc,
    )
    mof = AgencyFactory(code="MOF", name_th="กระทรวงการคลัง", name_en="Ministry of Finance")
    return {"OPM": opm, "OCSC": ocsc, "CSDI": csdi, "MOF": mof}


@pytest.fixture
def admin_client(client):
    client.force_login(member_of(roles.ADMINISTRATORS))
    return client


def agency_form(**overrides):
    data = {
        "code": "CGD",
        "abbreviation": "บก.",
        "name_th": "กรมบัญชีกลาง",
        "name_en": "The Comptroller General's Department",
        "level": Agency.Level.DEPARTMENT,
        "parent": "",
        "is_state_enterprise": "",
    }
    data.update(overrides)
    return data


def listing_row(response, text):
    """The text of the row of the editor's listing table that shows ``text``, cell by cell."""
    for row in BeautifulSoup(response.content, "html.parser").select("table.listing tbody tr"):
        cells = [cell.get_text(" ", strip=True) for cell in row.find_all("td")]
        if any(text in cell for cell in cells):
            return " | ".join(cells)
    raise AssertionError(f"No row of the listing shows {text!r}.")


def is_denied(response):
    """Wagtail sends people without permission back to the dashboard with a message."""
    return response.status_code == 302 and response.url == reverse("wagtailadmin_home")


class TestAgencyListing:
    def test_an_administrator_sees_code_names_parent_and_level(self, admin_client, agencies):
        response = admin_client.get(reverse("agencies:index"))
        assert response.status_code == 200
        # Looked for in CSDI's own row: the level filter lists every level, and OCSC has a row too.
        row = listing_row(response, "CSDI")
        with translation.override("th"):
            division = str(Agency.Level.DIVISION.label)
        for text in ("CSDI", "สถาบันพัฒนาข้าราชการพลเรือน", "Civil Service Development Institute", division):
            assert text in row
        assert "สำนักงานคณะกรรมการข้าราชการพลเรือน" in row

    def test_the_agencies_are_in_the_editors_menu(self, admin_client, agencies):
        response = admin_client.get(reverse("wagtailadmin_home"))
        assert reverse("agencies:index") in response.content.decode()

    def test_agencies_are_found_by_thai_name_or_code(self, admin_client, agencies):
        results = admin_client.get(reverse("agencies:index"), {"q": "การคลัง"}).context["object_list"]
        assert [agency.code for agency in results] == ["MOF"]
        results = admin_client.get(reverse("agencies:index"), {"q": "csdi"}).context["object_list"]
        assert [agency.code for agency in results] == ["CSDI"]

    def test_agencies_can_be_filtered_by_level(self, admin_client, agencies):
        response = admin_client.get(reverse("agencies:index"), {"level": Agency.Level.MINISTRY})
        assert {agency.code for agency in response.context["object_list"]} == {"OPM", "MOF"}

    def test_the_listing_makes_the_same_number_of_queries_however_many_agencies(self, admin_client, agencies):
        url = reverse("agencies:index")
        admin_client.get(url)
        with CaptureQueriesContext(connection) as few:
            admin_client.get(url)
        for n in range(30):
            AgencyFactory(level=Agency.Level.DEPARTMENT, parent=agencies["MOF"], name_th=f"กรมตัวอย่าง {n}")
        with CaptureQueriesContext(connection) as many:
            admin_client.get(url)
        assert len(many) == len(few)

    def test_an_instructor_is_turned_away(self, client, agencies):
        client.force_login(member_of(roles.INSTRUCTORS))
        assert is_denied(client.get(reverse("agencies:index")))

    def test_a_training_officer_can_look_but_not_add_or_edit(self, client, agencies):
        client.force_login(member_of(roles.TRAINING_OFFICERS))
        assert client.get(reverse("agencies:index")).status_code == 200
        assert client.get(reverse("agencies:inspect", args=[agencies["OCSC"].pk])).status_code == 200
        assert is_denied(client.get(reverse("agencies:add")))
        assert is_denied(client.get(reverse("agencies:edit", args=[agencies["OCSC"].pk])))
        response = client.post(reverse("agencies:add"), agency_form())
        assert is_denied(response)
        assert not Agency.objects.filter(code="CGD").exists()


class TestAgencyForm:
    def test_an_administrator_adds_a_department_under_a_ministry(self, admin_client, agencies):
        response = admin_client.post(reverse("agencies:add"), agency_form(parent=agencies["MOF"].pk))
        assert response.status_code == 302
        cgd = Agency.objects.get(code="CGD")
        assert cgd.parent == agencies["MOF"]
        assert cgd.name_en == "The Comptroller General's Department"

    def test_an_agency_cannot_be_placed_under_its_own_division(self, admin_client, agencies):
        opm = agencies["OPM"]
        data = agency_form(
            code="OPM", name_th=opm.name_th, name_en=opm.name_en, level=opm.level, parent=agencies["CSDI"].pk
        )
        response = admin_client.post(reverse("agencies:edit", args=[opm.pk]), data)
        assert response.status_code == 200
        with translation.override("th"):  # the admin answers in Thai, the default language
            expected = gettext("An agency cannot be placed under itself.")
        assert expected in str(response.context["form"].errors["parent"])
        opm.refresh_from_db()
        assert opm.parent is None

    def test_a_fourth_level_is_refused(self, admin_client, agencies):
        data = agency_form(code="UNIT", name_th="กลุ่มงานย่อย", level=Agency.Level.DIVISION, parent=agencies["CSDI"].pk)
        response = admin_client.post(reverse("agencies:add"), data)
        assert response.status_code == 200
        with translation.override("th"):  # the admin answers in Thai, the default language
            expected = gettext("The agency tree has at most three levels.")
        assert expected in str(response.context["form"].errors["parent"])
        assert not Agency.objects.filter(code="UNIT").exists()

    def test_a_code_already_in_use_is_refused(self, admin_client, agencies):
        response = admin_client.post(reverse("agencies:add"), agency_form(code="MOF"))
        assert response.status_code == 200
        assert "code" in response.context["form"].errors
        assert Agency.objects.filter(code="MOF").count() == 1


def new_user_form(**overrides):
    data = {
        "email": "Suda.R@Example.GO.TH",
        "name_prefix": "นางสาว",
        "first_name": "สุดา",
        "last_name": "รักไทย",
        "first_name_en": "Suda",
        "last_name_en": "Rakthai",
        "learner_type": LearnerType.CIVIL_SERVANT,
        "agency": "",
        "position": "นักทรัพยากรบุคคลปฏิบัติการ",
        "preferred_language": "th",
        "email_verified": "on",
        "password1": NEW_PASSWORD,
        "password2": NEW_PASSWORD,
    }
    data.update(overrides)
    return data


class TestUserForms:
    def test_the_add_user_form_asks_for_the_platforms_fields_and_no_username(self, admin_client):
        response = admin_client.get(reverse("wagtailusers_users:add"))
        assert response.status_code == 200
        form = response.context["form"]
        for name in ("email", "name_prefix", "first_name_en", "last_name_en", "learner_type", "agency", "position"):
            assert name in form.fields
            assert f'name="{name}"' in response.content.decode()
        assert "username" not in form.fields

    def test_an_administrator_creates_a_civil_servant_with_thai_names_and_an_agency(self, admin_client, agencies):
        data = new_user_form(agency=agencies["OCSC"].pk, groups=[Group.objects.get(name=roles.INSTRUCTORS).pk])
        response = admin_client.post(reverse("wagtailusers_users:add"), data)
        assert response.status_code == 302, response.context["form"].errors
        user = User.objects.get(email="suda.r@example.go.th")
        assert user.get_full_name() == "นางสาวสุดา รักไทย"
        assert user.get_full_name_en() == "Miss Suda Rakthai"
        assert user.agency == agencies["OCSC"]
        assert user.position == "นักทรัพยากรบุคคลปฏิบัติการ"
        assert user.email_verified
        assert user.groups.filter(name=roles.INSTRUCTORS).exists()
        assert user.check_password(NEW_PASSWORD)

    def test_a_civil_servant_without_an_agency_is_refused(self, admin_client):
        response = admin_client.post(reverse("wagtailusers_users:add"), new_user_form())
        assert response.status_code == 200
        assert "agency" in response.context["form"].errors
        assert not User.objects.filter(email="suda.r@example.go.th").exists()

    def test_an_address_already_used_in_another_letter_case_is_refused(self, admin_client):
        UserFactory(email="suda.r@example.go.th")
        data = new_user_form(learner_type=LearnerType.CITIZEN)
        response = admin_client.post(reverse("wagtailusers_users:add"), data)
        assert response.status_code == 200
        assert "email" in response.context["form"].errors
        assert User.objects.filter(email__iexact="suda.r@example.go.th").count() == 1

    def test_an_administrator_corrects_a_users_english_name_and_agency(self, admin_client, agencies):
        user = UserFactory(learner_type=LearnerType.CITIZEN)
        data = new_user_form(
            email=user.email,
            first_name=user.first_name,
            last_name=user.last_name,
            first_name_en="Somying",
            last_name_en="Jaidee",
            agency=agencies["CSDI"].pk,
            password1="",
            password2="",
            is_active="on",
        )
        response = admin_client.post(reverse("wagtailusers_users:edit", args=[user.pk]), data)
        assert response.status_code == 302, response.context["form"].errors
        user.refresh_from_db()
        assert user.last_name_en == "Jaidee"
        assert user.agency == agencies["CSDI"]
        assert user.learner_type == LearnerType.CIVIL_SERVANT
        assert user.check_password(DEFAULT_PASSWORD)

    def test_a_training_officer_can_list_users_but_not_edit_them(self, client, agencies):
        learner = CivilServantFactory(first_name_en="Kittipong", agency=agencies["OCSC"])
        client.force_login(member_of(roles.TRAINING_OFFICERS, agency=agencies["OCSC"]))
        response = client.get(reverse("wagtailusers_users:index"))
        assert response.status_code == 200
        assert learner.email in response.content.decode()
        assert is_denied(client.get(reverse("wagtailusers_users:edit", args=[learner.pk])))
        assert is_denied(client.get(reverse("wagtailusers_users:add")))


class TestUserListing:
    def test_users_are_found_by_their_english_name_and_shown_with_their_agency(self, admin_client, agencies):
        kittipong = UserFactory(
            first_name_en="Kittipong", agency=agencies["OCSC"], learner_type=LearnerType.CIVIL_SERVANT
        )
        UserFactory(first_name_en="Malee")
        response = admin_client.get(reverse("wagtailusers_users:index"), {"q": "kittipong"})
        users = list(response.context["object_list"])
        assert [user.first_name_en for user in users] == ["Kittipong"]
        # In the user's own row: the agency filter lists every agency's name anyway.
        assert "สำนักงานคณะกรรมการข้าราชการพลเรือน" in listing_row(response, kittipong.email)

    def test_users_can_be_filtered_by_learner_type(self, admin_client):
        citizen = UserFactory(learner_type=LearnerType.CITIZEN)
        civil_servant = CivilServantFactory()
        response = admin_client.get(reverse("wagtailusers_users:index"), {"learner_type": LearnerType.CIVIL_SERVANT})
        assert citizen not in response.context["object_list"]
        assert civil_servant in response.context["object_list"]

    def test_the_listing_makes_the_same_number_of_queries_however_many_users(self, admin_client, agencies):
        url = reverse("wagtailusers_users:index")
        admin_client.get(url)
        with CaptureQueriesContext(connection) as few:
            admin_client.get(url)
        for _n in range(15):
            UserFactory(agency=agencies["OCSC"], learner_type=LearnerType.CIVIL_SERVANT)
        with CaptureQueriesContext(connection) as many:
            admin_client.get(url)
        assert len(many) == len(few)


def listed_emails(client, **params):
    response = client.get(reverse("wagtailusers_users:index"), params)
    assert response.status_code == 200
    return {user.email for user in response.context["object_list"]}


@pytest.fixture
def staff(agencies):
    """One civil servant in each agency of the ``agencies`` fixture, by agency code."""
    return {code: CivilServantFactory(agency=agency) for code, agency in agencies.items()}


class TestWhichUsersATrainingOfficerSees:
    def test_an_officer_of_a_ministry_sees_its_staff_and_its_departments_staff_only(self, client, agencies, staff):
        officer = member_of(roles.TRAINING_OFFICERS, agency=agencies["OPM"])
        client.force_login(officer)
        citizen = UserFactory()
        emails = listed_emails(client)
        assert {staff[code].email for code in ("OPM", "OCSC", "CSDI")} <= emails
        assert staff["MOF"].email not in emails
        assert citizen.email not in emails
        assert staff["MOF"].email not in client.get(reverse("wagtailusers_users:index")).content.decode()

    def test_an_officer_of_a_department_does_not_see_the_ministry_above_it(self, client, agencies, staff):
        client.force_login(member_of(roles.TRAINING_OFFICERS, agency=agencies["OCSC"]))
        emails = listed_emails(client)
        assert {staff["OCSC"].email, staff["CSDI"].email} <= emails
        assert staff["OPM"].email not in emails

    def test_searching_does_not_reach_beyond_the_officers_agency(self, client, agencies, staff):
        client.force_login(member_of(roles.TRAINING_OFFICERS, agency=agencies["OCSC"]))
        assert staff["CSDI"].email in listed_emails(client, q=staff["CSDI"].last_name_en)
        assert listed_emails(client, q=staff["MOF"].last_name_en) == set()
        assert listed_emails(client, agency=agencies["MOF"].pk) == set()

    def test_an_officer_without_an_agency_sees_nobody(self, client, agencies, staff):
        client.force_login(member_of(roles.TRAINING_OFFICERS))
        assert listed_emails(client) == set()

    def test_an_administrator_and_a_superuser_see_everyone(self, admin_client, client, agencies, staff):
        everyone = {user.email for user in staff.values()}
        assert everyone <= listed_emails(admin_client)
        superuser = User.objects.create_superuser(email="root@example.go.th", password=NEW_PASSWORD)
        client.force_login(superuser)
        assert everyone <= listed_emails(client)

    def test_opening_another_agencys_user_by_id_is_not_found(self, client, agencies, staff):
        client.force_login(member_of(roles.TRAINING_OFFICERS, agency=agencies["OCSC"]))
        other = staff["MOF"]
        for name in ("edit", "delete", "history"):
            response = client.get(reverse(f"wagtailusers_users:{name}", args=[other.pk]))
            assert response.status_code == 404, name
            assert other.email not in response.content.decode()
        # Their own staff are listed but still not editable: officers only look.
        assert is_denied(client.get(reverse("wagtailusers_users:edit", args=[staff["CSDI"].pk])))

    def test_the_officers_listing_makes_the_same_number_of_queries_however_many_staff(
        self, client, agencies, staff, django_assert_max_num_queries
    ):
        client.force_login(member_of(roles.TRAINING_OFFICERS, agency=agencies["OPM"]))
        url = reverse("wagtailusers_users:index")
        client.get(url)
        with CaptureQueriesContext(connection) as few:
            client.get(url)
        for _n in range(10):
            CivilServantFactory(agency=agencies["CSDI"])
            CivilServantFactory(agency=agencies["MOF"])
        with django_assert_max_num_queries(len(few)):
            response = client.get(url)
        assert len(response.context["object_list"]) == 3 + 10 + 1
