"""Bulk enrolment from a CSV file: every row checked first, every bad row reported by line."""

import datetime
from types import SimpleNamespace
from urllib.parse import quote

import pytest
from django.contrib.auth.models import Group, Permission
from django.utils import timezone, translation

from courses.models import Audience, Enrolment, EnrolmentSource, EnrolmentStatus
from courses.services import bulk_enrolment
from courses.services.bulk_enrolment import enrol_from_csv, may_enrol_in_bulk
from courses.services.enrolment import EnrolmentError, enrol_learner, withdraw
from lms import roles
from lms.models import Agency
from tests.factories import AgencyFactory, CivilServantFactory, UserFactory, make_course

pytestmark = pytest.mark.django_db


def csv_file(*lines, encoding="utf-8", bom=False):
    """The bytes of a CSV file whose lines are given (the header first), as Excel writes them."""
    data = "\r\n".join(lines).encode(encoding) + b"\r\n"
    return (b"\xef\xbb\xbf" + data) if bom else data


def member_of(group_name, **kwargs):
    """A user in a role group that may enrol in bulk (granting the permission if the group lacks it)."""
    group = Group.objects.get(name=group_name)
    group.permissions.add(Permission.objects.get(content_type__app_label="courses", codename="add_enrolment"))
    person = UserFactory(preferred_language="en", **kwargs)
    person.groups.add(group)
    return person


def codes_by_line(result):
    return {problem.line: problem.code for problem in result.problems}


def build_world(site_pages):
    """Agencies (a ministry > department > division, and another ministry), their staff and courses."""
    index = site_pages["courses"]
    opm = AgencyFactory(code="OPM", name_th="สำนักนายกรัฐมนตรี")
    ocsc = AgencyFactory(code="OCSC", name_th="สำนักงาน ก.พ.", parent=opm, level=Agency.Level.DEPARTMENT)
    csdi = AgencyFactory(code="CSDI", name_th="สถาบันพัฒนาข้าราชการพลเรือน", parent=ocsc, level=Agency.Level.DIVISION)
    mof = AgencyFactory(code="MOF", name_th="กระทรวงการคลัง")
    return SimpleNamespace(
        opm=opm,
        ocsc=ocsc,
        csdi=csdi,
        mof=mof,
        somchai=CivilServantFactory(email="somchai@ocsc.go.th", agency=ocsc),
        suda=CivilServantFactory(email="suda@csdi.go.th", agency=csdi),
        prasert=CivilServantFactory(email="prasert@opm.go.th", agency=opm),
        malee=CivilServantFactory(email="malee@mof.go.th", agency=mof),
        citizen=UserFactory(email="citizen@example.com"),
        pdpa=make_course(index, lessons=0, title="PDPA สำหรับเจ้าหน้าที่รัฐ", slug="pdpa"),
        cyber=make_course(index, lessons=0, title="ความมั่นคงปลอดภัยไซเบอร์", slug="cyber"),
        staff_only=make_course(index, lessons=0, title="เฉพาะข้าราชการ", slug="staff-only", audience=Audience.STAFF),
        small=make_course(index, lessons=0, title="รุ่นเล็ก", slug="small", capacity=2),
        draft=make_course(index, lessons=0, title="ฉบับร่าง", slug="draft", publish=False),
    )


@pytest.fixture
def world(site_pages):
    return build_world(site_pages)


