"""``manage.py load_demo``: the Thai demo site, its agencies and accounts, safe to run twice."""

from contextlib import contextmanager
from io import StringIO
from unittest import mock

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings
from wagtail.images import get_image_model
from wagtail.models import GroupPagePermission, Page, Revision, Site

from courses.models import (
    CourseCategory,
    CourseIndexPage,
    CourseInstructor,
    Enrolment,
    LessonProgress,
    SeminarIndexPage,
)
from home.models import HomePage, PrivacyNoticePage, SiteSettings, StandardPage
from library.models import LibraryIndexPage
from lms import roles
from lms.demo.users import database_is_local
from lms.models import Agency, ConsentRecord, LearnerType, User
from tests.factories import build_site

pytestmark = pytest.mark.django_db

DEMO_PASSWORD = "Demo-2569-pass"
DEMO_EMAILS = (
    "admin@demo.go.th",
    "instructor@demo.go.th",
    "officer@demo.go.th",
    "learner@demo.go.th",
    "citizen@demo.go.th",
)


def load_demo(**options):
    out = StringIO()
    call_command("load_demo", stdout=out, stderr=StringIO(), **options)
    return out.getvalue()


@contextmanager
def database_on(local):
    """Whether the default database counts as this machine's (the tests' own may be either)."""
    with mock.patch("lms.demo.users.database_is_local", return_value=local):
        yield


@contextmanager
def on_a_developers_machine():
    """DEBUG on and a local database: where the development password is used and shown."""
    with override_settings(DEBUG=True), database_on(local=True):
        yield


@pytest.fixture(scope="class")
def built_demo(django_db_setup, django_db_blocker):
    """The demo built once for a class of read-only tests, and rolled back after them."""
    with django_db_blocker.unblock(), transaction.atomic():
        with on_a_developers_machine():
            load_demo()
        yield
        transaction.set_rollback(True)


def row_counts():
    models = (Page, Revision, User, Agency, ConsentRecord, Group, GroupPagePermission, Site, SiteSettings)
    courses = (CourseCategory, CourseInstructor, Enrolment, LessonProgress, get_image_model())
    return {model.__name__: model.objects.count() for model in (*models, *courses)}


@pytest.mark.usefixtures("built_demo")
class TestTheDemoSite:
    def test_the_thai_home_page_replaces_wagtails_welcome_page_as_the_default_sites_root(self):
        site = Site.objects.get(is_default_site=True)
        # Wagtail's untouched localhost site takes the address of WAGTAILADMIN_BASE_URL.
        assert (site.hostname, site.port) == ("testserver", 80)
        assert site.site_name == "สำนักงานพัฒนาการเรียนรู้ภาครัฐ (ตัวอย่าง)"
        home = site.root_page.specific
        assert isinstance(home, HomePage)
        assert home.title == "หน้าแรก"
        assert home.hero_title == "พัฒนาข้าราชการไทยสู่ยุคดิจิทัล"
        assert home.live and home.has_unpublished_changes is False
        assert home.hero_cta_link.specific_class is CourseIndexPage
        assert not Page.objects.filter(title__startswith="Welcome to your new Wagtail site").exists()

    @pytest.mark.parametrize(
        ("path", "title"),
        [
            ("/", "พัฒนาข้าราชการไทยสู่ยุคดิจิทัล"),
            ("/about/", "เกี่ยวกับเรา"),
            ("/contact/", "ติดต่อเรา"),
            ("/accessibility/", "WCAG 2.1"),
            ("/privacy/", "ประกาศความเป็นส่วนตัว"),
            ("/courses/", "หลักสูตร"),
            ("/library/", "ห้องสมุดอิเล็กทรอนิกส์"),
            ("/seminars/", "สัมมนาและอบรม"),
        ],
    )
    def test_every_demo_page_can_be_visited(self, client, path, title):
        response = client.get(path)
        assert response.status_code == 200
        assert title in response.content.decode()

    def test_the_pages_are_published_where_the_public_contracts_say(self):
        expected = {
            "/home/courses/": CourseIndexPage,
            "/home/library/": LibraryIndexPage,
            "/home/seminars/": SeminarIndexPage,
            "/home/about/": StandardPage,
            "/home/contact/": StandardPage,
            "/home/accessibility/": StandardPage,
            "/home/privacy/": PrivacyNoticePage,
        }
        for url_path, model in expected.items():
            page = Page.objects.get(url_path=url_path)
            assert page.specific_class is model
            assert page.live
            assert page.latest_revision is not None

    def test_the_menu_holds_the_catalogues_and_the_about_and_contact_pages(self):
        home = HomePage.objects.get()
        in_menu = list(home.get_children().live().in_menu().values_list("slug", flat=True))
        assert in_menu == ["courses", "library", "seminars", "about", "contact"]

    def test_the_privacy_notice_is_current_with_a_version_and_the_pdpa_rights(self):
        notice = PrivacyNoticePage.current()
        assert notice.version == "1.0"
        assert notice.effective_date is not None
        body = str(notice.body.render_as_block())
        for section in ("มาตรา 30", "มาตรา 31", "มาตรา 32", "มาตรา 33", "มาตรา 34", "มาตรา 35"):
            assert section in body
        assert "dpo@demo.go.th" in body

    def test_the_accessibility_statement_names_its_target_and_how_to_report_a_problem(self):
        page = StandardPage.objects.get(slug="accessibility")
        body = str(page.body.render_as_block())
        assert "WCAG" in body and "AA" in body
        assert "accessibility@demo.go.th" in body

    def test_the_site_settings_name_the_demo_organisation(self):
        settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
        assert settings.organisation_name_th == "สำนักงานพัฒนาการเรียนรู้ภาครัฐ (ตัวอย่าง)"
        assert settings.organisation_name_en == "Public Sector Learning Office (demo)"
        assert settings.address and settings.phone and settings.email and settings.office_hours

    def test_the_pages_are_found_by_the_site_search(self):
        results = StandardPage.objects.live().search("WCAG")
        assert [page.slug for page in results] == ["accessibility"]


