"""Open data at /open-data/: the data sets, suppression of small figures, the files, the page, rebuilding."""

import csv
import datetime
import io
import json

import pytest
from django.contrib.auth.models import Group
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from wagtail.models import PageViewRestriction

from courses.models import CourseEvaluation, Enrolment, EnrolmentStatus, Registration, RegistrationStatus
from courses.services.enrolment import enrol_learner
from courses.services.evaluations import give_evaluation
from courses.services.progress import complete_lesson
from courses.services.seminars import mark_attended, register
from library.models import ItemUsageDay
from lms import roles
from lms.models.open_data import OpenDataFile
from lms.open_data import datasets
from lms.open_data.build import rebuild, rebuild_all
from lms.open_data.tasks import rebuild_open_data_task
from tests.factories import CivilServantFactory, UserFactory, make_course, make_library_item, make_seminar, member_of

pytestmark = pytest.mark.django_db

BANGKOK = datetime.timezone(datetime.timedelta(hours=7))
MARCH = datetime.datetime(2026, 3, 10, 10, 0, tzinfo=BANGKOK)
APRIL = datetime.datetime(2026, 4, 2, 10, 0, tzinfo=BANGKOK)
ALL_SLUGS = [
    "courses",
    "course-activity-monthly",
    "library-items",
    "library-usage-monthly",
    "seminar-attendance",
    "course-evaluations",
]


def english(client):
    client.cookies["lms_language"] = "en"
    return client


def people(count, start=0):
    """``count`` learners with names and e-mail addresses no data set could hold by chance."""
    return [
        UserFactory(
            email=f"pimchanok.{start + n}@open-data-test.go.th",
            first_name="พิมพ์ชนก",
            last_name=f"ศรีสุวรรณวงศ์{start + n}",
            first_name_en="Pimchanok",
            last_name_en=f"Srisuwanwong{start + n}",
        )
        for n in range(count)
    ]


def enrol(course, users, when=MARCH, completed=None):
    for user in users:
        Enrolment.objects.create(
            user=user,
            course=course,
            enrolled_at=when,
            status=EnrolmentStatus.COMPLETED if completed else EnrolmentStatus.ACTIVE,
            completed_at=completed,
        )


def evaluate(course, users, rating=4):
    for user in users:
        CourseEvaluation.objects.create(
            user=user, course=course, content_useful=rating, clear_materials=rating, well_organised=rating, recommend=5
        )


def stored(field):
    with default_storage.open(field.name, "rb") as handle:
        return handle.read()


def json_rows(slug):
    return json.loads(stored(OpenDataFile.objects.get(slug=slug).json_file))["rows"]


def csv_rows(slug):
    text = stored(OpenDataFile.objects.get(slug=slug).csv_file).decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


def body(response):
    return b"".join(response.streaming_content) if response.streaming else response.content


@pytest.fixture
def courses_index(site_pages):
    return site_pages["courses"]


