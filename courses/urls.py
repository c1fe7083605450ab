"""Learners' actions on courses and lessons (enrol, withdraw, complete), all POST."""

from django.urls import path

from . import views

app_name = "courses"
urlpatterns = [
    path("courses/<int:course_id>/enrol/", views.enrol, name="enrol"),
    path("courses/<int:course_id>/withdraw/", views.withdraw_from_course, name="withdraw"),
    path("lessons/<int:lesson_id>/complete/", views.complete, name="complete-lesson"),
]