class TestAGoodFile:
    def test_every_row_is_enrolled_by_the_acting_administrator(self, world):
        admin = member_of(roles.ADMINISTRATORS)
        data = csv_file("email,course", "somchai@ocsc.go.th,pdpa", "malee@mof.go.th,cyber", "citizen@example.com,pdpa")

        result = enrol_from_csv(data, acting_user=admin)

        assert result.problems == []
        assert result.enrolled_count == 3
        enrolments = Enrolment.objects.all()
        assert {(e.user.email, e.course.slug) for e in enrolments} == {
            ("somchai@ocsc.go.th", "pdpa"),
            ("malee@mof.go.th", "cyber"),
            ("citizen@example.com", "pdpa"),
        }
        assert {(e.source, e.enrolled_by_id, e.status) for e in enrolments} == {
            (EnrolmentSource.ADMIN, admin.pk, EnrolmentStatus.ACTIVE)
        }

    @pytest.mark.parametrize("kind", ["administrator", "superuser", "training officer", "command"])
    def test_the_source_says_whether_an_administrator_or_a_bulk_upload_enrolled_the_person(self, world, kind):
        acting = {
            "administrator": lambda: member_of(roles.ADMINISTRATORS),
            "superuser": lambda: UserFactory(is_superuser=True, is_staff=True),
            "training officer": lambda: member_of(
                roles.TRAINING_OFFICERS, agency=world.ocsc, learner_type="civil_servant"
            ),
            "command": lambda: None,
        }[kind]()

        result = enrol_from_csv(csv_file("email,course", "somchai@ocsc.go.th,pdpa"), acting_user=acting)

        assert result.enrolled_count == 1
        expected = EnrolmentSource.BULK if kind in ("training officer", "command") else EnrolmentSource.ADMIN
        assert Enrolment.objects.get().source == expected

    def test_a_course_may_be_given_by_number_slug_web_address_or_full_url(self, world, site_pages):
        thai = make_course(site_pages["courses"], lessons=0, title="กฎหมายดิจิทัล", slug="กฎหมาย")
        data = csv_file(
            "email,course",
            f"somchai@ocsc.go.th,{world.pdpa.pk}",
            "somchai@ocsc.go.th,CYBER",
            "somchai@ocsc.go.th,/courses/staff-only/",
            f"somchai@ocsc.go.th,https://learn.example.go.th/courses/{quote('กฎหมาย')}/",
        )

        result = enrol_from_csv(data)

        assert result.problems == []
        assert set(Enrolment.objects.values_list("course_id", flat=True)) == {
            world.pdpa.pk,
            world.cyber.pk,
            world.staff_only.pk,
            thai.pk,
        }

    def test_thai_headers_in_any_order_a_byte_order_mark_and_extra_columns_are_accepted(self, world):
        data = csv_file("ชื่อ,หลักสูตร,อีเมล", "สมชาย,pdpa, Somchai@OCSC.go.th ", "", "สุดา,pdpa,suda@csdi.go.th", bom=True)

        result = enrol_from_csv(data)

        assert result.problems == []
        assert result.enrolled_count == 2
        assert set(Enrolment.objects.values_list("user__email", flat=True)) == {
            "somchai@ocsc.go.th",
            "suda@csdi.go.th",
        }

    def test_a_course_not_yet_open_for_enrolment_may_be_enrolled_in_bulk(self, world, site_pages):
        make_course(site_pages["courses"], slug="later", enrolment_opens_at=timezone.now() + datetime.timedelta(days=7))

        result = enrol_from_csv(csv_file("email,course", "somchai@ocsc.go.th,later"))

        assert result.enrolled_count == 1

    def test_people_already_enrolled_are_reported_and_left_alone(self, world):
        enrol_learner(world.pdpa, world.somchai)

        result = enrol_from_csv(csv_file("email,course", "somchai@ocsc.go.th,pdpa", "suda@csdi.go.th,pdpa"))

        assert result.problems == []
        assert [row.line for row in result.already] == [2]
        assert result.enrolled_count == 1
        assert Enrolment.objects.get(user=world.somchai).source == EnrolmentSource.SELF

    def test_a_person_who_withdrew_is_enrolled_again_on_the_same_row(self, world):
        original, _changed = enrol_learner(world.pdpa, world.somchai)
        withdraw(world.pdpa, world.somchai)

        result = enrol_from_csv(csv_file("email,course", "somchai@ocsc.go.th,pdpa"))

        assert result.enrolled_count == 1
        again = Enrolment.objects.get()
        assert again.pk == original.pk
        assert again.status == EnrolmentStatus.ACTIVE
        assert again.source == EnrolmentSource.BULK


