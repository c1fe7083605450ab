"""The "Certificates" screens in the Wagtail editor and the certificate signatories snippet.

Who may use them, the filters and the search, revoking and regenerating, the CSV and ZIP
exports (a large ZIP through the background task, for its requester only), and the query
count of the list.
"""

import csv
import datetime
import io
import os
import zipfile
from decimal import Decimal

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from wagtail.models import ModelLogEntry

from courses.certificate_admin import EXPORT_FOLDER, CertificatesMenuItem, delete_stale_exports
from courses.models import Certificate, CertificateStatus
from courses.services.certificates import issue_certificate, revoke
from home.models import Signatory
from lms import roles
from tests.factories import AgencyFactory, CivilServantFactory, UserFactory, make_course, member_of

pytestmark = pytest.mark.django_db

LIST_URL = reverse("certificate-admin:index")
BANGKOK = datetime.timezone(datetime.timedelta(hours=7))
_source_keys = iter(range(1, 10**9))


def detail_url(certificate):
    return reverse("certificate-admin:detail", args=[certificate.pk])


def certify(user, course=None, issued=None, valid_months=None, **fields):
    """A certificate for ``user`` (of ``course`` when given), issued at ``issued`` (default: now)."""
    values = {
        "title_th": course.title if course else "การสัมมนาเชิงปฏิบัติการ",
        "title_en": "Digital Government",
        "hours": Decimal("6"),
    }
    values.update(fields)
    certificate, _created = issue_certificate(
        user=user,
        course=course,
        source_key=f"test:{next(_source_keys)}",
        valid_months=valid_months,
        now=issued,
        **values,
    )
    return certificate


def listed(response):
    """The ids of the certificates on the page of the list."""
    assert response.status_code == 200
    return {certificate.pk for certificate in response.context["object_list"]}


def refused(response):
    """Wagtail's answer to a view raising PermissionDenied: back to the dashboard with an error (or a 403)."""
    return response.status_code == 403 or (response.status_code == 302 and response.url == reverse("wagtailadmin_home"))


def csv_rows(content):
    body = content.decode("utf-8")
    assert body.startswith("\ufeff")
    return list(csv.reader(io.StringIO(body.removeprefix("\ufeff"))))


@pytest.fixture
def agencies():
    ministry = AgencyFactory(name_th="กระทรวงการคลัง", name_en="Ministry of Finance")
    department = AgencyFactory(
        name_th="กรมบัญชีกลาง",
        name_en="Comptroller General's Department",
        level="department",
        parent=ministry,
    )
    elsewhere = AgencyFactory(name_th="กระทรวงมหาดไทย", name_en="Ministry of Interior")
    return {"ministry": ministry, "department": department, "elsewhere": elsewhere}


@pytest.fixture
def people(agencies):
    return {
        "suda": CivilServantFactory(
            email="suda@example.go.th",
            first_name="สุดา",
            last_name="รักไทย",
            first_name_en="Suda",
            last_name_en="Rakthai",
            agency=agencies["ministry"],
        ),
        "somchai": CivilServantFactory(
            email="somchai@example.go.th",
            first_name="สมชาย",
            last_name="ใฝ่รู้",
            first_name_en="Somchai",
            last_name_en="Fairu",
            agency=agencies["department"],
        ),
        "manee": CivilServantFactory(
            email="manee@example.go.th",
            first_name="มานี",
            last_name="มีนา",
            first_name_en="Manee",
            last_name_en="Meena",
            agency=agencies["elsewhere"],
        ),
    }


@pytest.fixture
def courses(index):
    return {
        "pdpa": make_course(index, lessons=0, title="กฎหมายคุ้มครองข้อมูลส่วนบุคคล"),
        "open_data": make_course(index, lessons=0, title="ข้อมูลเปิดภาครัฐ"),
    }


@pytest.fixture
def certificates(people, courses):
    """Three certificates: valid (January), expired (long ago) and revoked (March)."""
    valid = certify(
        people["suda"], courses["pdpa"], issued=datetime.datetime(2026, 1, 15, 10, 0, tzinfo=BANGKOK), valid_months=120
    )
    expired = certify(
        people["somchai"],
        courses["open_data"],
        issued=datetime.datetime(2020, 6, 1, 10, 0, tzinfo=BANGKOK),
        valid_months=12,
    )
    revoked = certify(people["manee"], courses["pdpa"], issued=datetime.datetime(2026, 3, 2, 10, 0, tzinfo=BANGKOK))
    revoke(revoked, "ออกให้ผิดคน")
    return {"valid": valid, "expired": expired, "revoked": revoked}


