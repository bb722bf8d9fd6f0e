from django.core.paginator import Paginator
from django.http import HttpResponse, QueryDict
from django.shortcuts import render
from django.template.response import TemplateResponse
from django.utils.functional import SimpleLazyObject
from django.views.decorators.http import require_GET

from sitewide.search import MAX_QUERY_LENGTH, search_pages
from sitewide.site_address import absolute

SEARCH_RESULTS_PER_PAGE = 10


@require_GET
def search(request):
    """Accent-free search (sitewide.search); a bad page number shows the first or last page.

    The results are searched for only when the template renders them: search.html keeps the
    rendered list as a fragment under the site-wide generation (nothing but a publish changes
    what a query finds), so a query many readers type costs one search per publish.
    """
    raw_query = request.GET.get("q", "")[:MAX_QUERY_LENGTH]
    page_number = request.GET.get("page")
    results = SimpleLazyObject(
        lambda: Paginator(search_pages(raw_query), SEARCH_RESULTS_PER_PAGE).get_page(page_number)
    )
    params = QueryDict(mutable=True)
    params["q"] = raw_query
    return TemplateResponse(
        request,
        "search.html",
        {
            "query": raw_query,
            "page_number": page_number or "",
            "results": results,
            "search_params": params,
        },
    )


@require_GET
def robots_txt(request):
    sitemap_url = absolute("/sitemap.xml")
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /search/",
        "Disallow: /ung-ho/khoan-ung-ho/",
        f"Sitemap: {sitemap_url}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


@require_GET
def media(request, path):
    """A picture from MEDIA_ROOT, for a machine without object storage or a reverse proxy in
    front (settings.SERVE_MEDIA). Only the pictures' two folders are routed here: documents
    (served by Wagtail's view, which checks their privacy), statement uploads, stored exports
    and handover scans are never served from disk. django.views.static.serve also refuses any
    path that leads outside MEDIA_ROOT."""
    from django.conf import settings
    from django.views.static import serve

    response = serve(request, path, document_root=settings.MEDIA_ROOT)
    response["Cache-Control"] = "public, max-age=86400"
    response["X-Content-Type-Options"] = "nosniff"
    return response


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