class TestSuppressionOfSmallFigures:
    def test_counts_of_one_to_four_people_are_suppressed_while_zero_and_five_are_published(self, courses_index):
        popular = make_course(courses_index, lessons=1, title="หลักสูตรยอดนิยม")
        quiet = make_course(courses_index, lessons=1, title="หลักสูตรเงียบ")
        learners = people(6)
        enrol(popular, learners[:1])  # enrolled in March, completed nothing
        enrol(popular, learners[1:5], completed=MARCH + datetime.timedelta(days=3))  # 4 completions
        enrol(quiet, learners[5:6])

        record = rebuild("course-activity-monthly")

        rows = {(row["month"], row["course_id"]): row for row in json_rows("course-activity-monthly")}
        assert rows[("2026-03", popular.pk)]["enrolments"] == 5
        assert rows[("2026-03", popular.pk)]["completions"] is None
        assert rows[("2026-03", quiet.pk)]["enrolments"] is None
        assert rows[("2026-03", quiet.pk)]["completions"] == 0
        assert record.suppressed_count == 2
        in_csv = {(row["month"], row["course_id"]): row for row in csv_rows("course-activity-monthly")}
        assert in_csv[("2026-03", str(quiet.pk))]["enrolments"] == ""
        assert in_csv[("2026-03", str(quiet.pk))]["completions"] == "0"
        assert in_csv[("2026-03", str(popular.pk))]["enrolments"] == "5"

    def test_enrolments_and_completions_are_counted_in_the_month_they_happened_in_bangkok(self, courses_index):
        course = make_course(courses_index, lessons=1)
        learners = people(5)
        # 31 March 23:30 in Bangkok is still March there (16:30 UTC).
        late_march = datetime.datetime(2026, 3, 31, 23, 30, tzinfo=BANGKOK)
        enrol(course, learners, when=late_march, completed=APRIL)

        record = rebuild("course-activity-monthly")

        rows = {row["month"]: row for row in json_rows("course-activity-monthly")}
        assert (rows["2026-03"]["enrolments"], rows["2026-03"]["completions"]) == (5, 0)
        assert (rows["2026-04"]["enrolments"], rows["2026-04"]["completions"]) == (0, 5)
        assert (record.period_start, record.period_end) == (datetime.date(2026, 3, 31), datetime.date(2026, 4, 2))

    def test_evaluation_averages_of_fewer_than_five_evaluations_are_suppressed(self, courses_index):
        five = make_course(courses_index, lessons=1)
        four = make_course(courses_index, lessons=1)
        none = make_course(courses_index, lessons=1)
        evaluate(five, people(5, start=0), rating=4)
        evaluate(four, people(4, start=10), rating=2)

        record = rebuild("course-evaluations")

        rows = {row["course_id"]: row for row in json_rows("course-evaluations")}
        assert rows[five.pk]["evaluations"] == 5
        assert rows[five.pk]["average_content_useful"] == 4
        assert rows[five.pk]["average_recommend"] == 5
        assert rows[five.pk]["average_overall"] == 4.25
        assert rows[four.pk]["evaluations"] is None
        assert all(value is None for name, value in rows[four.pk].items() if name.startswith("average_"))
        # No evaluations: a published zero, and no averages to suppress.
        assert rows[none.pk]["evaluations"] == 0
        assert rows[none.pk]["average_overall"] is None
        # The count and the five averages of the course with four evaluations.
        assert record.suppressed_count == 6

    def test_seminar_registrations_and_attendance_are_suppressed_but_not_the_seats(self, site_pages):
        seminar = make_seminar(site_pages["seminars"], sessions=2)
        first, second = seminar.sessions.all()
        for user in people(6):
            Registration.objects.create(session=first, user=user, status=RegistrationStatus.CONFIRMED)
        for user in people(3, start=20):
            Registration.objects.create(session=second, user=user, status=RegistrationStatus.ATTENDED)
        Registration.objects.create(session=second, user=people(1, start=30)[0], status=RegistrationStatus.CANCELLED)

        record = rebuild("seminar-attendance")

        rows = {row["session_id"]: row for row in json_rows("seminar-attendance")}
        assert rows[first.pk]["registrations_confirmed"] == 6
        assert rows[first.pk]["attended"] == 0
        assert rows[second.pk]["registrations_confirmed"] is None
        assert rows[second.pk]["attended"] is None
        assert rows[second.pk]["capacity"] == 20
        assert rows[first.pk]["session_start"] == timezone.localtime(first.starts_at).isoformat()
        assert rows[first.pk]["cancelled"] is False
        assert record.suppressed_count == 2

    def test_library_views_and_downloads_are_added_up_per_month_and_small_ones_suppressed(self, site_pages):
        item = make_library_item(site_pages["library"])
        ItemUsageDay.objects.create(item=item, day=datetime.date(2026, 3, 1), views=4, downloads=1)
        ItemUsageDay.objects.create(item=item, day=datetime.date(2026, 3, 20), views=3, downloads=2)
        ItemUsageDay.objects.create(item=item, day=datetime.date(2026, 4, 5), views=0, downloads=0)

        rebuild("library-usage-monthly")

        rows = {row["month"]: row for row in json_rows("library-usage-monthly")}
        assert (rows["2026-03"]["views"], rows["2026-03"]["downloads"]) == (7, None)
        assert (rows["2026-04"]["views"], rows["2026-04"]["downloads"]) == (0, 0)
        assert rows["2026-03"]["identifier"] == item.identifier


