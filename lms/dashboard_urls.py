"""The learner's dashboard (``/my/``) and the downloads of their own certificates."""

from django.urls import path

from lms import dashboard

app_name = "dashboard"
urlpatterns = [
    path("", dashboard.index, name="index"),
    path("certificates/<int:pk>/download/", dashboard.certificate_download, name="certificate-download"),
]