@pytest.fixture
def admin_client(client, administrator):
    client.force_login(administrator)
    return client


class TestWhoMayUseTheScreens:
    def test_an_administrator_sees_every_certificate_with_its_details(self, admin_client, certificates, people):
        response = admin_client.get(LIST_URL)
        assert listed(response) == {certificate.pk for certificate in certificates.values()}
        html = response.content.decode()
        for certificate in certificates.values():
            assert certificate.grouped_code in html
            assert detail_url(certificate) in html
        # English names, the agency, the course, the hours and the status in words (the editor is in English).
        assert "Suda Rakthai" in html
        assert "Ministry of Finance" in html
        assert "Digital Government" in html
        assert "15 Jan 2026" in html
        for words in ("Valid", "Expired", "Revoked"):
            assert words in html

    def test_dates_are_in_the_buddhist_era_in_thai(self, client, certificates):
        administrator = member_of(roles.ADMINISTRATORS, preferred_language="th")
        client.force_login(administrator)
        html = client.get(LIST_URL).content.decode()
        assert "15 ม.ค. 69" in html  # 2026 CE = 2569 BE

    def test_the_menu_item_is_shown_to_administrators_only(self, rf, administrator, instructor):
        request = rf.get("/admin/")
        request.user = administrator
        assert CertificatesMenuItem("Certificates", LIST_URL).is_shown(request)
        request.user = instructor
        assert not CertificatesMenuItem("Certificates", LIST_URL).is_shown(request)

    @pytest.mark.parametrize("role", [roles.INSTRUCTORS, roles.TRAINING_OFFICERS])
    def test_other_roles_are_refused_everywhere(self, client, role, certificates):
        client.force_login(member_of(role, preferred_language="en"))
        certificate = certificates["valid"]
        for address in (
            LIST_URL,
            f"{LIST_URL}?export=csv",
            f"{LIST_URL}?export=zip",
            detail_url(certificate),
            reverse("certificate-admin:pdf", args=[certificate.pk]),
        ):
            assert refused(client.get(address)), address
        assert refused(client.post(reverse("certificate-admin:revoke", args=[certificate.pk]), {"reason": "x"}))
        assert refused(client.post(reverse("certificate-admin:regenerate", args=[certificate.pk])))
        assert refused(client.post(LIST_URL))
        certificate.refresh_from_db()
        assert certificate.revoked_at is None

    def test_a_learner_is_sent_to_the_sign_in_page(self, client, learner, certificates):
        client.force_login(learner)
        response = client.get(LIST_URL)
        assert response.status_code == 302
        assert "/admin/login/" in response.url

    def test_an_unknown_certificate_is_not_found(self, admin_client):
        assert admin_client.get(reverse("certificate-admin:detail", args=[999999])).status_code == 404


class TestFilters:
    def test_by_course(self, admin_client, certificates, courses):
        response = admin_client.get(LIST_URL, {"course": courses["pdpa"].pk})
        assert listed(response) == {certificates["valid"].pk, certificates["revoked"].pk}

    def test_an_agency_includes_the_agencies_under_it(self, admin_client, certificates, agencies):
        ministry = admin_client.get(LIST_URL, {"agency": agencies["ministry"].pk})
        assert listed(ministry) == {certificates["valid"].pk, certificates["expired"].pk}
        department = admin_client.get(LIST_URL, {"agency": agencies["department"].pk})
        assert listed(department) == {certificates["expired"].pk}

    def test_by_issue_date(self, admin_client, certificates):
        response = admin_client.get(LIST_URL, {"issued_from": "2026-01-01", "issued_to": "2026-01-31"})
        assert listed(response) == {certificates["valid"].pk}
        since = admin_client.get(LIST_URL, {"issued_from": "2026-01-01"})
        assert listed(since) == {certificates["valid"].pk, certificates["revoked"].pk}

    @pytest.mark.parametrize("status", ["valid", "expired", "revoked"])
    def test_by_status(self, admin_client, certificates, status):
        assert listed(admin_client.get(LIST_URL, {"status": status})) == {certificates[status].pk}


