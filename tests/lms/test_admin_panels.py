"""The key figures on the Wagtail admin home: the whole platform for administrators, one agency for its officers."""

import datetime
import re

import pytest
from django.core.cache import cache
from django.utils import timezone

from courses.models import Certificate, Enrolment, Registration, RegistrationStatus
from courses.services.seminars import cancel_session
from library.models import ItemUsageDay
from lms import roles
from lms.admin_panels import SITE, count_figures, month_start
from tests.factories import (
    AgencyFactory,
    CivilServantFactory,
    UserFactory,
    make_course,
    make_library_item,
    make_seminar,
    member_of,
)

pytestmark = pytest.mark.django_db

HOME = "/admin/"
ROW = re.compile(r'<tr data-figure="(?P<key>[a-z_]+)">.*?<td>(?P<value>[\d,]+)</td>', re.S)


def figures_on(response):
    """The panel's figures as shown: ``{key: number}``; empty when there is no panel."""
    assert response.status_code == 200
    html = response.content.decode()
    return {match["key"]: int(match["value"].replace(",", "")) for match in ROW.finditer(html)}


def last_month():
    return month_start() - datetime.timedelta(days=2)


def enrol(user, course, enrolled_at=None, completed_at=None):
    return Enrolment.objects.create(
        user=user,
        course=course,
        enrolled_at=enrolled_at or timezone.now(),
        completed_at=completed_at,
        status="completed" if completed_at else "active",
    )


_certificates = iter(range(1, 10**6))


def certify(user, course, **fields):
    return Certificate.objects.create(
        user=user,
        course=course,
        source_key=f"test:{next(_certificates)}",
        title_th=course.title,
        holder_name_th=user.get_full_name(),
        issuer_name_th="สำนักงาน ก.พ.",
        **fields,
    )


@pytest.fixture
def agencies(db):
    ministry = AgencyFactory(name_en="Ministry of Tests")
    department = AgencyFactory(parent=ministry, level="department")
    elsewhere = AgencyFactory(name_en="Another Ministry")
    return {"ministry": ministry, "department": department, "elsewhere": elsewhere}


@pytest.fixture
def administrator(db):
    return member_of(roles.ADMINISTRATORS, preferred_language="en")


@pytest.fixture
def officer(agencies):
    return member_of(
        roles.TRAINING_OFFICERS, factory=CivilServantFactory, agency=agencies["ministry"], preferred_language="en"
    )


@pytest.fixture
def platform(site_pages, agencies):
    """Learners in and out of the officer's agency, with enrolments, completions, certificates and usage."""
    course = make_course(site_pages["courses"], lessons=0)
    ours = CivilServantFactory(agency=agencies["department"])
    ours_too = CivilServantFactory(agency=agencies["ministry"])
    theirs = CivilServantFactory(agency=agencies["elsewhere"])
    CivilServantFactory(agency=agencies["department"], is_active=False)
    citizen = UserFactory()

    enrol(ours, course, completed_at=timezone.now())
    enrol(ours_too, course, enrolled_at=last_month(), completed_at=last_month())
    enrol(theirs, course)
    enrol(citizen, course, enrolled_at=last_month())
    certify(ours, course)
    certify(ours_too, course, revoked_at=timezone.now())
    certify(theirs, course, expires_on=timezone.localdate() - datetime.timedelta(days=1))
    certify(citizen, course)

    item = make_library_item(site_pages["library"], document=False, external_url="https://example.go.th/a")
    ItemUsageDay.objects.create(item=item, day=timezone.localdate(), views=10, downloads=4)
    ItemUsageDay.objects.create(item=item, day=last_month().date(), views=3, downloads=9)

    upcoming = make_seminar(site_pages["seminars"], sessions=3, requires_approval=True)
    first, second, _third = upcoming.sessions.order_by("starts_at")
    cancel_session(second, "ห้องไม่ว่าง")
    past_start = timezone.now() - datetime.timedelta(days=10)
    make_seminar(
        site_pages["seminars"],
        sessions=[{"starts_at": past_start, "ends_at": past_start + datetime.timedelta(hours=2)}],
    )
    Registration.objects.create(session=first, user=ours, status=RegistrationStatus.PENDING)
    Registration.objects.create(session=first, user=theirs, status=RegistrationStatus.PENDING)
    return {"course": course, "ours": ours, "theirs": theirs, "first_session": first}


