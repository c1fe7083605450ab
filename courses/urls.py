"""Learners' actions on courses, lessons and quizzes (all POST), and the page of a quiz attempt."""

from django.urls import path

from . import evaluation_views, views

app_name = "courses"
urlpatterns = [
    path("courses/<int:course_id>/enrol/", views.enrol, name="enrol"),
    path("courses/<int:course_id>/withdraw/", views.withdraw_from_course, name="withdraw"),
    path("courses/<int:course_id>/renew/", views.renew_course, name="renew"),
    path("courses/<int:course_id>/evaluation/", evaluation_views.evaluate, name="evaluate"),
    path("lessons/<int:lesson_id>/complete/", views.complete, name="complete-lesson"),
    path("quizzes/<int:quiz_id>/start/", views.start_quiz, name="start-quiz"),
    path("attempts/<int:attempt_id>/", views.attempt_page, name="attempt"),
    path("attempts/<int:attempt_id>/save/", views.save_attempt, name="save-attempt"),
    path("attempts/<int:attempt_id>/submit/", views.submit_attempt_view, name="submit-attempt"),
]
