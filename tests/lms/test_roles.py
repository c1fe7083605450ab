"""The role groups and what each role may do in the Wagtail editor."""

import pytest
from django.contrib.auth.models import Group
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission, Page
from wagtail.permissions import policy_registry

from lms import roles
from lms.models import Agency, User
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

# Wagtail's permission policies for images and documents (collection- and owner-aware).
image_policy = policy_registry.get_by_type(get_image_model())
document_policy = policy_registry.get_by_type(get_document_model())


def member_of(group_name, **kwargs):
    user = UserFactory(**kwargs)
    user.groups.add(Group.objects.get(name=group_name))
    # A fresh instance, so no permission cache survives from before the group was added.
    return User.objects.get(pk=user.pk)


@pytest.fixture
def instructor():
    return member_of(roles.INSTRUCTORS)


@pytest.fixture
def training_officer():
    return member_of(roles.TRAINING_OFFICERS)


@pytest.fixture
def administrator():
    return member_of(roles.ADMINISTRATORS)


def test_the_three_role_groups_exist():
    assert set(Group.objects.filter(name__in=roles.ROLE_GROUPS).values_list("name", flat=True)) == set(
        roles.ROLE_GROUPS
    )


@pytest.mark.parametrize("group_name", roles.ROLE_GROUPS)
def test_each_group_holds_exactly_the_permissions_lms_roles_describes(group_name):
    # lms/roles.py is the live description; the migrations grant the permissions. A role
    # edited in one place and not the other fails here.
    group = Group.objects.get(name=group_name)
    held = {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.select_related("content_type")}
    assert held == set(roles.MODEL_PERMISSIONS[group_name])
    root_collection = Collection.get_first_root_node()
    on_collection = set(
        GroupCollectionPermission.objects.filter(group=group, collection=root_collection).values_list(
            "permission__codename", flat=True
        )
    )
    assert on_collection == set(roles.COLLECTION_PERMISSIONS[group_name])
    on_root_page = set(
        GroupPagePermission.objects.filter(group=group, page=Page.get_first_root_node()).values_list(
            "permission__codename", flat=True
        )
    )
    assert on_root_page == set(roles.ROOT_PAGE_PERMISSIONS[group_name])


class TestInstructors:
    def test_an_instructor_can_sign_in_to_the_editor(self, instructor):
        assert instructor.has_perm("wagtailadmin.access_admin")

    def test_an_instructor_can_add_images_and_documents_in_the_root_collection(self, instructor):
        root = Collection.get_first_root_node()
        assert image_policy.user_has_permission(instructor, "add")
        assert document_policy.user_has_permission(instructor, "add")
        assert root in image_policy.collections_user_has_permission_for(instructor, "add")
        assert root in document_policy.collections_user_has_permission_for(instructor, "add")

    def test_an_instructor_may_edit_their_own_images_but_not_a_colleagues(self, instructor):
        other = member_of(roles.INSTRUCTORS)
        theirs = get_image_model().objects.create(title="ภาพปก", file=get_test_image_file(), uploaded_by_user=other)
        mine = get_image_model().objects.create(
            title="ภาพของฉัน", file=get_test_image_file(), uploaded_by_user=instructor
        )
        assert image_policy.user_has_permission_for_instance(instructor, "change", mine)
        assert not image_policy.user_has_permission_for_instance(instructor, "change", theirs)
        learner = UserFactory()
        assert not image_policy.user_has_permission_for_instance(learner, "change", theirs)

    def test_an_instructor_cannot_see_or_change_users_or_agencies(self, instructor):
        assert not instructor.has_perm("lms.change_user")
        assert not instructor.has_perm("lms.view_user")
        assert not instructor.has_perm("lms.change_agency")
        assert not policy_registry.get_by_type(User).user_has_any_permission(instructor, {"add", "change", "delete"})

    def test_an_instructor_may_view_enrolments_but_not_change_them_or_the_categories(self, instructor):
        # Which enrolments: those of their own courses, as the learners report enforces.
        assert instructor.has_perm("courses.view_enrolment")
        assert not instructor.has_perm("courses.change_enrolment")
        assert not instructor.has_perm("courses.add_coursecategory")

    def test_an_instructor_cannot_add_pages_under_the_course_catalogue(self, instructor, site_pages):
        assert not site_pages["courses"].permissions_for_user(instructor).can_add_subpage()

    def test_an_instructor_cannot_publish_pages_at_the_root(self, instructor, site_pages):
        assert not site_pages["home"].permissions_for_user(instructor).can_publish()


class TestTrainingOfficers:
    def test_a_training_officer_can_view_users_and_agencies(self, training_officer):
        assert training_officer.has_perm("wagtailadmin.access_admin")
        assert training_officer.has_perm("lms.view_user")
        assert training_officer.has_perm("lms.view_agency")
        assert policy_registry.get_by_type(Agency).user_has_permission(training_officer, "view")

    def test_a_training_officer_cannot_change_users_or_agencies(self, training_officer):
        assert not training_officer.has_perm("lms.change_user")
        assert not training_officer.has_perm("lms.add_user")
        assert not training_officer.has_perm("lms.change_agency")
        assert not policy_registry.get_by_type(Agency).user_has_any_permission(
            training_officer, {"add", "change", "delete"}
        )

    def test_a_training_officer_may_enrol_staff_but_not_change_or_delete_enrolments(self, training_officer):
        assert training_officer.has_perm("courses.add_enrolment")
        assert training_officer.has_perm("courses.view_enrolment")
        assert not training_officer.has_perm("courses.change_enrolment")
        assert not training_officer.has_perm("courses.delete_enrolment")

    def test_a_training_officer_cannot_add_images(self, training_officer):
        assert not image_policy.user_has_permission(training_officer, "add")


class TestAdministrators:
    def test_an_administrator_can_publish_pages_anywhere_in_the_tree(self, administrator, site_pages):
        assert site_pages["home"].permissions_for_user(administrator).can_publish()
        assert site_pages["courses"].permissions_for_user(administrator).can_publish()

    def test_an_administrator_can_manage_users_and_agencies(self, administrator):
        for codename in ("add_user", "change_user", "delete_user", "add_agency", "change_agency", "delete_agency"):
            assert administrator.has_perm(f"lms.{codename}")
        assert policy_registry.get_by_type(User).user_has_permission(administrator, "change")

    def test_an_administrator_can_delete_images_and_documents(self, administrator):
        assert image_policy.user_has_permission(administrator, "delete")
        assert document_policy.user_has_permission(administrator, "delete")

    def test_an_administrator_manages_categories_and_enrolments_and_reads_lesson_progress(self, administrator):
        for codename in ("add_coursecategory", "change_coursecategory", "delete_coursecategory"):
            assert administrator.has_perm(f"courses.{codename}")
        for codename in ("add_enrolment", "change_enrolment", "delete_enrolment", "view_lessonprogress"):
            assert administrator.has_perm(f"courses.{codename}")
        assert not administrator.has_perm("courses.change_lessonprogress")

    def test_an_administrator_can_edit_the_site_settings(self, administrator):
        assert administrator.has_perm("home.change_sitesettings")


def test_a_learner_without_a_role_cannot_enter_the_editor(client):
    learner = UserFactory()
    assert not learner.has_perm("wagtailadmin.access_admin")
    client.force_login(learner)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert "/admin/login/" in response.url
