"""Edge cases found in review of the reports issue: API input, and figures derivable from others."""

import datetime
import json

import pytest
from django.core.files.storage import default_storage
from django.utils import timezone

from courses.models import Registration, RegistrationStatus
from lms.models.open_data import OpenDataFile
from lms.open_data.build import rebuild
from tests.factories import UserFactory, make_library_item, make_seminar

pytestmark = pytest.mark.django_db


def json_rows(slug):
    with default_storage.open(OpenDataFile.objects.get(slug=slug).json_file.name, "rb") as handle:
        return json.loads(handle.read())["rows"]


def past_session_with(site_pages, confirmed_only, attended):
    starts = timezone.now() - datetime.timedelta(days=3)
    seminar = make_seminar(
        site_pages["seminars"], sessions=[{"starts_at": starts, "ends_at": starts + datetime.timedelta(hours=2)}]
    )
    session = seminar.sessions.get()
    for status, count in ((RegistrationStatus.CONFIRMED, confirmed_only), (RegistrationStatus.ATTENDED, attended)):
        for _ in range(count):
            Registration.objects.create(session=session, user=UserFactory(), status=status)
    return session


def test_open_data_does_not_let_a_handful_of_no_shows_be_worked_out(site_pages):
    past_session_with(site_pages, confirmed_only=2, attended=7)

    rebuild("seminar-attendance")

    [row] = json_rows("seminar-attendance")
    assert row["attended"] == 7
    assert row["registrations_confirmed"] is None


def test_open_data_publishes_both_figures_when_the_no_shows_are_five_or_more(site_pages):
    past_session_with(site_pages, confirmed_only=5, attended=7)

    rebuild("seminar-attendance")

    [row] = json_rows("seminar-attendance")
    assert (row["registrations_confirmed"], row["attended"]) == (12, 7)


def test_the_api_does_not_tell_how_many_came_to_a_session_that_has_started(client, site_pages):
    past_session_with(site_pages, confirmed_only=0, attended=3)

    [seminar] = client.get("/api/v2/seminars/?fields=sessions").json()["items"]

    assert seminar["sessions"][0]["seats_left"] is None


def test_searching_the_documents_endpoint_works(client, site_pages):
    make_library_item(site_pages["library"], title="คู่มือการบริหารราชการ", access="open")

    response = client.get("/api/v2/documents/?search=คู่มือ")

    assert response.status_code == 200


@pytest.mark.parametrize("endpoint", ["courses", "library", "seminars", "pages", "images", "documents"])
def test_an_offset_beyond_what_the_database_takes_is_a_clear_400(client, site_pages, endpoint):
    response = client.get(f"/api/v2/{endpoint}/?offset=9223372036854775808")

    assert response.status_code == 400
    assert "offset" in response.json()["message"]


@pytest.mark.parametrize(
    "path", ["/api/v2/images/?search=%00", "/api/v2/documents/?search=%00", "/api/v2/pages/find/?html_path=/%00/"]
)
def test_a_nul_character_in_a_query_is_not_a_server_error(client, site_pages, path):
    assert client.get(path).status_code in (200, 404)
