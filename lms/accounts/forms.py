"""Account forms: sign-up, login, profile, e-mail verification and password reset."""

from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm, SetPasswordMixin
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from lms.accounts import emails
from lms.forms import WagtailLoginForm
from lms.models import Agency, User
from lms.models.users import normalise_email
from lms.services import login_throttle

REQUIRED_NAME_FIELDS = ("first_name", "last_name", "first_name_en", "last_name_en")
RESEND_INTERVAL_SECONDS = 60


def agency_path(agency):
    """The agency's place in the tree, e.g. "Ministry of Finance > Comptroller General's Department"."""
    names = []
    node = agency
    while node is not None:
        names.append(node.display_name)
        node = node.parent
    return " > ".join(reversed(names))


class AgencyPathIterator(forms.models.ModelChoiceIterator):
    """Agencies sorted by their path, so each department follows its ministry."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        yield from sorted((self.choice(agency) for agency in self.queryset), key=lambda choice: choice[1])


class AgencyChoiceField(forms.ModelChoiceField):
    """A <select> of agencies labelled "ministry > department"."""

    iterator = AgencyPathIterator

    def __init__(self, *args, **kwargs):
        kwargs["queryset"] = Agency.objects.select_related("parent__parent")
        super().__init__(*args, **kwargs)

    def label_from_instance(self, obj):
        return agency_path(obj)


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

    With a live privacy notice the form asks for its acceptance. The account starts
    unverified; ``save`` records the language the visitor is using.
    """

    password1, password2 = SetPasswordMixin.create_password_fields()

    class Meta:
        model = User
        fields = ["email", *LEARNER_FIELDS]
        field_classes = {"agency": AgencyChoiceField}
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
            self.order_fields(self.field_order)

    def clean_email(self):
        email = normalise_email(self.cleaned_data.get("email"))
        if User.objects.filter(email__iexact=email).exists():
            raise ValidationError(
                _(
                    "An account with this e-mail address already exists. Log in, or reset your password if you forgot it."
                ),
                code="duplicate_email",
            )
        return email

    def clean(self):
        self.validate_passwords()
        return super().clean()

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


class EmailLoginForm(AuthenticationForm):
    """Log in with e-mail (any letter case) and password; refused while throttled or unverified."""

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

    def clean(self):
        email = self.cleaned_data.get("username")
        if email and login_throttle.is_locked_out(self.request, email):
            raise WagtailLoginForm.get_throttled_error()
        return super().clean()

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
        """Send a new link when the address belongs to an unverified, active account (at most once a minute)."""
        email = normalise_email(self.cleaned_data["email"])
        user = User.objects.filter(email__iexact=email, is_active=True, email_verified=False).first()
        if user is None:
            return
        # A minute between messages keeps the form from being used to flood someone's inbox.
        if cache.add(f"verify-resend:{user.pk}", 1, timeout=RESEND_INTERVAL_SECONDS):
            emails.send_verification_email(user, request)


class AccountPasswordResetForm(PasswordResetForm):
    """Django's reset form, sending our e-mail in the account holder's language."""

    email = forms.EmailField(
        label=_("E-mail address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}),
    )

    def save(self, *args, request=None, **kwargs):
        self._request = request
        return super().save(*args, request=request, **kwargs)

    def send_mail(self, subject_template_name, email_template_name, context, from_email, to_email, **kwargs):
        path = reverse("account:password-reset-confirm", kwargs={"uidb64": context["uid"], "token": context["token"]})
        link = f"{context['protocol']}://{context['domain']}{path}"
        emails.send_password_reset_email(context["user"], link, request=getattr(self, "_request", None))
