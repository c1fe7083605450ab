"""The editor's "Import library items" screen: upload, check, import, and who may use it."""

import io
import zipfile

import pytest
from bs4 import BeautifulSoup
from django.core import signing
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from wagtail.documents import get_document_model

from library import admin_import
from library.models import LibraryItemPage
from lms import roles
from tests.factories import UserFactory, make_pdf_bytes, member_of

pytestmark = pytest.mark.django_db

URL = "/admin/library/import/"
PDF = make_pdf_bytes("คู่มือการบริหารราชการแผ่นดิน")
GOOD_AND_BAD = (
    "identifier,title,creator,type,date,file\r\n"
    "local:1,คู่มือการบริหารราชการแผ่นดิน,สำนักงาน ก.พ.; นายสมชาย ใจดี,manual,2567,files/manual.pdf\r\n"
    "local:2,,,report,2024,files/manual.pdf\r\n"
    "local:3,รายงานประจำปี,,magazine,2024,files/manual.pdf\r\n"
)


def zip_upload(csv_text, members=None, name="catalogue.zip"):
    """A ZIP archive with ``items.csv`` (with a BOM, as Excel saves it) and ``files/manual.pdf``."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("items.csv", b"\xef\xbb\xbf" + csv_text.encode("utf-8"))
        for member, data in (members or {"files/manual.pdf": PDF}).items():
            archive.writestr(member, data)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="application/zip")


def check(client, upload, skip_invalid=False):
    data = {"file": upload, "action": "check"}
    if skip_invalid:
        data["skip_invalid"] = "on"
    return client.post(URL, data)


def token_of(response):
    field = BeautifulSoup(response.content, "html.parser").find("input", attrs={"name": "token"})
    return field["value"] if field else None


def do_import(client, token, skip_invalid=False):
    data = {"token": token, "action": "import"}
    if skip_invalid:
        data["skip_invalid"] = "on"
    return client.post(URL, data)


def report(response):
    """The problems listed (line → code), the counts and the rows (line → action), read from the page."""
    soup = BeautifulSoup(response.content, "html.parser")
    problems = {row["data-bad-line"]: row["data-problem"] for row in soup.select("[data-bad-line]")}
    counts = {dd["data-count"]: int(dd.get_text(strip=True)) for dd in soup.select("[data-count]")}
    rows = {int(row["data-line"]): row["data-row-action"] for row in soup.select("[data-row-action]")}
    return problems, counts, rows


@pytest.fixture
def instructor(site_pages):
    """An instructor with the page rights on /library/ that load_demo gives the Instructors group."""
    from django.contrib.auth.models import Group, Permission
    from wagtail.models import GroupPagePermission

    user = member_of(roles.INSTRUCTORS, preferred_language="en")
    group = Group.objects.get(name=roles.INSTRUCTORS)
    for codename in roles.INSTRUCTOR_INDEX_PAGE_PERMISSIONS["library"]:
        permission = Permission.objects.get(content_type__app_label="wagtailcore", codename=codename)
        GroupPagePermission.objects.get_or_create(group=group, page=site_pages["library"], permission=permission)
    return user


@pytest.fixture
def importer_only(site_pages):
    """Someone given the import but no right on the library's pages."""
    from django.contrib.auth.models import Group, Permission

    group = Group.objects.create(name="Importers")
    group.permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"),
        Permission.objects.get(content_type__app_label="library", codename="import_items"),
    )
    return member_of("Importers", preferred_language="en")


class TestTheScreen:
    def test_the_url_is_the_one_documented(self):
        assert reverse(admin_import.URL_NAME) == URL

    def test_an_instructor_sees_the_upload_form_with_its_labels(self, client, instructor):
        client.force_login(instructor)

        response = client.get(URL)

        assert response.status_code == 200
        soup = BeautifulSoup(response.content, "html.parser")
        form = soup.find("form", attrs={"enctype": "multipart/form-data"})
        assert form["method"].lower() == "post"
        assert form.find("input", attrs={"name": "csrfmiddlewaretoken"})
        file_input = form.find("input", attrs={"type": "file", "name": "file"})
        assert soup.find("label", attrs={"for": file_input["id"]})
        assert form.find("input", attrs={"type": "checkbox", "name": "skip_invalid"})
        assert [(b["name"], b["value"]) for b in form.find_all("button")] == [("action", "check")]
        assert "identifier" in soup.get_text() and "civil_servants" in soup.get_text()


