"""What the account tests share: committing at the end of each request, the privacy notice, sign-up data.

A test module that needs the fixtures imports them::

    from tests.lms.accounts_helpers import _commit_at_the_end_of_each_request, notice_fixture  # noqa: F401 (fixtures)
"""

import pytest
from django.test import Client

from lms.models import LearnerType
from tests.factories import add_privacy_notice

PASSWORD = "Khao-niao-mamuang-2569"


@pytest.fixture(autouse=True)
def _commit_at_the_end_of_each_request(monkeypatch, django_capture_on_commit_callbacks):
    """E-mails are queued when the request's work is committed (``transaction.on_commit``).

    A test runs inside a transaction that never commits, so run what each request left
    for the commit when the request ends, as a real commit would.
    """
    original_request = Client.request

    def request(self, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return original_request(self, **kwargs)

    monkeypatch.setattr(Client, "request", request)


@pytest.fixture(name="notice")
def notice_fixture(site_pages):
    """A live privacy notice, version 1.0."""
    return add_privacy_notice(site_pages["home"], version="1.0")


def publish_version(notice, version, **changes):
    """Edit the notice and publish the new revision, as an editor would."""
    notice.refresh_from_db()
    notice.version = version
    for name, value in changes.items():
        setattr(notice, name, value)
    notice.save_revision().publish()
    return notice


def signup_data(**overrides):
    """A complete sign-up form for a citizen accepting notice 1.0, with ``overrides``."""
    data = {
        "email": "suda.rakthai@example.go.th",
        "password1": PASSWORD,
        "password2": PASSWORD,
        "name_prefix": "นางสาว",
        "first_name": "สุดา",
        "last_name": "รักไทย",
        "first_name_en": "Suda",
        "last_name_en": "Rakthai",
        "learner_type": LearnerType.CITIZEN,
        "agency": "",
        "position": "",
        "accept_privacy": "on",
        "privacy_version": "1.0",
    }
    data.update(overrides)
    return data