class TestSearch:
    @pytest.mark.parametrize(
        "typed",
        [
            lambda code: code,
            lambda code: code.lower(),
            lambda code: " ".join(code[i : i + 4] for i in range(0, len(code), 4)),
            lambda code: "-".join(code[i : i + 4] for i in range(0, len(code), 4)).lower(),
        ],
        ids=["as stored", "lower case", "with spaces", "grouped, lower case"],
    )
    def test_a_code_is_found_in_any_form(self, admin_client, certificates, typed):
        certificate = certificates["expired"]
        response = admin_client.get(LIST_URL, {"q": typed(certificate.code)})
        assert listed(response) == {certificate.pk}

    def test_by_name_in_thai_or_english_and_by_e_mail(self, admin_client, certificates):
        assert listed(admin_client.get(LIST_URL, {"q": "สุดา รักไทย"})) == {certificates["valid"].pk}
        assert listed(admin_client.get(LIST_URL, {"q": "somchai"})) == {certificates["expired"].pk}
        assert listed(admin_client.get(LIST_URL, {"q": "manee@example"})) == {certificates["revoked"].pk}

    def test_the_first_groups_of_a_code_find_it(self, admin_client, certificates):
        certificate = certificates["valid"]
        response = admin_client.get(LIST_URL, {"q": certificate.grouped_code[:9]})
        assert certificate.pk in listed(response)


class TestRevoking:
    def test_revoking_with_a_reason_is_logged_and_shown_as_revoked(self, admin_client, administrator, certificates):
        certificate = certificates["valid"]
        response = admin_client.post(
            reverse("certificate-admin:revoke", args=[certificate.pk]), {"reason": "ผู้เรียนทุจริตในการสอบ"}
        )
        assert response.status_code == 302
        certificate.refresh_from_db()
        assert certificate.status() == CertificateStatus.REVOKED
        assert certificate.revocation_reason == "ผู้เรียนทุจริตในการสอบ"
        entry = ModelLogEntry.objects.get(action="courses.certificate.revoke", object_id=str(certificate.pk))
        assert entry.user == administrator
        assert certificate.pk in listed(admin_client.get(LIST_URL, {"status": "revoked"}))
        page = admin_client.get(detail_url(certificate)).content.decode()
        assert "ผู้เรียนทุจริตในการสอบ" in page
        assert "Certificate revoked" in page  # the history, from the audit log

    @pytest.mark.parametrize("reason", ["", "   "])
    def test_revoking_without_a_reason_changes_nothing_and_says_why(self, admin_client, certificates, reason):
        certificate = certificates["valid"]
        response = admin_client.post(reverse("certificate-admin:revoke", args=[certificate.pk]), {"reason": reason})
        assert response.status_code == 200
        assert "Give the reason for revoking this certificate." in response.content.decode()
        certificate.refresh_from_db()
        assert certificate.revoked_at is None
        assert not ModelLogEntry.objects.filter(action="courses.certificate.revoke", object_id=str(certificate.pk))

    def test_revoking_is_a_post(self, admin_client, certificates):
        certificate = certificates["valid"]
        assert admin_client.get(reverse("certificate-admin:revoke", args=[certificate.pk])).status_code == 405


class TestRegenerating:
    def test_regenerating_keeps_the_code_and_takes_the_corrected_name(self, admin_client, administrator, certificates):
        certificate = certificates["valid"]
        code, old_pdf = certificate.code, certificate.pdf_generated_at
        holder = certificate.user
        holder.last_name = "รักษ์ไทย"
        holder.last_name_en = "Rakthai-Smith"
        holder.save()
        response = admin_client.post(reverse("certificate-admin:regenerate", args=[certificate.pk]))
        assert response.status_code == 302
        certificate.refresh_from_db()
        assert certificate.code == code
        assert certificate.holder_name_th.endswith("สุดา รักษ์ไทย")
        assert "Rakthai-Smith" in certificate.holder_name_en
        assert certificate.pdf_generated_at > old_pdf
        assert ModelLogEntry.objects.filter(
            action="courses.certificate.regenerate", object_id=str(certificate.pk), user=administrator
        ).exists()

    def test_the_stored_pdf_downloads_under_its_code(self, admin_client, certificates):
        certificate = certificates["valid"]
        response = admin_client.get(reverse("certificate-admin:pdf", args=[certificate.pk]))
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert f'filename="{certificate.grouped_code}.pdf"' in response["Content-Disposition"]
        assert b"".join(response.streaming_content).startswith(b"%PDF-")


