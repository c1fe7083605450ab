"""Shared fixtures: the site tree, users, and a clean cache for every test."""

import shutil

import pytest
from django.conf import settings
from django.core.cache import cache

from tests.factories import CivilServantFactory, UserFactory, build_site


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True, scope="session")
def _clean_test_media():
    yield
    shutil.rmtree(settings.MEDIA_ROOT, ignore_errors=True)


@pytest.fixture
def site_pages(db):
    """The home page and the /courses/, /library/ and /seminars/ index pages."""
    return build_site()


@pytest.fixture
def user(db):
    return UserFactory()


@pytest.fixture
def civil_servant(db):
    return CivilServantFactory()
