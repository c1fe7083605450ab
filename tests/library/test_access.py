"""Who may open a library item's file, through every address that serves it."""

import json
from urllib.parse import parse_qs

import pytest
from django.contrib.auth.models import Group, Permission
from django.test import RequestFactory
from django.utils import translation
from wagtail.models import GroupPagePermission, PageViewRestriction

from library.access import may_open, refusal_reason
from lms import roles
from lms.models import LearnerType
from tests.factories import (
    CivilServantFactory,
    UserFactory,
    make_course,
    make_document,
    make_library_item,
    make_pdf_bytes,
    member_of,
)

pytestmark = pytest.mark.django_db

BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/131.0 Safari/537.36"


@pytest.fixture
def library(site_pages):
    return site_pages["library"]


@pytest.fixture
def browser(client):
    client.defaults["HTTP_USER_AGENT"] = BROWSER
    client.cookies["lms_language"] = "en"
    return client


def every_address(item):
    return {
        "download": f"/library/items/{item.pk}/download/",
        "preview": f"/library/items/{item.pk}/preview/",
        "document": item.document.url,
    }


def statuses(client, item):
    return {name: client.get(url).status_code for name, url in every_address(item).items()}


def library_editor(library):
    """An instructor who may edit the library's items in Wagtail (as ``load_demo`` grants)."""
    editor = member_of(roles.INSTRUCTORS)
    group = Group.objects.create(name="Library editors")
    group.user_set.add(editor)
    GroupPagePermission.objects.create(
        group=group, page=library, permission=Permission.objects.get(codename="change_page")
    )
    return editor


class TestWhoMayOpen:
    @pytest.mark.parametrize(
        ("access", "expected"),
        [
            ("open", {"anonymous": True, "citizen": True, "civil_servant": True, "staff": True}),
            ("signed_in", {"anonymous": False, "citizen": True, "civil_servant": True, "staff": True}),
            ("civil_servants", {"anonymous": False, "citizen": False, "civil_servant": True, "staff": True}),
        ],
    )
    def test_each_access_level_admits_its_people(self, library, access, expected):
        from django.contrib.auth.models import AnonymousUser

        item = make_library_item(library, access=access)
        people = {
            "anonymous": AnonymousUser(),
            "citizen": UserFactory(),
            "civil_servant": CivilServantFactory(),
            "staff": UserFactory(is_staff=True),
        }

        assert {name: may_open(person, item) for name, person in people.items()} == expected

    def test_a_state_enterprise_employee_is_not_a_civil_servant(self, library):
        item = make_library_item(library, access="civil_servants")

        assert not may_open(UserFactory(learner_type=LearnerType.STATE_ENTERPRISE), item)

    def test_superusers_and_the_items_editors_open_a_civil_servants_file(self, library):
        item = make_library_item(library, access="civil_servants")

        assert may_open(UserFactory(is_superuser=True), item)
        assert may_open(library_editor(library), item)
        assert not may_open(member_of(roles.INSTRUCTORS), item)

    def test_the_reason_says_who_the_file_is_for(self, library, user):
        item = make_library_item(library, access="civil_servants")

        with translation.override("en"):
            assert "civil servants only" in refusal_reason(user, item)
        with translation.override("th"):
            assert "สำหรับข้าราชการเท่านั้น" in refusal_reason(user, item)
        assert refusal_reason(CivilServantFactory(), item) == ""


