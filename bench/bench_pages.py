"""Benchmark: public pages of the demo site and Thai segmentation. Prints its figures.

Run: DJANGO_SETTINGS_MODULE=lms.settings.dev .venv/bin/python bench/bench_pages.py
(after `make demo`). Uses Django's test client in-process: figures are the app's own
time and SQL queries per request, without a network or a web server in between.
"""

import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lms.settings.dev")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection, reset_queries  # noqa: E402
from django.test import Client  # noqa: E402

PATHS = ["/", "/about/", "/courses/", "/library/", "/seminars/", "/search/?q=ราชการ", "/account/login/", "/healthz"]
ROUNDS = 30
SAMPLE = "หลักสูตรการบริหารราชการแผ่นดินและความปลอดภัยไซเบอร์สำหรับข้าราชการ " * 20


def bench_pages():
    settings.DEBUG = True  # record queries
    client = Client(HTTP_HOST="127.0.0.1")
    print(f"{'path':28} {'status':>6} {'median ms':>10} {'p95 ms':>8} {'queries':>8}")
    for path in PATHS:
        client.get(path)  # warm caches
        timings, queries = [], 0
        for _ in range(ROUNDS):
            reset_queries()
            start = time.perf_counter()
            response = client.get(path)
            timings.append((time.perf_counter() - start) * 1000)
            queries = len(connection.queries)
        timings.sort()
        p95 = timings[int(len(timings) * 0.95) - 1]
        print(f"{path:28} {response.status_code:>6} {statistics.median(timings):>10.1f} {p95:>8.1f} {queries:>8}")


def bench_segmentation():
    from lms.thai import segment_for_index, segment_for_search

    segment_for_search("อุ่นเครื่อง")
    segment_for_index("อุ่นเครื่อง")
    for name, func in (("segment_for_search", segment_for_search), ("segment_for_index", segment_for_index)):
        start = time.perf_counter()
        for _ in range(20):
            func(SAMPLE)
        elapsed = time.perf_counter() - start
        chars = len(SAMPLE) * 20
        print(f"{name:20} {chars / elapsed / 1000:8.0f} thousand Thai characters per second")


if __name__ == "__main__":
    bench_pages()
    print()
    bench_segmentation()
