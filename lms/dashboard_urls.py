"""The learner's dashboard (``/my/``)."""

from django.urls import path

from lms import dashboard

app_name = "dashboard"
urlpatterns = [
    path("", dashboard.index, name="index"),
]
