"""Account pages: sign-up and e-mail verification, login, password reset, profile, privacy consent.

Views stay thin: the forms validate, ``lms.accounts.tasks`` sends the e-mails in the
background, ``lms.accounts.limits`` says how often, ``lms.accounts.consent`` records consent.
"""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth import views as auth_views
from django.contrib.auth.mixins import LoginRequiredMixin
from django.db import transaction
from django.http import HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils import translation
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme, urlencode, urlsafe_base64_decode
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.generic import FormView, TemplateView, UpdateView

from home.models import PrivacyNoticePage
from lms.accounts import emails, limits
from lms.accounts.consent import record_consent
from lms.accounts.forms import (
    AccountPasswordResetForm,
    EmailLoginForm,
    ProfileForm,
    ResendVerificationForm,
    SignupForm,
)
from lms.accounts.tasks import enqueue_account_email
from lms.accounts.tokens import email_verification_token
from lms.middleware import SESSION_KEY as CONSENT_SESSION_KEY
from lms.middleware import has_consented, remember_language
from lms.services import login_throttle

SIGNUP_EMAIL_SESSION_KEY = "signup_email"
SIGNUP_NEXT_SESSION_KEY = "signup_next"


def user_from_uidb64(uidb64):
    User = get_user_model()  # noqa: N806
    try:
        pk = User._meta.pk.to_python(urlsafe_base64_decode(uidb64).decode())
        return User.objects.get(pk=pk, is_active=True)
    except (TypeError, ValueError, OverflowError, User.DoesNotExist):
        return None


# --- Sign-up and e-mail verification


@method_decorator([never_cache, sensitive_post_parameters("password1", "password2")], name="dispatch")
class SignupView(FormView):
    """Create an unverified account (and its consent record) and send the verification e-mail.

    At most ``limits.SIGNUPS_PER_ADDRESS`` accounts an hour, and
    ``limits.SIGNUP_ATTEMPTS_PER_ADDRESS`` forms sent, from one client address; the next
    one gets the form back with an error and status 429.
    """

    template_name = "lms/account/signup.html"
    form_class = SignupForm

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            return redirect("account:profile")
        self.privacy_notice = PrivacyNoticePage.current()
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["privacy_notice"] = self.privacy_notice
        kwargs["language"] = translation.get_language()
        return kwargs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["privacy_notice"] = self.privacy_notice
        context["next"] = self.next_url()
        return context

    def next_url(self):
        """Where the visitor was going (``next``, e.g. the course they wanted), if it is on this site."""
        url = self.request.POST.get("next") or self.request.GET.get("next") or ""
        allowed = url_has_allowed_host_and_scheme(
            url, allowed_hosts={self.request.get_host()}, require_https=self.request.is_secure()
        )
        return url if allowed else ""

    def post(self, request, *args, **kwargs):
        if not limits.signup_attempt_allowed(request):
            # Refused before validation, so the answer says nothing about the address typed.
            return self.too_many_signups(self.get_form())
        return super().post(request, *args, **kwargs)

    def too_many_signups(self, form):
        """The form back with only the "too many sign-ups" error, and status 429."""
        form.refuse_too_many_signups()
        response = self.form_invalid(form)
        response.status_code = 429
        return response

    def form_valid(self, form):
        if not limits.signup_allowed(self.request):
            return self.too_many_signups(form)
        with transaction.atomic():
            user = form.save()
            if self.privacy_notice is not None:
                record_consent(user, self.privacy_notice, self.request)
            # Queued when the account is committed, not before.
            enqueue_account_email(user, emails.VERIFY_EMAIL, emails.site_url(self.request))
        self.request.session[SIGNUP_EMAIL_SESSION_KEY] = user.email
        if self.next_url():
            # Confirming the address in this browser leads back there after logging in.
            self.request.session[SIGNUP_NEXT_SESSION_KEY] = self.next_url()
        return redirect("account:signup-done")


class SignupDoneView(TemplateView):
    """The "check your inbox" page shown after sign-up."""

    template_name = "lms/account/signup_done.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["email"] = self.request.session.get(SIGNUP_EMAIL_SESSION_KEY, "")
        return context


@method_decorator(never_cache, name="dispatch")
class VerifyEmailView(View):
    """The link in the verification e-mail.

    GET only shows a "Confirm my e-mail" button: mail scanners follow links, so only the
    POST verifies. It does not log in: whoever holds the link has proved the mailbox, not
    the password. The login page follows, with the address filled in and the profile as
    the next page. A used link says so; a forged, expired or unknown one offers a new link.
    """

    def dispatch(self, request, uidb64, token):
        self.user = user_from_uidb64(uidb64)
        self.token = token
        if self.user is not None and email_verification_token.was_used(self.user, token):
            return render(request, "lms/account/verify_already.html")
        if self.user is None or not email_verification_token.check_token(self.user, token):
            form = ResendVerificationForm()
            return render(request, "lms/account/verify_invalid.html", {"form": form}, status=400)
        return super().dispatch(request, uidb64, token)

    def get(self, request, uidb64, token):
        return render(request, "lms/account/verify_confirm.html", {"email": self.user.email})

    def post(self, request, uidb64, token):
        user = self.user
        user.email_verified = True
        user.save(update_fields=["email_verified"])
        messages.success(request, _("Your e-mail address is confirmed. Please log in."))
        next_url = request.session.pop(SIGNUP_NEXT_SESSION_KEY, "") or reverse("account:profile")
        query = urlencode({"next": next_url, "email": user.email})
        return HttpResponseRedirect(f"{reverse('account:login')}?{query}")


