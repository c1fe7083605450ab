"""The enrolment service: who may enrol in which course and when, withdrawing, and enrolling again."""

import datetime

import pytest
from django.utils import timezone

from courses.models import Audience, Enrolment, EnrolmentSource, EnrolmentStatus, LessonProgress
from courses.services.enrolment import EnrolmentError, enrol_learner, enrolment_state, places_taken, withdraw
from courses.services.progress import complete_lesson
from lms.models import Agency
from tests.factories import AgencyFactory, CivilServantFactory, UserFactory, make_course

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


def refused(course, user, **kwargs):
    """The ``EnrolmentError`` ``enrol_learner`` raises (the test fails when it enrols instead)."""
    with pytest.raises(EnrolmentError) as caught:
        enrol_learner(course, user, **kwargs)
    return caught.value


class TestAudience:
    def test_a_course_for_everyone_accepts_a_citizen(self, index, user):
        course = make_course(index, audience=Audience.EVERYONE)

        enrolment, changed = enrol_learner(course, user)

        assert changed is True
        assert enrolment.status == EnrolmentStatus.ACTIVE
        assert enrolment.source == EnrolmentSource.SELF

    def test_a_course_for_staff_accepts_a_civil_servant(self, index, civil_servant):
        course = make_course(index, audience=Audience.STAFF)

        enrol_learner(course, civil_servant)

        assert Enrolment.objects.filter(course=course, user=civil_servant).exists()

    def test_a_course_for_staff_refuses_a_citizen_and_says_why(self, index, user):
        course = make_course(index, audience=Audience.STAFF)

        error = refused(course, user)

        assert error.code == "audience"
        assert error.message
        assert not Enrolment.objects.exists()

    def test_a_course_for_listed_agencies_accepts_their_staff_and_the_staff_of_their_sub_agencies(self, index):
        ministry = AgencyFactory()
        department = AgencyFactory(parent=ministry, level=Agency.Level.DEPARTMENT)
        division = AgencyFactory(parent=department, level=Agency.Level.DIVISION)
        course = make_course(index, audience=Audience.AGENCIES, audience_agencies=[ministry])

        for agency in (ministry, department, division):
            enrol_learner(course, CivilServantFactory(agency=agency))

        assert Enrolment.objects.filter(course=course).count() == 3

    def test_a_course_for_listed_agencies_refuses_staff_of_another_agency_and_citizens(self, index, user):
        listed = AgencyFactory()
        course = make_course(index, audience=Audience.AGENCIES, audience_agencies=[listed])
        outsider = CivilServantFactory(agency=AgencyFactory())

        assert refused(course, outsider).code == "audience"
        assert refused(course, user).code == "audience"
        assert not Enrolment.objects.exists()

    def test_listing_a_sub_agency_does_not_admit_the_staff_of_its_parent(self, index):
        ministry = AgencyFactory()
        department = AgencyFactory(parent=ministry, level=Agency.Level.DEPARTMENT)
        course = make_course(index, audience=Audience.AGENCIES, audience_agencies=[department])

        assert refused(course, CivilServantFactory(agency=ministry)).code == "audience"


class TestPrerequisites:
    def test_a_course_with_a_prerequisite_is_refused_until_the_prerequisite_is_completed(self, index, user):
        basics = make_course(index, lessons=1)
        advanced = make_course(index, prerequisites=[basics])

        error = refused(advanced, user)
        assert error.code == "prerequisites"
        assert basics.title in error.message

        enrol_learner(basics, user)
        assert refused(advanced, user).code == "prerequisites"  # enrolled is not enough

        complete_lesson(user, basics.syllabus_items()[0])
        _enrolment, changed = enrol_learner(advanced, user)
        assert changed is True


