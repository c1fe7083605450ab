"""The learner's dashboard (``/my/``), the downloads of their own certificates, and their calendar feed."""

from django.urls import path

from lms import dashboard

app_name = "dashboard"
urlpatterns = [
    path("", dashboard.index, name="index"),
    path("certificates/<int:pk>/download/", dashboard.certificate_download, name="certificate-download"),
    path("calendar/new-address/", dashboard.renew_calendar_feed, name="calendar-feed-renew"),
    # The token is the whole key to the feed (``courses.models.CalendarFeed``): URL-safe base64.
    path("calendar/<slug:token>.ics", dashboard.calendar_feed, name="calendar-feed"),
]