class TestWhatTheDataSetsHold:
    def test_only_live_courses_without_a_privacy_setting_are_published(self, courses_index):
        public = make_course(courses_index, lessons=1, title="หลักสูตรสาธารณะ", title_en="Public course")
        private = make_course(courses_index, lessons=1, title="หลักสูตรภายใน")
        PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)
        draft = make_course(courses_index, lessons=1, title="หลักสูตรร่าง", publish=False)
        enrol(private, people(6))

        rebuild_all()

        courses = json_rows("courses")
        assert [row["course_id"] for row in courses] == [public.pk]
        assert courses[0]["title_en"] == "Public course"
        assert courses[0]["url"].endswith(public.url)
        assert courses[0]["first_published"] == timezone.localdate(public.first_published_at).isoformat()
        for slug in ("course-activity-monthly", "course-evaluations"):
            assert {row["course_id"] for row in json_rows(slug)} <= {public.pk}
        everything = b"".join(stored(record.csv_file) for record in OpenDataFile.objects.all()).decode("utf-8-sig")
        assert "หลักสูตรภายใน" not in everything
        assert draft.title not in everything

    def test_restricted_library_items_are_listed_without_their_file_and_private_pages_not_at_all(self, site_pages):
        library = site_pages["library"]
        open_item = make_library_item(library, creators=["สำนักงาน ก.พ."], subjects=["กฎหมาย"])
        restricted = make_library_item(library, access="civil_servants", title="คู่มือเฉพาะข้าราชการ")
        private = make_library_item(library, title="บันทึกภายใน")
        PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)

        rebuild("library-items")

        rows = {row["identifier"]: row for row in json_rows("library-items")}
        assert set(rows) == {open_item.identifier, restricted.identifier}
        assert rows[open_item.identifier]["file_url"].endswith(f"/library/items/{open_item.pk}/download/")
        assert rows[open_item.identifier]["creator"] == "สำนักงาน ก.พ."
        assert rows[open_item.identifier]["subject"] == "กฎหมาย"
        assert rows[open_item.identifier]["type"] == "Text"
        assert rows[restricted.identifier]["file_url"] == ""
        assert rows[restricted.identifier]["access"] == "civil_servants"
        assert rows[restricted.identifier]["title"] == "คู่มือเฉพาะข้าราชการ"
        assert "/documents/" not in json.dumps(rows, ensure_ascii=False)

    def test_no_data_file_contains_anyones_email_name_or_account_id(
        self, client, site_pages, django_capture_on_commit_callbacks
    ):
        ids = iter(range(987_650, 987_700))
        learners = [
            CivilServantFactory(
                id=next(ids),
                email=f"kittipong.{n}@dga.go.th",
                first_name="กิตติพงษ์",
                last_name=f"รุ่งเรืองศรี{n}",
                first_name_en="Kittipong",
                last_name_en=f"Rungruengsri{n}",
            )
            for n in range(6)
        ]
        instructor = member_of(
            roles.INSTRUCTORS,
            id=next(ids),
            email="wilawan.teacher@dga.go.th",
            first_name="วิลาวัณย์",
            last_name="ผู้สอนดีเด่น",
            first_name_en="Wilawan",
            last_name_en="Teacherson",
        )
        course = make_course(site_pages["courses"], lessons=1, instructors=[instructor])
        lesson = course.syllabus_items()[0]
        seminar = make_seminar(site_pages["seminars"], organisers=[instructor])
        session = seminar.sessions.first()
        item = make_library_item(site_pages["library"])
        ItemUsageDay.objects.create(item=item, day=datetime.date(2026, 3, 1), views=9, downloads=6)
        with django_capture_on_commit_callbacks(execute=True):
            for learner in learners:
                enrol_learner(course, learner)
                complete_lesson(learner, lesson)
                give_evaluation(
                    learner,
                    course,
                    dict.fromkeys(("content_useful", "clear_materials"), 5)
                    | {
                        "well_organised": 4,
                        "recommend": 4,
                    },
                    comment=f"ขอบคุณครับ จาก {learner.first_name}",
                )
                registration = register(session, learner)
                mark_attended(registration, instructor, now=session.starts_at + datetime.timedelta(hours=1))

            rebuild_all()

        assert json_rows("course-activity-monthly")[0]["completions"] == 6
        assert json_rows("seminar-attendance")[0]["attended"] == 6
        assert json_rows("course-evaluations")[0]["evaluations"] == 6
        files = []
        for record in OpenDataFile.objects.all():
            files.append(stored(record.csv_file).decode("utf-8-sig"))
            files.append(stored(record.json_file).decode("utf-8"))
        files.append(client.get("/open-data/catalog.jsonld").content.decode())
        assert len(files) == 13
        for person in [*learners, instructor]:
            secrets = [
                person.email,
                person.email.split("@")[0],
                person.first_name,
                person.last_name,
                person.first_name_en,
                person.last_name_en,
                str(person.pk),
            ]
            for text in files:
                for secret in secrets:
                    assert secret not in text
        assert not any("ขอบคุณครับ" in text for text in files)


