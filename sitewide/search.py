"""Accent-insensitive search over the site's pages.

Both sides are folded (sitewide.text.fold): the index holds a folded copy of each page's text
(TeaserMixin.folded_text) and the query is folded before it is sent, so "giam ngheo",
"giảm nghèo" and "GIẢM NGHÈO" find the same pages on SQLite and PostgreSQL alike.
"""

import re

from wagtail.models import Page

from sitewide.text import fold

MAX_QUERY_LENGTH = 200
# Anything but letters, digits and spaces. The index splits words at punctuation anyway, and
# SQLite's full-text engine reads some of it as query syntax ("xss-2" made it look for a column
# named 2 and fail with a 500), so the query keeps words only.
NOT_A_WORD = re.compile(r"[^\w\s]+")


def clean_query(raw):
    folded = fold(raw or "")[:MAX_QUERY_LENGTH]
    return " ".join(NOT_A_WORD.sub(" ", folded).split())


def search_pages(raw_query):
    """Live public pages matching the query, best first; an empty query finds nothing."""
    query = clean_query(raw_query)
    if not query:
        return Page.objects.none()
    return Page.objects.live().public().specific().search(query, operator="and")
