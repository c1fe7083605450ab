"""The editor's "Bulk enrolment" screen: upload, check, enrol, and who may use it."""

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from courses import bulk_admin
from courses.models import Enrolment, EnrolmentSource
from lms import roles
from tests.courses.test_bulk_enrolment import build_world, csv_file, member_of
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

URL = "/admin/courses/bulk-enrol/"
GOOD_AND_BAD = ("email,course", "somchai@ocsc.go.th,pdpa", "suda@csdi.go.th,no-such-course", "not-an-address,pdpa")


@pytest.fixture
def world(site_pages):
    return build_world(site_pages)


@pytest.fixture
def officer(world):
    return member_of(roles.TRAINING_OFFICERS, agency=world.ocsc)


def upload(*lines, name="staff.csv", **kwargs):
    return SimpleUploadedFile(name, csv_file(*lines, **kwargs), content_type="text/csv")


def post(client, file, action, skip_bad_rows=False):
    data = {"file": file, "action": action}
    if skip_bad_rows:
        data["skip_bad_rows"] = "on"
    return client.post(URL, data)


def report(response):
    """The problems listed (line → code) and the counts shown, read from the page."""
    soup = BeautifulSoup(response.content, "html.parser")
    problems = {int(row["data-bad-line"]): row["data-problem"] for row in soup.select("[data-bad-line]")}
    counts = {dd["data-count"]: int(dd.get_text(strip=True)) for dd in soup.select("[data-count]")}
    return problems, counts


def admin_home(client):
    """The editor's dashboard page, whose sidebar lists the menu items the user is shown."""
    response = client.get(reverse("wagtailadmin_home"))
    return str(response.content)


class TestTheScreen:
    def test_the_url_is_the_one_documented(self):
        assert reverse(bulk_admin.URL_NAME) == URL

    def test_a_training_officer_sees_the_form_with_both_buttons_and_the_file_format(self, client, officer):
        client.force_login(officer)

        response = client.get(URL)

        assert response.status_code == 200
        soup = BeautifulSoup(response.content, "html.parser")
        form = soup.find("form", attrs={"enctype": "multipart/form-data"})
        assert form["method"].lower() == "post"
        assert form.find("input", attrs={"name": "csrfmiddlewaretoken"})
        assert form.find("input", attrs={"type": "file", "name": "file"})
        assert form.find("input", attrs={"type": "checkbox", "name": "skip_bad_rows"})
        assert [(b["name"], b["value"]) for b in form.find_all("button", attrs={"type": "submit"})] == [
            ("action", "check"),
            ("action", "enrol"),
        ]
        assert "/courses/pdpa-for-officials/" in soup.get_text()
        assert "หลักสูตร" in soup.get_text()
        assert soup.find("label", attrs={"for": form.find("input", attrs={"name": "file"})["id"]})


class TestCheckingAFile:
    def test_checking_lists_every_bad_line_and_changes_nothing(self, client, officer):
        client.force_login(officer)

        response = post(client, upload(*GOOD_AND_BAD), "check")

        assert response.status_code == 200
        problems, counts = report(response)
        assert problems == {3: "unknown_course", 4: "malformed_email"}
        assert counts == {"rows": 3, "ready": 1, "already": 0, "bad": 2}
        assert b"no-such-course" in response.content
        assert not Enrolment.objects.exists()

    def test_a_clean_file_is_only_checked_until_enrol_is_pressed(self, client, officer):
        client.force_login(officer)

        response = post(client, upload("email,course", "somchai@ocsc.go.th,pdpa"), "check")

        _problems, counts = report(response)
        assert counts["ready"] == 1
        assert b'data-line="2"' in response.content
        assert not Enrolment.objects.exists()

    def test_a_file_in_the_thai_windows_encoding_is_reported_on_its_line(self, client, officer):
        client.force_login(officer)

        response = post(client, upload("อีเมล,หลักสูตร", "somchai@ocsc.go.th,pdpa", encoding="cp874"), "enrol")

        problems, _counts = report(response)
        assert problems == {1: "encoding"}
        assert not Enrolment.objects.exists()