class TestTheFiles:
    def test_the_csv_is_utf8_with_a_byte_order_mark_and_a_header_of_the_column_names(self, courses_index):
        make_course(courses_index, lessons=1, title='=HYPERLINK("http://evil.example")')

        record = rebuild("courses")

        raw = stored(record.csv_file)
        assert raw.startswith("\ufeff".encode())
        rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
        assert rows[0] == datasets.get("courses").column_names
        # A title typed like a formula is not run by a spreadsheet.
        assert rows[1][1].startswith("'=")

    def test_the_json_names_the_data_set_the_time_the_columns_and_the_rows(self, courses_index):
        course = make_course(courses_index, lessons=1, training_hours=3)

        record = rebuild("courses", now=datetime.datetime(2026, 5, 1, 2, 0, tzinfo=datetime.UTC))

        document = json.loads(stored(record.json_file))
        assert document["dataset"] == "courses"
        assert document["generated"] == "2026-05-01T09:00:00+07:00"
        assert [column["name"] for column in document["columns"]] == datasets.get("courses").column_names
        assert document["columns"][0]["description"]["en"]
        assert document["rows"][0]["course_id"] == course.pk
        assert document["rows"][0]["training_hours"] == 3

    def test_a_rebuild_replaces_the_files_and_deletes_the_old_ones_once_committed(
        self, courses_index, django_capture_on_commit_callbacks
    ):
        make_course(courses_index, lessons=1)
        with django_capture_on_commit_callbacks(execute=True):
            first = rebuild("courses")
        old_names = [first.csv_file.name, first.json_file.name]
        make_course(courses_index, lessons=1)

        with django_capture_on_commit_callbacks(execute=True):
            second = rebuild("courses")

        assert OpenDataFile.objects.filter(slug="courses").count() == 1
        assert second.row_count == 2
        assert not any(default_storage.exists(name) for name in old_names)
        assert default_storage.exists(second.csv_file.name)
        assert default_storage.exists(second.json_file.name)

    def test_the_command_builds_every_data_set(self, site_pages, django_capture_on_commit_callbacks):
        make_course(site_pages["courses"], lessons=1)
        out = io.StringIO()

        with django_capture_on_commit_callbacks(execute=True):
            call_command("rebuild_open_data", stdout=out)

        assert sorted(OpenDataFile.objects.values_list("slug", flat=True)) == sorted(ALL_SLUGS)
        for record in OpenDataFile.objects.all():
            assert default_storage.exists(record.csv_file.name)
            assert default_storage.exists(record.json_file.name)
            assert f"{record.slug}:" in out.getvalue()

    def test_the_command_can_build_one_data_set(self, site_pages):
        call_command("rebuild_open_data", "--dataset", "seminar-attendance", stdout=io.StringIO())

        assert list(OpenDataFile.objects.values_list("slug", flat=True)) == ["seminar-attendance"]

    def test_the_task_rebuilds_every_data_set_or_one(self, site_pages):
        result = rebuild_open_data_task.enqueue("courses")
        assert result.return_value == {"courses": {"rows": 0, "suppressed": 0}}

        rebuild_open_data_task.enqueue()

        assert OpenDataFile.objects.count() == len(ALL_SLUGS)


