"""Fixtures shared by the course tests: the catalogue page and people in each role, in English."""

import pytest

from lms import roles
from tests.factories import UserFactory, member_of


@pytest.fixture
def index(site_pages):
    """The course catalogue page (``/courses/``)."""
    return site_pages["courses"]


@pytest.fixture
def learner(db):
    return UserFactory(preferred_language="en")


@pytest.fixture
def guest(client):
    """A visitor without an account who reads the site in English."""
    client.cookies["lms_language"] = "en"
    return client


@pytest.fixture
def instructor():
    return member_of(roles.INSTRUCTORS, preferred_language="en")


@pytest.fixture
def administrator():
    return member_of(roles.ADMINISTRATORS, preferred_language="en")
