"""Benchmark: the e-library's listing, search, item page, OAI-PMH and usage counting. Prints its figures.

Run: DJANGO_SETTINGS_MODULE=lms.settings.dev .venv/bin/python bench/bench_library.py [EXTRA]
(after `make demo`). Pages are fetched in-process with Django's test client as a guest;
figures are the app's own time and SQL queries per request. With EXTRA (default 0), that
many more items (no file, an external address) are added first inside a transaction that is
rolled back at the end, so the demo data is unchanged: compare the figures at two sizes.
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
from django.db import connection, reset_queries, transaction  # noqa: E402
from django.test import Client  # noqa: E402

ROUNDS = 20
BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0 Safari/537.36"


def measure(client, path, label="guest"):
    client.get(path)  # warm caches
    timings, queries, status = [], 0, 0
    for _ in range(ROUNDS):
        reset_queries()
        start = time.perf_counter()
        response = client.get(path)
        timings.append((time.perf_counter() - start) * 1000)
        queries = len(connection.queries)
        status = response.status_code
    timings.sort()
    p95 = timings[int(len(timings) * 0.95) - 1]
    print(f"{label:8} {path[:60]:60} {status:>6} {statistics.median(timings):>10.1f} {p95:>8.1f} {queries:>8}")


def add_items(count):
    """``count`` more live items under /library/, quickly (no file: an external address)."""
    from library.models import LibraryIndexPage, LibraryItemPage

    index = LibraryIndexPage.objects.live().first()
    start = time.perf_counter()
    for number in range(count):
        item = LibraryItemPage(
            title=f"รายงานการบริหารราชการ ฉบับทดสอบ {number}",
            slug=f"bench-item-{number}",
            external_url="https://example.go.th/bench",
            date_issued=str(2000 + number % 25),
            item_type=["book", "report", "manual", "research"][number % 4],
        )
        index.add_child(instance=item)
    elapsed = time.perf_counter() - start
    print(f"added {count} items in {elapsed:.1f} s ({elapsed * 1000 / max(count, 1):.0f} ms each)")


def bench_pages():
    from library.models import LibraryItemPage

    settings.DEBUG = True  # record queries
    guest = Client(HTTP_HOST="127.0.0.1", HTTP_USER_AGENT=BROWSER)
    item = LibraryItemPage.objects.live().filter(document__isnull=False).first()
    print(f"{'library items:':14} {LibraryItemPage.objects.live().count()}")
    print(f"{'who':8} {'path':60} {'status':>6} {'median ms':>10} {'p95 ms':>8} {'queries':>8}")
    for path in (
        "/library/",
        "/library/?q=ราชการ",
        "/library/?q=digital government",
        "/library/?type=report&language=th&sort=title",
        "/library/?sort=downloads&page=2",
        "/library/?q=ไม่มีคำนี้ในห้องสมุดแน่นอน",
        item.url,
        "/library/oai/?verb=ListRecords&metadataPrefix=oai_dc",
        "/library/oai/?verb=ListIdentifiers&metadataPrefix=oai_dc&set=type:report",
    ):
        measure(guest, path)


def bench_counting(count=500):
    """Count ``count`` views by different visitors (rolled back): the cost a page view adds."""
    from library.models import LibraryItemPage, UsageKind
    from library.usage import count_visit, today

    item = LibraryItemPage.objects.live().first()
    with transaction.atomic():
        start = time.perf_counter()
        for number in range(count):
            count_visit(item.pk, UsageKind.VIEW, f"bench-visitor-{number}", today())
        elapsed = time.perf_counter() - start
        transaction.set_rollback(True)
    print(f"usage counting: {elapsed * 1000 / count:.2f} ms per counted view")


if __name__ == "__main__":
    extra = int(sys.argv[1]) if len(sys.argv) > 1 else 0
    with transaction.atomic():
        if extra:
            add_items(extra)
        bench_pages()
        bench_counting()
        transaction.set_rollback(True)