@pytest.mark.usefixtures("built_demo")
class TestTheInstructorsPagePermissions:
    @pytest.fixture
    def instructor(self):
        # A fresh instance: no permission cache from the build.
        return User.objects.get(email="instructor@demo.go.th")

    @pytest.mark.parametrize("slug", ["library", "seminars"])
    def test_an_instructor_can_add_and_edit_pages_under_the_library_and_the_seminars(self, instructor, slug):
        index = Page.objects.get(slug=slug)
        permissions = index.permissions_for_user(instructor)
        assert permissions.can_add_subpage()
        child = index.add_child(instance=StandardPage(title="หน้าของผู้อื่น", slug="someone-elses", live=False))
        assert child.permissions_for_user(instructor).can_edit()

    def test_an_instructor_cannot_add_a_course_edit_the_catalogue_or_edit_a_course_not_theirs(self, instructor):
        # Administrators create courses and list their instructors (courses.permissions).
        courses = Page.objects.get(slug="courses")
        assert not courses.permissions_for_user(instructor).can_add_subpage()
        assert not courses.permissions_for_user(instructor).can_edit()
        other = courses.add_child(instance=StandardPage(title="หลักสูตรของผู้อื่น", slug="someone-elses", live=False))
        assert not other.permissions_for_user(instructor).can_edit()

    def test_an_instructor_cannot_publish_at_the_home_page_or_add_pages_there(self, instructor):
        home = Site.objects.get(is_default_site=True).root_page
        assert not home.permissions_for_user(instructor).can_publish()
        assert not home.permissions_for_user(instructor).can_add_subpage()
        assert not Page.objects.get(slug="library").permissions_for_user(instructor).can_publish_subpage()

    def test_an_instructor_can_open_the_add_page_form_under_the_library(self, client, instructor):
        client.force_login(instructor)
        library = Page.objects.get(slug="library")
        response = client.get(f"/admin/pages/add/library/libraryitempage/{library.pk}/")
        assert response.status_code == 200


@pytest.mark.usefixtures("built_demo")
class TestTheDemoAgencies:
    def test_a_sample_of_real_ministries_departments_divisions_and_state_enterprises(self):
        assert Agency.objects.filter(level=Agency.Level.MINISTRY).count() >= 6
        assert Agency.objects.filter(level=Agency.Level.DEPARTMENT).count() >= 15
        assert Agency.objects.filter(level=Agency.Level.DIVISION).count() >= 2
        assert Agency.objects.filter(is_state_enterprise=True).count() >= 1

    def test_the_civil_service_development_institute_sits_under_ocsc_under_the_prime_ministers_office(self):
        csdi = Agency.objects.get(code="CSDI")
        assert csdi.name_th == "สถาบันพัฒนาข้าราชการพลเรือน"
        assert csdi.parent.code == "OCSC"
        assert csdi.parent.abbreviation == "สำนักงาน ก.พ."
        assert csdi.parent.parent.name_th == "สำนักนายกรัฐมนตรี"
        assert csdi.parent.parent.parent is None

    def test_the_metropolitan_electricity_authority_is_a_state_enterprise_under_the_interior(self):
        mea = Agency.objects.get(name_th="การไฟฟ้านครหลวง")
        assert mea.is_state_enterprise
        assert mea.parent.name_th == "กระทรวงมหาดไทย"
        assert mea.name_en == "Metropolitan Electricity Authority"

    def test_every_demo_agency_passes_the_models_own_validation(self):
        for agency in Agency.objects.all():
            agency.full_clean()


