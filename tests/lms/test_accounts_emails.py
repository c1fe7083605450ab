"""Account e-mails: sent by a background task after the commit, greeting nobody by name."""

import json

import pytest
from django.conf import settings
from django.core import mail
from django.db import transaction
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from django_tasks import TaskResultStatus
from django_tasks.signals import task_enqueued

from lms.accounts import emails, views
from lms.accounts.tasks import enqueue_account_email, send_account_email
from lms.models import User
from tests.factories import UserFactory
from tests.lms.accounts_helpers import _commit_at_the_end_of_each_request, notice_fixture, signup_data  # noqa: F401 (fixtures)

pytestmark = pytest.mark.django_db

SIGNUP_URL = reverse("account:signup")
RESET_URL = reverse("account:password-reset")
SITE = "https://learn.example.go.th"
TYPED_NAMES = ("สุดา", "รักไทย", "Suda", "Rakthai", "นางสาว")


@pytest.fixture
def enqueued():
    """The django-tasks results of the tasks queued during the test."""
    results = []

    def record(sender, task_result, **kwargs):
        results.append(task_result)

    task_enqueued.connect(record)
    yield results
    task_enqueued.disconnect(record)


def sign_up(client, **overrides):
    return client.post(SIGNUP_URL, signup_data(**overrides))


def whole_message(message):
    return message.subject + message.body + message.alternatives[0][0]


class TestGreeting:
    def test_the_verification_email_does_not_repeat_the_name_typed_at_sign_up(self, client, notice):
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        sign_up(client)
        text = whole_message(mail.outbox[0])
        for name in TYPED_NAMES:
            assert name not in text
        assert mail.outbox[0].body.startswith("Hello,")

    def test_the_thai_email_greets_in_thai(self, client, notice):
        sign_up(client)
        with translation.override("th"):
            greeting = gettext("Hello,")
        assert greeting == "สวัสดี"
        assert mail.outbox[0].body.startswith(greeting)
        assert f"<p>{greeting}</p>" in mail.outbox[0].alternatives[0][0]

    def test_the_password_reset_email_does_not_name_the_account_holder(self, client):
        user = UserFactory(first_name="สุดา", last_name="รักไทย", first_name_en="Suda", last_name_en="Rakthai")
        client.post(RESET_URL, {"email": user.email})
        text = whole_message(mail.outbox[0])
        for name in TYPED_NAMES:
            assert name not in text


class TestSentByATask:
    def test_sign_up_queues_the_verification_email_with_plain_json_arguments(self, client, notice, enqueued):
        sign_up(client)
        (result,) = enqueued
        user = User.objects.get()
        assert result.task.module_path == "lms.accounts.tasks.send_account_email"
        assert list(result.args) == [user.pk, "verify_email", "http://testserver", "th"]
        assert "http://testserver/account/verify/" in mail.outbox[0].body
        assert json.loads(json.dumps(list(result.args))) == list(result.args)
        assert result.status == TaskResultStatus.SUCCESSFUL
        assert result.return_value is True

    def test_a_password_reset_is_queued_in_the_account_holders_language(self, client, enqueued):
        user = UserFactory(preferred_language="en")
        client.post(RESET_URL, {"email": user.email})
        (result,) = enqueued
        assert list(result.args) == [user.pk, "password_reset", "http://testserver", "en"]
        assert mail.outbox[0].subject == "Reset your password"

    def test_the_views_do_not_send_mail_themselves(self, client, notice, monkeypatch):
        queued = []
        monkeypatch.setattr(views, "enqueue_account_email", lambda user, kind, base_url: queued.append((user, kind)))
        sign_up(client)
        assert [(user.email, kind) for user, kind in queued] == [("suda.rakthai@example.go.th", "verify_email")]
        assert len(mail.outbox) == 0

    def test_a_sign_up_that_fails_half_way_sends_nothing(self, client, notice, enqueued, monkeypatch):
        def broken_record_consent(*args, **kwargs):
            raise RuntimeError("the database went away")

        monkeypatch.setattr(views, "record_consent", broken_record_consent)
        with pytest.raises(RuntimeError):
            sign_up(client)
        assert not User.objects.exists()
        assert enqueued == []
        assert len(mail.outbox) == 0


