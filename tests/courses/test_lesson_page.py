"""The lesson page: who may read it, what opening it records, and how its body blocks render."""

import json
import re

import pytest
from django.core.files.base import ContentFile
from django.test import RequestFactory
from django.urls import reverse
from wagtail.documents import get_document_model
from wagtail.embeds.embeds import get_embed_hash
from wagtail.embeds.models import Embed
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file

from courses.models import EnrolmentStatus, LessonProgress
from courses.services.enrolment import enrol_learner, withdraw
from courses.services.progress import complete_lesson
from tests.factories import UserFactory, make_course

pytestmark = pytest.mark.django_db

Document = get_document_model()
VIDEO_URL = "https://www.youtube.com/watch?v=lesson-demo"


@pytest.fixture
def no_embed_fetching(monkeypatch):
    """Fail the test if Wagtail tries to ask a provider (a network call) for an embed."""

    def refuse(*args, **kwargs):
        raise AssertionError("an embed finder was called: the test would have reached the internet")

    monkeypatch.setattr("wagtail.embeds.embeds.get_finders", refuse)


def enrolled_course(index, user, **fields):
    course = make_course(index, **fields)
    enrol_learner(course, user)
    return course, course.syllabus_items()


def document(name, content=b"data", title=None):
    return Document.objects.create(title=title or name, file=ContentFile(content, name=name))


def lesson_with_body(index, user, blocks, **lesson_fields):
    """A course with one lesson whose body is ``blocks`` (stream data), the ``user`` enrolled."""
    lesson_fields["body"] = json.dumps(blocks)
    course, (lesson,) = enrolled_course(index, user, lessons=[lesson_fields])
    return course, lesson


class TestWhoMayReadALesson:
    def test_a_guest_gets_a_403_that_links_to_the_course_and_to_log_in_and_sign_up(self, guest, index):
        course = make_course(index, lessons=2)
        lesson = course.syllabus_items()[1]

        response = guest.get(lesson.url)

        assert response.status_code == 403
        html = response.content.decode()
        assert f'href="{course.url}"' in html
        assert f'href="{reverse("account:login")}?next={lesson.url}"' in html
        assert f'href="{reverse("account:signup")}"' in html
        assert 'data-enrol-state="guest"' in html
        assert not LessonProgress.objects.exists()

    def test_a_learner_not_enrolled_gets_a_403_with_a_form_to_enrol(self, client, index, learner):
        course = make_course(index)
        client.force_login(learner)

        response = client.get(course.syllabus_items()[0].url)

        assert response.status_code == 403
        html = response.content.decode()
        assert f'action="{reverse("courses:enrol", args=[course.pk])}"' in html
        assert f'href="{course.url}"' in html

    def test_a_learner_who_withdrew_gets_a_403_and_may_enrol_again(self, client, index, learner):
        course, lessons = enrolled_course(index, learner)
        withdraw(course, learner)
        client.force_login(learner)

        response = client.get(lessons[0].url)

        assert response.status_code == 403
        assert "Enrol again" in response.content.decode()

    def test_a_learner_outside_the_audience_is_told_why_on_the_403_page(self, client, index, learner):
        course = make_course(index, audience="staff")
        client.force_login(learner)

        response = client.get(course.syllabus_items()[0].url)

        assert response.status_code == 403
        html = response.content.decode()
        assert "This course is for civil servants and state-enterprise staff" in html
        assert "courses:enrol" not in html and "/enrol/" not in html

    def test_a_guest_may_read_a_preview_lesson(self, guest, index):
        course = make_course(index, lessons=[{"is_preview": True, "introduction": "Why open data matters"}, {}])
        preview = course.syllabus_items()[0]

        response = guest.get(preview.url)

        assert response.status_code == 200
        html = response.content.decode()
        assert "Why open data matters" in html
        assert "Mark as complete" not in html
        assert f'href="{course.url}"' in html

    def test_an_enrolled_learner_may_read_every_lesson(self, client, index, learner):
        _course, lessons = enrolled_course(index, learner, lessons=3)
        client.force_login(learner)

        assert [client.get(lesson.url).status_code for lesson in lessons] == [200, 200, 200]

    def test_a_learner_who_completed_the_course_may_still_read_its_lessons(self, client, index, learner):
        _course, (lesson,) = enrolled_course(index, learner, lessons=1)
        _progress, enrolment = complete_lesson(learner, lesson)
        assert enrolment.status == EnrolmentStatus.COMPLETED
        client.force_login(learner)

        assert client.get(lesson.url).status_code == 200

    def test_a_lesson_of_an_unpublished_course_is_not_found(self, client, index, learner):
        course, lessons = enrolled_course(index, learner)
        course.unpublish()
        client.force_login(learner)

        assert client.get(lessons[0].url).status_code == 404

    def test_an_editor_previewing_a_lesson_sees_it_without_being_enrolled(self, index):
        course = make_course(index, lessons=[{"introduction": "Draft introduction"}])
        lesson = course.syllabus_items()[0]
        editor = UserFactory(is_superuser=True, is_staff=True)
        request = RequestFactory().get("/admin/")
        request.user = editor
        request.is_preview = True

        response = lesson.serve_preview(request, lesson.default_preview_mode).render()

        assert response.status_code == 200
        assert "Draft introduction" in response.content.decode()
        assert not LessonProgress.objects.exists()


