"""Learners' actions on courses and lessons (enrol, withdraw, complete), all POST."""

app_name = "courses"
urlpatterns = []
