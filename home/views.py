"""The site-wide search page: live pages, Thai segmented on both sides."""

from django.shortcuts import render
from wagtail.models import Page

from home.index_pages import paginate
from lms.search import prepare_query

MAX_QUERY_LENGTH = 200
RESULTS_PER_PAGE = 10


def search(request):
    """Search the live, public pages; every word of the query must match.

    The query is segmented like the index (``lms.search.prepare_query``), so a Thai
    word is found inside a run of Thai text.
    """
    query = (request.GET.get("q") or "").strip()[:MAX_QUERY_LENGTH]
    results = Page.objects.none()
    if query:
        results = Page.objects.live().public().specific().search(prepare_query(query), operator="and")
    context = {"query": query, "results": paginate(request, results, RESULTS_PER_PAGE)}
    return render(request, "home/search.html", context)
