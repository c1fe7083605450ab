"""The seminar index (``/seminars/``): session cards, upcoming or past, filters, the month calendar,
its query count, and the home page's seminar section."""

import datetime
import io

import pytest
from bs4 import BeautifulSoup
from django.core.cache import cache
from django.core.files.images import ImageFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from PIL import Image as PILImage
from wagtail.images import get_image_model
from wagtail.models import PageViewRestriction

from courses.models import Audience, Registration, RegistrationStatus, SeminarFormat
from courses.services import seminars as service
from tests.factories import CivilServantFactory, UserFactory, make_seminar

pytestmark = pytest.mark.django_db

BANGKOK = datetime.timezone(datetime.timedelta(hours=7))


@pytest.fixture
def seminar_index(site_pages):
    return site_pages["seminars"]


@pytest.fixture
def english(client):
    client.cookies["lms_language"] = "en"
    return client


def soup_of(response):
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def card_titles(response):
    return [a.get_text(strip=True) for a in soup_of(response).select(".seminar-card .card__link")]


def at(days, hour=9):
    """A moment ``days`` from today at ``hour``:00 Bangkok time."""
    today = timezone.localtime().replace(hour=hour, minute=0, second=0, microsecond=0)
    return today + datetime.timedelta(days=days)


def session_at(starts, hours=3, **fields):
    return {"starts_at": starts, "ends_at": starts + datetime.timedelta(hours=hours), **fields}


def month_of(moment):
    moment = timezone.localtime(moment)
    return f"{moment.year:04d}-{moment.month:02d}"


class TestListing:
    def test_upcoming_sessions_are_listed_soonest_first_and_past_ones_only_on_request(self, english, seminar_index):
        make_seminar(seminar_index, title="Later", sessions=[session_at(at(20))])
        make_seminar(seminar_index, title="Sooner", sessions=[session_at(at(3))])
        make_seminar(seminar_index, title="Last month", sessions=[session_at(at(-30))])
        make_seminar(seminar_index, title="Last week", sessions=[session_at(at(-7))])

        assert card_titles(english.get("/seminars/")) == ["Sooner", "Later"]
        assert card_titles(english.get("/seminars/?when=past")) == ["Last week", "Last month"]

    def test_each_session_of_a_seminar_has_its_own_card_with_its_date_place_and_seats(self, english, seminar_index):
        seminar = make_seminar(
            seminar_index,
            title="Digital government",
            audience=Audience.STAFF,
            sessions=[session_at(at(5), capacity=2), session_at(at(12), venue_name="", venue_address="")],
        )
        first, second = seminar.sessions.order_by("starts_at")
        service.register(first, CivilServantFactory())

        cards = soup_of(english.get("/seminars/")).select(".seminar-card")

        assert [card["data-session-id"] for card in cards] == [str(first.pk), str(second.pk)]
        facts = {
            card["data-session-id"]: {dd["data-fact"]: dd.get_text(" ", strip=True) for dd in card.select("dd")}
            for card in cards
        }
        assert facts[str(first.pk)]["seats"] == "1 seat left of 2"
        assert facts[str(first.pk)]["venue"] == "ห้องประชุม 1 สำนักงาน ก.พ."
        assert facts[str(first.pk)]["audience"] == "Civil servants and state-enterprise staff"
        assert facts[str(first.pk)]["format"] == "On site"
        assert facts[str(second.pk)]["venue"] == "Online"
        when = timezone.localtime(first.starts_at)
        assert cards[0].find("time").get_text() == f"{when.day} {when:%B} {when.year}, 09:00–12:00"
        assert cards[0].find("a")["href"] == seminar.url

    def test_dates_are_in_the_buddhist_era_in_thai(self, client, seminar_index):
        make_seminar(seminar_index, sessions=[session_at(at(5))])

        text = soup_of(client.get("/seminars/")).select_one(".seminar-card time").get_text()

        starts = at(5)
        assert text.startswith(f"{starts.day} ")
        assert f"{starts.year + 543}, 09:00–12:00 น." in text

    def test_a_full_session_says_so_and_a_cancelled_one_is_marked(self, english, seminar_index):
        full = make_seminar(seminar_index, title="Full", sessions=[session_at(at(2), capacity=1)])
        service.register(full.sessions.get(), UserFactory())
        cancelled = make_seminar(seminar_index, title="Called off", sessions=[session_at(at(4))])
        service.cancel_session(cancelled.sessions.get(), "The speaker is ill.")

        cards = soup_of(english.get("/seminars/")).select(".seminar-card")

        assert cards[0].select_one('[data-fact="seats"]').get_text(strip=True) == "Full — waitlist open"
        assert "seminar-card--cancelled" in cards[1]["class"]
        assert cards[1].select_one(".badge--cancelled").get_text(strip=True) == "Cancelled"
        assert not cards[1].select_one('[data-fact="seats"]')

    def test_drafts_private_seminars_and_pages_elsewhere_are_not_listed(self, english, site_pages, seminar_index):
        make_seminar(seminar_index, title="Public")
        make_seminar(seminar_index, title="Draft", publish=False)
        private = make_seminar(seminar_index, title="Private")
        PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)

        assert card_titles(english.get("/seminars/")) == ["Public"]

    def test_twelve_sessions_to_a_page(self, english, seminar_index):
        make_seminar(seminar_index, sessions=13)

        first = soup_of(english.get("/seminars/"))
        second = soup_of(english.get("/seminars/?page=2"))

        assert len(first.select(".seminar-card")) == 12
        assert "13 upcoming sessions" in first.find(class_="result-count").get_text()
        assert first.find("nav", class_="pagination").find("a", rel="next")["href"] == "?page=2"
        assert len(second.select(".seminar-card")) == 1

    def test_an_index_without_seminars_says_there_are_none_yet(self, english, seminar_index):
        soup = soup_of(english.get("/seminars/"))

        assert "No seminars yet." in soup.find(class_="empty-state").get_text()
        assert not soup.find("form", class_="seminar-filters")

    def test_with_only_past_sessions_the_empty_upcoming_list_points_to_them(self, english, seminar_index):
        make_seminar(seminar_index, sessions=[session_at(at(-3))])

        empty = soup_of(english.get("/seminars/")).find(class_="empty-state")

        assert "No upcoming seminars at the moment." in empty.get_text()
        assert empty.find("a")["href"] == "/seminars/?when=past"


