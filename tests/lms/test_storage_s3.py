"""Media on S3-compatible storage, against a real S3 HTTP API (moto's server) on loopback.

The storage configuration is the one ``lms/settings/base.py`` builds from the environment,
so these tests cover the settings a production deployment gets.
"""

import io
import json
import os
import subprocess
import sys
import urllib.error
import urllib.request

import boto3
import pytest
from botocore.config import Config as BotoConfig
from django.conf import settings as django_settings
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.core.files.storage import FileSystemStorage, default_storage
from django.test import override_settings
from moto.server import ThreadedMotoServer
from PIL import Image as PILImage
from storages.backends.s3 import S3Storage
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.images.views.serve import generate_signature

# Every test uses the database, so pytest-django keeps them together and the S3 server
# starts once for the module.
pytestmark = pytest.mark.django_db

BUCKET = "lms-media-test"
REGION = "ap-southeast-1"
PDF_BYTES = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


def media_storage_from_environment(**environ):
    """STORAGES["default"] as lms/settings/base.py builds it from the given environment."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("AWS_")}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    env.update(environ)
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import json, lms.settings.base as s; print(json.dumps(s.STORAGES['default'], default=lambda c: {k: getattr(c, k) for k in ('signature_version', 's3', 'connect_timeout', 'read_timeout', 'retries')}))",
        ],
        cwd=django_settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    return json.loads(result.stdout)


@pytest.fixture(scope="module")
def s3_endpoint():
    """An S3 API on 127.0.0.1 with one empty bucket; started once for the module."""
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    endpoint = f"http://{host}:{port}"
    s3_client(endpoint).create_bucket(Bucket=BUCKET, CreateBucketConfiguration={"LocationConstraint": REGION})
    yield endpoint
    # moto keeps its buckets in this process, not in the server: empty them for the next start.
    urllib.request.urlopen(urllib.request.Request(f"{endpoint}/moto-api/reset", method="POST"), timeout=10)  # noqa: S310
    server.stop()


def s3_client(endpoint):
    return boto3.client(
        "s3",
        endpoint_url=endpoint,
        region_name=REGION,
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    )


@pytest.fixture(scope="module")
def s3_storage_config(s3_endpoint):
    config = media_storage_from_environment(
        AWS_STORAGE_BUCKET_NAME=BUCKET,
        AWS_S3_ENDPOINT_URL=s3_endpoint,
        AWS_S3_REGION_NAME=REGION,
        AWS_ACCESS_KEY_ID="testing",
        AWS_SECRET_ACCESS_KEY="testing",
    )
    # The client configuration crossed the process boundary as its fields: rebuild it.
    config["OPTIONS"]["client_config"] = BotoConfig(**config["OPTIONS"]["client_config"])
    return config


@pytest.fixture
def s3_media(settings, s3_storage_config):
    """Media of this test go to the bucket (setting_changed resets default_storage)."""
    settings.STORAGES = {**settings.STORAGES, "default": s3_storage_config}
    return s3_storage_config


@pytest.fixture
def bucket(s3_endpoint):
    client = s3_client(s3_endpoint)

    class Bucket:
        def keys(self):
            response = client.list_objects_v2(Bucket=BUCKET)
            return {item["Key"] for item in response.get("Contents", [])}

        def read(self, key):
            return client.get_object(Bucket=BUCKET, Key=key)["Body"].read()

    return Bucket()


def png_bytes(size=(64, 48)):
    buffer = io.BytesIO()
    PILImage.new("RGB", size, (0, 82, 155)).save(buffer, format="PNG")
    return buffer.getvalue()


def fetch(url):
    """GET without any credentials: (status, body)."""
    try:
        with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310  (loopback only)
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def unsigned(url):
    return url.split("?", 1)[0]


class TestSettingsFromTheEnvironment:
    def test_a_bucket_in_the_environment_makes_media_private_s3_with_signed_urls(self):
        config = media_storage_from_environment(
            AWS_STORAGE_BUCKET_NAME="lms-media",
            AWS_S3_ENDPOINT_URL="https://s3.example.go.th",
            AWS_S3_REGION_NAME=REGION,
            AWS_ACCESS_KEY_ID="AKIAEXAMPLE",
            AWS_SECRET_ACCESS_KEY="example-secret",
        )

        assert config["BACKEND"] == "storages.backends.s3.S3Storage"
        options = config["OPTIONS"]
        assert options["bucket_name"] == "lms-media"
        assert options["endpoint_url"] == "https://s3.example.go.th"
        assert options["region_name"] == REGION
        assert options["access_key"] == "AKIAEXAMPLE"
        assert options["secret_key"] == "example-secret"
        assert options["default_acl"] == "private"
        assert options["querystring_auth"] is True
        assert options["file_overwrite"] is False
        assert options["client_config"]["signature_version"] == "s3v4"
        assert options["client_config"]["connect_timeout"] <= 10

    def test_without_a_bucket_media_stay_in_the_local_folder(self):
        config = media_storage_from_environment()

        assert config == {"BACKEND": "django.core.files.storage.FileSystemStorage"}


class TestStorageSwitch:
    def test_changing_the_storages_setting_swaps_the_default_storage(self, s3_storage_config):
        default_storage.exists("warm-up")  # the lazy storage is built from the test settings
        assert isinstance(default_storage._wrapped, FileSystemStorage)

        with override_settings(STORAGES={**django_settings.STORAGES, "default": s3_storage_config}):
            from django.core.files.storage import storages

            assert isinstance(storages["default"], S3Storage)
            default_storage.exists("warm-up")
            assert isinstance(default_storage._wrapped, S3Storage)
            assert default_storage.bucket_name == BUCKET

        default_storage.exists("warm-up")
        assert isinstance(default_storage._wrapped, FileSystemStorage)


class TestMediaOnS3:
    def test_an_uploaded_image_lands_in_the_bucket_and_is_private(self, s3_media, bucket):
        image = get_image_model().objects.create(
            title="ภาพปก", file=ImageFile(io.BytesIO(png_bytes()), name="cover.png")
        )

        assert image.file.name in bucket.keys()
        assert bucket.read(image.file.name) == png_bytes()
        assert (image.width, image.height) == (64, 48)
        signed_url = image.file.url
        assert "X-Amz-Signature=" in signed_url
        assert fetch(unsigned(signed_url))[0] == 403
        assert fetch(signed_url) == (200, png_bytes())

    def test_a_document_lands_in_the_bucket_and_the_site_serves_it(self, s3_media, bucket, client):
        document = get_document_model()(title="คู่มือ", file=ContentFile(PDF_BYTES, name="manual.pdf"))
        document.save()

        assert document.file.name in bucket.keys()
        assert fetch(unsigned(document.file.url))[0] == 403

        response = client.get(f"/documents/{document.pk}/{document.filename}")

        assert response.status_code == 200
        assert b"".join(response.streaming_content) == PDF_BYTES
        assert response["Content-Type"] == "application/pdf"

    def test_a_second_upload_with_the_same_name_does_not_overwrite_the_first(self, s3_media, bucket):
        first = default_storage.save("documents/same.txt", ContentFile(b"first"))
        second = default_storage.save("documents/same.txt", ContentFile(b"second"))

        assert first != second
        assert bucket.read(first) == b"first"
        assert bucket.read(second) == b"second"

    def test_an_image_rendition_is_stored_in_the_bucket_and_served_by_the_site(self, s3_media, bucket, client):
        image = get_image_model().objects.create(
            title="ภาพประกอบ", file=ImageFile(io.BytesIO(png_bytes((200, 100))), name="banner.png")
        )

        rendition = image.get_rendition("fill-40x20")

        assert rendition.file.name in bucket.keys()
        assert fetch(unsigned(rendition.url))[0] == 403
        with PILImage.open(io.BytesIO(bucket.read(rendition.file.name))) as stored:
            assert stored.size == (40, 20)

        filter_spec = "fill-30x30"
        signature = generate_signature(image.pk, filter_spec)
        response = client.get(f"/images/{signature}/{image.pk}/{filter_spec}/")

        assert response.status_code == 200
        served = b"".join(response.streaming_content)
        with PILImage.open(io.BytesIO(served)) as picture:
            assert picture.size == (30, 30)
        served_rendition = image.renditions.get(filter_spec=filter_spec)
        assert served_rendition.file.name in bucket.keys()

    def test_an_image_url_with_a_wrong_signature_is_refused(self, s3_media, client):
        image = get_image_model().objects.create(title="ภาพ", file=ImageFile(io.BytesIO(png_bytes()), name="photo.png"))

        response = client.get(f"/images/not-the-signature/{image.pk}/fill-30x30/")

        assert response.status_code == 403


class TestHealthzOnS3:
    def test_storage_is_ok_when_the_bucket_answers(self, s3_media, client):
        response = client.get("/healthz")

        assert response.status_code == 200
        assert response.json()["checks"]["storage"] == "ok"

    def test_a_missing_bucket_gives_503_naming_the_storage(self, settings, s3_storage_config, client):
        missing = {
            **s3_storage_config,
            "OPTIONS": {**s3_storage_config["OPTIONS"], "bucket_name": "lms-no-such-bucket"},
        }
        settings.STORAGES = {**settings.STORAGES, "default": missing}

        response = client.get("/healthz")

        assert response.status_code == 503
        assert response.json()["failed"] == ["storage"]
        assert "lms-no-such-bucket" not in response.content.decode()
