"""The learner's dashboard (``/my/``), the downloads of their own certificates and training record, and their calendar feed."""

from django.urls import path

from lms import dashboard

app_name = "dashboard"
urlpatterns = [
    path("", dashboard.index, name="index"),
    path("certificates/<int:pk>/download/", dashboard.certificate_download, name="certificate-download"),
    path("training-record.pdf", dashboard.training_record_pdf, name="training-record-pdf"),
    path("training-record.csv", dashboard.training_record_csv_download, name="training-record-csv"),
    path("calendar/new-address/", dashboard.renew_calendar_feed, name="calendar-feed-renew"),
    # The token is the whole key to the feed (``courses.models.CalendarFeed``): URL-safe base64.
    path("calendar/<slug:token>.ics", dashboard.calendar_feed, name="calendar-feed"),
]