@pytest.mark.usefixtures("built_demo")
class TestTheDemoAccounts:
    def test_one_verified_account_per_role_with_thai_and_english_names(self):
        for email in DEMO_EMAILS:
            user = User.objects.get(email=email)
            assert user.email_verified
            assert user.first_name and user.last_name
            assert user.first_name_en and user.last_name_en
            assert user.check_password(DEMO_PASSWORD)

    def test_each_account_is_in_its_role_group(self):
        admin = User.objects.get(email="admin@demo.go.th")
        assert admin.is_superuser
        assert admin.groups.filter(name=roles.ADMINISTRATORS).exists()
        assert User.objects.get(email="instructor@demo.go.th").groups.filter(name=roles.INSTRUCTORS).exists()
        officer = User.objects.get(email="officer@demo.go.th")
        assert officer.groups.filter(name=roles.TRAINING_OFFICERS).exists()
        assert officer.agency.code == "OCSC"
        assert not User.objects.get(email="learner@demo.go.th").groups.exists()

    def test_the_learner_is_a_civil_servant_at_a_department_and_the_citizen_has_no_agency(self):
        learner = User.objects.get(email="learner@demo.go.th")
        assert learner.learner_type == LearnerType.CIVIL_SERVANT
        assert learner.agency.level == Agency.Level.DEPARTMENT
        assert learner.position
        citizen = User.objects.get(email="citizen@demo.go.th")
        assert citizen.learner_type == LearnerType.CITIZEN
        assert citizen.agency is None

    def test_every_account_has_accepted_the_current_privacy_notice(self, client):
        notice = PrivacyNoticePage.current()
        for email in DEMO_EMAILS:
            assert ConsentRecord.objects.filter(user__email=email, version=notice.version, notice=notice).exists()
        client.force_login(User.objects.get(email="learner@demo.go.th"))
        assert client.get("/about/").status_code == 200


class TestRunningOverAnOlderDemo:
    def test_the_instructors_old_grant_to_add_pages_under_the_course_catalogue_is_taken_back(self):
        load_demo()
        instructors = Group.objects.get(name=roles.INSTRUCTORS)
        courses = Page.objects.get(slug="courses")
        add_page = Permission.objects.get(content_type__app_label="wagtailcore", codename="add_page")
        GroupPagePermission.objects.create(group=instructors, page=courses, permission=add_page)
        load_demo()
        assert not GroupPagePermission.objects.filter(group=instructors, page=courses).exists()
        assert GroupPagePermission.objects.filter(group=instructors, page__slug="library").exists()


class TestRunningTwice:
    def test_the_second_run_adds_no_rows_and_no_revisions(self):
        load_demo()
        before = row_counts()
        output = load_demo()
        assert row_counts() == before
        assert "nothing changed" in output

    def test_the_second_run_leaves_every_page_revision_and_agency_as_it_was(self):
        load_demo()
        revisions = set(Revision.objects.values_list("pk", flat=True))
        agencies = list(Agency.objects.order_by("code").values())
        load_demo()
        assert set(Revision.objects.values_list("pk", flat=True)) == revisions
        assert list(Agency.objects.order_by("code").values()) == agencies


