"""Accounts: sign-up with e-mail verification, login, password reset, profile, consent."""

from django.urls import path

from lms.accounts import views

app_name = "account"
urlpatterns = [
    path("", views.account_home, name="home"),
    path("signup/", views.SignupView.as_view(), name="signup"),
    path("signup/done/", views.SignupDoneView.as_view(), name="signup-done"),
    path("verify/resend/", views.ResendVerificationView.as_view(), name="verify-resend"),
    path("verify/resend/done/", views.ResendVerificationDoneView.as_view(), name="verify-resend-done"),
    path("verify/<uidb64>/<token>/", views.VerifyEmailView.as_view(), name="verify-email"),
    path("login/", views.AccountLoginView.as_view(), name="login"),
    path("logout/", views.AccountLogoutView.as_view(), name="logout"),
    path("password/reset/", views.AccountPasswordResetView.as_view(), name="password-reset"),
    path("password/reset/done/", views.AccountPasswordResetDoneView.as_view(), name="password-reset-done"),
    path("password/reset/complete/", views.AccountPasswordResetCompleteView.as_view(), name="password-reset-complete"),
    path(
        "password/reset/<uidb64>/<token>/",
        views.AccountPasswordResetConfirmView.as_view(),
        name="password-reset-confirm",
    ),
    path("password/change/", views.AccountPasswordChangeView.as_view(), name="password-change"),
    path("profile/", views.ProfileView.as_view(), name="profile"),
    path("privacy/", views.PrivacyConsentView.as_view(), name="privacy-consent"),
]
