"""A learner takes a quiz in a real browser: start it, answer (saved as they go), submit, see the result.

Elements are found by URL, form action, name or data attribute, or by the question's own
text (content, not interface wording, which is translated). The deadline path is tested
on the server side (tests/courses/test_quiz_service.py, test_quiz_integrity.py), where the
clock can be moved.
"""

import re
import time

from django.conf import settings
from django.test import Client
from django.urls import reverse
from playwright.sync_api import expect

from courses.models import Enrolment, QuizAnswer, QuizAttempt
from courses.services.enrolment import enrol_learner
from courses.services.progress import complete_lesson
from tests.e2e.conftest import assert_no_serious_axe_violations
from tests.factories import CivilServantFactory, make_course, make_quiz, question


def quiz_questions():
    return [
        question(
            "single_choice",
            "หน่วยงานใดเป็นผู้จัดทำงบประมาณแผ่นดิน",
            choices=[("สำนักงบประมาณ", True), ("กรมสรรพากร", False), ("กรมศุลกากร", False)],
            explanation="สำนักงบประมาณจัดทำร่างงบประมาณรายจ่ายประจำปี",
        ),
        question(
            "multiple_choice",
            "ข้อใดเป็นหลักธรรมาภิบาล",
            choices=[("หลักนิติธรรม", True), ("หลักความโปร่งใส", True), ("หลักความลับสุดยอด", False)],
        ),
        question("true_false", "ปีงบประมาณของไทยเริ่มวันที่ 1 ตุลาคม", answer="true"),
        question("short_text", "พ.ศ. ย่อมาจากคำว่าอะไร", accepted=["พุทธศักราช"]),
        question("numeric", "ปี พ.ศ. 2569 ตรงกับ ค.ศ. ใด", answer=2026, unit="ค.ศ."),
    ]


def log_in(page, live_site, user):
    """Give the browser a signed-in session for ``user`` (the login form has its own journey test)."""
    client = Client()
    client.force_login(user)
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": live_site.url}])


def wait_for(condition, seconds=10):
    """Poll ``condition`` (a database check) until it holds, for at most ``seconds``."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return condition()


class TestQuizJourney:
    def test_a_learner_starts_a_quiz_answers_submits_and_sees_the_result_and_the_course_completed(
        self, page, live_site
    ):
        course = make_course(live_site.pages["courses"], title="การบริหารงบประมาณภาครัฐ", slug="budget", lessons=1)
        quiz = make_quiz(
            course, title="แบบทดสอบท้ายหลักสูตร", slug="final-quiz", questions=quiz_questions(), time_limit_minutes=30
        )
        learner = CivilServantFactory()
        enrol_learner(course, learner)
        complete_lesson(learner, course.syllabus_items()[0])
        log_in(page, live_site, learner)

        # The quiz page: its rules and the start button.
        page.goto(live_site.url_of(quiz))
        assert_no_serious_axe_violations(page)
        page.locator(f"main form[action='{reverse('courses:start-quiz', args=[quiz.pk])}'] button[type=submit]").click()
        attempt = QuizAttempt.objects.get(user=learner, quiz=quiz)
        expect(page).to_have_url(live_site.url + reverse("courses:attempt", args=[attempt.pk]))

        # The attempt: a countdown from the server's deadline, one fieldset per question.
        timer = page.locator("[data-quiz-timer]")
        expect(timer).to_be_visible()
        expect(page.locator("[data-quiz-timer-value]")).to_have_text(re.compile(r"^(29|30):\d\d$"))
        expect(page.locator("main form[data-quiz-form] fieldset")).to_have_count(5)
        assert_no_serious_axe_violations(page)

        # Answer with the mouse and the keyboard; each answer is saved as the learner goes.
        page.get_by_label("สำนักงบประมาณ").check()
        page.get_by_label("หลักนิติธรรม").check()
        page.get_by_label("หลักความโปร่งใส").check()
        answers = {answer.kind: answer for answer in attempt.answers.all()}
        page.locator(f"input[name='answer-{answers['true_false'].pk}'][value=true]").check()
        page.locator(f"input[name='answer-{answers['short_text'].pk}']").fill("  พุทธศักราช ")
        page.locator(f"input[name='answer-{answers['numeric'].pk}']").fill("๒๐๒๖")
        assert wait_for(lambda: QuizAnswer.objects.filter(attempt=attempt, response__isnull=False).count() == 5), (
            "the answers were not saved as the learner went"
        )
        expect(page.locator("[data-quiz-status]")).not_to_be_empty()

        # Leaving and coming back resumes the same attempt with the answers in place.
        page.goto(live_site.url_of(quiz))
        page.locator(f"main a[href='{reverse('courses:attempt', args=[attempt.pk])}']").first.click()
        expect(page.get_by_label("สำนักงบประมาณ")).to_be_checked()
        expect(page.locator(f"input[name='answer-{answers['numeric'].pk}']")).to_have_value("2026")

        # Submit: the result page shows the score, the pass, and the feedback.
        page.locator("main form[data-quiz-form] button[type=submit]:not([formaction])").click()
        expect(page).to_have_url(live_site.url + reverse("courses:attempt", args=[attempt.pk]))
        attempt.refresh_from_db()
        assert attempt.submitted_at is not None
        assert attempt.passed is True
        assert attempt.percentage == 100
        result = page.locator("main .quiz-result")
        expect(result).to_contain_text("100%")
        expect(page.locator("main .quiz-feedback")).to_contain_text("สำนักงบประมาณจัดทำร่างงบประมาณรายจ่ายประจำปี")
        assert_no_serious_axe_violations(page)

        # Passing the required quiz after the last lesson completed the course.
        assert Enrolment.objects.get(user=learner, course=course).completed_at is not None
        page.goto(live_site.url_of(quiz))
        expect(page.locator("main table tbody tr")).to_have_count(1)