class TestBadRows:
    BAD_FILE = (
        "email,course",
        "somchai@ocsc.go.th,pdpa",  # 2: good
        "not-an-address,pdpa",  # 3: malformed e-mail
        "nobody@example.go.th,pdpa",  # 4: unknown person
        "suda@csdi.go.th,no-such-course",  # 5: unknown course
        "suda@csdi.go.th,draft",  # 6: unpublished course
        "SOMCHAI@ocsc.go.th,/courses/pdpa/",  # 7: duplicate of line 2
        "citizen@example.com,staff-only",  # 8: not eligible (audience)
        "suda@csdi.go.th,small",  # 9: good, first place
        "prasert@opm.go.th,small",  # 10: good, second place
        "malee@mof.go.th,small",  # 11: full
        ",pdpa",  # 12: missing e-mail
        "malee@mof.go.th",  # 13: missing course
        "malee@mof.go.th,cyber,extra",  # 14: too many columns
        '"malee@mof.go.th","cy',  # 15-16: a quoted value over two lines: the course is unknown
        'ber"',
    )

    def test_every_bad_row_is_reported_with_its_line_number_and_nobody_is_enrolled(self, world):
        with translation.override("en"):
            result = enrol_from_csv(csv_file(*self.BAD_FILE))

        assert codes_by_line(result) == {
            3: "malformed_email",
            4: "unknown_person",
            5: "unknown_course",
            6: "unpublished_course",
            7: "duplicate",
            8: "not_eligible_audience",
            11: "full",
            12: "missing_email",
            13: "missing_course",
            14: "too_many_columns",
            15: "unknown_course",
        }
        messages = {problem.line: problem.message for problem in result.problems}
        assert "line 2" in messages[7]
        assert "civil servants" in messages[8]  # the enrolment service's own reason
        assert all(problem.message for problem in result.problems)
        assert result.bad_count == 11
        assert result.blocked is True
        assert result.enrolled_count == 0
        assert len(result.ready) == 3
        assert not Enrolment.objects.exists()

    def test_skipping_bad_rows_enrols_only_the_good_ones(self, world):
        result = enrol_from_csv(csv_file(*self.BAD_FILE), skip_bad=True)

        assert result.bad_count == 11
        assert result.skipped_count == 11
        assert result.blocked is False
        assert result.enrolled_count == 3
        assert set(Enrolment.objects.values_list("user__email", "course__slug")) == {
            ("somchai@ocsc.go.th", "pdpa"),
            ("suda@csdi.go.th", "small"),
            ("prasert@opm.go.th", "small"),
        }

    def test_a_dry_run_reports_the_same_and_changes_nothing(self, world):
        result = enrol_from_csv(csv_file(*self.BAD_FILE), skip_bad=True, dry_run=True)

        assert result.bad_count == 11
        assert len(result.ready) == 3
        assert result.enrolled_count == 0
        assert not Enrolment.objects.exists()

    def test_a_row_may_have_several_problems(self, world):
        result = enrol_from_csv(csv_file("email,course", "not-an-address,no-such-course"))

        assert sorted(problem.code for problem in result.problems) == ["malformed_email", "unknown_course"]
        assert result.bad_lines == [2]

    def test_a_course_whose_enrolment_has_closed_is_reported_with_the_services_reason(self, world, site_pages):
        now = timezone.now()
        make_course(
            site_pages["courses"],
            slug="over",
            enrolment_opens_at=now - datetime.timedelta(days=30),
            enrolment_closes_at=now - datetime.timedelta(days=1),
        )

        with translation.override("en"):
            checked = enrol_from_csv(csv_file("email,course", "somchai@ocsc.go.th,over"), dry_run=True)
            result = enrol_from_csv(csv_file("email,course", "somchai@ocsc.go.th,over", "malee@mof.go.th,pdpa"))

        assert codes_by_line(checked) == {2: "closed"}
        assert codes_by_line(result) == {2: "closed"}
        assert "Enrolment closed on" in result.problems[0].message
        assert not Enrolment.objects.exists()

    @pytest.mark.parametrize("restriction", ["login", "groups", "password"])
    def test_a_course_with_a_privacy_setting_is_reported_and_nobody_is_enrolled_in_it(self, world, restriction):
        from wagtail.models import PageViewRestriction

        view_restriction = PageViewRestriction.objects.create(
            page=world.pdpa, restriction_type=restriction, password="secret" if restriction == "password" else ""
        )
        if restriction == "groups":
            view_restriction.groups.add(Group.objects.get(name=roles.INSTRUCTORS))

        with translation.override("en"):
            result = enrol_from_csv(
                csv_file("email,course", "somchai@ocsc.go.th,pdpa", "malee@mof.go.th,cyber"), skip_bad=True
            )

        assert codes_by_line(result) == {2: "restricted_course"}
        assert "privacy setting" in result.problems[0].message
        assert set(Enrolment.objects.values_list("user__email", "course__slug")) == {("malee@mof.go.th", "cyber")}

    def test_a_course_under_an_index_page_with_a_privacy_setting_is_reported(self, world, site_pages):
        from wagtail.models import PageViewRestriction

        PageViewRestriction.objects.create(page=site_pages["courses"], restriction_type="login")

        result = enrol_from_csv(csv_file("email,course", "somchai@ocsc.go.th,pdpa"))

        assert codes_by_line(result) == {2: "restricted_course"}
        assert not Enrolment.objects.exists()

    def test_a_line_that_is_not_valid_csv_is_reported_without_pythons_english_error(self, world):
        # A quotation mark left open swallows the rest of the file into one value, larger than csv accepts.
        rest = [f"person{number}@ocsc.go.th,pdpa" for number in range(6000)]
        data = csv_file("email,course", 'somchai@ocsc.go.th,"pdpa', *rest)

        with translation.override("en"):
            result = enrol_from_csv(data)

        assert [(problem.line, problem.code) for problem in result.problems] == [(2, "csv")]
        assert result.problems[0].message == "This line cannot be read as CSV (check its quotation marks)."

    def test_a_disabled_account_is_reported(self, world):
        world.malee.is_active = False
        world.malee.save()

        result = enrol_from_csv(csv_file("email,course", "malee@mof.go.th,pdpa"))

        assert codes_by_line(result) == {2: "inactive"}

    def test_a_missing_prerequisite_is_reported_with_the_services_reason(self, world, site_pages):
        make_course(site_pages["courses"], slug="advanced", title="ขั้นสูง", prerequisites=[world.pdpa])

        with translation.override("en"):
            result = enrol_from_csv(csv_file("email,course", "malee@mof.go.th,advanced"))

        assert codes_by_line(result) == {2: "not_eligible_prerequisites"}
        assert world.pdpa.title in result.problems[0].message


