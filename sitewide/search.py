"""Accent-insensitive search over the site's pages, whole phrase first.

Both sides are folded (sitewide.text.fold): the index holds a folded copy of each page's text
(TeaserMixin.folded_text, with the story's type, tags and place) and the query is folded
before it is sent, so "giam ngheo", "giảm nghèo" and "GIẢM NGHÈO" find the same pages on
SQLite and PostgreSQL alike.

Every word must match. Pages where the words stand together as typed come first: Wagtail's
database backend cannot boost a phrase inside one query on SQLite, so the phrase is asked
(at most PHRASE_LIMIT pages, by relevance) and the other matches follow it by relevance, the
phrase pages left out. The count of pages with every word is asked first: a page with the
phrase has every word (neither database drops a word: PostgreSQL's vn_unaccent is `simple`
without stop words), so it is also the count of the results, and when it is 0 nothing else is
asked. A query that finds nothing, as most never-asked ones do, is one indexed query; a page
of results is three (count, phrase, the rest of the page) whatever the size. The view
restrictions come from the process's memory (sitewide.caching.restrictions), not a query.
"""

import re
from collections.abc import Sequence

from wagtail.models import Page
from wagtail.search.query import Phrase

from sitewide.caching import restrictions
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
    """Phrase matches, then every other page with all the words; sliced by the paginator.

    Nothing is asked before the paginator counts (the count first, see the module)."""

    def __init__(self, pages, query):
        self.pages = pages
        self.query = query
        self._count = None
        self._phrase = None
        self._rest = None

    def __len__(self):
        if self._count is None:
            # Unordered: the count needs no relevance score.
            every_word = self.pages.search(self.query, operator="and", order_by_relevance=False)
            self._count = every_word.count()
        return self._count

    @property
    def phrase(self):
        if self._phrase is None:
            found = self.pages.search(Phrase(self.query))[:PHRASE_LIMIT] if len(self) else ()
            self._phrase = list(found)
        return self._phrase

    @property
    def rest(self):
        if self._rest is None:
            ids = [page.pk for page in self.phrase]
            self._rest = self.pages.exclude(pk__in=ids).search(self.query, operator="and")
        return self._rest

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
    if not query:
        return Page.objects.none()
    pages = restrictions.public(Page.objects.live()).specific()
    if " " not in query:
        return pages.search(query, operator="and")
    return PhraseFirst(pages, query)