class TestDownloads:
    def test_the_csv_is_served_as_an_attachment_and_the_json_to_any_origin(self, client, courses_index):
        make_course(courses_index, lessons=1)
        rebuild("courses")

        csv_response = client.get("/open-data/courses.csv")
        json_response = client.get("/open-data/courses.json")

        assert csv_response.status_code == 200
        assert csv_response["Content-Type"] == "text/csv; charset=utf-8"
        assert csv_response["Content-Disposition"] == 'attachment; filename="courses.csv"'
        assert body(csv_response).startswith("\ufeffcourse_id,".encode())
        assert json_response.status_code == 200
        assert json_response["Content-Type"] == "application/json; charset=utf-8"
        assert json_response["Access-Control-Allow-Origin"] == "*"
        assert json_response["Content-Disposition"] == 'inline; filename="courses.json"'
        assert json.loads(body(json_response))["dataset"] == "courses"

    def test_an_unknown_data_set_is_not_found(self, client, site_pages):
        assert client.get("/open-data/salaries.csv").status_code == 404
        assert client.get("/open-data/courses.xlsx").status_code == 404

    def test_a_data_set_not_built_yet_is_a_clear_404_page(self, client, site_pages):
        response = english(client).get("/open-data/courses.json")

        assert response.status_code == 404
        assert "have not been built yet" in response.content.decode()


class TestThePage:
    def test_the_page_describes_every_data_set_with_its_licence_period_dictionary_and_downloads(
        self, client, courses_index
    ):
        make_course(courses_index, lessons=1)
        enrol(make_course(courses_index, lessons=1), people(5))
        rebuild_all(now=datetime.datetime(2026, 5, 1, 2, 0, tzinfo=datetime.UTC))

        page = english(client).get("/open-data/").content.decode()

        assert "Figures under 5 are suppressed" in page
        assert "Creative Commons Attribution 4.0 (CC BY 4.0)" in page
        assert datasets.LICENCE_URL in page
        for dataset in datasets.all_datasets():
            assert dataset.title.en in page
            assert dataset.description.en.replace("'", "&#x27;") in page
            assert f'href="/open-data/{dataset.slug}.csv"' in page
            assert f'href="/open-data/{dataset.slug}.json"' in page
            for column in dataset.columns:
                assert f"<code>{column.name}</code>" in page
        assert page.count('<th scope="col">Column</th>') == len(datasets.all_datasets())
        # Period covered and last build, as people read dates.
        assert "10 March 2026 – 10 March 2026" in page
        assert "1 May 2026 09:00" in page
        assert 'href="/open-data/catalog.jsonld"' in page

    def test_in_thai_the_dates_are_in_the_buddhist_era(self, client, courses_index):
        enrol(make_course(courses_index, lessons=1), people(5))
        rebuild("course-activity-monthly")

        page = client.get("/open-data/").content.decode()

        assert "10 มีนาคม 2569" in page
        assert datasets.get("course-activity-monthly").title.th in page

    def test_a_data_set_not_built_yet_says_so_without_download_links(self, client, site_pages):
        page = english(client).get("/open-data/").content.decode()

        assert "Not built yet" in page
        assert "/open-data/courses.csv" not in page

    def test_the_page_takes_the_same_queries_for_little_or_much_data(
        self, client, courses_index, django_assert_max_num_queries
    ):
        enrol(make_course(courses_index, lessons=1), people(5))
        rebuild_all()
        english(client).get("/open-data/")  # caches warmed: site settings, navigation
        with django_assert_max_num_queries(20) as few:
            client.get("/open-data/")
        few_queries = len(few.captured_queries)

        for n in range(4):
            enrol(make_course(courses_index, lessons=1), people(6, start=100 + 10 * n), when=APRIL)
        rebuild_all()
        client.get("/open-data/")  # caches warmed again: new pages cleared the navigation

        with django_assert_max_num_queries(few_queries):
            assert client.get("/open-data/").status_code == 200