class TestFilters:
    def test_the_month_filter_offers_the_months_with_sessions_and_keeps_one_month(self, english, seminar_index):
        soon, later = at(3), at(70)
        make_seminar(seminar_index, title="Soon", sessions=[session_at(soon)])
        make_seminar(seminar_index, title="Later", sessions=[session_at(later)])

        response = english.get(f"/seminars/?month={month_of(later)}")

        assert card_titles(response) == ["Later"]
        options = [option["value"] for option in soup_of(response).select("#seminar-filter-month option")]
        assert options == ["", month_of(soon), month_of(later)]
        selected = soup_of(response).select_one("#seminar-filter-month option[selected]")
        assert selected["value"] == month_of(later)
        assert selected.get_text() == f"{timezone.localtime(later):%B %Y}"

    def test_month_names_in_the_filter_are_thai_with_buddhist_years_in_thai(self, client, seminar_index):
        starts = at(3)
        make_seminar(seminar_index, sessions=[session_at(starts)])

        option = soup_of(client.get("/seminars/")).select("#seminar-filter-month option")[1]

        assert option.get_text().endswith(str(starts.year + 543))

    def test_the_format_filter_keeps_seminars_of_that_format(self, english, seminar_index):
        make_seminar(seminar_index, title="In the room", format=SeminarFormat.ON_SITE)
        make_seminar(seminar_index, title="On the screen", format=SeminarFormat.ONLINE)

        assert card_titles(english.get("/seminars/?format=online")) == ["On the screen"]

    def test_the_audience_filter_keeps_seminars_for_that_audience(self, english, seminar_index):
        make_seminar(seminar_index, title="For all", audience=Audience.EVERYONE)
        make_seminar(seminar_index, title="For staff", audience=Audience.STAFF)

        assert card_titles(english.get("/seminars/?audience=staff")) == ["For staff"]

    def test_filters_combine_with_past_sessions(self, english, seminar_index):
        make_seminar(seminar_index, title="Past online", format=SeminarFormat.ONLINE, sessions=[session_at(at(-5))])
        make_seminar(seminar_index, title="Past on site", sessions=[session_at(at(-5))])
        make_seminar(seminar_index, title="Upcoming online", format=SeminarFormat.ONLINE)

        assert card_titles(english.get("/seminars/?when=past&format=online")) == ["Past online"]

    @pytest.mark.parametrize(
        "query",
        [
            "?month=2026-13",
            "?month=december",
            "?month=1850-01",
            "?format=video",
            "?audience=aliens",
            "?when=someday",
            "?view=3d",
        ],
    )
    def test_an_invalid_filter_value_is_left_out_with_a_message(self, english, seminar_index, query):
        make_seminar(seminar_index, title="Still listed")

        response = english.get("/seminars/" + query)

        assert card_titles(response) == ["Still listed"]
        notice = soup_of(response).select_one(".seminar-filters__ignored")
        assert "was not understood and was left out" in notice.get_text()

    def test_a_filter_that_matches_nothing_says_so(self, english, seminar_index):
        make_seminar(seminar_index, format=SeminarFormat.ON_SITE)

        soup = soup_of(english.get("/seminars/?format=hybrid"))

        assert "No session matches these filters." in soup.find(class_="empty-state").get_text()
        assert soup.find("meta", attrs={"name": "robots"})["content"] == "noindex, follow"


