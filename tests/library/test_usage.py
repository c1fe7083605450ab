"""Views and downloads counted once per visitor a day, robots left out, and the figures in the admin."""

import datetime
import io
import threading

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.management import call_command
from django.db import connection
from django.test import RequestFactory

from library.models import ItemUsageDay, ItemUsageTotal, ItemVisit, UsageKind
from library.usage import count_visit, is_bot, record_view, today, visitor_key
from lms import roles
from tests.factories import UserFactory, make_library_item, member_of

pytestmark = pytest.mark.django_db

CHROME = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36"
FIREFOX = "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0"
HEADLESS = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/131.0 Safari/537.36"


@pytest.fixture
def library(site_pages):
    return site_pages["library"]


@pytest.fixture
def item(library):
    return make_library_item(library, title="รายงานผลการดำเนินงาน")


def totals(item):
    total = ItemUsageTotal.objects.filter(item=item).first()
    return (total.views, total.downloads) if total else (0, 0)


def download(client, item, user_agent=CHROME, address="203.0.113.5"):
    response = client.get(f"/library/items/{item.pk}/download/", HTTP_USER_AGENT=user_agent, REMOTE_ADDR=address)
    if hasattr(response, "streaming_content"):
        b"".join(response.streaming_content)
    return response


def at(monkeypatch, moment):
    """Make the clock say ``moment`` (an aware datetime)."""
    monkeypatch.setattr("django.utils.timezone.now", lambda: moment)


class TestDownloadsAreCountedOnceAVisitorADay:
    def test_the_same_visitor_downloading_twice_counts_once(self, client, item):
        download(client, item)
        download(client, item)

        assert totals(item) == (0, 1)
        assert ItemUsageDay.objects.get(item=item, day=today()).downloads == 1

    def test_two_visitors_count_twice(self, client, item):
        download(client, item, address="203.0.113.5")
        download(client, item, address="198.51.100.7")
        download(client, item, user_agent=FIREFOX, address="203.0.113.5")

        assert totals(item) == (0, 3)

    def test_a_signed_in_user_counts_once_from_any_address(self, client, item, user):
        client.force_login(user)

        download(client, item, address="203.0.113.5")
        download(client, item, address="198.51.100.7", user_agent=FIREFOX)

        assert totals(item) == (0, 1)

    def test_the_next_day_in_bangkok_counts_again(self, client, item, monkeypatch):
        # 23:30 in Bangkok, then 00:30 the next day there (still the same UTC day).
        at(monkeypatch, datetime.datetime(2026, 11, 24, 16, 30, tzinfo=datetime.UTC))
        download(client, item)
        at(monkeypatch, datetime.datetime(2026, 11, 24, 17, 30, tzinfo=datetime.UTC))
        download(client, item)

        days = dict(ItemUsageDay.objects.filter(item=item).values_list("day", "downloads"))
        assert days == {datetime.date(2026, 11, 24): 1, datetime.date(2026, 11, 25): 1}
        assert totals(item) == (0, 2)

    def test_a_preview_counts_as_a_view_not_a_download(self, client, item):
        response = client.get(f"/library/items/{item.pk}/preview/", HTTP_USER_AGENT=CHROME)
        b"".join(response.streaming_content)

        assert totals(item) == (1, 0)

    def test_a_head_request_or_a_refused_one_counts_nothing(self, client, library, item):
        restricted = make_library_item(library, access="civil_servants")

        client.head(f"/library/items/{item.pk}/download/", HTTP_USER_AGENT=CHROME)
        download(client, restricted)

        assert totals(item) == (0, 0)
        assert totals(restricted) == (0, 0)


class TestPageViews:
    def test_opening_the_item_page_counts_a_view_once_a_day(self, client, item):
        for _ in range(3):
            assert client.get(item.url, HTTP_USER_AGENT=CHROME).status_code == 200
        client.get(item.url, HTTP_USER_AGENT=FIREFOX)

        assert totals(item) == (2, 0)

    def test_record_view_counts_only_get_requests(self, item):
        factory = RequestFactory(HTTP_USER_AGENT=CHROME)
        post = factory.post("/")
        post.user = UserFactory()
        get = factory.get("/")
        get.user = post.user

        assert record_view(post, item) is False
        assert record_view(get, item) is True
        assert record_view(get, item) is False


