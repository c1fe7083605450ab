"""The learner's dashboard (``/my/``)."""

app_name = "dashboard"
urlpatterns = []