class ResendVerificationView(FormView):
    """Send a new verification link; the same answer whether or not the address is known."""

    template_name = "lms/account/verify_resend.html"
    form_class = ResendVerificationForm
    success_url = reverse_lazy("account:verify-resend-done")

    def get_initial(self):
        return {"email": self.request.GET.get("email", "")}

    def form_valid(self, form):
        form.send(self.request)
        return super().form_valid(form)


class ResendVerificationDoneView(TemplateView):
    template_name = "lms/account/verify_resend_done.html"


# --- Login and logout


class AccountLoginView(auth_views.LoginView):
    """Login by e-mail and password; ``next`` is followed only within this site.

    ``?email=`` fills in the address (the confirmation page sends people here with it).
    """

    form_class = EmailLoginForm
    template_name = "lms/account/login.html"
    redirect_authenticated_user = True

    def get_initial(self):
        initial = super().get_initial()
        email = self.request.GET.get("email", "").strip()
        if email:
            initial["username"] = email
        return initial


class AccountLogoutView(auth_views.LogoutView):
    """POST only (Django refuses GET with 405); back to the home page with a message."""

    def post(self, request, *args, **kwargs):
        response = super().post(request, *args, **kwargs)
        messages.info(request, _("You have logged out."))
        return response


# --- Password reset and change


class AccountPasswordResetView(auth_views.PasswordResetView):
    """Ask for a reset link: an unknown address gets exactly the same answer as a known one.

    So does a request over the limits (``limits.password_reset_allowed``): it just sends
    nothing.
    """

    form_class = AccountPasswordResetForm
    template_name = "lms/account/password_reset_form.html"
    success_url = reverse_lazy("account:password-reset-done")

    def form_valid(self, form):
        if not limits.password_reset_allowed(self.request, form.cleaned_data["email"]):
            return HttpResponseRedirect(self.get_success_url())
        return super().form_valid(form)


class AccountPasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "lms/account/password_reset_done.html"


class AccountPasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """Set a new password from the e-mailed link; the account's failed logins are then forgotten."""

    template_name = "lms/account/password_reset_confirm.html"
    success_url = reverse_lazy("account:password-reset-complete")

    def form_valid(self, form):
        response = super().form_valid(form)
        user = self.user
        login_throttle.clear_failures(self.request, user.email)
        if not user.email_verified:
            # Following the e-mailed link proves the address, as verification would.
            user.email_verified = True
            user.save(update_fields=["email_verified"])
        return response


class AccountPasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "lms/account/password_reset_complete.html"


class AccountPasswordChangeView(auth_views.PasswordChangeView):
    """Change the password (login required); back to the profile with a message."""

    template_name = "lms/account/password_change.html"
    success_url = reverse_lazy("account:profile")

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(self.request, _("Your password has been changed."))
        return response


# --- Profile and privacy consent


@method_decorator(never_cache, name="dispatch")
class ProfileView(LoginRequiredMixin, UpdateView):
    """The learner's details and the consents they gave."""

    template_name = "lms/account/profile.html"
    form_class = ProfileForm

    def get_object(self, queryset=None):
        # A fresh copy: a rejected form must not change the user the header shows.
        return get_user_model().objects.select_related("agency").get(pk=self.request.user.pk)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["consents"] = self.request.user.consents.select_related("notice")
        return context

    def form_valid(self, form):
        user = form.save()
        response = redirect("account:profile")
        remember_language(response, user.preferred_language)
        # Shown on the next page, which is in the language just chosen.
        with translation.override(user.preferred_language):
            messages.success(self.request, gettext("Your profile has been saved."))
        return response


@method_decorator(never_cache, name="dispatch")
class PrivacyConsentView(LoginRequiredMixin, auth_views.RedirectURLMixin, View):
    """Accept the current privacy notice, then go on to ``next`` (only within this site, as for login).

    ``lms.middleware.PrivacyConsentMiddleware`` sends signed-in users here until they
    have accepted the live version.
    """

    template_name = "lms/account/privacy_consent.html"
    next_page = "/"  # when ``next`` is missing or points elsewhere

    def get(self, request):
        notice = PrivacyNoticePage.current()
        if self._nothing_to_ask(notice):
            return redirect(self.get_success_url())
        return self._render(notice)

    def post(self, request):
        notice = PrivacyNoticePage.current()
        if self._nothing_to_ask(notice):
            return redirect(self.get_success_url())
        if request.POST.get("version") != notice.version:
            # The notice changed while the page was open: show the new one before accepting.
            messages.warning(request, _("The privacy notice has just been updated. Please read it again."))
            return self._render(notice)
        record_consent(request.user, notice, request)
        request.session[CONSENT_SESSION_KEY] = notice.version
        messages.success(request, _("Thank you for accepting the privacy notice."))
        return redirect(self.get_success_url())

    def _nothing_to_ask(self, notice):
        return notice is None or has_consented(self.request, notice.version)

    def _render(self, notice):
        context = {"notice": notice, "next": self.get_redirect_url()}
        return render(self.request, self.template_name, context)


def account_home(request):
    return redirect("account:profile")