class TestRobots:
    @pytest.mark.parametrize(
        "user_agent",
        [
            "",
            "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
            "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)",
            "Mozilla/5.0 (compatible; Yahoo! Slurp; http://help.yahoo.com/help/us/ysearch/slurp)",
            "facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)",
            "Mozilla/5.0 (compatible; AhrefsBot/7.0; +http://ahrefs.com/robot/)",
            "Baiduspider+(+http://www.baidu.com/search/spider.htm)",
            "python-requests/2.32.3",
            "curl/8.5.0",
            "Wget/1.21.4",
            "Sickle/0.7.0",
            "Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)",
        ],
    )
    def test_a_robot_is_not_counted(self, client, item, user_agent):
        download(client, item, user_agent=user_agent)

        assert is_bot(user_agent)
        assert totals(item) == (0, 0)
        assert not ItemVisit.objects.exists()

    @pytest.mark.parametrize("user_agent", [CHROME, FIREFOX, HEADLESS])
    def test_people_and_headless_chrome_are_counted(self, client, item, user_agent):
        download(client, item, user_agent=user_agent)

        assert not is_bot(user_agent)
        assert totals(item) == (0, 1)


class TestPrivacy:
    def test_the_address_is_never_stored_only_a_keyed_hash(self, client, item):
        download(client, item, address="203.0.113.77")

        visit = ItemVisit.objects.get()
        assert len(visit.visitor) == 64
        assert "203.0.113.77" not in visit.visitor
        assert visit.kind == UsageKind.DOWNLOAD

    def test_the_hash_changes_with_the_sites_secret(self, settings):
        request = RequestFactory(HTTP_USER_AGENT=CHROME, REMOTE_ADDR="203.0.113.5").get("/")
        request.user = AnonymousUser()
        first = visitor_key(request)
        settings.SECRET_KEY = "another-secret-key-for-the-test-0123456789abcdef"  # noqa: S105

        assert visitor_key(request) != first

    def test_old_visits_are_pruned_and_the_figures_stay(self, item):
        old_day = today() - datetime.timedelta(days=10)
        count_visit(item.pk, UsageKind.VIEW, "a" * 64, old_day)
        count_visit(item.pk, UsageKind.VIEW, "b" * 64, today())

        output = io.StringIO()
        call_command("prune_library_visits", days=2, stdout=output)

        assert list(ItemVisit.objects.values_list("day", flat=True)) == [today()]
        assert totals(item) == (2, 0)
        assert ItemUsageDay.objects.get(item=item, day=old_day).views == 1
        assert "1 รายการ" in output.getvalue()  # the command speaks the site's language, Thai


@pytest.mark.postgres_only
@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="Concurrent counting needs PostgreSQL; SQLite serialises all writers. Set DATABASE_URL.",
)
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
class TestConcurrentCounting:
    def count_at_once(self, item, visitors, kind=UsageKind.DOWNLOAD):
        barrier = threading.Barrier(len(visitors))
        lock = threading.Lock()
        results, failures = [], []

        def attempt(visitor):
            try:
                barrier.wait(timeout=30)
                counted = count_visit(item.pk, kind, visitor, today())
                with lock:
                    results.append(counted)
            except Exception as error:  # noqa: BLE001 - any failure must fail the test, not die in the thread
                with lock:
                    failures.append(error)
            finally:
                connection.close()

        threads = [threading.Thread(target=attempt, args=(visitor,)) for visitor in visitors]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
        assert not any(thread.is_alive() for thread in threads)
        return results, failures

    def test_twenty_visitors_at_once_on_a_new_day_count_twenty(self, site_pages):
        item = make_library_item(site_pages["library"])

        results, failures = self.count_at_once(item, [f"{n:064d}" for n in range(20)])

        assert failures == []
        assert results == [True] * 20
        assert totals(item) == (0, 20)
        assert ItemUsageDay.objects.get(item=item).downloads == 20

    def test_one_visitor_from_five_threads_counts_once(self, site_pages):
        item = make_library_item(site_pages["library"])

        results, failures = self.count_at_once(item, ["f" * 64] * 5)

        assert failures == []
        assert sorted(results) == [False] * 4 + [True]
        assert totals(item) == (0, 1)


# --- The "Library usage" report in the admin


REPORT = "/admin/reports/library-usage/"


@pytest.fixture
def administrator():
    return member_of(roles.ADMINISTRATORS, preferred_language="en")


