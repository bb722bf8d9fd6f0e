"""Accent-insensitive search over the site's pages, whole phrase first.

Both sides are folded (sitewide.text.fold): the index holds a folded copy of each page's text
(TeaserMixin.folded_text, with the story's type, tags and place) and the query is folded
before it is sent, so "giam ngheo", "giảm nghèo" and "GIẢM NGHÈO" find the same pages on
SQLite and PostgreSQL alike.

Every word must match. Pages where the words stand together as typed come first: Wagtail's
database backend cannot boost a phrase inside one query on SQLite, so the phrase is asked
first (at most PHRASE_LIMIT pages, by relevance) and the other matches follow it by relevance,
the phrase pages left out. Each page of results is two indexed queries whatever the size.
"""

import re
from collections.abc import Sequence

from wagtail.models import Page
from wagtail.search.query import Phrase

from sitewide.text import fold

MAX_QUERY_LENGTH = 200
PHRASE_LIMIT = 100
# Anything but letters, digits and spaces. The index splits words at punctuation anyway, and
# SQLite's full-text engine reads some of it as query syntax ("xss-2" made it look for a column
# named 2 and fail with a 500), so the query keeps words only.
NOT_A_WORD = re.compile(r"[^\w\s]+")


def clean_query(raw):
    folded = fold(raw or "")[:MAX_QUERY_LENGTH]
    return " ".join(NOT_A_WORD.sub(" ", folded).split())


class PhraseFirst(Sequence):
    """Phrase matches, then every other page with all the words; sliced by the paginator."""

    def __init__(self, pages, query):
        self.phrase = list(pages.search(Phrase(query))[:PHRASE_LIMIT])
        ids = [page.pk for page in self.phrase]
        self.rest = pages.exclude(pk__in=ids).search(query, operator="and")
        self._count = None

    def __len__(self):
        if self._count is None:
            self._count = len(self.phrase) + self.rest.count()
        return self._count

    def __getitem__(self, index):
        if not isinstance(index, slice):
            return self[index : index + 1][0]
        start, stop, _step = index.indices(len(self))
        head = self.phrase[start:stop]
        offset = max(start - len(self.phrase), 0)
        wanted = stop - start - len(head)
        tail = list(self.rest[offset : offset + wanted]) if wanted > 0 else []
        return head + tail


def search_pages(raw_query):
    """Live public pages matching every word of the query, whole phrase first; an empty
    query finds nothing."""
    query = clean_query(raw_query)
    pages = Page.objects.live().public().specific()
    if not query:
        return Page.objects.none()
    if " " not in query:
        return pages.search(query, operator="and")
    return PhraseFirst(pages, query)