class TestEnrolmentDates:
    def test_self_enrolment_before_the_course_opens_is_refused(self, index, user):
        course = make_course(index, enrolment_opens_at=timezone.now() + DAY)

        assert refused(course, user).code == "not_yet_open"
        assert not Enrolment.objects.exists()

    def test_self_enrolment_after_the_course_closes_is_refused(self, index, user):
        course = make_course(index, enrolment_closes_at=timezone.now() - DAY)

        assert refused(course, user).code == "closed"

    def test_self_enrolment_inside_the_window_is_accepted(self, index, user):
        now = timezone.now()
        course = make_course(index, enrolment_opens_at=now - DAY, enrolment_closes_at=now + DAY)

        _enrolment, changed = enrol_learner(course, user)

        assert changed is True

    def test_the_window_is_judged_at_the_given_time(self, index, user):
        opens = timezone.now() + DAY
        course = make_course(index, enrolment_opens_at=opens)

        _enrolment, changed = enrol_learner(course, user, now=opens + datetime.timedelta(minutes=1))

        assert changed is True

    def test_bulk_enrolment_may_enrol_people_before_the_course_opens(self, index, user):
        course = make_course(index, enrolment_opens_at=timezone.now() + DAY)
        officer = UserFactory()

        enrolment, changed = enrol_learner(course, user, source=EnrolmentSource.BULK, enrolled_by=officer)

        assert changed is True
        assert enrolment.source == EnrolmentSource.BULK
        assert enrolment.enrolled_by == officer

    def test_bulk_enrolment_is_refused_once_enrolment_has_closed(self, index, user):
        course = make_course(index, enrolment_closes_at=timezone.now() - DAY)

        with pytest.raises(EnrolmentError) as refused:
            enrol_learner(course, user, source=EnrolmentSource.BULK, enrolled_by=UserFactory())

        assert refused.value.code == "closed"
        assert not Enrolment.objects.filter(course=course).exists()

    def test_bulk_enrolment_checks_the_window_when_asked_to(self, index, user):
        course = make_course(index, enrolment_opens_at=timezone.now() + DAY)

        assert refused(course, user, source=EnrolmentSource.BULK, check_dates=True).code == "not_yet_open"


class TestCapacity:
    def test_enrolling_in_a_full_course_is_refused(self, index):
        course = make_course(index, capacity=2)
        enrol_learner(course, UserFactory())
        enrol_learner(course, UserFactory())

        error = refused(course, UserFactory())

        assert error.code == "full"
        assert Enrolment.objects.filter(course=course).count() == 2

    def test_a_withdrawal_frees_a_place(self, index):
        course = make_course(index, capacity=1)
        first, second = UserFactory(), UserFactory()
        enrol_learner(course, first)
        assert refused(course, second).code == "full"

        withdraw(course, first)
        _enrolment, changed = enrol_learner(course, second)

        assert changed is True
        assert places_taken(course) == 1

    def test_a_completed_enrolment_keeps_its_place(self, index):
        course = make_course(index, lessons=1, capacity=1)
        graduate = UserFactory()
        enrol_learner(course, graduate)
        complete_lesson(graduate, course.syllabus_items()[0])

        assert refused(course, UserFactory()).code == "full"

    def test_a_learner_already_enrolled_in_a_full_course_is_not_refused(self, index, user):
        course = make_course(index, capacity=1)
        enrol_learner(course, user)

        _enrolment, changed = enrol_learner(course, user)

        assert changed is False


class TestRefusals:
    def test_enrolling_in_an_unpublished_course_is_refused(self, index, user):
        course = make_course(index, publish=False)

        assert refused(course, user).code == "unpublished"
        assert not Enrolment.objects.exists()

    def test_a_course_unpublished_after_it_was_loaded_is_refused(self, index, user):
        course = make_course(index)
        stale = type(course).objects.get(pk=course.pk)
        course.unpublish()

        assert refused(stale, user).code == "unpublished"

    def test_a_disabled_account_cannot_enrol(self, index):
        course = make_course(index)
        disabled = UserFactory(is_active=False)

        assert refused(course, disabled).code == "inactive"
        assert not Enrolment.objects.exists()