class TestQueueing:
    def test_nothing_is_queued_before_the_commit(self, django_capture_on_commit_callbacks, enqueued):
        user = UserFactory(email_verified=False)
        with django_capture_on_commit_callbacks() as callbacks:
            enqueue_account_email(user, emails.VERIFY_EMAIL, SITE)
            assert enqueued == []
        assert len(callbacks) == 1
        callbacks[0]()
        assert len(enqueued) == 1
        assert mail.outbox[0].to == [user.email]

    def test_a_transaction_that_rolls_back_queues_nothing(self, django_capture_on_commit_callbacks, enqueued):
        user = UserFactory(email_verified=False)
        with django_capture_on_commit_callbacks(execute=True) as callbacks:
            with pytest.raises(RuntimeError), transaction.atomic():
                enqueue_account_email(user, emails.VERIFY_EMAIL, SITE)
                raise RuntimeError("rolled back")
        assert callbacks == []
        assert enqueued == []
        assert len(mail.outbox) == 0


class TestTheTask:
    def test_it_sends_the_message_with_the_link_in_the_language_asked(self):
        user = UserFactory(email_verified=False)
        assert send_account_email.call(user.pk, emails.VERIFY_EMAIL, SITE, "en") is True
        (message,) = mail.outbox
        link = emails.account_link(user, emails.VERIFY_EMAIL, SITE)
        assert link.startswith(f"{SITE}/account/verify/")
        assert message.to == [user.email]
        assert message.subject == "Confirm your e-mail address"
        assert link in message.body
        assert f'href="{link}"' in message.alternatives[0][0]

    def test_no_token_is_stored_with_the_queued_task(self, client, enqueued):
        user = UserFactory()
        client.post(RESET_URL, {"email": user.email})
        (result,) = enqueued
        from django.contrib.auth.tokens import default_token_generator

        token = mail.outbox[0].body.split("/account/password/reset/")[1].split("/")[1]
        assert default_token_generator.check_token(user, token)
        assert all(token not in str(arg) for arg in result.args)

    def test_an_unknown_language_falls_back_to_thai(self):
        user = UserFactory(email_verified=False)
        send_account_email.call(user.pk, emails.VERIFY_EMAIL, SITE, "xx")
        with translation.override("th"):
            assert mail.outbox[0].subject == gettext("Confirm your e-mail address")

    def test_an_account_deleted_or_deactivated_meanwhile_gets_nothing(self):
        gone = UserFactory()
        gone_pk = gone.pk
        gone.delete()
        inactive = UserFactory(is_active=False)
        assert send_account_email.call(gone_pk, emails.PASSWORD_RESET, SITE, "th") is False
        assert send_account_email.call(inactive.pk, emails.PASSWORD_RESET, SITE, "th") is False
        assert len(mail.outbox) == 0

    def test_an_address_confirmed_meanwhile_gets_no_verification_link(self):
        user = UserFactory(email_verified=True)
        assert send_account_email.call(user.pk, emails.VERIFY_EMAIL, SITE, "th") is False
        assert len(mail.outbox) == 0

    def test_a_mail_server_failure_fails_the_task_not_the_page(self, client, notice, enqueued, monkeypatch):
        def refuse(*args, **kwargs):
            raise OSError("connection refused")

        monkeypatch.setattr("django.core.mail.EmailMultiAlternatives.send", refuse)
        response = sign_up(client)
        assert response.status_code == 302
        assert User.objects.filter(email="suda.rakthai@example.go.th").exists()
        assert enqueued[0].status == TaskResultStatus.FAILED
