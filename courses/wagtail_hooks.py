"""The courses app in the Wagtail editor: the category snippet, the learners and quiz results
reports (with a "Results" button on each quiz in the page explorer), the certificates
screens and their audit-log actions (``courses.certificate_admin``), and keeping each
course's editors group in step with its instructors (``courses.permissions``).

Wagtail imports every ``wagtail_hooks`` module when it starts (``wagtail.snippets`` looks
for snippets registered here), so the signal receivers below are connected in every
process: web, management commands and tasks.
"""

from django.db.models.signals import post_delete
from django.dispatch import receiver
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.menus.pages import PageMenuItem
from wagtail.signals import page_published
from wagtail.snippets.models import register_snippet

from courses.admin_views import CourseCategoryViewSet, CourseLearnersViewSet
from courses.certificate_admin import URL_NAMESPACE as CERTIFICATES_URL_NAMESPACE
from courses.certificate_admin import CertificateViewSet
from courses.models import CourseInstructor, CoursePage, QuizPage
from courses.permissions import (
    delete_course_editors,
    may_see_quiz_results,
    sync_course_editors,
    sync_course_editors_from_course,
)
from courses.quiz_report import QuizResultsViewSet, quiz_results_url

register_snippet(CourseCategoryViewSet)


@hooks.register("register_admin_viewset")
def register_course_learners_viewset():
    return CourseLearnersViewSet("course-learners")


@hooks.register("register_admin_viewset")
def register_quiz_results_viewset():
    return QuizResultsViewSet("quiz-results")


# --- "Results" on each quiz in the page explorer


class QuizResultsButton(PageMenuItem):
    """A link to a quiz's results, for those who may see them."""

    label = _("Results")
    icon_name = "clipboard-list"

    @property
    def url(self):
        return quiz_results_url(self.page)

    def is_shown(self, user):
        return may_see_quiz_results(user, self.page)


def _is_quiz(page):
    # The explorer's pages may be plain ``Page`` objects: look at the page type, which costs no query.
    return issubclass(page.specific_class or type(page), QuizPage)


@hooks.register("register_page_listing_more_buttons")
def quiz_results_listing_button(page, user, next_url=None):
    if _is_quiz(page):
        yield QuizResultsButton(page=page, priority=15)


@hooks.register("register_page_header_buttons")
def quiz_results_header_button(page, user, view_name, next_url=None):
    if _is_quiz(page):
        yield QuizResultsButton(page=page, priority=25)


# --- Course editors


@receiver(page_published, sender=CoursePage)
def sync_editors_of_published_course(sender, instance, **kwargs):
    """A published course: its live instructors are its editors (an instructor's own change to the
    list takes effect here, once an administrator has approved it)."""
    user_ids = CourseInstructor.objects.filter(course_id=instance.pk, user__isnull=False).values_list(
        "user_id", flat=True
    )
    sync_course_editors(instance, set(user_ids))


@receiver(post_delete, sender=CoursePage)
def delete_editors_of_deleted_course(sender, instance, **kwargs):
    """A deleted course takes its editors group with it."""
    delete_course_editors(instance.pk)


def sync_editors_when_a_publisher_saves(request, page):
    """An administrator's draft of a course: its instructors become the editors at once."""
    if isinstance(page, CoursePage) and page.permissions_for_user(request.user).can_publish():
        sync_course_editors_from_course(page)


@hooks.register("after_create_page")
def sync_editors_after_create(request, page):
    sync_editors_when_a_publisher_saves(request, page)


@hooks.register("after_edit_page")
def sync_editors_after_edit(request, page):
    sync_editors_when_a_publisher_saves(request, page)


@hooks.register("after_copy_page")
def sync_editors_after_copy(request, page, new_page):
    sync_editors_when_a_publisher_saves(request, new_page)


# --- Lesson files


@hooks.register("before_serve_document")
def check_lesson_document(document, request):
    """A document used in a lesson is served only to those who may read the lesson (``courses.documents``)."""
    from courses.documents import check_lesson_document as check

    return check(document, request)


@hooks.register("before_serve_document")
def check_seminar_document(document, request):
    """A seminar's attendees-only material is served only to its attendees and organisers (``courses.seminar_documents``)."""
    from courses.seminar_documents import check_seminar_document as check

    return check(document, request)


# --- Certificates


@hooks.register("register_admin_viewset")
def register_certificate_viewset():
    """The "Certificates" screens (``courses.certificate_admin``): administrators only."""
    return CertificateViewSet(CERTIFICATES_URL_NAMESPACE)


@hooks.register("register_log_actions")
def register_certificate_log_actions(actions):
    """Revoking a certificate, making its PDF again and a learner's renewal are recorded in Wagtail's audit log."""
    from django.utils.translation import gettext_lazy as _

    actions.register_action("courses.certificate.revoke", _("Revoke certificate"), _("Certificate revoked"))
    actions.register_action(
        "courses.certificate.regenerate", _("Regenerate certificate PDF"), _("Certificate PDF regenerated")
    )
    actions.register_action(
        "courses.certificate.renew", _("Renew course after expiry"), _("Learner started the course again to renew")
    )


# --- Seminars: registrations and attendance for organisers, approvals for training officers