class TestRunningAgain:
    def test_an_existing_sites_host_name_port_and_name_are_kept(self):
        load_demo()
        Site.objects.filter(is_default_site=True).update(
            hostname="learn.example.go.th", port=443, site_name="ระบบการเรียนรู้ของกรม"
        )
        output = load_demo()
        site = Site.objects.get(is_default_site=True)
        assert (site.hostname, site.port, site.site_name) == ("learn.example.go.th", 443, "ระบบการเรียนรู้ของกรม")
        assert "nothing changed" in output

    def test_a_site_the_tests_built_keeps_its_address(self):
        build_site()
        load_demo()
        site = Site.objects.get(is_default_site=True)
        assert (site.hostname, site.port) == ("localhost", 80)

    def test_a_new_site_takes_the_address_of_the_admin_base_url_and_the_sitemap_uses_it(self, client, settings):
        settings.WAGTAILADMIN_BASE_URL = "http://127.0.0.1:8000"
        load_demo()
        site = Site.objects.get(is_default_site=True)
        assert (site.hostname, site.port) == ("127.0.0.1", 8000)
        sitemap = client.get("/sitemap.xml").content.decode()
        assert "<loc>http://127.0.0.1:8000/courses/</loc>" in sitemap

    def test_without_any_site_one_is_created_for_an_https_base_url_on_port_443(self, settings):
        settings.WAGTAILADMIN_BASE_URL = "https://learn.example.go.th"
        Site.objects.all().delete()
        load_demo()
        site = Site.objects.get(is_default_site=True)
        assert (site.hostname, site.port) == ("learn.example.go.th", 443)
        assert site.root_page.specific_class is HomePage

    def test_settings_an_administrator_changed_are_kept(self):
        load_demo()
        settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
        settings.phone = "0 2111 1111"
        settings.save()
        load_demo()
        settings.refresh_from_db()
        assert settings.phone == "0 2111 1111"

    def test_a_site_the_tests_built_already_is_reused(self):
        pages = build_site()
        load_demo()
        assert HomePage.objects.get().pk == pages["home"].pk
        assert CourseIndexPage.objects.get().pk == pages["courses"].pk
        assert Site.objects.get(is_default_site=True).root_page_id == pages["home"].pk

    def test_an_agency_edited_by_hand_is_put_back_on_the_next_run(self):
        load_demo()
        Agency.objects.filter(code="NSO").update(name_en="typo")
        load_demo()
        assert Agency.objects.get(code="NSO").name_en == "National Statistical Office"

    def test_an_existing_account_keeps_its_password(self):
        load_demo()
        admin = User.objects.get(email="admin@demo.go.th")
        admin.set_password("Changed-by-the-admin-2569")
        admin.save()
        load_demo()
        admin.refresh_from_db()
        assert admin.check_password("Changed-by-the-admin-2569")

    def test_without_a_demo_password_setting_the_accounts_get_a_random_one(self, settings):
        del settings.DEMO_PASSWORD
        with on_a_developers_machine():
            output = load_demo()
        admin = User.objects.get(email="admin@demo.go.th")
        assert admin.has_usable_password()
        assert not admin.check_password(DEMO_PASSWORD)
        assert "random password that is not shown" in output


class TestTheDemoPassword:
    def test_on_a_developers_machine_the_accounts_get_the_development_password_and_it_is_printed(self):
        with on_a_developers_machine():
            output = load_demo()
        for email in DEMO_EMAILS:
            assert email in output
            assert User.objects.get(email=email).check_password(DEMO_PASSWORD)
        assert DEMO_PASSWORD in output
        assert "Training officer" in output

    @override_settings(DEBUG=False)
    def test_outside_debug_the_passwords_are_random_and_never_printed(self):
        with database_on(local=True):
            output = load_demo()
        assert "admin@demo.go.th" in output
        assert DEMO_PASSWORD not in output
        for email in DEMO_EMAILS:
            assert not User.objects.get(email=email).check_password(DEMO_PASSWORD)

    @override_settings(DEBUG=True)
    def test_in_debug_against_a_shared_database_server_the_passwords_are_random_and_never_printed(self):
        with database_on(local=False):
            output = load_demo()
        assert DEMO_PASSWORD not in output
        for email in DEMO_EMAILS:
            user = User.objects.get(email=email)
            assert user.has_usable_password()
            assert not user.check_password(DEMO_PASSWORD)


@pytest.mark.parametrize(
    ("database", "local"),
    [
        ({"ENGINE": "django.db.backends.sqlite3", "NAME": "/srv/lms/db.sqlite3"}, True),
        ({"ENGINE": "django.db.backends.postgresql", "HOST": "localhost"}, True),
        ({"ENGINE": "django.db.backends.postgresql", "HOST": "127.0.0.1"}, True),
        ({"ENGINE": "django.db.backends.postgresql", "HOST": ""}, True),
        ({"ENGINE": "django.db.backends.postgresql", "HOST": "/var/run/postgresql"}, True),
        ({"ENGINE": "django.db.backends.postgresql", "HOST": "db.internal.go.th"}, False),
        ({"ENGINE": "django.db.backends.postgresql", "HOST": "10.0.0.12"}, False),
    ],
)
def test_a_database_counts_as_local_only_when_it_is_sqlite_or_on_this_machine(database, local):
    assert database_is_local(database) is local