def use(item, day, views=0, downloads=0):
    for n in range(views):
        count_visit(item.pk, UsageKind.VIEW, f"v{n}-{day}", day)
    for n in range(downloads):
        count_visit(item.pk, UsageKind.DOWNLOAD, f"d{n}-{day}", day)


def rows(response):
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(response.content, "html.parser")
    return [[cell.get_text(" ", strip=True) for cell in row.find_all("td")] for row in soup.select("table tbody tr")]


class TestUsageReport:
    def test_administrators_see_each_item_with_the_last_30_days_and_all_time(self, client, library, administrator):
        popular = make_library_item(library, title="คู่มือยอดนิยม")
        quiet = make_library_item(library, title="รายงานเงียบ")
        use(popular, today(), views=3, downloads=2)
        use(popular, today() - datetime.timedelta(days=29), downloads=1)
        use(popular, today() - datetime.timedelta(days=30), views=5, downloads=4)
        use(quiet, today(), views=1)
        client.force_login(administrator)

        response = client.get(REPORT)

        assert response.status_code == 200
        assert rows(response) == [
            ["คู่มือยอดนิยม", "Manual or guide", "3", "3", "8", "7"],
            ["รายงานเงียบ", "Manual or guide", "1", "0", "1", "0"],
        ]
        page = response.content.decode()
        assert "4 views and 3 downloads" in page

    def test_a_date_range_chooses_the_period(self, client, library, administrator):
        item = make_library_item(library, title="คู่มือ")
        use(item, datetime.date(2026, 1, 10), views=2, downloads=1)
        use(item, datetime.date(2026, 2, 10), views=7)
        client.force_login(administrator)

        response = client.get(REPORT, {"start": "2026-01-01", "end": "2026-01-31"})

        assert rows(response)[0][2:] == ["2", "1", "9", "1"]

    def test_the_csv_has_a_byte_order_mark_and_the_thai_titles(self, client, library, administrator):
        item = make_library_item(library, title="=คู่มือสูตร")
        use(item, today(), views=2, downloads=1)
        client.force_login(administrator)

        response = client.get(REPORT, {"export": "csv"})

        assert response["Content-Type"] == "text/csv; charset=utf-8"
        assert response["Content-Disposition"].startswith('attachment; filename="library-usage-')
        content = response.content.decode("utf-8")
        assert content.startswith("\ufeffItem,Type,Views in the period")
        assert "'=คู่มือสูตร,Manual or guide,2,1,2,1" in content

    def test_each_item_shows_its_figures_day_by_day(self, client, library, administrator):
        item = make_library_item(library, title="คู่มือ")
        use(item, today(), views=2)
        use(item, today() - datetime.timedelta(days=3), downloads=4)
        client.force_login(administrator)

        response = client.get(f"{REPORT}{item.pk}/")

        assert response.status_code == 200
        assert [row[1:] for row in rows(response)] == [["2", "0"], ["0", "4"]]
        csv_text = client.get(f"{REPORT}{item.pk}/", {"export": "csv"}).content.decode("utf-8")
        assert csv_text.splitlines()[1] == f"{today().isoformat()},2,0"

    def test_the_listing_takes_the_same_queries_for_few_or_many_items(
        self, client, library, administrator, django_assert_max_num_queries
    ):
        client.force_login(administrator)
        for n in range(3):
            use(make_library_item(library, document=False, external_url=f"https://example.go.th/{n}"), today(), 1, 1)
        client.get(REPORT)  # warm caches (site root, permissions)

        with django_assert_max_num_queries(14) as few:
            client.get(REPORT)
        few_queries = len(few)  # now: the connection's query log is a window that moves on
        for n in range(3, 15):
            use(make_library_item(library, document=False, external_url=f"https://example.go.th/{n}"), today(), 1, 1)
        client.get(REPORT)  # publishing cleared the site's cached navigation
        with django_assert_max_num_queries(few_queries):
            response = client.get(REPORT)

        assert len(rows(response)) == 15

    def test_others_are_refused_and_see_no_menu_item(self, client, library, administrator):
        instructor = member_of(roles.INSTRUCTORS, preferred_language="en")
        item = make_library_item(library)

        client.force_login(instructor)
        assert client.get(REPORT).status_code in (302, 403)
        assert client.get(f"{REPORT}{item.pk}/").status_code in (302, 403)
        assert REPORT not in client.get("/admin/").content.decode()

        client.force_login(administrator)
        assert REPORT in client.get("/admin/").content.decode()