class TestAdministratorsSeeThePlatform:
    def test_the_panel_shows_the_platforms_key_figures(self, client, administrator, platform):
        client.force_login(administrator)

        response = client.get(HOME)

        html = response.content.decode()
        assert "Key figures" in html
        assert figures_on(response) == {
            # Four active learners and the administrator's own account; the inactive one is not counted.
            "learners": 5,
            "enrolments_this_month": 2,
            "completions_this_month": 1,
            "completions": 2,
            "certificates": 2,
            "downloads_this_month": 4,
            "upcoming_sessions": 2,
            "pending_approvals": 2,
        }
        assert '<th scope="row"' in html
        assert "/admin/seminars/approvals/" in html

    def test_the_figures_are_counted_again_only_after_five_minutes(self, client, administrator, platform):
        client.force_login(administrator)
        before = figures_on(client.get(HOME))

        enrol(UserFactory(), platform["course"])
        cached = figures_on(client.get(HOME))
        cache.clear()  # as five minutes passing would
        counted_again = figures_on(client.get(HOME))

        assert cached == before
        assert counted_again["enrolments_this_month"] == before["enrolments_this_month"] + 1
        assert counted_again["learners"] == before["learners"] + 1

    def test_the_counting_takes_as_many_queries_for_many_learners_as_for_few(
        self, site_pages, agencies, django_assert_max_num_queries
    ):
        course = make_course(site_pages["courses"], lessons=0)

        def add(count):
            for _ in range(count):
                learner = CivilServantFactory(agency=agencies["department"])
                enrol(learner, course, completed_at=timezone.now())
                certify(learner, course)

        for scope in (SITE, f"agency:{agencies['ministry'].pk}"):
            add(2)
            with django_assert_max_num_queries(20) as few:
                count_figures(scope)
            few_queries = len(few)
            add(20)
            with django_assert_max_num_queries(few_queries):
                figures = count_figures(scope)
            assert figures["completions"] >= 22


class TestTrainingOfficersSeeTheirAgency:
    def test_an_officer_sees_only_the_staff_of_the_agency_and_those_under_it(self, client, officer, platform):
        client.force_login(officer)

        response = client.get(HOME)

        html = response.content.decode()
        assert "Key figures: Ministry of Tests and the agencies under it" in html
        assert figures_on(response) == {
            # The two active staff of the ministry and its department, and the officer.
            "learners": 3,
            "enrolments_this_month": 1,
            "completions_this_month": 1,
            "completions": 2,
            "certificates": 1,
            "pending_approvals": 1,
        }
        assert "Library downloads" not in html

    def test_two_agencies_officers_do_not_share_cached_figures(self, client, officer, platform, agencies):
        other_officer = member_of(
            roles.TRAINING_OFFICERS, factory=CivilServantFactory, agency=agencies["elsewhere"], preferred_language="en"
        )
        client.force_login(officer)
        ours = figures_on(client.get(HOME))
        client.force_login(other_officer)
        theirs = figures_on(client.get(HOME))

        assert ours["enrolments_this_month"] == 1
        assert theirs == {
            "learners": 2,
            "enrolments_this_month": 1,
            "completions_this_month": 0,
            "completions": 0,
            "certificates": 0,
            "pending_approvals": 1,
        }

    def test_an_officer_without_an_agency_sees_no_panel(self, client, platform):
        officer = member_of(roles.TRAINING_OFFICERS, preferred_language="en")
        client.force_login(officer)

        response = client.get(HOME)

        assert figures_on(response) == {}
        assert "Key figures" not in response.content.decode()


def test_an_instructor_sees_no_key_figures(client, platform):
    instructor = member_of(roles.INSTRUCTORS, preferred_language="en")
    client.force_login(instructor)

    response = client.get(HOME)

    assert figures_on(response) == {}
    assert "Key figures" not in response.content.decode()
