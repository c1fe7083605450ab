"""``manage.py enrol_csv``: the report it prints, what it enrols and its exit status."""

import os
import re
import subprocess
import sys
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.utils import translation

from courses.models import Enrolment, EnrolmentSource
from lms import roles
from tests.courses.test_bulk_enrolment import build_world, csv_file, member_of

pytestmark = pytest.mark.django_db

MIXED = ("email,course", "somchai@ocsc.go.th,pdpa", "not-an-address,pdpa", "suda@csdi.go.th,no-such-course")


@pytest.fixture
def world(site_pages):
    return build_world(site_pages)


@pytest.fixture
def write_csv(tmp_path):
    def write(*lines, **kwargs):
        path = tmp_path / "staff.csv"
        path.write_bytes(csv_file(*lines, **kwargs))
        return str(path)

    return write


def enrol_csv(*args):
    """Run the command in English; returns its output (a failing run raises ``CommandError``)."""
    out = StringIO()
    with translation.override("en"):
        call_command("enrol_csv", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


def test_a_good_file_is_enrolled_and_summarised(world, write_csv):
    output = enrol_csv(write_csv("email,course", "somchai@ocsc.go.th,pdpa", "suda@csdi.go.th,cyber"))

    assert "Rows checked: 2. Enrolled: 2;" in output
    assert Enrolment.objects.filter(source=EnrolmentSource.BULK, enrolled_by=None).count() == 2


def test_every_bad_row_is_printed_with_its_line_and_the_command_fails_enrolling_nobody(world, write_csv):
    with pytest.raises(CommandError) as caught:
        enrol_csv(write_csv(*MIXED))

    assert "--skip-bad-rows" in str(caught.value)
    assert not Enrolment.objects.exists()


def test_the_report_lists_each_bad_line_before_failing(world, write_csv):
    out = StringIO()
    with translation.override("en"), pytest.raises(CommandError):
        call_command("enrol_csv", write_csv(*MIXED), stdout=out)

    lines = out.getvalue().splitlines()
    assert lines[0].startswith("line 3: ") and "not-an-address" in lines[0]
    assert lines[1].startswith("line 4: ") and "no-such-course" in lines[1]
    assert "Good: 1;" in out.getvalue() and "bad: 2." in out.getvalue()


def test_skip_bad_rows_enrols_the_good_ones_and_succeeds(world, write_csv):
    output = enrol_csv(write_csv(*MIXED), "--skip-bad-rows")

    assert "line 3: " in output and "line 4: " in output
    assert "Enrolled: 1;" in output and "bad rows skipped: 2." in output
    assert list(Enrolment.objects.values_list("user__email", flat=True)) == ["somchai@ocsc.go.th"]


def test_a_dry_run_changes_nothing(world, write_csv):
    output = enrol_csv(write_csv("email,course", "somchai@ocsc.go.th,pdpa"), "--dry-run")

    assert "Dry run" in output and "To enrol: 1;" in output
    assert not Enrolment.objects.exists()


def test_a_dry_run_of_a_file_with_bad_rows_fails_too(world, write_csv):
    with pytest.raises(CommandError):
        enrol_csv(write_csv(*MIXED), "--dry-run")

    assert not Enrolment.objects.exists()


def test_a_file_in_the_wrong_encoding_is_reported_and_the_command_fails(world, write_csv):
    out = StringIO()
    with translation.override("en"), pytest.raises(CommandError):
        call_command("enrol_csv", write_csv("อีเมล,หลักสูตร", "somchai@ocsc.go.th,pdpa", encoding="tis-620"), stdout=out)

    assert out.getvalue().startswith("line 1: ")
    assert "UTF-8" in out.getvalue()
    assert not Enrolment.objects.exists()


def test_a_missing_file_is_an_error(world, tmp_path):
    with pytest.raises(CommandError):
        enrol_csv(str(tmp_path / "missing.csv"))


def test_by_acts_as_a_training_officer_limited_to_their_agency(world, write_csv):
    officer = member_of(roles.TRAINING_OFFICERS, agency=world.ocsc)

    output = enrol_csv(
        write_csv("email,course", "suda@csdi.go.th,pdpa", "malee@mof.go.th,pdpa"),
        "--skip-bad-rows",
        "--by",
        officer.email.upper(),
    )

    assert "line 3: " in output
    enrolment = Enrolment.objects.get()
    assert (enrolment.user, enrolment.enrolled_by) == (world.suda, officer)


@pytest.mark.parametrize("who", ["nobody@example.go.th", "citizen@example.com"])
def test_by_must_name_someone_who_may_enrol_in_bulk(world, write_csv, who):
    with pytest.raises(CommandError):
        enrol_csv(write_csv("email,course", "suda@csdi.go.th,pdpa"), "--by", who)

    assert not Enrolment.objects.exists()


def test_the_command_exits_with_a_non_zero_status_when_nobody_is_enrolled(tmp_path):
    # Run as a separate process against a fresh throwaway database: the exit status is what scripts see.
    path = tmp_path / "bad.csv"
    path.write_bytes(b"email\r\nsomchai@ocsc.go.th\r\n")
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "lms.settings.test",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
    }
    completed = subprocess.run(
        [sys.executable, "manage.py", "enrol_csv", str(path), "--dry-run"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )

    assert completed.returncode == 1
    assert re.search(r"\b1: ", completed.stdout)  # the header's line, in whatever language the site uses
