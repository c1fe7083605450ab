"""Key figures on the Wagtail admin home page (``construct_homepage_panels``).

Who sees what:

- administrators (those who may change any user, and superusers) see the whole platform:
  learners (active accounts), enrolments this month, completions this month and in all,
  valid certificates, library downloads this month, upcoming seminar sessions, and the
  seminar registrations waiting for their approval;
- training officers see the same people figures for the staff of their agency and the
  agencies under it (as ``lms.admin_views.users_visible_to`` scopes them), and the
  approvals waiting for them. Library downloads and seminar sessions belong to no agency,
  so they are not in an officer's panel; an officer without an agency sees no panel;
- everyone else (instructors) sees no panel.

The figures are counted in a fixed handful of queries and kept in the cache for five
minutes per scope (the whole platform, or one agency), so a busy admin home does not count
100,000 enrolments on every visit; the panel says when they were counted. The pending
approvals are a to-do list, counted on every visit for the person looking.
"""

from django.core.cache import cache
from django.db.models import Count, Q, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.components import Component
from wagtail.permissions import policy_registry

from courses.models import Certificate, Enrolment, SeminarSession
from library.models import ItemUsageDay
from lms.models import Agency, User
from lms.roles import TRAINING_OFFICERS

CACHE_SECONDS = 5 * 60
CACHE_KEY = "lms:admin-home-figures:{scope}"
SITE = "site"


def figures_scope(user):
    """``"site"``, ``"agency:<id>"`` for a training officer with an agency, or None: whose figures ``user`` sees."""
    if not user.is_authenticated or not user.is_active:
        return None
    if policy_registry.get_by_type(User).user_has_permission(user, "change"):
        return SITE
    if user.agency_id and user.groups.filter(name=TRAINING_OFFICERS).exists():
        return f"agency:{user.agency_id}"
    return None


def month_start(now=None):
    """Midnight on the first day of the current month in Asia/Bangkok."""
    local = timezone.localtime(now)
    return local.replace(day=1, hour=0, minute=0, second=0, microsecond=0)


def count_figures(scope, now=None):
    """The figures for ``scope`` (see ``figures_scope``), counted now: a dict of numbers and ``counted_at``."""
    now = now or timezone.now()
    since = month_start(now)
    enrolments, certificates, people = Enrolment.objects.all(), Certificate.objects.all(), User.objects.all()
    if scope != SITE:
        people = people.filter(agency__in=Agency.objects.within(int(scope.split(":", 1)[1])))
        enrolments = enrolments.filter(user__in=people)
        certificates = certificates.filter(user__in=people)
    counts = enrolments.aggregate(
        enrolments_this_month=Count("pk", filter=Q(enrolled_at__gte=since)),
        completions_this_month=Count("pk", filter=Q(completed_at__gte=since)),
        completions=Count("pk", filter=Q(completed_at__isnull=False)),
    )
    figures = {
        "learners": people.filter(is_active=True).count(),
        **counts,
        "certificates": certificates.valid(today=timezone.localdate(now)).count(),
        "counted_at": now,
    }
    if scope == SITE:
        downloads = ItemUsageDay.objects.filter(day__gte=since.date()).aggregate(total=Sum("downloads"))["total"]
        figures["downloads_this_month"] = downloads or 0
        figures["upcoming_sessions"] = (
            SeminarSession.objects.not_cancelled().filter(starts_at__gt=now, page__live=True).count()
        )
    return figures


def cached_figures(scope):
    """``count_figures(scope)``, counted at most once every five minutes per scope."""
    return cache.get_or_set(CACHE_KEY.format(scope=scope), lambda: count_figures(scope), CACHE_SECONDS)


def pending_approvals(user):
    """How many seminar registrations wait for ``user``'s decision (as the approvals screen lists them)."""
    from courses.seminar_admin import pending_for

    return pending_for(user).count()


class KeyFiguresPanel(Component):
    """The admin home's panel of key figures, for the whole platform or one agency."""

    name = "key_figures"
    template_name = "lms/admin/home_panel_figures.html"
    order = 50  # above Wagtail's own panels (workflow, recent edits, locked pages)

    def __init__(self, scope):
        self.scope = scope

    def get_context_data(self, parent_context):
        user = parent_context["request"].user
        figures = cached_figures(self.scope)
        rows = [
            ("learners", _("Learners (active accounts)"), figures["learners"], ""),
            ("enrolments_this_month", _("Enrolments this month"), figures["enrolments_this_month"], ""),
            ("completions_this_month", _("Completions this month"), figures["completions_this_month"], ""),
            ("completions", _("Completions in all"), figures["completions"], ""),
            ("certificates", _("Valid certificates"), figures["certificates"], ""),
        ]
        if self.scope == SITE:
            heading = _("Key figures")
            rows += [
                ("downloads_this_month", _("Library downloads this month"), figures["downloads_this_month"], ""),
                ("upcoming_sessions", _("Upcoming seminar sessions"), figures["upcoming_sessions"], ""),
            ]
        else:
            agency = Agency.objects.get(pk=user.agency_id)
            heading = _("Key figures: %(agency)s and the agencies under it") % {"agency": agency.display_name}
        rows.append(
            (
                "pending_approvals",
                _("Seminar registrations awaiting your approval"),
                pending_approvals(user),
                approvals_url(),
            )
        )
        return {
            "heading": heading,
            "rows": [{"key": key, "label": label, "value": value, "url": url} for key, label, value, url in rows],
            "counted_at": figures["counted_at"],
        }


def approvals_url():
    from courses.seminar_admin import APPROVALS_URL

    return reverse(APPROVALS_URL)


@hooks.register("construct_homepage_panels")
def add_key_figures_panel(request, panels):
    scope = figures_scope(request.user)
    if scope is not None:
        panels.append(KeyFiguresPanel(scope))