class TestDuplicatesAndCapacity:
    def test_the_same_person_and_course_written_differently_is_a_duplicate_of_the_first_line(self, world):
        data = csv_file(
            "email,course",
            "suda@csdi.go.th,pdpa",
            "somchai@ocsc.go.th,pdpa",
            "Suda@CSDI.go.th,/courses/pdpa/",
            f"suda@csdi.go.th,{world.pdpa.pk}",
            "suda@csdi.go.th,cyber",
        )

        with translation.override("en"):
            result = enrol_from_csv(data)

        assert codes_by_line(result) == {4: "duplicate", 5: "duplicate"}
        assert all("line 2" in problem.message for problem in result.problems)
        assert not Enrolment.objects.exists()

    def test_a_course_fills_up_counting_the_rows_above_and_the_places_already_taken(self, world, site_pages):
        course = make_course(site_pages["courses"], slug="three", capacity=3)
        enrol_learner(course, world.citizen)
        enrol_learner(course, world.prasert)
        withdraw(course, world.prasert)  # a withdrawal frees its place
        data = csv_file(
            "email,course",
            "somchai@ocsc.go.th,three",
            "nobody@example.go.th,three",  # bad: takes no place
            "suda@csdi.go.th,three",
            "citizen@example.com,three",  # already enrolled: takes no new place
            "malee@mof.go.th,three",
            "prasert@opm.go.th,three",
        )

        result = enrol_from_csv(data, skip_bad=True)

        assert codes_by_line(result) == {3: "unknown_person", 6: "full", 7: "full"}
        assert result.enrolled_count == 2
        assert Enrolment.objects.filter(course=course).holding_a_place().count() == 3

    def test_a_course_filled_by_someone_else_during_the_enrolment_stops_the_whole_file(self, world, monkeypatch):
        calls = []

        def enrol_until_full(course, user, **kwargs):
            calls.append(user.email)
            if len(calls) == 2:
                raise EnrolmentError("full", "This course is full.")
            return enrol_learner(course, user, **kwargs)

        monkeypatch.setattr(bulk_enrolment, "enrol_learner", enrol_until_full)

        result = enrol_from_csv(csv_file("email,course", "somchai@ocsc.go.th,small", "suda@csdi.go.th,small"))

        assert codes_by_line(result) == {3: "refused_full"}
        assert result.enrolled_count == 0
        assert not Enrolment.objects.exists()  # the first row was rolled back too