class TestRebuildNowInTheEditor:
    URL = "/admin/open-data/"

    def test_an_administrator_rebuilds_every_data_set(self, client, site_pages, django_capture_on_commit_callbacks):
        client.force_login(member_of(roles.ADMINISTRATORS, preferred_language="en"))

        page = client.get(self.URL)
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(self.URL, follow=True)

        assert page.status_code == 200
        assert "Rebuild now" in page.content.decode()
        assert response.status_code == 200
        assert "being rebuilt" in response.content.decode()
        assert OpenDataFile.objects.count() == len(ALL_SLUGS)

    def test_an_administrator_rebuilds_one_data_set(self, client, site_pages, django_capture_on_commit_callbacks):
        client.force_login(member_of(roles.ADMINISTRATORS, preferred_language="en"))

        with django_capture_on_commit_callbacks(execute=True):
            client.post(self.URL, {"dataset": "library-items"})

        assert list(OpenDataFile.objects.values_list("slug", flat=True)) == ["library-items"]

    @pytest.mark.parametrize("role", [roles.INSTRUCTORS, roles.TRAINING_OFFICERS])
    def test_others_in_the_editor_cannot_rebuild_or_see_the_menu_item(
        self, client, site_pages, role, django_capture_on_commit_callbacks
    ):
        client.force_login(member_of(role, preferred_language="en"))

        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(self.URL)

        # Wagtail's "Sorry, you do not have permission" redirect to the editor's dashboard.
        assert response.status_code == 302
        assert response["Location"] == "/admin/"
        assert not OpenDataFile.objects.exists()
        assert self.URL not in client.get("/admin/").content.decode()

    def test_a_learner_cannot_rebuild(self, client, site_pages, django_capture_on_commit_callbacks):
        client.force_login(UserFactory())

        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(self.URL)

        assert response.status_code == 302
        assert "/admin/login/" in response["Location"]
        assert not OpenDataFile.objects.exists()

    def test_a_post_without_the_csrf_token_is_refused(self, site_pages, django_capture_on_commit_callbacks):
        client = Client(enforce_csrf_checks=True)
        client.force_login(member_of(roles.ADMINISTRATORS))

        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(self.URL)

        assert response.status_code == 403
        assert not OpenDataFile.objects.exists()

    def test_the_administrators_group_is_what_counts(self, client, site_pages):
        person = UserFactory()
        person.groups.add(Group.objects.get(name=roles.INSTRUCTORS))
        client.force_login(person)
        assert client.get(self.URL).status_code == 302

        person.groups.add(Group.objects.get(name=roles.ADMINISTRATORS))
        assert client.get(self.URL).status_code == 200