class TestCsvExport:
    def test_the_csv_has_a_byte_order_mark_thai_names_and_iso_dates(self, admin_client, certificates):
        response = admin_client.get(LIST_URL, {"export": "csv", "course": certificates["valid"].course_id})
        assert response["Content-Type"].startswith("text/csv")
        header, *rows = csv_rows(response.content)
        assert header[:3] == ["Code", "Holder's name (Thai)", "Holder's name (English)"]
        assert len(header) == 12
        by_code = {row[0]: row for row in rows}
        assert set(by_code) == {certificates["valid"].grouped_code, certificates["revoked"].grouped_code}
        valid = by_code[certificates["valid"].grouped_code]
        assert valid[1].endswith("สุดา รักไทย")
        assert valid[3] == "suda@example.go.th"
        assert valid[4] == "Ministry of Finance"
        assert valid[6] == "6"
        assert valid[7] == "2026-01-15"
        assert valid[8] == "2036-01-14"
        assert valid[9] == "Valid"
        revoked = by_code[certificates["revoked"].grouped_code]
        assert revoked[9] == "Revoked"
        assert revoked[10].startswith(timezone.localdate().isoformat())
        assert revoked[11] == "ออกให้ผิดคน"

    def test_a_name_that_looks_like_a_formula_is_exported_as_text(self, admin_client):
        formula = {"name_prefix": "", "first_name": "=HYPERLINK(1)", "last_name": "", "last_name_en": ""}
        certify(UserFactory(first_name_en="@SUM(A1)", **formula))
        header, row = csv_rows(admin_client.get(LIST_URL, {"export": "csv"}).content)
        assert row[1] == "'=HYPERLINK(1)"
        assert row[2] == "'@SUM(A1)"


class TestZipExport:
    def test_a_small_zip_holds_one_pdf_per_certificate_and_the_csv(self, admin_client, certificates):
        response = admin_client.get(LIST_URL, {"export": "zip"})
        assert response.status_code == 200
        assert response["Content-Type"] == "application/zip"
        archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
        expected = {f"{certificate.grouped_code}.pdf" for certificate in certificates.values()}
        assert set(archive.namelist()) == expected | {"certificates.csv"}
        for name in expected:
            assert archive.read(name).startswith(b"%PDF-")
        _header, *rows = csv_rows(archive.read("certificates.csv"))
        assert len(rows) == 3

    def test_the_zip_follows_the_filters(self, admin_client, certificates):
        response = admin_client.get(LIST_URL, {"export": "zip", "status": "valid"})
        archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
        assert set(archive.namelist()) == {f"{certificates['valid'].grouped_code}.pdf", "certificates.csv"}


class TestLargeZipExport:
    @pytest.fixture(autouse=True)
    def small_limit(self, settings):
        settings.CERTIFICATE_ZIP_INLINE_LIMIT = 2

    def start(self, client, **filters):
        return client.post(f"{LIST_URL}?{'&'.join(f'{key}={value}' for key, value in filters.items())}")

    def test_a_large_export_offers_to_prepare_the_zip_in_the_background(self, admin_client, certificates):
        response = admin_client.get(LIST_URL, {"export": "zip"})
        assert response.status_code == 200
        assert response["Content-Type"].startswith("text/html")
        html = response.content.decode()
        assert "Prepare the ZIP file" in html
        assert 'method="post"' in html

    def test_the_task_prepares_the_zip_and_only_its_requester_may_download_it(
        self, admin_client, client, certificates, django_user_model
    ):
        response = self.start(admin_client, course=certificates["valid"].course_id)
        # Two certificates match: within the limit, but a POST always prepares in the background.
        assert response.status_code == 302
        export_url = response.url
        page = admin_client.get(export_url)
        assert page.context["ready"]
        download_url = page.context["download_url"]
        assert download_url in page.content.decode()
        download = admin_client.get(download_url)
        assert download.status_code == 200
        archive = zipfile.ZipFile(io.BytesIO(b"".join(download.streaming_content)))
        assert set(archive.namelist()) == {
            f"{certificates['valid'].grouped_code}.pdf",
            f"{certificates['revoked'].grouped_code}.pdf",
            "certificates.csv",
        }
        _folders, files = default_storage.listdir(EXPORT_FOLDER)
        assert files

        another_administrator = member_of(roles.ADMINISTRATORS, preferred_language="en")
        client.force_login(another_administrator)
        assert client.get(export_url).status_code == 404
        assert client.get(download_url).status_code == 404

    def test_everything_over_the_limit_goes_through_the_task(self, admin_client, certificates, monkeypatch):
        from courses import tasks

        enqueued = []
        task = tasks.export_certificates_zip_task

        class Spy:
            def enqueue(self, token, certificate_ids, language):
                enqueued.append(sorted(certificate_ids))
                return task.enqueue(token, certificate_ids, language)

        monkeypatch.setattr(tasks, "export_certificates_zip_task", Spy())
        response = self.start(admin_client)
        assert response.status_code == 302
        assert enqueued == [sorted(certificate.pk for certificate in certificates.values())]
        assert admin_client.get(response.url).context["ready"]

    def test_an_unknown_export_is_not_found(self, admin_client):
        assert admin_client.get(reverse("certificate-admin:export", args=["no-such-export"])).status_code == 404
        assert (
            admin_client.get(reverse("certificate-admin:export_download", args=["no-such-export"])).status_code == 404
        )

    def test_prepared_files_older_than_a_day_are_deleted(self):
        old = default_storage.save(f"{EXPORT_FOLDER}/old.zip", ContentFile(b"PK"))
        new = default_storage.save(f"{EXPORT_FOLDER}/new.zip", ContentFile(b"PK"))
        two_days_ago = (timezone.now() - datetime.timedelta(days=2)).timestamp()
        os.utime(default_storage.path(old), (two_days_ago, two_days_ago))
        delete_stale_exports()
        assert not default_storage.exists(old)
        assert default_storage.exists(new)


