from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.template.response import TemplateResponse
from django.views.decorators.http import require_GET

from sitewide.search import clean_query, search_pages

SEARCH_RESULTS_PER_PAGE = 10


@require_GET
def search(request):
    raw_query = request.GET.get("q", "")
    results = search_pages(raw_query)
    paginator = Paginator(results, SEARCH_RESULTS_PER_PAGE)
    try:
        page = paginator.page(request.GET.get("page", 1))
    except PageNotAnInteger:
        page = paginator.page(1)
    except EmptyPage:
        page = paginator.page(paginator.num_pages)
    return TemplateResponse(
        request,
        "search.html",
        {"query": raw_query[:200], "folded_query": clean_query(raw_query), "results": page},
    )


@require_GET
def robots_txt(request):
    sitemap_url = request.build_absolute_uri("/sitemap.xml")
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /search/",
        f"Sitemap: {sitemap_url}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


def server_error(request):
    """The 500 page, rendered without a request context: the error may be the database.

    If even that template fails (a missing static manifest, a broken template), a plain page
    still tells the reader in Vietnamese what happened instead of an empty response.
    """
    from django.template import loader
    from django.utils.html import escape
    from django.utils.translation import gettext

    try:
        html = loader.get_template("500.html").render()
    except Exception:  # the error page itself must never fail
        html = (
            '<!DOCTYPE html><html lang="vi"><meta charset="utf-8">'
            f"<title>{escape(gettext('Something went wrong'))}</title>"
            f"<h1>{escape(gettext('Something went wrong'))}</h1>"
        )
    return HttpResponse(html, status=500)
