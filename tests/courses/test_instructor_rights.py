"""Instructors edit only the courses that list them, and never publish (``courses.permissions``)."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from wagtail.models import GroupPagePermission, Page

from courses.models import CoursePage
from courses.permissions import (
    course_editors_group,
    course_editors_group_key,
    ensure_course_review_workflow,
    sync_course_editors,
    sync_every_course_editors,
)
from lms import roles
from lms.models import User
from tests.factories import UserFactory, admin_form_data, make_course, member_of

pytestmark = pytest.mark.django_db


def fresh(user):
    """The user as a new request would load them: no permission cache from earlier checks."""
    return User.objects.get(pk=user.pk)


def edit_url(page):
    return reverse("wagtailadmin_pages:edit", args=[page.pk])


def add_lesson_url(course):
    return reverse("wagtailadmin_pages:add", args=["courses", "lessonpage", course.pk])


@pytest.fixture
def colleague():
    return member_of(roles.INSTRUCTORS, preferred_language="en")


@pytest.fixture
def courses(site_pages, instructor, colleague):
    ensure_course_review_workflow(site_pages["courses"])
    return {
        "mine": make_course(site_pages["courses"], lessons=2, instructors=[instructor], title="PDPA for officials"),
        "theirs": make_course(site_pages["courses"], lessons=2, instructors=[colleague]),
    }


class TestCourseEditorsGroups:
    def test_publishing_a_course_makes_its_listed_accounts_its_editors_with_add_and_change_only(
        self, courses, instructor
    ):
        course = courses["mine"]
        group = course_editors_group(course.pk)
        assert group.name == f"Course editors #{course.pk:06d} · PDPA for officials"
        assert set(group.user_set.all()) == {instructor}
        granted = set(GroupPagePermission.objects.filter(group=group).values_list("page_id", "permission__codename"))
        assert granted == {(course.pk, "add_page"), (course.pk, "change_page")}

    def test_the_group_names_sort_in_course_order_in_the_groups_admin(self):
        assert course_editors_group_key(9) < course_editors_group_key(10) < course_editors_group_key(123456)

    def test_the_sync_sets_the_members_exactly_and_follows_the_course_title(self, courses, instructor, colleague):
        course = courses["mine"]
        course.title = "PDPA 2569"
        group = sync_course_editors(course, {colleague.pk})
        assert set(group.user_set.all()) == {colleague}
        assert group.name.endswith("· PDPA 2569")
        assert Group.objects.filter(name__startswith=course_editors_group_key(course.pk)).count() == 1

    def test_a_permission_added_to_the_group_by_hand_is_taken_back_on_the_next_sync(self, courses, instructor):
        course = courses["mine"]
        group = course_editors_group(course.pk)
        publish = GroupPagePermission.objects.filter(permission__codename="publish_page").first().permission
        GroupPagePermission.objects.create(group=group, page=course, permission=publish)
        sync_course_editors(course, {instructor.pk})
        assert not course.permissions_for_user(fresh(instructor)).can_publish()

    def test_syncing_every_course_catches_a_course_published_before_the_groups_existed(self, courses, instructor):
        course = courses["mine"]
        course_editors_group(course.pk).delete()
        assert not course.permissions_for_user(fresh(instructor)).can_edit()
        assert sync_every_course_editors() == 1
        assert course.permissions_for_user(fresh(instructor)).can_edit()
        assert sync_every_course_editors() == 0

    def test_deleting_a_course_deletes_its_editors_group(self, courses):
        course = courses["mine"]
        group_pk = course_editors_group(course.pk).pk
        Page.objects.get(pk=course.pk).delete()
        assert not Group.objects.filter(pk=group_pk).exists()

    def test_a_listed_account_without_the_instructor_role_still_cannot_enter_the_editor(self, client, site_pages):
        learner = UserFactory()
        course = make_course(site_pages["courses"], lessons=1, instructors=[learner])
        assert course_editors_group(course.pk).user_set.filter(pk=learner.pk).exists()
        client.force_login(learner)
        response = client.get(edit_url(course))
        assert response.status_code == 302
        assert "/admin/login/" in response.url


class TestWhatAnInstructorMayDo:
    def test_an_instructor_can_edit_their_course_and_its_lessons_in_the_editor(self, client, courses, instructor):
        client.force_login(instructor)
        assert client.get(edit_url(courses["mine"])).status_code == 200
        for lesson in courses["mine"].syllabus_items():
            assert client.get(edit_url(lesson)).status_code == 200

    def test_an_instructor_cannot_open_another_instructors_course_or_its_lessons(self, client, courses, instructor):
        client.force_login(instructor)
        for page in (courses["theirs"], *courses["theirs"].syllabus_items()):
            response = client.get(edit_url(page))
            assert response.status_code in (302, 403)
            assert not page.permissions_for_user(fresh(instructor)).can_edit()

    def test_an_instructor_cannot_save_changes_to_another_instructors_course(self, client, courses, instructor):
        theirs = courses["theirs"]
        client.force_login(instructor)
        response = client.post(edit_url(theirs), {"title": "ถูกแก้โดยผู้อื่น", "slug": theirs.slug, "summary": "x"})
        assert response.status_code in (302, 403)
        assert CoursePage.objects.get(pk=theirs.pk).get_latest_revision().content["title"] != "ถูกแก้โดยผู้อื่น"

    def test_an_instructor_can_add_a_lesson_to_their_course_but_not_to_another(self, client, courses, instructor):
        client.force_login(instructor)
        assert client.get(add_lesson_url(courses["mine"])).status_code == 200
        assert client.get(add_lesson_url(courses["theirs"])).status_code in (302, 403)
        assert not courses["theirs"].permissions_for_user(fresh(instructor)).can_add_subpage()

    def test_an_instructor_cannot_add_a_course_to_the_catalogue(self, client, courses, instructor, site_pages):
        index = site_pages["courses"]
        assert not index.permissions_for_user(fresh(instructor)).can_add_subpage()
        client.force_login(instructor)
        response = client.get(reverse("wagtailadmin_pages:add", args=["courses", "coursepage", index.pk]))
        assert response.status_code in (302, 403)

    def test_an_instructor_may_submit_their_course_for_review_but_not_publish_it(self, client, courses, instructor):
        course = courses["mine"]
        permissions = course.permissions_for_user(fresh(instructor))
        assert not permissions.can_publish()
        assert not permissions.can_unpublish()
        assert permissions.can_submit_for_moderation()
        client.force_login(instructor)
        html = client.get(edit_url(course)).content.decode()
        assert 'name="action-submit"' in html
        assert 'name="action-publish"' not in html

    def test_an_instructor_cannot_publish_a_lesson_by_posting_the_publish_action(self, client, courses, instructor):
        lesson = courses["mine"].syllabus_items()[0]
        client.force_login(instructor)
        data = admin_form_data(client.get(edit_url(lesson)).content.decode(), "page-edit-form")
        # The lesson body is a StreamField rendered by JavaScript: post it empty, as the lesson is.
        data.update({"title": "บทที่แก้แล้ว", "body-count": "0", "action-publish": "publish"})
        client.post(edit_url(lesson), data)
        lesson.refresh_from_db()
        assert lesson.title != "บทที่แก้แล้ว"

    def test_an_instructor_sees_only_their_courses_in_the_page_explorer(self, client, courses, instructor, site_pages):
        second = make_course(site_pages["courses"], lessons=1, instructors=[instructor])
        client.force_login(instructor)
        response = client.get(reverse("wagtailadmin_explore", args=[site_pages["courses"].pk]))
        assert response.status_code == 200
        html = response.content.decode()
        assert edit_url(courses["mine"]) in html
        assert edit_url(second) in html
        assert edit_url(courses["theirs"]) not in html


class TestAssigningInstructors:
    def test_an_administrator_listing_an_instructor_in_a_draft_gives_them_the_course_at_once(
        self, client, courses, administrator, colleague
    ):
        course = courses["mine"]
        client.force_login(administrator)
        data = admin_form_data(client.get(edit_url(course)).content.decode(), "page-edit-form")
        data.update(
            {
                "course_instructors-TOTAL_FORMS": "2",
                "course_instructors-1-user": str(colleague.pk),
                "course_instructors-1-ORDER": "2",
                "course_instructors-1-name": "",
                "course_instructors-1-id": "",
            }
        )
        response = client.post(edit_url(course), data)
        assert response.status_code == 302
        assert course.permissions_for_user(fresh(colleague)).can_edit()
        client.force_login(colleague)
        assert client.get(edit_url(course)).status_code == 200

    def test_an_administrator_removing_an_instructor_from_a_course_revokes_their_access(
        self, client, courses, administrator, instructor
    ):
        course = courses["mine"]
        client.force_login(administrator)
        data = admin_form_data(client.get(edit_url(course)).content.decode(), "page-edit-form")
        data["course_instructors-0-DELETE"] = "1"
        assert client.post(edit_url(course), data).status_code == 302
        assert not course.permissions_for_user(fresh(instructor)).can_edit()
        client.force_login(instructor)
        assert client.get(edit_url(course)).status_code in (302, 403)

    def test_an_administrator_creating_a_course_makes_its_instructors_editors(
        self, client, site_pages, administrator, instructor
    ):
        index = site_pages["courses"]
        add_url = reverse("wagtailadmin_pages:add", args=["courses", "coursepage", index.pk])
        client.force_login(administrator)
        data = admin_form_data(client.get(add_url).content.decode(), "page-edit-form")
        data.update(
            {
                "title": "การออกแบบบริการอิเล็กทรอนิกส์",
                "slug": "designing-e-services",
                "summary": "ออกแบบบริการภาครัฐที่ประชาชนใช้ง่าย",
                "course_instructors-TOTAL_FORMS": "1",
                "course_instructors-0-user": str(instructor.pk),
                "course_instructors-0-ORDER": "1",
                "course_instructors-0-id": "",
            }
        )
        assert client.post(add_url, data).status_code == 302
        course = CoursePage.objects.get(slug="designing-e-services")
        assert not course.live
        assert course.permissions_for_user(fresh(instructor)).can_edit()

    def test_an_instructor_adding_a_colleague_changes_nothing_until_the_course_is_published(
        self, client, courses, instructor, colleague
    ):
        course = courses["mine"]
        client.force_login(instructor)
        data = admin_form_data(client.get(edit_url(course)).content.decode(), "page-edit-form")
        data.update(
            {
                "course_instructors-TOTAL_FORMS": "2",
                "course_instructors-1-user": str(colleague.pk),
                "course_instructors-1-ORDER": "2",
                "course_instructors-1-id": "",
            }
        )
        assert client.post(edit_url(course), data).status_code == 302
        assert not course.permissions_for_user(fresh(colleague)).can_edit()
        # An administrator approving the draft publishes it (see test_course_workflow.py).
        CoursePage.objects.get(pk=course.pk).get_latest_revision().publish()
        assert course.permissions_for_user(fresh(colleague)).can_edit()
