"""The demo's certificates: a signatory with a drawn signature, the demo learner's certificate and its printed address."""

import io

import pytest
from django.db import transaction
from PIL import Image

from courses.demo import DEMO_SIGNATORY, draw_signature
from courses.models import Certificate, CertificateStatus, Enrolment
from courses.services.certificates import site_settings, verification_url
from home.models import Signatory
from tests.courses.test_demo_courses import LEARNER, load_demo

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def built_demo(django_db_setup, django_db_blocker):
    """The demo built once for this module's tests (with what ``load_demo`` printed), rolled back after them.

    Each test runs in its own savepoint, so one that changes the demo leaves it as built
    for the next.
    """
    with django_db_blocker.unblock(), transaction.atomic():
        output = load_demo()
        yield output
        transaction.set_rollback(True)


def demo_certificates():
    return list(Certificate.objects.filter(user__email=LEARNER))


class TestTheDemoCertificate:
    def test_the_demo_learner_holds_one_valid_certificate_with_its_pdf(self, built_demo):
        certificates = demo_certificates()
        assert len(certificates) == 1
        certificate = certificates[0]
        assert certificate.status() == CertificateStatus.VALID
        assert certificate.pdf.read(5) == b"%PDF-"
        assert certificate.pdf_generated_at is not None

    def test_it_is_for_the_course_they_completed_and_dated_at_the_completion(self, built_demo):
        certificate = demo_certificates()[0]
        enrolment = Enrolment.objects.get(user=certificate.user, course=certificate.course)
        assert enrolment.completed_at is not None
        assert certificate.issued_at == enrolment.completed_at
        assert certificate.title_th == certificate.course.title
        assert certificate.hours == enrolment.credited_hours
        assert certificate.holder_name_th == certificate.user.get_full_name()

    def test_load_demo_prints_its_verification_address(self, built_demo):
        certificate = demo_certificates()[0]
        assert f"Demo certificate: {verification_url(certificate)}" in built_demo
        assert f"/certificates/verify/{certificate.grouped_code}/" in built_demo

    def test_loading_the_demo_again_adds_no_certificate_and_keeps_the_pdf(self, built_demo):
        before = demo_certificates()[0]
        output = load_demo()
        after = demo_certificates()
        assert [certificate.pk for certificate in after] == [before.pk]
        assert after[0].pdf_generated_at == before.pdf_generated_at
        assert Signatory.objects.filter(name_th=DEMO_SIGNATORY["name_th"]).count() == 1
        assert f"Demo certificate: {verification_url(before)}" in output


class TestTheDemoSignatory:
    def test_the_site_settings_name_the_demo_signatory_with_names_positions_and_signature(self, built_demo):
        signatory = site_settings().certificate_signatory
        assert signatory is not None
        assert signatory.name_th == DEMO_SIGNATORY["name_th"]
        assert signatory.name_en and signatory.position_th and signatory.position_en
        assert signatory.signature is not None
        with signatory.signature.file.open("rb") as handle:
            assert Image.open(handle).format == "PNG"

    def test_a_signatory_an_administrator_chose_is_kept(self, built_demo):
        settings_row = site_settings()
        chosen = Signatory.objects.create(name_th="นายสมชาย ใจดี", position_th="ผู้อำนวยการ")
        settings_row.certificate_signatory = chosen
        settings_row.save()
        load_demo()
        assert site_settings().certificate_signatory == chosen

    def test_the_signature_is_a_dark_stroke_on_a_transparent_background(self):
        image = Image.open(io.BytesIO(draw_signature())).convert("RGBA")
        alpha = image.getchannel("A")
        inked = sum(alpha.histogram()[128:])
        assert image.size == (600, 200)
        assert alpha.getpixel((0, 0)) == 0
        # Some ink, but mostly empty paper.
        assert 0.01 < inked / (image.width * image.height) < 0.3
