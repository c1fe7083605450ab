"""The public open data addresses under ``/open-data/`` (``lms.open_data.views``)."""

from django.urls import path

from . import views

app_name = "open_data"

urlpatterns = [
    path("", views.index, name="index"),
    path("catalog.jsonld", views.catalogue_jsonld, name="catalogue"),
    path("<slug:slug>.<str:kind>", views.download, name="download"),
]