class TestStudyingALesson:
    def test_opening_a_lesson_records_that_it_was_started(self, client, index, learner):
        course, lessons = enrolled_course(index, learner)
        client.force_login(learner)

        client.get(lessons[1].url)

        progress = LessonProgress.objects.get(user=learner)
        assert progress.lesson_id == lessons[1].pk
        assert progress.completed_at is None
        assert learner.enrolments.get(course=course).last_lesson_id == lessons[1].pk

    def test_the_page_offers_a_mark_as_complete_form_then_shows_the_lesson_completed(self, client, index, learner):
        _course, lessons = enrolled_course(index, learner)
        client.force_login(learner)
        complete_url = reverse("courses:complete-lesson", args=[lessons[0].pk])

        before = client.get(lessons[0].url).content.decode()
        complete_lesson(learner, lessons[0])
        after = client.get(lessons[0].url).content.decode()

        assert f'method="post" action="{complete_url}"' in before
        assert "Mark as complete" in before
        assert complete_url not in after
        assert "You have completed this lesson." in after

    def test_the_page_shows_the_course_progress(self, client, index, learner):
        _course, lessons = enrolled_course(index, learner, lessons=4)
        complete_lesson(learner, lessons[0])
        client.force_login(learner)

        html = client.get(lessons[1].url).content.decode()

        assert re.search(r'<progress[^>]*max="100" value="25"', html)
        assert "25%</span>" in html

    def test_previous_and_next_links_follow_the_syllabus(self, client, index, learner):
        _course, (first, middle, last) = enrolled_course(index, learner, lessons=3)
        client.force_login(learner)

        html_first = client.get(first.url).content.decode()
        html_middle = client.get(middle.url).content.decode()
        html_last = client.get(last.url).content.decode()

        assert f'<a href="{middle.url}" rel="next">' in html_first
        assert 'rel="prev"' not in html_first
        assert f'<a href="{first.url}" rel="prev">' in html_middle
        assert f'<a href="{last.url}" rel="next">' in html_middle
        assert f'<a href="{middle.url}" rel="prev">' in html_last
        assert 'rel="next"' not in html_last

    def test_a_guest_on_a_preview_lesson_sees_the_next_lesson_locked(self, guest, index):
        course = make_course(index, lessons=[{"is_preview": True}, {}])
        preview, locked = course.syllabus_items()

        html = guest.get(preview.url).content.decode()

        assert f'href="{locked.url}"' not in html
        assert locked.title in html
        assert ">Locked<" in html

    def test_the_lesson_script_is_loaded_only_where_a_lesson_can_still_be_completed(self, client, index, learner):
        _course, lessons = enrolled_course(index, learner, lessons=2)
        complete_lesson(learner, lessons[0])
        client.force_login(learner)

        assert "js/lesson.js" not in client.get(lessons[0].url).content.decode()
        assert re.search(
            r'<script src="[^"]*js/lesson\.js" defer></script>', client.get(lessons[1].url).content.decode()
        )

    def test_the_page_has_no_inline_styles_or_scripts(self, client, index, learner):
        _course, lessons = enrolled_course(index, learner)
        client.force_login(learner)

        html = client.get(lessons[0].url).content.decode()

        assert " style=" not in html
        assert "<script>" not in html


