"""The "Course review" workflow: an instructor submits, an administrator approves and the course is published."""

from io import StringIO

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.urls import reverse
from wagtail.models import GroupApprovalTask, Page, TaskState, Workflow, WorkflowPage, WorkflowState, WorkflowTask

from courses.models import CoursePage
from courses.permissions import COURSE_REVIEW_TASK, COURSE_REVIEW_WORKFLOW, ensure_course_review_workflow
from lms import roles
from lms.models import User
from tests.factories import admin_form_data, make_course

pytestmark = pytest.mark.django_db


def edit_url(page):
    return reverse("wagtailadmin_pages:edit", args=[page.pk])


@pytest.fixture
def course(site_pages, instructor):
    ensure_course_review_workflow(site_pages["courses"])
    return make_course(site_pages["courses"], lessons=1, instructors=[instructor], summary="สรุปเดิม")


def submit_change(client, instructor, course, **changes):
    client.force_login(instructor)
    data = admin_form_data(client.get(edit_url(course)).content.decode(), "page-edit-form")
    data.update(changes)
    data["action-submit"] = "submit"
    return client.post(edit_url(course), data)


class TestTheWorkflowSetUp:
    def test_the_course_catalogue_uses_the_course_review_workflow_approved_by_administrators(self, course, site_pages):
        workflow = course.get_workflow()
        assert workflow.name == COURSE_REVIEW_WORKFLOW
        tasks = [task.specific for task in workflow.tasks]
        assert [task.name for task in tasks] == [COURSE_REVIEW_TASK]
        assert isinstance(tasks[0], GroupApprovalTask)
        assert list(tasks[0].groups.values_list("name", flat=True)) == [roles.ADMINISTRATORS]
        assert course.syllabus_items()[0].get_workflow() == workflow
        # Pages outside the catalogue keep Wagtail's own workflow.
        assert site_pages["library"].get_workflow().name != COURSE_REVIEW_WORKFLOW

    def test_setting_it_up_twice_changes_nothing(self, site_pages):
        ensure_course_review_workflow(site_pages["courses"])
        counts = (Workflow.objects.count(), GroupApprovalTask.objects.count(), WorkflowTask.objects.count())
        _workflow, changes = ensure_course_review_workflow(site_pages["courses"])
        assert changes == []
        assert (Workflow.objects.count(), GroupApprovalTask.objects.count(), WorkflowTask.objects.count()) == counts
        assert WorkflowPage.objects.filter(page=site_pages["courses"]).count() == 1


class TestSubmittingAndApproving:
    def test_an_instructors_submission_starts_a_review_and_leaves_the_live_course_unchanged(
        self, client, instructor, course
    ):
        response = submit_change(client, instructor, course, summary="สรุปใหม่ที่ชัดเจนขึ้น")
        assert response.status_code == 302
        state = WorkflowState.objects.get(object_id=str(course.pk))
        assert state.status == WorkflowState.STATUS_IN_PROGRESS
        assert state.requested_by == instructor
        assert state.current_task_state.task.name == COURSE_REVIEW_TASK
        live = CoursePage.objects.get(pk=course.pk)
        assert live.summary == "สรุปเดิม"
        assert live.has_unpublished_changes

    def test_an_administrator_approving_publishes_the_instructors_change(
        self, client, instructor, administrator, course
    ):
        submit_change(client, instructor, course, summary="สรุปใหม่ที่ชัดเจนขึ้น")
        task_state = TaskState.objects.get(status=TaskState.STATUS_IN_PROGRESS)
        client.force_login(administrator)
        url = reverse("wagtailadmin_pages:workflow_action", args=[course.pk, "approve", task_state.pk])
        response = client.post(url, {"comment": ""})
        assert response.status_code == 302
        live = CoursePage.objects.get(pk=course.pk)
        assert live.summary == "สรุปใหม่ที่ชัดเจนขึ้น"
        assert not live.has_unpublished_changes
        assert WorkflowState.objects.get(pk=task_state.workflow_state_id).status == WorkflowState.STATUS_APPROVED

    def test_an_instructor_cannot_approve_their_own_submission(self, client, instructor, course):
        submit_change(client, instructor, course, summary="อนุมัติเอง")
        task_state = TaskState.objects.get(status=TaskState.STATUS_IN_PROGRESS)
        url = reverse("wagtailadmin_pages:workflow_action", args=[course.pk, "approve", task_state.pk])
        client.post(url, {"comment": ""})
        assert CoursePage.objects.get(pk=course.pk).summary == "สรุปเดิม"
        assert TaskState.objects.get(pk=task_state.pk).status == TaskState.STATUS_IN_PROGRESS

    def test_an_administrator_asking_for_changes_publishes_nothing(self, client, instructor, administrator, course):
        submit_change(client, instructor, course, summary="ยังไม่พร้อม")
        task_state = TaskState.objects.get(status=TaskState.STATUS_IN_PROGRESS)
        client.force_login(administrator)
        url = reverse("wagtailadmin_pages:workflow_action", args=[course.pk, "reject", task_state.pk])
        client.post(url, {"comment": "โปรดเพิ่มวัตถุประสงค์"})
        assert CoursePage.objects.get(pk=course.pk).summary == "สรุปเดิม"
        state = WorkflowState.objects.get(pk=task_state.workflow_state_id)
        assert state.status == WorkflowState.STATUS_NEEDS_CHANGES


class TestTheDemo:
    def test_load_demo_sets_up_the_review_workflow_and_the_course_editors_once(self):
        call_command("load_demo", stdout=StringIO(), stderr=StringIO())
        courses = Page.objects.get(url_path="/home/courses/")
        assert WorkflowPage.objects.get(page=courses).workflow.name == COURSE_REVIEW_WORKFLOW
        instructor = User.objects.get(email="instructor@demo.go.th")
        taught = CoursePage.objects.taught_by(instructor)
        for course in taught:
            permissions = course.permissions_for_user(instructor)
            assert permissions.can_edit() and permissions.can_submit_for_moderation()
            assert not permissions.can_publish()
        counts = (Workflow.objects.count(), GroupApprovalTask.objects.count(), WorkflowPage.objects.count())
        groups = set(Group.objects.values_list("name", flat=True))
        call_command("load_demo", stdout=StringIO(), stderr=StringIO())
        assert (Workflow.objects.count(), GroupApprovalTask.objects.count(), WorkflowPage.objects.count()) == counts
        assert set(Group.objects.values_list("name", flat=True)) == groups
