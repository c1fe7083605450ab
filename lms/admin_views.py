"""The Wagtail editor's screens for agencies and for users with the platform's own fields.

``AgencyViewSet`` is registered in ``lms/wagtail_hooks.py``. ``UserViewSet`` replaces
Wagtail's own through ``lms.wagtail_users_app.LmsUsersAppConfig`` (which stands in for
``wagtail.users`` in ``INSTALLED_APPS``). Who may do what comes from the model
permissions the role groups hold (``lms/roles.py``); which users a training officer
sees comes from their agency (``users_visible_to``).
"""

import django_filters
from django import forms
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.admin.ui.tables import Column
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permissions import policy_registry
from wagtail.users.forms import UserCreationForm, UserEditForm
from wagtail.users.views import users as wagtail_users

from lms.models import Agency, LearnerType, User
from lms.models.users import normalise_email

# --- Agencies


class AgencyIndexView(generic.IndexView):
    """The agency listing, with each row's parent fetched in the same query."""

    def get_base_queryset(self):
        return super().get_base_queryset().select_related("parent")


class AgencyViewSet(ModelViewSet):
    """Ministries, departments and divisions: training officers view them, administrators edit them.

    The form is validated by ``Agency.clean`` (no agency under itself, at most three levels).
    """

    model = Agency
    index_view_class = AgencyIndexView
    icon = "site"
    menu_label = _("Agencies")
    menu_name = "agencies"
    menu_order = 590
    add_to_admin_menu = True
    inspect_view_enabled = True
    copy_view_enabled = False
    list_display = ["code", "name_th", "name_en", "parent", "level"]
    list_filter = ["level", "is_state_enterprise"]
    search_fields = ["code", "name_th", "name_en", "abbreviation"]
    ordering = ["name_th"]
    list_per_page = 50
    panels = [
        FieldRowPanel([FieldPanel("code"), FieldPanel("abbreviation")]),
        FieldPanel("name_th"),
        FieldPanel("name_en"),
        MultiFieldPanel(
            [FieldPanel("level"), FieldPanel("parent"), FieldPanel("is_state_enterprise")],
            heading=_("Place in the government"),
        ),
    ]


# --- Users


class AgencyChoiceField(forms.ModelChoiceField):
    """An agency, shown with the agency above it so that namesakes can be told apart."""

    def label_from_instance(self, agency):
        if agency.parent_id:
            return f"{agency.display_name} — {agency.parent.display_name}"
        return agency.display_name


# The platform's own fields, in the order the user forms show them.
PROFILE_FIELDS = (
    "name_prefix",
    "first_name_en",
    "last_name_en",
    "learner_type",
    "agency",
    "position",
    "preferred_language",
    "email_verified",
)


class UserProfileFormMixin(forms.ModelForm):
    """The Thai and English names, learner type, agency and position on Wagtail's user forms."""

    first_name = forms.CharField(label=_("First name (Thai)"), max_length=150)
    last_name = forms.CharField(label=_("Last name (Thai)"), max_length=150)
    email = forms.EmailField(label=_("E-mail address"))
    agency = AgencyChoiceField(
        label=_("Agency"),
        queryset=Agency.objects.select_related("parent").order_by("name_th"),
        required=False,
        help_text=_("Required for civil servants and state-enterprise staff."),
    )

    def clean_email(self):
        # Addresses are unique whatever their case, so they are stored lower-cased (as lms.User.clean does).
        return normalise_email(self.cleaned_data.get("email"))


class LmsUserCreationForm(UserProfileFormMixin, UserCreationForm):
    class Meta(UserCreationForm.Meta):
        fields = UserCreationForm.Meta.fields | set(PROFILE_FIELDS)


class LmsUserEditForm(UserProfileFormMixin, UserEditForm):
    class Meta(UserEditForm.Meta):
        fields = UserEditForm.Meta.fields | set(PROFILE_FIELDS)


class UserFilterSet(wagtail_users.UserFilterSet):
    """Wagtail's user filters plus learner type and agency."""

    learner_type = django_filters.ChoiceFilter(label=_("Learner type"), choices=LearnerType.choices)
    agency = django_filters.ModelChoiceFilter(label=_("Agency"), queryset=Agency.objects.order_by("name_th"))

    class Meta(wagtail_users.UserFilterSet.Meta):
        pass


def users_visible_to(user, queryset):
    """The users in ``queryset`` that ``user`` may see in the editor.

    Superusers and those who may change users (administrators) see everyone. Anyone else
    (a training officer, who may only view users) sees the staff of their own agency and of
    the agencies under it, and nobody when they have no agency.
    Example: ``users_visible_to(request.user, User.objects.all())``.
    """
    if policy_registry.get_by_type(User).user_has_permission(user, "change"):
        return queryset
    if not user.agency_id:
        return queryset.none()
    return queryset.filter(agency__in=Agency.objects.within(user.agency_id))


class ScopedUserFormViewMixin:
    """Edit and delete look the user up among those the requesting user may see (404 otherwise)."""

    def get_queryset(self):
        return users_visible_to(self.request.user, super().get_queryset())


class ScopedUserObjectViewMixin:
    """History and usage look the user up the same way (their ``get_queryset`` lists other rows)."""

    def get_base_object_queryset(self):
        return users_visible_to(self.request.user, super().get_base_object_queryset())


class UserEditView(ScopedUserFormViewMixin, wagtail_users.EditView):
    pass


class UserDeleteView(ScopedUserFormViewMixin, wagtail_users.DeleteView):
    pass


class UserHistoryView(ScopedUserObjectViewMixin, wagtail_users.HistoryView):
    pass


class UserUsageView(ScopedUserObjectViewMixin, generic.UsageView):
    pass


class UserIndexView(wagtail_users.IndexView):
    """Wagtail's user listing, searchable by English name too, with each user's agency.

    A training officer sees only the staff of their agency's subtree (``users_visible_to``).
    """

    search_fields = ["email", "first_name", "last_name", "first_name_en", "last_name_en", "position"]

    @cached_property
    def columns(self):
        columns = list(super().columns)
        # The agency goes after the e-mail column (Wagtail's "Username": it is the login), else last.
        position = len(columns)
        for index, column in enumerate(columns):
            if column.name == "email":
                column.label = _("E-mail")
                position = index + 1
        columns.insert(
            position,
            Column("agency", label=_("Agency"), accessor=lambda user: user.agency or "", width="20%"),
        )
        return columns

    def get_base_queryset(self):
        return users_visible_to(self.request.user, super().get_base_queryset().select_related("agency"))


class UserViewSet(wagtail_users.UserViewSet):
    """Wagtail's user screens with the platform's fields (e-mail login, no username)."""

    index_view_class = UserIndexView
    edit_view_class = UserEditView
    delete_view_class = UserDeleteView
    history_view_class = UserHistoryView
    usage_view_class = UserUsageView
    filterset_class = UserFilterSet
    create_template_name = "lms/admin/users/create.html"
    edit_template_name = "lms/admin/users/edit.html"

    def get_form_class(self, for_update=False):
        return LmsUserEditForm if for_update else LmsUserCreationForm