class TestCheckThenImport:
    def test_checking_reports_every_bad_line_and_writes_nothing(self, client, instructor):
        client.force_login(instructor)

        response = check(client, zip_upload(GOOD_AND_BAD))

        assert response.status_code == 200
        problems, counts, rows = report(response)
        assert problems == {"3": "missing_title", "4": "unknown_type"}
        assert counts == {"rows": 3, "created": 1, "updated": 0, "unchanged": 0, "bad": 2}
        assert rows == {2: "create"}
        assert b"magazine" in response.content
        assert not LibraryItemPage.objects.exists()
        assert not get_document_model().objects.exists()

    def test_a_checked_file_is_imported_with_the_same_report(self, client, instructor):
        client.force_login(instructor)
        good = "\r\n".join(GOOD_AND_BAD.split("\r\n")[:2]) + "\r\n"
        checked = check(client, zip_upload(good))
        token = token_of(checked)
        assert token and not LibraryItemPage.objects.exists()

        response = do_import(client, token)

        assert response.status_code == 200
        _problems, counts, rows = report(response)
        assert counts == {"rows": 1, "created": 1, "updated": 0, "unchanged": 0, "bad": 0}
        assert rows == {2: "create"}
        item = LibraryItemPage.objects.get()
        assert item.live and item.title == "คู่มือการบริหารราชการแผ่นดิน"
        assert item.creator_names() == ["สำนักงาน ก.พ.", "นายสมชาย ใจดี"]
        assert item.date_issued == "2024" and item.document.file.read() == PDF
        assert item.latest_revision.user == instructor
        assert "1 item was created." in response.content.decode()
        assert f'href="{reverse("wagtailadmin_pages:edit", args=[item.pk])}"' in response.content.decode()

    def test_importing_a_file_with_bad_rows_imports_nothing_until_skip_bad_rows_is_ticked(self, client, instructor):
        client.force_login(instructor)
        token = token_of(check(client, zip_upload(GOOD_AND_BAD)))

        refused = do_import(client, token)

        assert report(refused)[0] == {"3": "missing_title", "4": "unknown_type"}
        assert not LibraryItemPage.objects.exists()

        response = do_import(client, token_of(refused), skip_invalid=True)

        _problems, counts, _rows = report(response)
        assert counts["created"] == 1 and counts["bad"] == 2
        assert list(LibraryItemPage.objects.values_list("identifier", flat=True)) == ["local:1"]

    def test_a_re_import_reports_unchanged_items(self, client, instructor):
        client.force_login(instructor)
        good = "\r\n".join(GOOD_AND_BAD.split("\r\n")[:2]) + "\r\n"
        do_import(client, token_of(check(client, zip_upload(good))))

        response = check(client, zip_upload(good))

        _problems, counts, rows = report(response)
        assert counts["unchanged"] == 1 and rows == {2: "unchanged"}
        assert token_of(response) is None

    def test_an_item_the_user_may_not_change_in_the_editor_is_not_changed_by_the_import(
        self, client, instructor, importer_only
    ):
        client.force_login(instructor)
        good = "\r\n".join(GOOD_AND_BAD.split("\r\n")[:2]) + "\r\n"
        do_import(client, token_of(check(client, zip_upload(good))))
        client.force_login(importer_only)

        response = check(client, zip_upload(good))

        problems, _counts, _rows = report(response)
        assert token_of(response) is None
        assert "not_permitted" in problems.values()

    def test_a_plain_csv_file_with_addresses_only_is_imported(self, client, instructor):
        client.force_login(instructor)
        upload = SimpleUploadedFile(
            "items.csv", "identifier,title,url\nlocal:w,กฎหมาย,https://www.example.go.th/law\n".encode()
        )

        do_import(client, token_of(check(client, upload)))

        assert LibraryItemPage.objects.get().external_url == "https://www.example.go.th/law"

    def test_a_zip_member_leaving_the_archive_is_refused(self, client, instructor):
        client.force_login(instructor)
        upload = zip_upload(GOOD_AND_BAD, members={"../../evil.pdf": PDF})

        response = check(client, upload)

        assert report(response)[0] == {"": "zip_unsafe_member"}
        assert token_of(response) is None
        assert not LibraryItemPage.objects.exists()


