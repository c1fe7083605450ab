"""Account forms: sign-up, login, profile, e-mail verification and password reset."""

from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm, SetPasswordMixin
from django.core.exceptions import ValidationError
from django.forms.utils import ErrorDict
from django.utils.translation import gettext_lazy as _

from lms.accounts import emails, limits
from lms.accounts.tasks import enqueue_account_email
from lms.forms import ThrottledLoginMixin
from lms.models import Agency, User
from lms.models.users import normalise_email
from lms.thai import thai_sorted

REQUIRED_NAME_FIELDS = ("first_name", "last_name", "first_name_en", "last_name_en")

# What browsers and password managers may fill in (WCAG 1.3.5, "identify input purpose").
# The Thai and the English name are both a given and a family name; the English ones
# are marked as English so screen readers pronounce them as such.
LEARNER_WIDGET_ATTRS = {
    "name_prefix": {"autocomplete": "honorific-prefix"},
    "first_name": {"autocomplete": "given-name"},
    "last_name": {"autocomplete": "family-name"},
    "first_name_en": {"autocomplete": "given-name", "lang": "en"},
    "last_name_en": {"autocomplete": "family-name", "lang": "en"},
    "position": {"autocomplete": "organization-title"},
}


def agency_path(agency):
    """The agency's place in the tree, e.g. "Ministry of Finance > Comptroller General's Department"."""
    names = []
    node = agency
    while node is not None:
        names.append(node.display_name)
        node = node.parent
    return " > ".join(reversed(names))


class AgencyPathIterator(forms.models.ModelChoiceIterator):
    """Agencies sorted by their path in Thai dictionary order, so each department follows its ministry."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        yield from thai_sorted((self.choice(agency) for agency in self.queryset), key=lambda choice: str(choice[1]))


class AgencyChoiceField(forms.ModelChoiceField):
    """A <select> of agencies labelled "ministry > department"."""

    iterator = AgencyPathIterator

    def __init__(self, *args, **kwargs):
        kwargs["queryset"] = Agency.objects.select_related("parent__parent")
        super().__init__(*args, **kwargs)

    def label_from_instance(self, obj):
        return agency_path(obj)


class AsciiEmailField(forms.EmailField):
    """An e-mail address written in ASCII only, local part and domain alike.

    Internationalised addresses are out of scope, and refusing them rules out look-alikes
    such as "admın@…" (dotless ı) for "admin@…", which Django's validator lets through.
    Checked before anything lower-cases the address: that turns some non-ASCII letters
    (the Kelvin sign, U+212A) into ASCII ones.
    """

    default_error_messages = {
        "non_ascii": _(
            "Please use an e-mail address made of Latin letters (a–z), digits and punctuation only: "
            "addresses with Thai or other non-Latin letters are not supported."
        ),
    }

    def validate(self, value):
        super().validate(value)
        # Before the validators run, so the visitor gets this message rather than "not valid".
        if value and not value.isascii():
            raise ValidationError(self.error_messages["non_ascii"], code="non_ascii")


class LearnerDetailsMixin:
    """What sign-up and the profile share: required Thai and English names, the agency rule.

    The agency rule itself lives in ``User.clean`` (run by the model form), which puts
    its error on the agency field.
    """

    def setup_learner_fields(self):
        for name in REQUIRED_NAME_FIELDS:
            self.fields[name].required = True
        self.fields["first_name_en"].help_text = _("As it should be printed on your certificates.")
        self.fields["agency"].help_text = _("Required for civil servants and state-enterprise staff.")
        self.fields["agency"].empty_label = _("— Choose your agency —")
        # The model's verbose name "title" would be translated as a heading, not a form of address.
        self.fields["name_prefix"].label = _("Name prefix")
        self.fields["name_prefix"].choices = [("", _("— None —")), *self.fields["name_prefix"].choices[1:]]
        for name, attrs in LEARNER_WIDGET_ATTRS.items():
            self.fields[name].widget.attrs.update(attrs)


LEARNER_FIELDS = [
    "name_prefix",
    "first_name",
    "last_name",
    "first_name_en",
    "last_name_en",
    "learner_type",
    "agency",
    "position",
]


class SignupForm(LearnerDetailsMixin, SetPasswordMixin, forms.ModelForm):
    """A new account: e-mail and password, names, learner type and agency, and consent.

    With a live privacy notice the form asks for its acceptance, and the page sends back
    the version it showed (``privacy_version``): when the notice changed in the meantime
    the visitor is asked to accept the new one. The account starts unverified; ``save``
    records the language the visitor is using.
    """

    error_messages = {
        **SetPasswordMixin.error_messages,
        "duplicate_email": _(
            "An account with this e-mail address already exists. Log in, or reset your password if you forgot it."
        ),
        "privacy_notice_changed": _(
            "The privacy notice has been updated since you opened this page. "
            "Please read the new version and accept it again."
        ),
        "too_many_signups": _("Too many sign-ups from your network. Please try again later."),
    }

    password1, password2 = SetPasswordMixin.create_password_fields()

    class Meta:
        model = User
        fields = ["email", *LEARNER_FIELDS]
        field_classes = {"email": AsciiEmailField, "agency": AgencyChoiceField}
        widgets = {"email": forms.EmailInput(attrs={"autocomplete": "email"})}

    field_order = ["email", "password1", "password2", *LEARNER_FIELDS, "accept_privacy"]

    def __init__(self, *args, privacy_notice=None, language=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.privacy_notice = privacy_notice
        self.language = language
        self.setup_learner_fields()
        if privacy_notice is not None:
            self.fields["accept_privacy"] = forms.BooleanField(
                label=_("I have read and accept the privacy notice"),
                error_messages={"required": _("Please accept the privacy notice to create an account.")},
            )
            # The template writes the shown notice's version itself (see signup.html).
            self.fields["privacy_version"] = forms.CharField(required=False, widget=forms.HiddenInput)
            self.order_fields(self.field_order)

    def clean_email(self):
        email = normalise_email(self.cleaned_data.get("email"))
        # Addresses are stored lower-cased, so an exact match is the case-insensitive one.
        if User.objects.filter(email=email).exists():
            raise ValidationError(self.error_messages["duplicate_email"], code="duplicate_email")
        return email

    def clean(self):
        self.validate_passwords()
        cleaned_data = super().clean()
        if self.privacy_notice is not None and self.privacy_notice_changed:
            # Whatever was ticked applied to the older text: ask again, with the box unticked.
            self.errors.pop("accept_privacy", None)
            self.add_error(
                "accept_privacy",
                ValidationError(self.error_messages["privacy_notice_changed"], code="privacy_notice_changed"),
            )
            self.data = self.data.copy()
            self.data.pop(self.add_prefix("accept_privacy"), None)
        return cleaned_data

    @property
    def privacy_notice_changed(self):
        """True when the form was sent from a page that showed another version of the notice."""
        return self.cleaned_data.get("privacy_version", "") != self.privacy_notice.version

    def refuse_too_many_signups(self):
        """Show only the "too many sign-ups from your network" error (the view counts the sign-ups).

        Any other error is dropped: it could tell whether the address typed has an account.
        """
        self._errors = ErrorDict()
        self.cleaned_data = {}
        self.add_error(None, ValidationError(self.error_messages["too_many_signups"], code="too_many_signups"))

    def _post_clean(self):
        super()._post_clean()
        # Validated once the instance holds the names, so "too similar to your name" works;
        # the messages go next to the password the visitor typed.
        self.validate_password_for_user(self.instance, password_field_name="password1")  # noqa: S106 (a field name)

    def save(self, commit=True):
        user = super().save(commit=False)
        user.email_verified = False
        if self.language:
            user.preferred_language = self.language
        return self.set_password_and_save(user, commit=commit)


class ProfileForm(LearnerDetailsMixin, forms.ModelForm):
    """The learner's own details; the e-mail address is shown, not edited."""

    class Meta:
        model = User
        fields = [*LEARNER_FIELDS, "preferred_language"]
        field_classes = {"agency": AgencyChoiceField}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.setup_learner_fields()
        self.fields["preferred_language"].help_text = _("The language of the site and of the e-mails we send you.")