class TestPagePrivacy:
    def test_an_item_under_a_login_restriction_is_closed_to_visitors_even_when_open(self, library, browser, user):
        item = make_library_item(library, access="open")
        PageViewRestriction.objects.create(page=library, restriction_type=PageViewRestriction.LOGIN)

        assert statuses(browser, item) == {"download": 302, "preview": 302, "document": 302}
        browser.force_login(user)
        assert statuses(browser, item) == {"download": 200, "preview": 200, "document": 200}

    def test_a_group_restriction_admits_only_the_groups_members(self, library, browser, civil_servant):
        item = make_library_item(library, access="civil_servants")
        restriction = PageViewRestriction.objects.create(page=item, restriction_type=PageViewRestriction.GROUPS)
        restriction.groups.add(Group.objects.get(name=roles.TRAINING_OFFICERS))

        browser.force_login(civil_servant)
        response = browser.get(every_address(item)["download"])
        assert response.status_code == 403
        assert "privacy setting" in response.content.decode()

        civil_servant.groups.add(Group.objects.get(name=roles.TRAINING_OFFICERS))
        assert statuses(browser, item) == {"download": 200, "preview": 200, "document": 200}

    def test_a_password_restriction_admits_those_who_gave_the_password(self, library, browser):
        item = make_library_item(library)
        restriction = PageViewRestriction.objects.create(
            page=item,
            restriction_type=PageViewRestriction.PASSWORD,
            password="shared-secret",  # noqa: S106
        )

        refused = browser.get(every_address(item)["download"])
        assert refused.status_code == 403
        assert "enter the password" in refused.content.decode()

        browser.post(
            f"/_util/authenticate_with_password/{restriction.pk}/{item.pk}/",
            {"password": "shared-secret", "return_url": item.url},
        )
        assert statuses(browser, item) == {"download": 200, "preview": 200, "document": 200}
        assert not may_open(UserFactory(), item)  # without the session that passed it

    def test_may_open_with_a_request_reads_the_session(self, library):
        item = make_library_item(library)
        restriction = PageViewRestriction.objects.create(
            page=item,
            restriction_type=PageViewRestriction.PASSWORD,
            password="pw",  # noqa: S106
        )
        request = RequestFactory().get("/")
        request.user = UserFactory()
        request.session = {restriction.passed_view_restrictions_session_key: [restriction.pk]}

        assert may_open(request.user, item, request)


class TestACivilServantsOnlyFile:
    """The file of a civil-servants-only item, through the download, the preview and Wagtail's address."""

    @pytest.fixture
    def item(self, library):
        document = make_document(content=make_pdf_bytes("เอกสารเฉพาะข้าราชการ"), filename="restricted.pdf")
        return make_library_item(library, access="civil_servants", document=document)

    def test_a_citizen_is_refused_at_every_address_with_the_reason(self, item, browser, user):
        browser.force_login(user)

        assert statuses(browser, item) == {"download": 403, "preview": 403, "document": 403}
        page = browser.get(every_address(item)["download"]).content.decode()
        assert "civil servants only" in page
        assert "change your learner type in your profile" in page
        assert item.url in page

    def test_a_civil_servant_gets_the_file_at_every_address(self, item, browser, civil_servant):
        browser.force_login(civil_servant)

        assert statuses(browser, item) == {"download": 200, "preview": 200, "document": 200}
        for url in every_address(item).values():
            assert b"".join(browser.get(url).streaming_content) == item.document.file.open("rb").read()

    def test_a_visitor_who_is_not_signed_in_is_sent_to_log_in_and_back(self, item, browser):
        for url in every_address(item).values():
            response = browser.get(url)

            assert response.status_code == 302
            login, query = response["Location"].split("?", 1)
            assert login == "/account/login/"
            assert parse_qs(query)["next"] == [url]

    def test_the_file_of_an_unpublished_item_stays_restricted_at_wagtails_address(self, library, browser, user):
        item = make_library_item(library, access="civil_servants", publish=False)
        browser.force_login(user)

        assert browser.get(item.document.url).status_code == 403

    def test_an_open_file_at_wagtails_address_is_served_to_anyone(self, library, browser):
        item = make_library_item(library, access="open")

        assert browser.get(item.document.url).status_code == 200


class TestADocumentInALessonAndInTheLibrary:
    """Both hooks on ``/documents/`` must agree: a lesson's learners do not get a civil-servants-only file."""

    @pytest.fixture
    def shared(self, site_pages):
        document = make_document(filename="shared-handout.pdf")
        body = json.dumps([{"type": "document", "value": {"document": document.pk, "description": "Slides"}}])
        course = make_course(site_pages["courses"], lessons=[{}, {"body": body}])
        item = make_library_item(site_pages["library"], access="civil_servants", document=document)
        return course, item, document

    def test_a_citizen_enrolled_in_the_course_is_refused_by_the_library(self, shared, browser):
        from courses.services.enrolment import enrol_learner

        course, _item, document = shared
        learner = UserFactory()
        enrol_learner(course, learner)
        browser.force_login(learner)

        assert browser.get(document.url).status_code == 403

    def test_a_civil_servant_gets_it_as_from_the_library(self, shared, browser, civil_servant):
        _course, item, document = shared
        browser.force_login(civil_servant)

        assert browser.get(document.url).status_code == 200
        assert browser.get(f"/library/items/{item.pk}/download/").status_code == 200

    def test_a_visitor_is_refused(self, shared, browser):
        _course, _item, document = shared

        assert browser.get(document.url).status_code in (302, 403)