class TestEnrolling:
    def test_enrolling_a_file_with_bad_rows_enrols_nobody_and_says_why(self, client, officer):
        client.force_login(officer)

        response = post(client, upload(*GOOD_AND_BAD), "enrol")

        problems, _counts = report(response)
        assert set(problems) == {3, 4}
        soup = BeautifulSoup(response.content, "html.parser")
        assert soup.select_one("[data-bulk-report]")["data-blocked"] == "true"
        assert not Enrolment.objects.exists()

    def test_enrolling_with_skip_bad_rows_enrols_the_good_rows_and_confirms(self, client, officer, world):
        client.force_login(officer)

        response = post(client, upload(*GOOD_AND_BAD), "enrol", skip_bad_rows=True)

        problems, counts = report(response)
        assert set(problems) == {3, 4}
        assert counts == {"rows": 3, "enrolled": 1, "already": 0, "bad": 2}
        enrolment = Enrolment.objects.get()
        assert (enrolment.user, enrolment.course_id) == (world.somchai, world.pdpa.pk)
        assert (enrolment.source, enrolment.enrolled_by) == (EnrolmentSource.BULK, officer)
        assert [(m.level_tag, str(m).strip()) for m in response.context["messages"]] == [
            ("success", "1 person was enrolled.")
        ]

    def test_enrolling_a_good_file_twice_enrols_once(self, client, officer):
        client.force_login(officer)
        lines = ("email,course", "somchai@ocsc.go.th,pdpa", "suda@csdi.go.th,pdpa")

        post(client, upload(*lines), "enrol")
        response = post(client, upload(*lines), "enrol")

        _problems, counts = report(response)
        assert counts["enrolled"] == 0 and counts["already"] == 2
        assert Enrolment.objects.count() == 2

    def test_an_officer_cannot_enrol_staff_outside_their_agency(self, client, officer):
        client.force_login(officer)

        response = post(client, upload("email,course", "malee@mof.go.th,pdpa"), "enrol", skip_bad_rows=True)

        problems, _counts = report(response)
        assert problems == {2: "not_in_your_agency"}
        assert not Enrolment.objects.exists()

    def test_an_administrator_may_enrol_anyone(self, client, world):
        client.force_login(member_of(roles.ADMINISTRATORS))

        response = post(client, upload("email,course", "malee@mof.go.th,pdpa", "citizen@example.com,cyber"), "enrol")

        assert report(response)[1]["enrolled"] == 2
        assert Enrolment.objects.count() == 2


class TestTheUpload:
    def test_a_file_is_required(self, client, officer):
        client.force_login(officer)

        response = client.post(URL, {"action": "enrol"})

        assert response.status_code == 200
        assert response.context["form"].errors["file"]
        assert not Enrolment.objects.exists()

    def test_only_csv_files_are_accepted(self, client, officer):
        client.force_login(officer)

        response = post(client, upload("email,course", "somchai@ocsc.go.th,pdpa", name="staff.xlsx"), "enrol")

        assert response.context["form"].errors["file"]
        assert not Enrolment.objects.exists()

    def test_a_file_over_the_size_limit_is_refused(self, client, officer, monkeypatch):
        monkeypatch.setattr(bulk_admin, "MAX_UPLOAD_BYTES", 20)
        client.force_login(officer)

        response = post(client, upload("email,course", "somchai@ocsc.go.th,pdpa"), "enrol")

        assert response.context["form"].errors["file"]
        assert not Enrolment.objects.exists()

    def test_a_post_without_the_csrf_token_is_refused(self, officer):
        client = Client(enforce_csrf_checks=True)
        client.force_login(officer)

        response = post(client, upload("email,course", "somchai@ocsc.go.th,pdpa"), "enrol")

        assert response.status_code == 403
        assert not Enrolment.objects.exists()


class TestWhoMayUseIt:
    def instructor(self):
        person = UserFactory(preferred_language="en")
        person.groups.add(Group.objects.get(name=roles.INSTRUCTORS))
        return person

    def test_an_instructor_is_turned_away_and_cannot_enrol(self, client, world):
        client.force_login(self.instructor())

        for response in (client.get(URL), post(client, upload("email,course", "somchai@ocsc.go.th,pdpa"), "enrol")):
            # Wagtail's "Sorry, you do not have permission" redirect to the editor's dashboard.
            assert response.status_code == 302
            assert response["Location"] == reverse("wagtailadmin_home")
        assert not Enrolment.objects.exists()

    def test_a_learner_is_turned_away_and_cannot_enrol(self, client, world):
        client.force_login(world.citizen)

        response = post(client, upload("email,course", "citizen@example.com,pdpa"), "enrol")

        # Learners may not enter the editor at all: Wagtail sends them to its login page.
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("wagtailadmin_login"))
        assert not Enrolment.objects.exists()

    def test_a_guest_is_sent_to_log_in(self, client, world):
        response = client.get(URL)

        assert response.status_code == 302
        assert reverse("wagtailadmin_login") in response["Location"]

    def test_the_menu_item_is_shown_to_officers_and_administrators_but_not_to_instructors(self, client, officer):
        client.force_login(officer)
        assert f'"{URL}"' in admin_home(client)

        client.force_login(member_of(roles.ADMINISTRATORS))
        assert f'"{URL}"' in admin_home(client)

        client.force_login(self.instructor())
        assert f'"{URL}"' not in admin_home(client)