class EmailLoginForm(ThrottledLoginMixin, AuthenticationForm):
    """Log in with e-mail (any letter case) and password; refused while throttled or unverified.

    When the address is already filled in (``?email=`` after confirming it), the
    password field gets the focus instead.
    """

    username = forms.EmailField(
        label=_("E-mail address"),
        widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"}),
    )

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _("The e-mail address or password is not correct."),
        "unverified": _(
            "Please confirm your e-mail address first: follow the link in the e-mail we sent you "
            "when you signed up, or ask for a new one."
        ),
    }

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        if self.initial.get("username") and not self.is_bound:
            self.fields["username"].widget.attrs.pop("autofocus", None)
            self.fields["password"].widget.attrs["autofocus"] = True

    def confirm_login_allowed(self, user):
        super().confirm_login_allowed(user)
        if not user.email_verified:
            raise ValidationError(self.error_messages["unverified"], code="unverified")

    @property
    def needs_verification(self):
        return any(error.code == "unverified" for error in self.non_field_errors().as_data())


class ResendVerificationForm(forms.Form):
    """Ask for a new verification link; the answer is the same whether or not the address is known."""

    email = forms.EmailField(label=_("E-mail address"), widget=forms.EmailInput(attrs={"autocomplete": "email"}))

    def send(self, request):
        """Queue a new link when the address belongs to an unverified, active account.

        At most one a minute and three an hour (``limits``), so the form cannot be used
        to flood someone's inbox.
        """
        email = normalise_email(self.cleaned_data["email"])
        user = User.objects.filter(email=email, is_active=True, email_verified=False).first()
        if user is None or not limits.verification_resend_allowed(user):
            return
        enqueue_account_email(user, emails.VERIFY_EMAIL, emails.site_url(request))


class AccountPasswordResetForm(PasswordResetForm):
    """Django's reset form, queueing our e-mail in the account holder's language.

    The rate limits are applied by the view, before ``save``.
    """

    email = forms.EmailField(
        label=_("E-mail address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}),
    )

    def get_users(self, email):
        """Active accounts with a usable password whose address is exactly ``email`` once normalised.

        Not Django's ``iexact`` look-up: on PostgreSQL it matches look-alikes such as
        "admın@…" (dotless ı) to "admin@…".
        """
        users = User.objects.filter(email=normalise_email(email), is_active=True)
        return (user for user in users if user.has_usable_password())

    def send_mail(self, subject_template_name, email_template_name, context, from_email, to_email, **kwargs):
        # The task makes the link and its token itself: no token is stored with the queued task.
        enqueue_account_email(context["user"], emails.PASSWORD_RESET, f"{context['protocol']}://{context['domain']}")