class TestQueryCount:
    def test_the_list_does_not_grow_with_the_certificates(
        self, admin_client, courses, agencies, django_assert_max_num_queries
    ):
        def add_certificates(total):
            while Certificate.objects.count() < total:
                certify(CivilServantFactory(agency=agencies["department"]), courses["pdpa"])

        # Filtered by an agency with one below it, so that the agency filter is counted too.
        params = {"agency": agencies["ministry"].pk}
        add_certificates(3)
        admin_client.get(LIST_URL, params)  # warms the per-process caches (content types, ...)
        with CaptureQueriesContext(connection) as queries:
            assert admin_client.get(LIST_URL, params).status_code == 200
        add_certificates(12)
        with django_assert_max_num_queries(len(queries)):
            response = admin_client.get(LIST_URL, params)
        assert len(listed(response)) == 12


SIGNATORIES_URL = reverse("wagtailsnippets_home_signatory:list")
ADD_SIGNATORY_URL = reverse("wagtailsnippets_home_signatory:add")


class TestSignatories:
    def test_an_administrator_adds_changes_and_deletes_a_signatory(self, admin_client):
        assert SIGNATORIES_URL in admin_client.get("/admin/").content.decode()
        data = {
            "name_th": "นายสมศักดิ์ ใจงาม",
            "name_en": "Somsak Jai-ngam",
            "position_th": "ผู้อำนวยการ",
            "position_en": "Director",
        }
        assert admin_client.post(ADD_SIGNATORY_URL, data).status_code == 302
        signatory = Signatory.objects.get(name_th="นายสมศักดิ์ ใจงาม")
        edit_url = reverse("wagtailsnippets_home_signatory:edit", args=[signatory.pk])
        assert admin_client.post(edit_url, {**data, "position_en": "Director-General"}).status_code == 302
        signatory.refresh_from_db()
        assert signatory.position_en == "Director-General"
        assert "นายสมศักดิ์ ใจงาม" in admin_client.get(SIGNATORIES_URL).content.decode()
        assert (
            admin_client.post(reverse("wagtailsnippets_home_signatory:delete", args=[signatory.pk])).status_code == 302
        )
        assert not Signatory.objects.exists()

    def test_an_instructor_cannot_add_or_change_a_signatory(self, client, instructor):
        signatory = Signatory.objects.create(name_th="นายสมศักดิ์ ใจงาม", position_th="ผู้อำนวยการ")
        client.force_login(instructor)
        assert SIGNATORIES_URL not in client.get("/admin/").content.decode()
        edit_url = reverse("wagtailsnippets_home_signatory:edit", args=[signatory.pk])
        for address in (SIGNATORIES_URL, ADD_SIGNATORY_URL, edit_url):
            assert client.get(address).status_code in (302, 403)
        client.post(ADD_SIGNATORY_URL, {"name_th": "คนอื่น", "position_th": "ผู้ลงนาม"})
        client.post(edit_url, {"name_th": "เปลี่ยนชื่อ", "position_th": "ผู้ลงนาม"})
        assert list(Signatory.objects.values_list("name_th", flat=True)) == ["นายสมศักดิ์ ใจงาม"]

    def test_only_administrators_hold_the_signatory_permissions(self, administrator, instructor):
        for codename in ("add_signatory", "change_signatory", "delete_signatory"):
            assert administrator.has_perm(f"home.{codename}")
            assert not instructor.has_perm(f"home.{codename}")
