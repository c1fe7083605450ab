"""``manage.py import_library``: what a CSV file of library items creates, updates, refuses and reports."""

import csv
import io
import os
import zipfile
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation
from PIL import Image as PILImage
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Revision

from library.importer import import_library
from library.models import LibraryItemPage, Subject
from tests.factories import make_pdf_bytes

pytestmark = pytest.mark.django_db

HEADER = (
    "identifier",
    "title",
    "title_en",
    "creator",
    "subject",
    "description",
    "publisher",
    "date",
    "type",
    "language",
    "rights",
    "access",
    "file",
    "url",
    "cover",
)


MANUAL_PDF = make_pdf_bytes("คู่มือการบริหารราชการแผ่นดิน")
REPORT_PDF = make_pdf_bytes("รายงานประจำปี")


def png_bytes(colour=(200, 30, 30)):
    buffer = io.BytesIO()
    PILImage.new("RGB", (60, 80), colour).save(buffer, "PNG")
    return buffer.getvalue()


def row(**values):
    """A good row: a Thai manual with a file, overridden by ``values``."""
    base = {
        "identifier": "978-616-000-001-1",
        "title": "คู่มือการบริหารราชการแผ่นดิน",
        "file": "files/manual.pdf",
    }
    base.update(values)
    return base


def write_csv(folder, rows, header=HEADER, bom=True, name="items.csv"):
    """Write ``rows`` (dicts, or lists of cells) under ``header`` as Excel's "CSV UTF-8" does; returns the path."""
    buffer = StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    for values in rows:
        writer.writerow([values.get(column, "") for column in header] if isinstance(values, dict) else values)
    path = folder / name
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + buffer.getvalue().encode("utf-8"))
    return path


@pytest.fixture
def folder(tmp_path):
    """A folder with the CSV's files: files/manual.pdf, files/report.pdf and covers/cover.png."""
    (tmp_path / "files").mkdir()
    (tmp_path / "covers").mkdir()
    (tmp_path / "files" / "manual.pdf").write_bytes(MANUAL_PDF)
    (tmp_path / "files" / "report.pdf").write_bytes(REPORT_PDF)
    (tmp_path / "covers" / "cover.png").write_bytes(png_bytes())
    return tmp_path