class TestMonthCalendar:
    def test_a_session_is_listed_on_its_day_in_a_monday_first_grid(self, english, seminar_index):
        # 14 March 2030 is a Thursday.
        starts = datetime.datetime(2030, 3, 14, 10, 0, tzinfo=BANGKOK)
        seminar = make_seminar(seminar_index, title="Thursday talk", sessions=[session_at(starts)])

        soup = soup_of(english.get("/seminars/?view=calendar&month=2030-03"))

        table = soup.select_one("table.seminar-calendar__table")
        headers = [th.select_one(".seminar-calendar__weekday-long").get_text() for th in table.select("thead th")]
        assert headers == ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
        assert all(th["scope"] == "col" for th in table.select("thead th"))
        cell = table.select_one('td[data-date="2030-03-14"]')
        assert cell.find_parent("tr").find_all("td").index(cell) == 3
        link = cell.select_one(".seminar-calendar__session a")
        assert link["href"] == f"{seminar.url}#session-{seminar.sessions.get().pk}"
        assert link.get_text(" ", strip=True) == "10:00 Thursday talk"
        assert not table.select_one('td[data-date="2030-03-13"] .seminar-calendar__session')
        assert soup.select_one(".seminar-calendar__title").get_text() == "March 2030"
        # March 2030 begins on a Friday: the first row starts with four days of February, left blank.
        first_row = table.select("tbody tr")[0].find_all("td")
        assert [("seminar-calendar__day--outside" in td["class"]) for td in first_row[:5]] == [True] * 4 + [False]

    def test_the_calendar_names_days_and_months_in_thai_with_buddhist_years(self, client, seminar_index):
        make_seminar(seminar_index, sessions=[session_at(datetime.datetime(2030, 3, 14, 10, 0, tzinfo=BANGKOK))])

        soup = soup_of(client.get("/seminars/?view=calendar&month=2030-03"))

        headers = [th.select_one(".seminar-calendar__weekday-long").get_text() for th in soup.select("thead th")]
        assert headers[0] == "วันจันทร์" and headers[6] == "วันอาทิตย์"
        assert soup.select_one(".seminar-calendar__title").get_text() == "มีนาคม 2573"
        assert soup.select_one('td[data-date="2030-03-14"] time').get_text() == "10:00 น."

    def test_previous_and_next_month_links_keep_the_other_filters(self, english, seminar_index):
        make_seminar(seminar_index)

        soup = soup_of(english.get("/seminars/?view=calendar&month=2030-01&format=online"))

        previous = soup.select_one('.seminar-calendar__nav a[rel="prev"]')["href"]
        following = soup.select_one('.seminar-calendar__nav a[rel="next"]')["href"]
        assert previous == "?view=calendar&month=2029-12&format=online"
        assert following == "?view=calendar&month=2030-02&format=online"

    def test_the_list_and_calendar_links_switch_between_the_views(self, english, seminar_index):
        make_seminar(seminar_index)

        soup = soup_of(english.get("/seminars/?view=calendar"))

        links = {a.get_text(): a["href"] for a in soup.select(".seminar-views__link")}
        assert links == {"List": "/seminars/", "Month calendar": "/seminars/?view=calendar"}
        assert soup.select_one('.seminar-views__link[aria-current="page"]').get_text() == "Month calendar"

    def test_without_a_month_the_calendar_shows_this_month(self, english, seminar_index):
        make_seminar(seminar_index)
        today = timezone.localdate()

        soup = soup_of(english.get("/seminars/?view=calendar"))

        assert soup.select_one(".seminar-calendar__title").get_text() == f"{today:%B} {today.year}"
        assert soup.select_one(f'td[data-date="{today:%Y-%m-%d}"] [aria-current="date"]')

    def test_a_cancelled_session_is_marked_in_the_calendar(self, english, seminar_index):
        seminar = make_seminar(seminar_index, sessions=[session_at(at(1))])
        session = seminar.sessions.get()
        service.cancel_session(session, "Flooding.")

        soup = soup_of(english.get(f"/seminars/?view=calendar&month={month_of(session.starts_at)}"))

        entry = soup.select_one(".seminar-calendar__session--cancelled")
        assert "Cancelled" in entry.get_text()