class TestLessonBlocks:
    def test_a_video_renders_an_html5_player_with_its_caption_track_and_transcript(self, client, index, learner):
        video = document("clip.mp4")
        captions = document("clip.th.vtt", "WEBVTT\n\n00:00.000 --> 00:01.000\nสวัสดี\n".encode())
        _course, lesson = lesson_with_body(
            index,
            learner,
            [
                {
                    "type": "media_file",
                    "value": {
                        "kind": "video",
                        "file": video.pk,
                        "title": "Opening talk",
                        "captions": captions.pk,
                        "captions_language": "th",
                        "transcript": "<p>Welcome to the course.</p>",
                    },
                }
            ],
        )
        client.force_login(learner)

        html = client.get(lesson.url).content.decode()

        assert re.search(r'<video class="media-file__player" controls preload="metadata">', html)
        assert f'<source src="{video.url}" type="video/mp4">' in html
        assert f'<track kind="captions" src="{captions.url}" srclang="th" label="ไทย" default>' in html
        assert re.search(r"<details[^>]*>\s*<summary>Transcript</summary>.*Welcome to the course\.", html, re.S)
        assert "data-complete-url" not in html

    def test_an_audio_file_renders_an_audio_player(self, client, index, learner):
        audio = document("talk.mp3")
        _course, lesson = lesson_with_body(
            index, learner, [{"type": "media_file", "value": {"kind": "audio", "file": audio.pk, "captions": None}}]
        )
        client.force_login(learner)

        html = client.get(lesson.url).content.decode()

        assert re.search(r"<audio[^>]*controls", html)
        assert f'<source src="{audio.url}" type="audio/mpeg">' in html
        assert "<track" not in html

    def test_the_video_of_a_lesson_completed_by_watching_carries_the_complete_url(self, client, index, learner):
        video = document("clip.mp4")
        _course, lesson = lesson_with_body(
            index,
            learner,
            [{"type": "media_file", "value": {"kind": "video", "file": video.pk}}],
            complete_when_video_ends=True,
        )
        client.force_login(learner)

        html = client.get(lesson.url).content.decode()

        complete_url = reverse("courses:complete-lesson", args=[lesson.pk])
        assert re.search(rf'<video[^>]*data-complete-on-end data-complete-url="{re.escape(complete_url)}"', html)
        assert re.search(r'<p class="lesson-complete__status" aria-live="polite"', html)
        assert "js/lesson.js" in html

    def test_an_embedded_video_renders_from_the_stored_embed_without_the_network(
        self, client, index, learner, no_embed_fetching
    ):
        Embed.objects.create(
            url=VIDEO_URL,
            max_width=None,
            hash=get_embed_hash(VIDEO_URL),
            type="video",
            html='<iframe title="Lesson demo" src="https://www.youtube.com/embed/lesson-demo"></iframe>',
            width=480,
            height=270,
        )
        _course, lesson = lesson_with_body(
            index, learner, [{"type": "embedded_video", "value": {"video": VIDEO_URL, "title": "A demo"}}]
        )
        client.force_login(learner)

        html = client.get(lesson.url).content.decode()

        assert '<iframe title="Lesson demo" src="https://www.youtube.com/embed/lesson-demo"></iframe>' in html
        assert "A demo" in html
        assert f'href="{VIDEO_URL}"' in html
        assert " style=" not in html

    def test_a_captioned_image_renders_a_figure_with_its_alt_text_and_caption(self, client, index, learner):
        image = Image.objects.create(title="chart", file=get_test_image_file())
        _course, lesson = lesson_with_body(
            index,
            learner,
            [
                {
                    "type": "image",
                    "value": {
                        "image": {"image": image.pk, "alt_text": "Bar chart of open data sets", "decorative": False},
                        "caption": "Open data sets by ministry",
                    },
                }
            ],
        )
        client.force_login(learner)

        html = client.get(lesson.url).content.decode()

        assert re.search(
            r'<figure class="lesson-figure">\s*<img[^>]*alt="Bar chart of open data sets"[^>]*>\s*'
            r'<figcaption class="lesson-figure__caption">Open data sets by ministry</figcaption>',
            html,
        )

    def test_a_document_download_shows_its_title_extension_and_size(self, client, index, learner):
        handbook = document("handbook.pdf", b"x" * 2048, title="PDPA handbook")
        _course, lesson = lesson_with_body(
            index, learner, [{"type": "document", "value": {"document": handbook.pk, "description": "For officials"}}]
        )
        client.force_login(learner)

        html = client.get(lesson.url).content.decode()

        assert f'<a class="document-download__link" href="{handbook.url}">PDPA handbook</a>' in html
        assert re.search(r"\(PDF, 2\.0\xa0KB\)", html)
        assert "For officials" in html

    def test_a_caption_file_is_served_as_text_vtt(self, client):
        captions = document("captions.vtt", b"WEBVTT\n")

        response = client.get(captions.url)

        assert response.status_code == 200
        assert response["Content-Type"].startswith("text/vtt")
