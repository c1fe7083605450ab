"""Files in a lesson's body (Wagtail documents) are served only to those who may read the lesson."""

import json

import pytest
from django.core.files.base import ContentFile
from wagtail.documents import get_document_model
from wagtail.models import PageViewRestriction

from home.models import StandardPage
from lms import roles
from tests.factories import UserFactory, make_course, member_of

pytestmark = pytest.mark.django_db

Document = get_document_model()


def document(name, content=b"%PDF-1.4 handout"):
    return Document.objects.create(title=name, file=ContentFile(content, name=name))


def lesson_body(video, captions, handout):
    return json.dumps(
        [
            {"type": "media_file", "value": {"kind": "video", "file": video.pk, "captions": captions.pk}},
            {"type": "document", "value": {"document": handout.pk, "description": "Slides"}},
        ]
    )


@pytest.fixture
def files(db):
    return {
        "video": document("clip.mp4", b"\x00\x00\x00\x18ftypmp42"),
        "captions": document("clip.vtt", b"WEBVTT\n"),
        "handout": document("handout.pdf"),
    }


def course_with_files(index, files, instructors=(), preview=False, **fields):
    """A live course whose second lesson (a preview lesson if ``preview``) holds the files."""
    lessons = [{}, {"body": lesson_body(**files), "is_preview": preview}]
    course = make_course(index, lessons=lessons, instructors=instructors, **fields)
    return course, course.syllabus_items()[1]


def enrolled_learner(course):
    from courses.services.enrolment import enrol_learner

    learner = UserFactory(preferred_language="en")
    enrol_learner(course, learner)
    return learner


def statuses(client, files):
    return {name: client.get(doc.url).status_code for name, doc in files.items()}


class TestAFileInALockedLesson:
    def test_a_guest_gets_the_403_page_for_the_pdf_the_video_and_its_captions(self, guest, index, files):
        course_with_files(index, files)

        response = guest.get(files["handout"].url)

        assert response.status_code == 403
        assert "Access denied" in response.content.decode()
        assert statuses(guest, files) == {"video": 403, "captions": 403, "handout": 403}

    def test_an_enrolled_learner_downloads_every_file(self, client, index, files):
        course, _lesson = course_with_files(index, files)
        client.force_login(enrolled_learner(course))

        assert statuses(client, files) == {"video": 200, "captions": 200, "handout": 200}
        assert client.get(files["handout"].url).getvalue() == b"%PDF-1.4 handout"

    def test_a_learner_who_withdrew_gets_a_403(self, client, index, files):
        from courses.services.enrolment import withdraw

        course, _lesson = course_with_files(index, files)
        learner = enrolled_learner(course)
        withdraw(course, learner)
        client.force_login(learner)

        assert statuses(client, files) == {"video": 403, "captions": 403, "handout": 403}

    def test_a_learner_enrolled_in_another_course_gets_a_403(self, client, index, files):
        course_with_files(index, files)
        client.force_login(enrolled_learner(make_course(index, lessons=1)))

        assert client.get(files["handout"].url).status_code == 403

    def test_an_instructor_who_may_edit_the_course_downloads_the_files(self, client, index, files):
        instructor = member_of(roles.INSTRUCTORS, preferred_language="en")
        course_with_files(index, files, instructors=[instructor])
        client.force_login(instructor)

        assert statuses(client, files) == {"video": 200, "captions": 200, "handout": 200}

    def test_another_instructor_gets_a_403(self, client, index, files):
        course_with_files(index, files, instructors=[member_of(roles.INSTRUCTORS)])
        client.force_login(member_of(roles.INSTRUCTORS, preferred_language="en"))

        assert client.get(files["handout"].url).status_code == 403

    def test_a_file_of_an_unpublished_course_is_refused_even_to_a_learner_enrolled_before(self, client, index, files):
        course, _lesson = course_with_files(index, files)
        client.force_login(enrolled_learner(course))
        course.unpublish()

        assert client.get(files["handout"].url).status_code == 403

    def test_the_check_takes_the_same_few_queries_however_many_lessons_use_the_file(
        self, client, index, files, django_assert_max_num_queries
    ):
        course, _lesson = course_with_files(index, files)
        client.force_login(enrolled_learner(course))
        # 13: the lessons' check, the library's, and one for the seminars' attendees-only materials.
        with django_assert_max_num_queries(13):
            assert client.get(files["handout"].url).status_code == 200
        for _ in range(5):
            course_with_files(index, files)
        with django_assert_max_num_queries(13):
            assert client.get(files["handout"].url).status_code == 200


class TestFilesOpenToEveryone:
    def test_a_preview_lessons_files_are_served_to_a_guest(self, guest, index, files):
        course_with_files(index, files, preview=True)

        assert statuses(guest, files) == {"video": 200, "captions": 200, "handout": 200}

    def test_a_preview_lesson_in_a_course_with_a_privacy_setting_keeps_its_files_from_a_guest(
        self, guest, index, files
    ):
        course, _lesson = course_with_files(index, files, preview=True)
        PageViewRestriction.objects.create(page=course, restriction_type=PageViewRestriction.LOGIN)

        assert guest.get(files["handout"].url).status_code == 403

    def test_a_document_also_linked_from_a_live_standard_page_is_served_to_a_guest(
        self, guest, index, files, site_pages
    ):
        course_with_files(index, files)
        page = StandardPage(
            title="Forms",
            slug="forms",
            body=json.dumps(
                [{"type": "paragraph", "value": f'<p><a linktype="document" id="{files["handout"].pk}">Form</a></p>'}]
            ),
        )
        site_pages["home"].add_child(instance=page)
        page.save_revision().publish()

        assert guest.get(files["handout"].url).status_code == 200
        assert guest.get(files["video"].url).status_code == 403

    def test_a_document_linked_from_an_unpublished_standard_page_stays_locked(self, guest, index, files, site_pages):
        course_with_files(index, files)
        page = StandardPage(
            title="Forms",
            slug="forms",
            live=False,
            body=json.dumps(
                [{"type": "paragraph", "value": f'<p><a linktype="document" id="{files["handout"].pk}">Form</a></p>'}]
            ),
        )
        site_pages["home"].add_child(instance=page)

        assert guest.get(files["handout"].url).status_code == 403

    def test_a_document_used_nowhere_is_served_as_before(self, guest, files):
        assert statuses(guest, files) == {"video": 200, "captions": 200, "handout": 200}


class TestAFileLinkedFromAQuiz:
    def test_a_document_linked_from_a_quizs_instructions_is_served_only_to_enrolled_learners(self, guest, index, files):
        client = guest
        from tests.factories import make_quiz

        course = make_course(index, lessons=1)
        make_quiz(course, instructions=f'<p><a linktype="document" id="{files["handout"].pk}">Formulae</a></p>')
        assert guest.get(files["handout"].url).status_code == 403
        client.force_login(enrolled_learner(course))
        assert client.get(files["handout"].url).status_code == 200
