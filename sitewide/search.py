"""Accent-insensitive search over the site's pages.

Both sides are folded (sitewide.text.fold): the index holds a folded copy of each page's text
(TeaserMixin.folded_text) and the query is folded before it is sent, so "giam ngheo",
"giảm nghèo" and "GIẢM NGHÈO" find the same pages on SQLite and PostgreSQL alike.
"""

from wagtail.models import Page

from sitewide.text import fold

MAX_QUERY_LENGTH = 200


def clean_query(raw):
    return fold(raw or "")[:MAX_QUERY_LENGTH].strip()


def search_pages(raw_query):
    """Live public pages matching the query, best first; an empty query finds nothing."""
    query = clean_query(raw_query)
    if not query:
        return Page.objects.none()
    return Page.objects.live().public().specific().search(query, operator="and")