@hooks.register("register_admin_urls")
def register_seminar_admin_urls():
    """The screens of ``courses.seminar_admin``, at /admin/seminars/."""
    from django.urls import path

    from courses import seminar_admin as views

    session = "seminars/registrations/<int:page_id>/sessions/<int:session_id>/"
    return [
        path("seminars/registrations/", views.SeminarListView.as_view(), name=views.SEMINARS_URL),
        path("seminars/registrations/<int:page_id>/", views.SeminarDetailView.as_view(), name=views.SEMINAR_URL),
        path(session, views.SessionView.as_view(), name=views.SESSION_URL),
        path(f"{session}attendance/", views.MarkAttendanceView.as_view(), name=views.ATTENDANCE_URL),
        path(
            f"{session}registrations/<int:registration_id>/undo/",
            views.UndoAttendanceView.as_view(),
            name=views.UNDO_URL,
        ),
        path(f"{session}cancel/", views.CancelSessionView.as_view(), name=views.CANCEL_URL),
        path(f"{session}registrants.csv", views.ExportRegistrantsView.as_view(), name=views.EXPORT_URL),
        path(f"{session}import/", views.ImportAttendanceView.as_view(), name=views.IMPORT_URL),
        path(f"{session}venue/", views.VenueView.as_view(), name=views.VENUE_URL),
        path("seminars/approvals/", views.ApprovalsView.as_view(), name=views.APPROVALS_URL),
        path("seminars/approvals/<int:registration_id>/approve/", views.ApproveView.as_view(), name=views.APPROVE_URL),
        path("seminars/approvals/<int:registration_id>/decline/", views.DeclineView.as_view(), name=views.DECLINE_URL),
    ]


@hooks.register("register_admin_menu_item")
def register_seminar_registrations_menu_item():
    from django.urls import reverse

    from courses.seminar_admin import SEMINARS_URL, SeminarRegistrationsMenuItem

    return SeminarRegistrationsMenuItem(
        _("Seminar registrations"), reverse(SEMINARS_URL), name="seminar-registrations", icon_name="calendar", order=253
    )


@hooks.register("register_admin_menu_item")
def register_seminar_approvals_menu_item():
    from django.urls import reverse

    from courses.seminar_admin import APPROVALS_URL, SeminarApprovalsMenuItem

    return SeminarApprovalsMenuItem(
        _("Seminar approvals"), reverse(APPROVALS_URL), name="seminar-approvals", icon_name="calendar-check", order=254
    )


@hooks.register("register_page_listing_more_buttons")
def seminar_registrations_listing_button(page, user, next_url=None):
    from courses.seminar_admin import SeminarRegistrationsButton, is_seminar_page

    if is_seminar_page(page):
        yield SeminarRegistrationsButton(page=page, priority=15)


@hooks.register("register_page_header_buttons")
def seminar_registrations_header_button(page, user, view_name, next_url=None):
    from courses.seminar_admin import SeminarRegistrationsButton, is_seminar_page

    if is_seminar_page(page):
        yield SeminarRegistrationsButton(page=page, priority=25)


# --- Course and seminar reports (``courses.course_reports``): Reports menu and explorer buttons


@hooks.register("register_admin_viewset")
def register_course_reports_viewset():
    from courses.course_reports import COURSE_REPORTS, CourseReportsViewSet

    return CourseReportsViewSet(COURSE_REPORTS)


@hooks.register("register_admin_viewset")
def register_seminar_reports_viewset():
    from courses.course_reports import SEMINAR_REPORTS, SeminarReportsViewSet

    return SeminarReportsViewSet(SEMINAR_REPORTS)


@hooks.register("register_reports_menu_item")
def register_course_reports_menu_item():
    from django.urls import reverse

    from courses.course_reports import COURSE_REPORTS, CourseReportsMenuItem

    return CourseReportsMenuItem(
        _("Course reports"), reverse(f"{COURSE_REPORTS}:index"), name="course-reports", icon_name="doc-full", order=300
    )


@hooks.register("register_reports_menu_item")
def register_seminar_reports_menu_item():
    from django.urls import reverse

    from courses.course_reports import SEMINAR_REPORTS, SeminarReportsMenuItem

    return SeminarReportsMenuItem(
        _("Seminar reports"),
        reverse(f"{SEMINAR_REPORTS}:index"),
        name="seminar-reports",
        icon_name="calendar",
        order=310,
    )


@hooks.register("register_page_listing_more_buttons")
def course_report_listing_button(page, user, next_url=None):
    from courses.course_reports import CourseReportButton, is_course_page

    if is_course_page(page):
        yield CourseReportButton(page=page, priority=16)


@hooks.register("register_page_header_buttons")
def course_report_header_button(page, user, view_name, next_url=None):
    from courses.course_reports import CourseReportButton, is_course_page

    if is_course_page(page):
        yield CourseReportButton(page=page, priority=26)


@hooks.register("register_page_listing_more_buttons")
def seminar_report_listing_button(page, user, next_url=None):
    from courses.course_reports import SeminarReportButton
    from courses.seminar_admin import is_seminar_page

    if is_seminar_page(page):
        yield SeminarReportButton(page=page, priority=16)


@hooks.register("register_page_header_buttons")
def seminar_report_header_button(page, user, view_name, next_url=None):
    from courses.course_reports import SeminarReportButton
    from courses.seminar_admin import is_seminar_page

    if is_seminar_page(page):
        yield SeminarReportButton(page=page, priority=26)