def run(path, *args):
    """The command's output in English; a failing run raises ``CommandError`` (non-zero exit)."""
    out = StringIO()
    call_command("import_library", str(path), "--language", "en", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


def run_failing(path, *args):
    out = StringIO()
    with pytest.raises(CommandError) as failure:
        call_command("import_library", str(path), "--language", "en", *args, stdout=out, stderr=StringIO())
    return out.getvalue(), str(failure.value)


def media_files(root):
    return {os.path.join(folder, name) for folder, _dirs, names in os.walk(root) for name in names}


def nothing_written():
    return (
        not LibraryItemPage.objects.exists()
        and not get_document_model().objects.exists()
        and not get_image_model().objects.exists()
        and not Subject.objects.exists()
    )


FULL_ROW = row(
    title_en="Handbook of State Administration",
    creator="สำนักงาน ก.พ.; นายสมชาย ใจดี; Jane Doe",
    subject="การบริหารราชการ; Digital government",
    description="<p>คู่มือสำหรับ<strong>ข้าราชการ</strong> ดู <a href='https://www.ocsc.go.th/'>เว็บไซต์</a></p>",
    publisher="สำนักงานคณะกรรมการข้าราชการพลเรือน",
    date="2567",
    type="Manual or guide",
    language="ไทย",
    rights="CC BY 4.0 https://creativecommons.org/licenses/by/4.0/",
    access="civil servants only",
    url="https://www.ocsc.go.th/handbook",
    cover="covers/cover.png",
)


class TestAGoodFile:
    @pytest.mark.parametrize("bom", [True, False], ids=["with BOM", "without BOM"])
    def test_every_row_becomes_a_published_item_with_every_field(self, site_pages, folder, bom):
        second = row(identifier="local:report-2566", title="รายงานประจำปี 2566", file="files/report.pdf", type="report")
        path = write_csv(folder, [FULL_ROW, second], bom=bom)

        output = run(path)

        assert "Created: 2; updated: 0; unchanged: 0" in output
        item = LibraryItemPage.objects.get(identifier="978-616-000-001-1")
        assert item.live and item.get_parent().pk == site_pages["library"].pk
        assert item.title == "คู่มือการบริหารราชการแผ่นดิน"
        assert item.title_en == "Handbook of State Administration"
        assert item.creator_names() == ["สำนักงาน ก.พ.", "นายสมชาย ใจดี", "Jane Doe"]
        assert sorted(subject.name for subject in item.subjects.all()) == ["Digital government", "การบริหารราชการ"]
        assert item.description == ('<p>คู่มือสำหรับ<b>ข้าราชการ</b> ดู <a href="https://www.ocsc.go.th/">เว็บไซต์</a></p>')
        assert item.publisher == "สำนักงานคณะกรรมการข้าราชการพลเรือน"
        assert (item.date_issued, item.year_issued) == ("2024", 2024)
        assert (item.item_type, item.language, item.access) == ("manual", "th", "civil_servants")
        assert (item.rights, item.rights_url) == ("CC BY 4.0", "https://creativecommons.org/licenses/by/4.0/")
        assert item.external_url == "https://www.ocsc.go.th/handbook"
        assert item.document.title == item.title
        assert item.document.file.read() == (folder / "files" / "manual.pdf").read_bytes()
        assert item.document.file_hash
        assert item.cover.title == item.title and (item.cover.width, item.cover.height) == (60, 80)
        assert not item.cover_generated
        assert item.revisions.count() == 1

        other = LibraryItemPage.objects.get(identifier="local:report-2566")
        assert other.live and other.item_type == "report"
        assert other.creator_names() == [] and other.access == "open" and other.language == "th"

    def test_the_report_says_what_was_created(self, site_pages, folder):
        output = run(write_csv(folder, [row()]))

        assert "line 2: created 978-616-000-001-1 “คู่มือการบริหารราชการแผ่นดิน”" in output

    @pytest.mark.parametrize(
        ("column", "written", "stored"),
        [
            ("type", "คู่มือ", "manual"),
            ("type", "LAW", "law"),
            ("type", "E-book", "ebook"),
            ("language", "English", "en"),
            ("language", "อังกฤษ", "en"),
            ("language", "mul", "mul"),
            ("access", "signed_in", "signed_in"),
            ("access", "Signed-in users", "signed_in"),
            ("access", "ข้าราชการ", "civil_servants"),
        ],
    )
    def test_choices_may_be_written_as_values_or_as_labels_in_thai_or_english(
        self, site_pages, folder, column, written, stored
    ):
        run(write_csv(folder, [row(**{column: written})]))

        field = {"type": "item_type"}.get(column, column)
        assert getattr(LibraryItemPage.objects.get(), field) == stored

    def test_an_item_with_an_address_only_needs_no_file(self, site_pages, folder):
        run(write_csv(folder, [row(file="", url="https://www.example.go.th/law.pdf")]))

        item = LibraryItemPage.objects.get()
        assert item.document is None and item.external_url == "https://www.example.go.th/law.pdf"

    def test_a_description_spanning_lines_keeps_its_paragraphs_and_the_next_row_its_line(self, site_pages, folder):
        path = write_csv(
            folder,
            [
                row(description="บรรทัดแรก\nบรรทัดที่สอง\n\nย่อหน้าใหม่"),
                row(identifier="local:2", title="", description="x"),
            ],
        )

        output, _failure = run_failing(path)

        # The first record spans lines 2 to 5: the bad second record starts on line 6.
        assert "line 6: The title is missing." in output

    def test_empty_lines_are_skipped(self, site_pages, folder):
        path = folder / "items.csv"
        path.write_text("identifier,title,file\r\n\r\nlocal:1,หนึ่ง,files/manual.pdf\r\n,,\r\n\r\n", encoding="utf-8")

        assert "Created: 1;" in run(path)

    def test_a_zip_archive_with_the_csv_and_its_files_is_imported(self, site_pages, folder, tmp_path_factory):
        write_csv(folder, [FULL_ROW])
        archive = tmp_path_factory.mktemp("upload") / "catalogue.zip"
        with zipfile.ZipFile(archive, "w") as zipped:
            for name in ("items.csv", "files/manual.pdf", "covers/cover.png"):
                zipped.write(folder / name, f"catalogue/{name}")

        assert "Created: 1;" in run(archive)
        assert LibraryItemPage.objects.get().cover is not None


class TestReimporting:
    def test_the_same_identifier_updates_the_item_and_publishes_a_new_revision(self, site_pages, folder):
        run(write_csv(folder, [FULL_ROW]))
        item = LibraryItemPage.objects.get()

        changed = dict(FULL_ROW, title="คู่มือฉบับปรับปรุง", creator="Jane Doe; สำนักงาน ก.พ.", subject="ใหม่", access="")
        output = run(write_csv(folder, [changed]))

        assert "Created: 0; updated: 1; unchanged: 0" in output
        item = LibraryItemPage.objects.get()
        assert item.title == "คู่มือฉบับปรับปรุง"
        assert item.creator_names() == ["Jane Doe", "สำนักงาน ก.พ."]
        assert [subject.name for subject in item.subjects.all()] == ["ใหม่"]
        # An empty access cell keeps the item's access.
        assert item.access == "civil_servants"
        assert item.revisions.count() == 2 and not item.has_unpublished_changes
        # The same file and cover are not stored again.
        assert get_document_model().objects.count() == 1
        assert get_image_model().objects.count() == 1

    def test_an_unchanged_row_is_reported_as_unchanged_and_changes_nothing(self, site_pages, folder):
        path = write_csv(folder, [FULL_ROW])
        run(path)
        revisions = Revision.objects.count()

        output = run(path)

        assert "line 2: unchanged 978-616-000-001-1" in output
        assert "Created: 0; updated: 0; unchanged: 1" in output
        assert Revision.objects.count() == revisions
        assert get_document_model().objects.count() == 1

    def test_a_new_file_content_becomes_a_new_document(self, site_pages, folder):
        path = write_csv(folder, [row()])
        run(path)
        (folder / "files" / "manual.pdf").write_bytes(make_pdf_bytes("ฉบับแก้ไข"))

        assert "updated: 1;" in run(path)
        assert get_document_model().objects.count() == 2
        item = LibraryItemPage.objects.get()
        assert item.document.file.read() == (folder / "files" / "manual.pdf").read_bytes()


class TestDryRun:
    def test_a_dry_run_reports_what_would_happen_and_writes_nothing(self, site_pages, folder, settings):
        media_before = media_files(settings.MEDIA_ROOT)

        output = run(write_csv(folder, [FULL_ROW, row(identifier="local:2", title="สอง")]), "--dry-run")

        assert "line 2: would create 978-616-000-001-1" in output
        assert "Dry run, nothing changed. Rows checked: 2. To create: 2; to update: 0" in output
        assert nothing_written()
        assert media_files(settings.MEDIA_ROOT) == media_before

    def test_a_dry_run_of_a_change_reports_an_update(self, site_pages, folder):
        run(write_csv(folder, [row()]))

        output = run(write_csv(folder, [row(title="ชื่อใหม่")]), "--dry-run")

        assert "would update 978-616-000-001-1 “ชื่อใหม่”" in output
        assert LibraryItemPage.objects.get().title == "คู่มือการบริหารราชการแผ่นดิน"


THREE_BAD = [
    row(identifier="local:good", title="ดี"),
    row(identifier="local:no-title", title=""),
    row(identifier="local:bad-type", title="ประเภทผิด", type="magazine"),
    row(identifier="local:good-2", title="ดีเช่นกัน", file="files/report.pdf"),
    row(identifier="local:missing-file", title="ไม่มีไฟล์", file="files/nothing.pdf"),
]


class TestBadRows:
    def test_each_bad_row_is_reported_with_its_line_and_reason_and_nothing_is_imported(self, site_pages, folder):
        output, failure = run_failing(write_csv(folder, THREE_BAD))

        lines = [line for line in output.splitlines() if line.startswith("line ")][:3]
        assert lines == [
            "line 3: The title is missing.",
            "line 4: The type “magazine” is not known. Use one of: book, ebook, report, manual, research, law, "
            "infographic, video, audio, course_material.",
            "line 6: There is no file “files/nothing.pdf” in the CSV file's folder (the file column).",
        ]
        assert "--skip-invalid" in failure
        assert nothing_written()

    def test_skip_invalid_imports_the_good_rows_and_reports_the_bad_ones(self, site_pages, folder):
        output = run(write_csv(folder, THREE_BAD), "--skip-invalid")

        assert "line 3: The title is missing." in output
        assert "Created: 2; updated: 0; unchanged: 0; bad rows skipped: 3." in output
        assert sorted(LibraryItemPage.objects.values_list("identifier", flat=True)) == ["local:good", "local:good-2"]

    def test_skip_invalid_with_only_bad_rows_still_fails(self, site_pages, folder):
        _output, failure = run_failing(write_csv(folder, [row(title="")]), "--skip-invalid")

        assert "every row is bad" in failure

    @pytest.mark.parametrize(
        ("values", "reason"),
        [
            ({"identifier": ""}, "The identifier is missing."),
            ({"date": "31/12/2567"}, "The date “31/12/2567” cannot be read"),
            ({"date": "2567-02-30"}, "The date “2567-02-30” cannot be read"),
            ({"language": "ลาว"}, "The language “ลาว” is not known"),
            ({"access": "secret"}, "The access “secret” is not known"),
            ({"url": "ftp://example.com/x"}, "is not a valid web address"),
            ({"url": "www.example.com"}, "is not a valid web address"),
            ({"rights": "CC BY https://bad_host/"}, "The licence address “https://bad_host/” is not a valid"),
            ({"file": "", "url": ""}, "The item needs a file or a url"),
            ({"file": "https://example.com/a.pdf"}, "is a web address"),
            ({"file": "covers/cover.png"}, "is not of a type the library accepts"),
            ({"cover": "files/manual.pdf"}, "is not an image of a type the library accepts"),
            ({"title": "ก" * 256}, "The title is 256 characters long; at most 255 are allowed."),
            ({"creator": "ok; " + "x" * 256}, "The creator is 256 characters long"),
            ({"subject": "s" * 151}, "The subject is 151 characters long"),
        ],
    )
    def test_a_bad_value_is_reported_on_its_line(self, site_pages, folder, values, reason):
        output, _failure = run_failing(write_csv(folder, [row(identifier="local:ok", title="ดี"), row(**values)]))

        assert any(line.startswith("line 3: ") and reason in line for line in output.splitlines())
        assert nothing_written()

    def test_a_cover_that_is_not_really_an_image_is_refused(self, site_pages, folder):
        (folder / "covers" / "fake.png").write_bytes(b"not an image at all")

        output, _failure = run_failing(write_csv(folder, [row(cover="covers/fake.png")]))

        assert "line 2: The cover “covers/fake.png” cannot be used" in output

    def test_an_empty_file_and_one_over_the_size_limit_are_refused(self, site_pages, folder, settings):
        (folder / "files" / "empty.pdf").write_bytes(b"")
        settings.LIBRARY_IMPORT_MAX_FILE_BYTES = 100

        output, _failure = run_failing(
            write_csv(folder, [row(identifier="a", file="files/empty.pdf"), row(identifier="b")])
        )

        assert "line 2: The file “files/empty.pdf” is empty." in output
        assert "line 3: The file “files/manual.pdf” is " in output and "the largest accepted is 100" in output

    def test_a_duplicate_identifier_names_both_lines(self, site_pages, folder):
        path = write_csv(folder, [row(identifier="local:x"), row(identifier="local:y"), row(identifier="local:x")])

        output, _failure = run_failing(path)

        assert "line 2: The identifier “local:x” is also on line 4 of the file." in output
        assert "line 4: The identifier “local:x” is also on line 2 of the file." in output
        assert nothing_written()

    def test_a_row_with_too_many_values_is_reported(self, site_pages, folder):
        path = folder / "items.csv"
        path.write_text("identifier,title,file\nlocal:1,หนึ่ง, สอง,files/manual.pdf\n", encoding="utf-8")

        output, _failure = run_failing(path)

        assert "line 2: This line has 4 values but the header has 3 columns." in output


class TestARowThatFailsWhenSaved:
    """A row the checks passed but the database refused (say an item saved meanwhile by someone else)."""

    @pytest.fixture
    def refuse_title(self, monkeypatch):
        from django.core.exceptions import ValidationError

        real_clean = LibraryItemPage.clean

        def clean(item):
            if item.title == "ถูกปฏิเสธ":
                raise ValidationError({"title": "refused"})
            real_clean(item)

        monkeypatch.setattr(LibraryItemPage, "clean", clean)

    def rows(self):
        return [
            row(identifier="local:a", title="ก่อน", subject="หัวข้อใหม่"),
            row(identifier="local:b", title="ถูกปฏิเสธ", subject="หัวข้อใหม่", file="files/report.pdf"),
            row(identifier="local:c", title="หลัง", subject="หัวข้อใหม่"),
        ]

    def test_nothing_is_kept_not_even_the_files_stored_before(self, site_pages, folder, settings, refuse_title):
        media_before = media_files(settings.MEDIA_ROOT)

        output, _failure = run_failing(write_csv(folder, self.rows()))

        assert "line 3: title: refused" in output
        assert nothing_written()
        assert media_files(settings.MEDIA_ROOT) == media_before

    def test_with_skip_invalid_the_other_rows_are_imported_without_the_failed_rows_file(
        self, site_pages, folder, settings, refuse_title
    ):
        media_before = media_files(settings.MEDIA_ROOT)

        output = run(write_csv(folder, self.rows()), "--skip-invalid")

        assert "line 3: title: refused" in output
        assert sorted(LibraryItemPage.objects.values_list("identifier", flat=True)) == ["local:a", "local:c"]
        assert list(Subject.objects.values_list("name", flat=True)) == ["หัวข้อใหม่"]
        # Items a and c have a document each; the refused row's file went with it.
        assert get_document_model().objects.count() == 2
        stored = media_files(settings.MEDIA_ROOT) - media_before
        assert len([name for name in stored if "/documents/" in name]) == 2
        assert not any(os.path.basename(name).startswith("report") for name in stored)


class TestTheFileAsAWhole:
    def test_a_missing_required_column_refuses_the_whole_file(self, site_pages, folder):
        path = write_csv(folder, [["local:1", "files/manual.pdf"]], header=("identifier", "file"))

        output, failure = run_failing(path)

        assert "line 1: The header row must name the columns “identifier” and “title”; missing: “title”." in output
        assert "Nothing was imported" in failure
        assert nothing_written()

    def test_unknown_and_missing_columns_are_mentioned_once(self, site_pages, folder):
        path = write_csv(
            folder,
            [["local:1", "หนึ่ง", "files/manual.pdf", "x"], ["local:2", "สอง", "files/manual.pdf", "y"]],
            header=("Identifier", "TITLE", "file", "shelf"),
        )

        output = run(path)

        assert output.count("not known and are ignored: “shelf”") == 1
        assert output.count("The file has no column “title_en”, “creator”") == 1
        assert LibraryItemPage.objects.count() == 2

    def test_a_file_in_the_thai_windows_encoding_is_refused_on_its_line(self, site_pages, folder):
        path = folder / "items.csv"
        path.write_bytes("identifier,title,file\nlocal:1,คู่มือ,files/manual.pdf\n".encode("cp874"))

        output, _failure = run_failing(path)

        assert "line 2: The file is not UTF-8 text" in output
        assert nothing_written()

    def test_an_empty_file_is_refused(self, site_pages, folder):
        path = folder / "items.csv"
        path.write_bytes(b"\xef\xbb\xbf\r\n")

        output, _failure = run_failing(path)

        assert "The file is empty." in output

    def test_without_a_published_library_page_nothing_can_be_imported(self, site_pages, folder):
        site_pages["library"].unpublish()

        output, _failure = run_failing(write_csv(folder, [row()]))

        assert "There is no published e-library page" in output

    def test_the_report_is_in_thai_unless_asked_otherwise(self, site_pages, folder, monkeypatch):
        seen = []
        real = import_library

        def spy(*args, **kwargs):
            seen.append(translation.get_language())
            return real(*args, **kwargs)

        monkeypatch.setattr("library.management.commands.import_library.import_library", spy)
        with translation.override("en"):
            call_command("import_library", str(write_csv(folder, [row()])), "--dry-run", stdout=StringIO())

        assert seen == ["th"]


class TestPathsStayInsideTheFolder:
    @pytest.mark.parametrize(
        "path", ["../secret.pdf", "files/../../secret.pdf", "/etc/passwd", "C:\\secret.pdf", "..\\secret.pdf"]
    )
    def test_a_path_leaving_the_csv_folder_is_refused(self, site_pages, tmp_path, path):
        (tmp_path / "secret.pdf").write_bytes(REPORT_PDF)
        inner = tmp_path / "upload"
        (inner / "files").mkdir(parents=True)
        (inner / "files" / "manual.pdf").write_bytes(MANUAL_PDF)

        output, _failure = run_failing(write_csv(inner, [row(file=path)]))

        assert "line 2: The file “" in output and "not inside the CSV file's folder" in output
        assert nothing_written()

    def test_a_link_leading_outside_the_folder_is_refused(self, site_pages, tmp_path):
        (tmp_path / "secret.pdf").write_bytes(REPORT_PDF)
        inner = tmp_path / "upload"
        inner.mkdir()
        (inner / "link.pdf").symlink_to(tmp_path / "secret.pdf")

        output, _failure = run_failing(write_csv(inner, [row(file="link.pdf")]))

        assert "leads outside the CSV file's folder" in output
        assert nothing_written()

    @pytest.mark.parametrize("member", ["../evil.pdf", "/evil.pdf", "ok/../../evil.pdf"])
    def test_a_zip_member_escaping_the_archive_is_refused_and_nothing_unpacked(self, site_pages, tmp_path, member):
        archive = tmp_path / "upload.zip"
        with zipfile.ZipFile(archive, "w") as zipped:
            zipped.writestr("items.csv", "identifier,title,url\nlocal:1,หนึ่ง,https://example.com/\n")
            zipped.writestr(member, b"%PDF-1.4")

        output, _failure = run_failing(archive)

        assert "points outside the archive" in output
        assert not (tmp_path / "evil.pdf").exists() and not os.path.exists("/evil.pdf")
        assert nothing_written()


class TestDescriptions:
    def test_html_goes_through_the_sanitiser(self, site_pages, folder):
        description = (
            '<p onclick="steal()">สวัสดี<script>alert("x")</script><style>p{}</style>'
            '<a href="javascript:alert(1)">ลิงก์</a> <img src=x onerror=alert(1)></p>'
            "<h2>หัวข้อ</h2><ul><li><em>หนึ่ง</em></li></ul><iframe src='https://evil.example'></iframe>"
        )

        run(write_csv(folder, [row(description=description)]))

        stored = LibraryItemPage.objects.get().description
        assert stored == "<p>สวัสดีลิงก์ </p><p>หัวข้อ</p><ul><li><i>หนึ่ง</i></li></ul>"

    def test_plain_text_becomes_paragraphs(self, site_pages, folder):
        run(write_csv(folder, [row(description="ย่อหน้าแรก\nบรรทัดต่อ\n\nย่อหน้าสอง & <ก>")]))

        assert LibraryItemPage.objects.get().description == (
            "<p>ย่อหน้าแรก<br/>บรรทัดต่อ</p><p>ย่อหน้าสอง &amp; &lt;ก&gt;</p>"
        )


class TestZipArchives:
    def zip_with(self, tmp_path, members):
        archive = tmp_path / "upload.zip"
        with zipfile.ZipFile(archive, "w", compression=zipfile.ZIP_DEFLATED) as zipped:
            for name, data in members.items():
                zipped.writestr(name, data)
        return archive

    def codes(self, archive):
        return [problem.code for problem in import_library(archive, dry_run=True).problems]

    def test_an_archive_that_unpacks_too_large_is_refused(self, site_pages, tmp_path, monkeypatch):
        monkeypatch.setattr("library.importer.MAX_UNPACKED_BYTES", 1000)
        archive = self.zip_with(tmp_path, {"items.csv": "identifier,title\n", "files/big.pdf": b"0" * 5000})

        assert self.codes(archive) == ["zip_too_large"]

    def test_an_archive_with_too_many_members_is_refused(self, site_pages, tmp_path, monkeypatch):
        monkeypatch.setattr("library.importer.MAX_ZIP_MEMBERS", 2)
        archive = self.zip_with(tmp_path, {"items.csv": "identifier,title\n", "a.pdf": b"1", "b.pdf": b"2"})

        assert self.codes(archive) == ["zip_too_many_members"]

    def test_the_shallowest_csv_file_is_the_one_imported_and_it_must_be_alone(self, site_pages, tmp_path):
        nested = {"catalogue/items.csv": "identifier,title,url\nlocal:1,หนึ่ง,https://example.com/\n"}
        nested["catalogue/files/table.csv"] = "a,b\n"
        assert self.codes(self.zip_with(tmp_path, nested)) == []

        assert self.codes(self.zip_with(tmp_path, {"files/a.pdf": b"1"})) == ["zip_no_csv"]
        assert self.codes(self.zip_with(tmp_path, {"a.csv": "x", "b.csv": "y"})) == ["zip_several_csv"]

    def test_a_file_that_is_not_a_zip_archive_is_refused(self, site_pages, tmp_path):
        archive = tmp_path / "upload.zip"
        archive.write_bytes(b"identifier,title\n")

        assert self.codes(archive) == ["bad_zip"]