class TestTheKeptUpload:
    def test_the_upload_is_deleted_once_imported_and_its_token_cannot_be_used_again(self, client, instructor):
        client.force_login(instructor)
        good = "\r\n".join(GOOD_AND_BAD.split("\r\n")[:2]) + "\r\n"
        token = token_of(check(client, zip_upload(good)))
        name = signing.loads(token, salt=admin_import.TOKEN_SALT)["name"]
        assert default_storage.exists(name)

        do_import(client, token)
        again = do_import(client, token)

        assert not default_storage.exists(name)
        assert "no longer available" in again.content.decode()
        assert LibraryItemPage.objects.count() == 1

    def test_another_users_token_is_refused(self, client, instructor):
        client.force_login(instructor)
        token = token_of(check(client, zip_upload("\r\n".join(GOOD_AND_BAD.split("\r\n")[:2]))))

        client.force_login(member_of(roles.ADMINISTRATORS, preferred_language="en"))
        response = do_import(client, token)

        assert "no longer available" in response.content.decode()
        assert not LibraryItemPage.objects.exists()

    def test_a_forged_or_expired_token_is_refused(self, client, instructor, monkeypatch):
        client.force_login(instructor)
        forged = signing.dumps({"user": instructor.pk, "name": "documents/secret.csv"}, salt="another salt")
        token = token_of(check(client, zip_upload("\r\n".join(GOOD_AND_BAD.split("\r\n")[:2]))))
        monkeypatch.setattr(admin_import, "TOKEN_MAX_AGE", -1)

        for bad in (forged, token, "nonsense"):
            assert "no longer available" in do_import(client, bad).content.decode()
        assert not LibraryItemPage.objects.exists()

    def test_a_token_cannot_name_a_file_outside_the_uploads_folder(self, client, instructor):
        client.force_login(instructor)
        default_storage.save("documents/other.csv", io.BytesIO(b"identifier,title,url\nx,y,https://e.com/\n"))
        token = signing.dumps({"user": instructor.pk, "name": "documents/other.csv"}, salt=admin_import.TOKEN_SALT)

        assert "no longer available" in do_import(client, token).content.decode()
        assert not LibraryItemPage.objects.exists()


class TestTheUpload:
    def test_a_file_is_required(self, client, instructor):
        client.force_login(instructor)

        response = client.post(URL, {"action": "check"})

        assert response.context["form"].errors["file"]

    def test_only_csv_and_zip_files_are_accepted(self, client, instructor):
        client.force_login(instructor)

        response = check(client, SimpleUploadedFile("items.xlsx", b"identifier,title\n"))

        assert response.context["form"].errors["file"]

    def test_a_file_over_the_size_limit_is_refused(self, client, instructor, monkeypatch):
        monkeypatch.setattr(admin_import, "MAX_ZIP_BYTES", 20)
        client.force_login(instructor)

        response = check(client, zip_upload(GOOD_AND_BAD))

        assert response.context["form"].errors["file"]

    def test_a_post_without_the_csrf_token_is_refused(self, instructor):
        client = Client(enforce_csrf_checks=True)
        client.force_login(instructor)

        response = check(client, zip_upload(GOOD_AND_BAD))

        assert response.status_code == 403


class TestWhoMayUseIt:
    def test_a_training_officer_is_turned_away(self, client, site_pages):
        client.force_login(member_of(roles.TRAINING_OFFICERS, preferred_language="en"))

        for response in (client.get(URL), check(client, zip_upload(GOOD_AND_BAD))):
            # Wagtail's "Sorry, you do not have permission" redirect to the editor's dashboard.
            assert response.status_code == 302
            assert response["Location"] == reverse("wagtailadmin_home")
        assert not LibraryItemPage.objects.exists()

    def test_a_learner_is_sent_to_the_editors_login(self, client, site_pages):
        client.force_login(UserFactory())

        response = do_import(client, "anything")

        assert response.status_code == 302
        assert response["Location"].startswith(reverse("wagtailadmin_login"))

    def test_the_menu_item_is_shown_to_instructors_and_administrators_only(self, client, instructor):
        def shown():
            return f'"{URL}"' in str(client.get(reverse("wagtailadmin_home")).content)

        client.force_login(instructor)
        assert shown()
        client.force_login(member_of(roles.ADMINISTRATORS))
        assert shown()
        client.force_login(member_of(roles.TRAINING_OFFICERS))
        assert not shown()
