"""A visitor's way through a course in a real browser: find it, sign up, enrol, study, see progress.

Elements are found by URL, form action, name or data attribute, never by their wording
(the wording is translated).
"""

import re

from django.urls import reverse
from playwright.sync_api import expect

from courses.models import Audience, Enrolment, EnrolmentStatus, LessonProgress
from lms.models import User
from tests.e2e.conftest import assert_no_serious_axe_violations
from tests.e2e.test_journeys import EMAIL, PASSWORD, fill_signup_form, submit_button, verification_link
from tests.factories import AgencyFactory, CourseCategoryFactory, make_course

LESSONS = [
    {"title": "รู้จักภัยคุกคามไซเบอร์", "slug": "threats", "is_preview": True, "estimated_minutes": 10},
    {"title": "รหัสผ่านและการยืนยันตัวตน", "slug": "passwords", "estimated_minutes": 20},
    {"title": "การรับมืออีเมลหลอกลวง", "slug": "phishing", "estimated_minutes": 15},
]


def build_courses(live_site):
    category = CourseCategoryFactory(name="ความมั่นคงปลอดภัยไซเบอร์", name_en="Cybersecurity", slug="cybersecurity")
    course = make_course(
        live_site.pages["courses"],
        title="ความตระหนักรู้ด้านความมั่นคงปลอดภัยไซเบอร์",
        slug="cyber-awareness",
        summary="หลักสูตรสำหรับข้าราชการเพื่อป้องกันภัยคุกคามทางไซเบอร์ในการทำงาน",
        category=category,
        training_hours=3,
        learning_objectives="รู้จักภัยคุกคาม\nตั้งรหัสผ่านที่ปลอดภัย",
        lessons=LESSONS,
    )
    make_course(
        live_site.pages["courses"],
        title="กฎหมายวิธีปฏิบัติราชการทางปกครอง",
        slug="admin-law",
        summary="หลักกฎหมายปกครองที่เจ้าหน้าที่ต้องรู้",
        audience=Audience.STAFF,
    )
    return course


class TestCourseJourney:
    def test_a_guest_finds_a_course_signs_up_enrols_studies_lessons_and_sees_progress_on_the_dashboard(
        self, page, live_site
    ):
        agency = AgencyFactory(name_th="กรมบัญชีกลาง", name_en="The Comptroller General's Department")
        course = build_courses(live_site)
        catalogue_url = live_site.url_of(live_site.pages["courses"])
        course_url = live_site.url_of(course)

        # A guest searches the catalogue for a Thai word inside the course's Thai text.
        page.goto(catalogue_url)
        assert_no_serious_axe_violations(page)
        page.locator("form.catalogue-filters input[name=q]").fill("ภัยคุกคาม")
        page.locator("form.catalogue-filters button[type=submit]").click()
        expect(page).to_have_url(re.compile(r"[?&]q="))
        results = page.locator("main a[href$='/courses/cyber-awareness/']")
        expect(results.first).to_be_visible()
        expect(page.locator("main a[href$='/courses/admin-law/']")).to_have_count(0)
        results.first.click()

        # The course page: the preview lesson is open to guests, the others are locked.
        expect(page).to_have_url(course_url)
        assert_no_serious_axe_violations(page)
        expect(page.locator("main a[href$='/cyber-awareness/threats/']").first).to_be_visible()
        expect(page.locator("main a[href$='/cyber-awareness/passwords/']")).to_have_count(0)
        expect(page.locator(f"main form[action='{reverse('courses:enrol', args=[course.pk])}']")).to_have_count(0)

        # A locked lesson answers 403 with the way to enrol.
        response = page.goto(course_url + "passwords/")
        assert response.status == 403
        expect(page.locator(f"main a[href='{course.url}']").first).to_be_visible()

        # Sign up from the course page, confirm the address, log in.
        page.goto(course_url)
        page.locator(f"main a[href^='{reverse('account:signup')}']").first.click()
        fill_signup_form(page, agency=agency)
        submit_button(page).click()
        expect(page).to_have_url(live_site.url + reverse("account:signup-done"))
        page.goto(verification_link(live_site.url))
        submit_button(page).click()
        expect(page.locator("#id_password")).to_be_focused()
        page.locator("#id_password").fill(PASSWORD)
        submit_button(page).click()
        # Logging in leads back to the course the guest was looking at.
        expect(page).to_have_url(course_url)
        expect(page.locator("header .site-account__name")).to_be_visible()
        learner = User.objects.get(email=EMAIL)

        # Enrol.
        enrol_form = page.locator(f"main form[action='{reverse('courses:enrol', args=[course.pk])}']")
        enrol_form.locator("button[type=submit]").click()
        enrolment = Enrolment.objects.get(user=learner, course=course)
        assert enrolment.status == EnrolmentStatus.ACTIVE

        # Study the first two lessons: open each, mark it complete.
        for slug, next_slug in (("threats", "passwords"), ("passwords", "phishing")):
            page.goto(course_url + f"{slug}/")
            assert_no_serious_axe_violations(page)
            page.locator("main form[data-complete-form] button[type=submit]").click()
            # Completing a lesson leads on to the next one.
            expect(page).to_have_url(course_url + f"{next_slug}/")
        completed = set(
            LessonProgress.objects.filter(user=learner, completed_at__isnull=False).values_list(
                "lesson__slug", flat=True
            )
        )
        assert completed == {"threats", "passwords"}

        # The dashboard shows the course in progress at two thirds, with a link to continue.
        page.goto(live_site.url + reverse("dashboard:index"))
        assert_no_serious_axe_violations(page)
        in_progress = page.locator("[data-section=in-progress]")
        expect(in_progress.locator(f"a[href='{course.url}']")).to_have_count(1)
        expect(in_progress.locator("progress")).to_have_attribute("value", "67")
        expect(in_progress.locator("a[data-continue]")).to_have_attribute("href", re.compile(r"/phishing/$"))

        # The last lesson completes the course, and the dashboard moves it to the completed list.
        in_progress.locator("a[data-continue]").click()
        expect(page).to_have_url(course_url + "phishing/")
        page.locator("main form[data-complete-form] button[type=submit]").click()
        enrolment.refresh_from_db()
        assert enrolment.completed_at is not None
        page.goto(live_site.url + reverse("dashboard:index"))
        expect(page.locator("[data-section=completed]").locator(f"a[href='{course.url}']")).to_have_count(1)