class TestFileProblems:
    def test_a_thai_file_in_the_thai_windows_encoding_is_reported_and_nothing_changes(self, world):
        data = csv_file("อีเมล,หลักสูตร", "somchai@ocsc.go.th,pdpa", encoding="cp874")

        result = enrol_from_csv(data)

        assert result.file_problem is True
        assert codes_by_line(result) == {1: "encoding"}
        assert result.blocked is True
        assert not Enrolment.objects.exists()

    def test_the_line_of_the_first_byte_that_is_not_utf8_is_reported(self, world):
        data = csv_file("email,course", "somchai@ocsc.go.th,pdpa") + "malee@mof.go.th,ไซเบอร์\r\n".encode("tis-620")

        result = enrol_from_csv(data, skip_bad=True)

        assert codes_by_line(result) == {3: "encoding"}
        assert result.enrolled_count == 0
        assert not Enrolment.objects.exists()

    @pytest.mark.parametrize("data", [b"", b"\r\n\r\n", b"\xef\xbb\xbf", b" \n,\n"])
    def test_an_empty_file_is_reported(self, world, data):
        result = enrol_from_csv(data)

        assert result.file_problem is True
        assert [problem.code for problem in result.problems] == ["empty"]

    def test_a_header_without_rows_is_reported(self, world):
        result = enrol_from_csv(csv_file("email,course"))

        assert codes_by_line(result) == {2: "no_rows"}

    @pytest.mark.parametrize(
        "header, missing",
        [("mail,course", ["email"]), ("email,หลักสูตรที่", ["course"]), ("somchai@ocsc.go.th,pdpa", ["email", "course"])],
    )
    def test_a_header_missing_a_column_is_reported(self, world, header, missing):
        with translation.override("en"):
            result = enrol_from_csv(csv_file(header, "somchai@ocsc.go.th,pdpa"))

        assert codes_by_line(result) == {1: "header"}
        assert all(f"“{column}”" in result.problems[0].message for column in missing)
        assert not Enrolment.objects.exists()

    def test_a_header_naming_a_column_twice_is_reported(self, world):
        result = enrol_from_csv(csv_file("email,course,อีเมล", "somchai@ocsc.go.th,pdpa,somchai@ocsc.go.th"))

        assert codes_by_line(result) == {1: "header"}

    def test_a_file_with_too_many_rows_is_refused_as_a_whole(self, world, monkeypatch):
        monkeypatch.setattr(bulk_enrolment, "MAX_ROWS", 2)
        data = csv_file("email,course", "somchai@ocsc.go.th,pdpa", "suda@csdi.go.th,pdpa", "malee@mof.go.th,pdpa")

        result = enrol_from_csv(data, skip_bad=True)

        assert codes_by_line(result) == {4: "too_many_rows"}
        assert not Enrolment.objects.exists()

    def test_a_file_object_is_read_like_bytes(self, world, tmp_path):
        path = tmp_path / "staff.csv"
        path.write_bytes(csv_file("email,course", "somchai@ocsc.go.th,pdpa"))

        with path.open("rb") as handle:
            result = enrol_from_csv(handle)

        assert result.enrolled_count == 1


class TestWhoMayEnrolWhom:
    def test_a_training_officer_may_enrol_only_the_staff_of_their_agency_and_its_sub_agencies(self, world):
        officer = member_of(roles.TRAINING_OFFICERS, agency=world.ocsc, learner_type="civil_servant")
        data = csv_file(
            "email,course",
            "somchai@ocsc.go.th,pdpa",  # own agency
            "suda@csdi.go.th,pdpa",  # a division under it
            "prasert@opm.go.th,pdpa",  # the ministry above it
            "malee@mof.go.th,pdpa",  # another ministry
            "nobody@example.go.th,pdpa",  # no account: not told apart from the rows above
        )

        result = enrol_from_csv(data, acting_user=officer, skip_bad=True)

        assert codes_by_line(result) == {4: "not_in_your_agency", 5: "not_in_your_agency", 6: "not_in_your_agency"}
        assert set(Enrolment.objects.values_list("user__email", flat=True)) == {"somchai@ocsc.go.th", "suda@csdi.go.th"}
        assert set(Enrolment.objects.values_list("enrolled_by", flat=True)) == {officer.pk}

    def test_a_training_officer_without_an_agency_may_enrol_nobody(self, world):
        officer = member_of(roles.TRAINING_OFFICERS)

        result = enrol_from_csv(csv_file("email,course", "somchai@ocsc.go.th,pdpa"), acting_user=officer)

        assert codes_by_line(result) == {2: "not_in_your_agency"}

    @pytest.mark.parametrize("kind", ["administrator", "superuser"])
    def test_administrators_and_superusers_may_enrol_anyone(self, world, kind):
        if kind == "superuser":
            acting = UserFactory(is_superuser=True, is_staff=True)
        else:
            acting = member_of(roles.ADMINISTRATORS)

        result = enrol_from_csv(
            csv_file("email,course", "malee@mof.go.th,pdpa", "citizen@example.com,pdpa"), acting_user=acting
        )

        assert result.problems == []
        assert result.enrolled_count == 2

    def test_only_holders_of_the_add_enrolment_permission_may_enrol_in_bulk(self, world):
        instructor = UserFactory()
        instructor.groups.add(Group.objects.get(name=roles.INSTRUCTORS))
        officer = member_of(roles.TRAINING_OFFICERS, agency=world.ocsc)
        disabled = member_of(roles.TRAINING_OFFICERS, agency=world.ocsc, is_active=False)

        assert may_enrol_in_bulk(officer) is True
        assert may_enrol_in_bulk(member_of(roles.ADMINISTRATORS)) is True
        assert may_enrol_in_bulk(instructor) is False
        assert may_enrol_in_bulk(world.citizen) is False
        assert may_enrol_in_bulk(disabled) is False
