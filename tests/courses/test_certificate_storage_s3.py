"""Certificate PDFs kept on S3-compatible storage (moto's S3 server on loopback), as in production."""

from decimal import Decimal

import pytest
from django.urls import reverse

from courses.services.certificates import issue_certificate, regenerate_pdf
from tests.factories import CivilServantFactory
from tests.lms.test_storage_s3 import bucket, fetch, s3_endpoint, s3_media, s3_storage_config, unsigned  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.fixture
def certificate(s3_media, django_capture_on_commit_callbacks):  # noqa: F811
    learner = CivilServantFactory(first_name="สุดา", last_name="รักไทย")
    with django_capture_on_commit_callbacks(execute=True):
        certificate, _created = issue_certificate(
            user=learner, source_key="test:s3", title_th="การบริหารราชการยุคดิจิทัล", hours=Decimal("6")
        )
    return certificate


class TestCertificatesOnS3:
    def test_the_pdf_is_kept_once_in_the_bucket_and_is_private(self, certificate, bucket):  # noqa: F811
        key = certificate.pdf.name

        assert key in bucket.keys()
        assert bucket.read(key).startswith(b"%PDF-")
        signed_url = certificate.pdf.url
        assert fetch(unsigned(signed_url))[0] == 403

    def test_the_holder_downloads_the_stored_file_through_the_site(self, client, certificate, bucket):  # noqa: F811
        client.force_login(certificate.user)

        response = client.get(reverse("dashboard:certificate-download", args=[certificate.pk]))

        assert response.status_code == 200
        assert b"".join(response.streaming_content) == bucket.read(certificate.pdf.name)

    def test_anyone_with_the_code_gets_the_same_file_from_the_verification_page(self, client, certificate, bucket):  # noqa: F811
        response = client.get(reverse("certificates:pdf", args=[certificate.grouped_code]))

        assert response.status_code == 200
        assert b"".join(response.streaming_content) == bucket.read(certificate.pdf.name)

    def test_regenerating_replaces_the_object_and_keeps_the_code(
        self,
        certificate,
        bucket,  # noqa: F811
        django_capture_on_commit_callbacks,
    ):
        old_key, code = certificate.pdf.name, certificate.code

        with django_capture_on_commit_callbacks(execute=True):
            regenerated = regenerate_pdf(certificate)

        assert regenerated.code == code
        # The bucket never overwrites (file_overwrite=False): a new object, and the old one goes.
        assert regenerated.pdf.name != old_key
        assert regenerated.pdf.name in bucket.keys()
        assert old_key not in bucket.keys()
