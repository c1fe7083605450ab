"""The search page at ``/search/?q=...``."""

from django.urls import path

from home import views

urlpatterns = [path("", views.search, name="search")]