def cover_image(n):
    buffer = io.BytesIO()
    PILImage.new("RGB", (64, 36), (n % 256, 48, 95)).save(buffer, "PNG")
    return get_image_model().objects.create(title=f"ภาพปก {n}", file=ImageFile(buffer, name=f"cover-{n}.png"))


def add_seminars(index, count, start=0):
    """Seminars like real ones: a cover, a past or upcoming session and a later one, registrations."""
    people = UserFactory.create_batch(2)
    for n in range(start, start + count):
        seminar = make_seminar(
            index,
            title=f"สัมมนา {n:03d}",
            cover_image=cover_image(n),
            format=SeminarFormat.ONLINE if n % 2 else SeminarFormat.ON_SITE,
            sessions=[
                session_at(at(-1 - n % 20) if n % 2 else at(1 + n % 20)),
                session_at(at(25 + n % 20), capacity=1),
            ],
        )
        for session in seminar.sessions.all():
            for person in people[: n % 3]:
                Registration.objects.create(session=session, user=person, status=RegistrationStatus.CONFIRMED)


def queries_for(client, url):
    client.get(url)  # makes the cover renditions, as the first visitor would
    cache.clear()
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize(
    "query_string",
    ["", "?format=online", "?when=past", f"?month={month_of(at(25))}", "?view=calendar", "?page=2"],
    ids=["upcoming", "format", "past", "month", "calendar", "page-2"],
)
def test_the_index_makes_as_many_queries_for_30_seminars_as_for_3(
    client, seminar_index, django_assert_max_num_queries, query_string
):
    url = "/seminars/" + query_string
    add_seminars(seminar_index, 3)
    with_three = queries_for(client, url)
    add_seminars(seminar_index, 27, start=3)

    client.get(url)
    cache.clear()
    with django_assert_max_num_queries(with_three):
        response = client.get(url)

    if query_string in ("", "?format=online", "?page=2"):
        assert len(response.context["items"]) == 12


class TestHomePage:
    def test_the_home_page_shows_the_seminars_with_the_soonest_sessions_once_each(self, english, seminar_index):
        make_seminar(seminar_index, title="Past", sessions=[session_at(at(-2))])
        make_seminar(seminar_index, title="Third", sessions=[session_at(at(9))])
        make_seminar(
            seminar_index, title="First", summary="Opening talk", sessions=[session_at(at(1)), session_at(at(2))]
        )
        make_seminar(seminar_index, title="Second", sessions=[session_at(at(-1)), session_at(at(5))])
        make_seminar(seminar_index, title="Fourth", sessions=[session_at(at(30))])
        called_off = make_seminar(seminar_index, title="Called off", sessions=[session_at(at(1))])
        service.cancel_session(called_off.sessions.get(), "No speaker.")

        section = soup_of(english.get("/")).find(class_="home-section--seminars")

        assert [a.get_text(strip=True) for a in section.select(".card a")] == ["First", "Second", "Third"]
        assert "Opening talk" in section.find(class_="card").get_text()

    def test_the_home_page_makes_as_many_queries_with_30_seminars_as_with_3(
        self, client, seminar_index, django_assert_max_num_queries
    ):
        add_seminars(seminar_index, 3)
        with_three = queries_for(client, "/")
        add_seminars(seminar_index, 27, start=3)

        client.get("/")
        with django_assert_max_num_queries(with_three):
            response = client.get("/")
        seminars = next(section for section in response.context["sections"] if section["key"] == "seminars")
        assert len(seminars["items"]) == 3
