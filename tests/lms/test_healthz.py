"""/healthz: what a load balancer or an operator sees when a dependency is up or down."""

import pytest
from botocore.exceptions import ClientError
from django.core.files.storage import FileSystemStorage
from django.db import OperationalError
from django.db.backends.utils import CursorWrapper

FAKE_SECRET = "AKIAFAKE-wJalrXUtnFEMI-K7MDENG-do-not-leak"


class UnreachableBucketStorage(FileSystemStorage):
    """A storage whose every lookup fails the way S3 does, with a credential in the message."""

    def exists(self, name):
        raise ClientError(
            {"Error": {"Code": "InvalidAccessKeyId", "Message": f"The key {FAKE_SECRET} does not exist"}},
            "HeadObject",
        )


def assert_nothing_leaked(response):
    body = response.content.decode()
    assert FAKE_SECRET not in body
    assert "InvalidAccessKeyId" not in body
    assert "Traceback" not in body


@pytest.mark.django_db
class TestHealthz:
    def test_all_parts_answering_gives_200_and_each_part_ok(self, client):
        response = client.get("/healthz")

        assert response.status_code == 200
        assert response["Content-Type"] == "application/json"
        assert response.json() == {
            "status": "ok",
            "checks": {"database": "ok", "cache": "ok", "storage": "ok"},
        }

    def test_the_answer_is_never_cached(self, client):
        response = client.get("/healthz")

        cache_control = response["Cache-Control"]
        assert "no-store" in cache_control
        assert "no-cache" in cache_control
        assert "max-age=0" in cache_control

    def test_a_post_is_refused(self, client):
        assert client.post("/healthz").status_code == 405

    def test_a_database_failure_gives_503_naming_the_database_without_the_error(self, client, monkeypatch):
        def refuse(self, sql, params=None):
            raise OperationalError(f"could not connect to server: password={FAKE_SECRET}")

        with monkeypatch.context() as patch:
            patch.setattr(CursorWrapper, "execute", refuse)
            response = client.get("/healthz")

        assert response.status_code == 503
        body = response.json()
        assert body["status"] == "error"
        assert body["failed"] == ["database"]
        assert body["checks"] == {"database": "error", "cache": "ok", "storage": "ok"}
        assert FAKE_SECRET not in response.content.decode()

    def test_a_cache_that_cannot_be_reached_gives_503_naming_the_cache(self, client, settings):
        # Nothing listens on port 1: the Redis client is refused at once.
        settings.CACHES = {
            "default": {
                "BACKEND": "django.core.cache.backends.redis.RedisCache",
                "LOCATION": f"redis://:{FAKE_SECRET}@127.0.0.1:1/0",
            }
        }

        response = client.get("/healthz")

        assert response.status_code == 503
        assert response.json()["failed"] == ["cache"]
        assert response.json()["checks"]["cache"] == "error"
        assert_nothing_leaked(response)

    def test_a_storage_failure_gives_503_naming_the_storage_and_hides_the_credential(self, client, settings, caplog):
        settings.STORAGES = {
            **settings.STORAGES,
            "default": {"BACKEND": f"{__name__}.UnreachableBucketStorage"},
        }

        response = client.get("/healthz")

        assert response.status_code == 503
        body = response.json()
        assert body["failed"] == ["storage"]
        assert body["checks"] == {"database": "ok", "cache": "ok", "storage": "error"}
        assert_nothing_leaked(response)
        # The operator still finds the cause in the log.
        assert any("storage" in record.getMessage() and record.exc_info for record in caplog.records)

    def test_every_failed_part_is_named(self, client, settings):
        settings.STORAGES = {
            **settings.STORAGES,
            "default": {"BACKEND": f"{__name__}.UnreachableBucketStorage"},
        }
        settings.CACHES = {
            "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": "redis://127.0.0.1:1/0"}
        }

        response = client.get("/healthz")

        assert response.status_code == 503
        assert response.json()["failed"] == ["cache", "storage"]


@pytest.mark.django_db
class TestHealthzLocalStorage:
    def test_a_media_folder_that_cannot_be_made_gives_503_naming_the_storage(self, client, settings, tmp_path):
        blocker = tmp_path / "not-a-folder"
        blocker.write_text("a file where the media folder's parent should be")
        settings.MEDIA_ROOT = blocker / "media"

        response = client.get("/healthz")

        assert response.status_code == 503
        assert response.json()["failed"] == ["storage"]

    def test_a_missing_media_folder_is_made_and_reported_ok(self, client, settings, tmp_path):
        settings.MEDIA_ROOT = tmp_path / "new-media"

        response = client.get("/healthz")

        assert response.status_code == 200
        assert (tmp_path / "new-media").is_dir()
