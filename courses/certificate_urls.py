"""Public certificate addresses, mounted at ``/certificates/`` (a public contract, docs DESIGN.md).

Printed certificates carry ``/certificates/verify/<code>/`` in their QR codes for years:
these paths never change. ``<code>`` takes any text, so a mistyped or impossible code
reaches the view and gets a 404 page with the form rather than the site's plain 404.
"""

from django.urls import path
from django.views.generic import RedirectView

from . import certificate_views as views

app_name = "certificates"
urlpatterns = [
    path("", RedirectView.as_view(pattern_name="certificates:verify-form", permanent=False)),
    path("issuer/", views.issuer, name="issuer"),
    path("verify/", views.verify_form, name="verify-form"),
    path("verify/<str:code>/certificate.pdf", views.certificate_pdf, name="pdf"),
    path("verify/<str:code>/credential.json", views.credential, name="credential"),
    path("verify/<path:code>/", views.verify, name="verify"),
]
