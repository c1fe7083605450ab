"""Benchmark: drawing certificate PDFs and issuing certificates, 200 of each. Prints its figures.

Run: DJANGO_SETTINGS_MODULE=lms.settings.dev .venv/bin/python bench/bench_certificates.py
(after `make demo`: it certifies a demo course, signed by the demo signatory with their
signature image). 200 new learners complete the course and each gets a certificate
through ``courses.services.certificates.issue_for_enrolment`` (the whole service: the
rows, the PDF and storing it); then the same 200 certificates are drawn again with
``courses.certificate_pdf.render_certificate`` alone. Everything happens in a transaction
that is rolled back, and the PDFs go to a temporary media folder that is removed, so
the site is left as it was. Target: at most 50 ms median per PDF.
"""

import logging
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lms.settings.dev")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import transaction  # noqa: E402
from django.test import override_settings  # noqa: E402
from django.utils import timezone  # noqa: E402

COUNT = 200
TARGET_MS = 50
logging.getLogger("fontTools").setLevel(logging.WARNING)  # no lines per font subset


def summary(label, timings):
    timings = sorted(timings)
    median = statistics.median(timings)
    p95 = timings[max(0, int(len(timings) * 0.95) - 1)]
    verdict = "within" if median <= TARGET_MS else "over"
    print(f"{label:40} {median:>10.1f} {p95:>8.1f}   ({verdict} the {TARGET_MS} ms median target)")


def course_to_certify():
    from courses.models import CoursePage

    course = CoursePage.objects.live().filter(awards_certificate=True).order_by("path").first()
    if course is None:
        sys.exit("No published course awards certificates: run `make demo` first.")
    return course


def bench_certificates(count=COUNT):
    """Issue ``count`` certificates, then draw their PDFs again, timing each; all rolled back."""
    from courses.certificate_pdf import render_certificate
    from courses.models import Enrolment, EnrolmentStatus
    from courses.services.certificates import issue_for_enrolment, signatories_for, site_settings, verification_url
    from lms.models import User

    course = course_to_certify()
    settings_row = site_settings()
    signatories = signatories_for(course, settings_row)
    issue_ms, render_ms, sizes = [], [], []
    with tempfile.TemporaryDirectory(prefix="bench-certificates-") as media:
        storages = {**settings.STORAGES, "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"}}
        with override_settings(MEDIA_ROOT=media, STORAGES=storages), transaction.atomic():
            now = timezone.now()
            users = User.objects.bulk_create(
                User(
                    email=f"bench-certificate-{n}@example.go.th",
                    name_prefix="นางสาว",
                    first_name="กุ้งนิ้ม",
                    last_name=f"ปู่ป้าน้ำใส {n}",
                    first_name_en="Kungnim",
                    last_name_en=f"Puparnnamsai {n}",
                )
                for n in range(count)
            )
            enrolments = Enrolment.objects.bulk_create(
                Enrolment(
                    user=user,
                    course=course,
                    status=EnrolmentStatus.COMPLETED,
                    enrolled_at=now,
                    completed_at=now,
                    progress=1.0,
                    hours_credited=course.training_hours,
                )
                for user in users
            )
            certificates = []
            for enrolment in enrolments:
                start = time.perf_counter()
                certificate, created = issue_for_enrolment(enrolment, now=now)
                issue_ms.append((time.perf_counter() - start) * 1000)
                if not created:
                    sys.exit("A certificate was found instead of issued: the figures would not be of issuing.")
                certificates.append(certificate)
            for certificate in certificates:
                url = verification_url(certificate)
                start = time.perf_counter()
                content = render_certificate(certificate, url, signatories=signatories, logo=settings_row.logo)
                render_ms.append((time.perf_counter() - start) * 1000)
                sizes.append(len(content))
            written = sum(1 for path in Path(media).rglob("*.pdf"))
            transaction.set_rollback(True)

    print(
        f"{count} certificates of “{course.title}”; signatories: {len(signatories)}"
        f"{' with a logo' if settings_row.logo_id else ''}; {written} PDFs written to a temporary media folder"
    )
    print(f"{'':40} {'median ms':>10} {'p95 ms':>8}")
    summary("render_certificate (the PDF alone)", render_ms)
    summary("issue_for_enrolment (rows, PDF, storage)", issue_ms)
    print(f"PDF size: median {statistics.median(sizes) / 1024:.0f} KiB")


if __name__ == "__main__":
    bench_certificates()
