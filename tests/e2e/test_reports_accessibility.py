"""axe-core on the pages of the reports issue and the seminar calendar: no serious or critical problem.

The open data page (built data sets with their column dictionaries), the learner's dashboard with
the training record, a completed course's page with the evaluation form, and the seminars' month
calendar, in Thai and in English.
"""

import datetime

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone

from courses.models import Registration, RegistrationStatus
from courses.services.enrolment import enrol_learner
from courses.services.progress import complete_lesson
from courses.services.seminars import mark_attended
from lms.open_data.build import rebuild_all
from tests.e2e.conftest import assert_no_serious_axe_violations
from tests.factories import CivilServantFactory, make_course, make_seminar


def log_in(page, site, user, language):
    client = Client()
    client.force_login(user)
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": site.url,
            },
            {"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": site.url},
        ]
    )


@pytest.fixture
def graduate(live_site):
    """A civil servant who completed a course and attended a seminar, with the open data built."""
    learner = CivilServantFactory()
    course = make_course(live_site.pages["courses"], lessons=1, title="การเขียนหนังสือราชการ", training_hours=6)
    enrol_learner(course, learner)
    for lesson in course.syllabus_items():
        complete_lesson(learner, lesson)
    starts = timezone.now() - datetime.timedelta(days=2)
    seminar = make_seminar(
        live_site.pages["seminars"],
        title="สัมมนาธรรมาภิบาลข้อมูล",
        sessions=[{"starts_at": starts, "ends_at": starts + datetime.timedelta(hours=3)}],
    )
    registration = Registration.objects.create(
        session=seminar.sessions.get(), user=learner, status=RegistrationStatus.CONFIRMED
    )
    mark_attended(registration, by_user=None)
    rebuild_all()
    return learner, course


@pytest.mark.parametrize("language", ["th", "en"])
def test_the_open_data_page_passes(page, live_site, graduate, language):
    page.context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": live_site.url}])
    response = page.goto(live_site.url + "/open-data/")

    assert response.status == 200
    assert page.locator("main table").count() >= 6
    assert_no_serious_axe_violations(page)


@pytest.mark.parametrize("language", ["th", "en"])
def test_the_dashboard_with_the_training_record_and_a_course_with_the_evaluation_form_pass(
    page, live_site, graduate, language
):
    learner, course = graduate
    log_in(page, live_site, learner, language)

    page.goto(live_site.url + "/my/")
    assert page.locator("[data-training-record-totals]").count() == 1
    assert_no_serious_axe_violations(page)

    page.goto(live_site.url_of(course))
    assert page.locator("form[data-evaluation-form]").count() == 1
    assert_no_serious_axe_violations(page)


def test_the_seminar_month_calendar_passes(page, live_site, graduate):
    response = page.goto(live_site.url + "/seminars/?view=calendar")

    assert response.status == 200
    assert page.locator("main table").count() == 1
    assert_no_serious_axe_violations(page)