class TestRepeatedEnrolment:
    def test_enrolling_twice_keeps_one_row_and_changes_nothing(self, index, user):
        course = make_course(index)
        first, changed_first = enrol_learner(course, user)

        second, changed_second = enrol_learner(course, user, source=EnrolmentSource.ADMIN)

        assert (changed_first, changed_second) == (True, False)
        assert second.pk == first.pk
        assert Enrolment.objects.get().source == EnrolmentSource.SELF

    def test_enrolling_in_a_completed_course_changes_nothing(self, index, user):
        course = make_course(index, lessons=1)
        enrol_learner(course, user)
        complete_lesson(user, course.syllabus_items()[0])

        enrolment, changed = enrol_learner(course, user)

        assert changed is False
        assert enrolment.status == EnrolmentStatus.COMPLETED


class TestWithdrawal:
    def test_withdrawing_keeps_the_lesson_progress(self, index, user):
        course = make_course(index, lessons=3)
        enrol_learner(course, user)
        complete_lesson(user, course.syllabus_items()[0])

        enrolment, changed = withdraw(course, user)

        assert changed is True
        assert enrolment.status == EnrolmentStatus.WITHDRAWN
        assert enrolment.withdrawn_at is not None
        assert LessonProgress.objects.filter(user=user, course=course, completed_at__isnull=False).count() == 1

    def test_enrolling_again_after_withdrawing_restores_the_same_row_and_its_progress(self, index, user):
        course = make_course(index, lessons=4)
        original, _changed = enrol_learner(course, user)
        complete_lesson(user, course.syllabus_items()[0])
        withdraw(course, user)

        again, changed = enrol_learner(course, user)

        assert changed is True
        assert again.pk == original.pk
        assert again.status == EnrolmentStatus.ACTIVE
        assert again.withdrawn_at is None
        assert Enrolment.objects.get(pk=original.pk).progress == pytest.approx(0.25)
        assert enrolment_state(course, user).kind == "enrolled"

    def test_withdrawing_twice_changes_nothing_the_second_time(self, index, user):
        course = make_course(index)
        enrol_learner(course, user)
        first, _changed = withdraw(course, user)

        second, changed = withdraw(course, user)

        assert changed is False
        assert second.withdrawn_at == first.withdrawn_at

    def test_withdrawing_from_a_completed_course_is_refused(self, index, user):
        course = make_course(index, lessons=1)
        enrol_learner(course, user)
        complete_lesson(user, course.syllabus_items()[0])

        with pytest.raises(EnrolmentError) as caught:
            withdraw(course, user)

        assert caught.value.code == "completed"
        assert Enrolment.objects.get().status == EnrolmentStatus.COMPLETED

    def test_withdrawing_without_an_enrolment_is_refused(self, index, user):
        course = make_course(index)

        with pytest.raises(EnrolmentError) as caught:
            withdraw(course, user)

        assert caught.value.code == "not_enrolled"


class TestEnrolmentState:
    def test_each_state_of_the_enrol_button(self, index, user, civil_servant):
        from django.contrib.auth.models import AnonymousUser

        now = timezone.now()
        open_course = make_course(index)
        staff_only = make_course(index, audience=Audience.STAFF)
        later = make_course(index, enrolment_opens_at=now + DAY)
        over = make_course(index, enrolment_closes_at=now - DAY)
        full = make_course(index, capacity=1)
        enrol_learner(full, civil_servant)

        assert enrolment_state(open_course, AnonymousUser()).kind == "guest"
        assert enrolment_state(open_course, user).kind == "can_enrol"
        assert enrolment_state(staff_only, user).kind == "not_eligible"
        assert enrolment_state(later, user).kind == "not_yet_open"
        assert enrolment_state(over, user).kind == "closed"
        assert enrolment_state(full, user).kind == "full"
        assert enrolment_state(full, civil_servant).kind == "enrolled"
        withdraw(full, civil_servant)
        assert enrolment_state(full, civil_servant).kind == "withdrawn"
        assert enrolment_state(full, civil_servant).may_enrol is True
