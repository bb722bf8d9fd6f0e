"""The search backend: Wagtail's database backend, folding every query on pages.

Pages are indexed with folded copies of their text (FoldedPageMixin.folded_title for
autocompletion, TeaserMixin.folded_text for search), so a folded query finds "Nhà Đại đoàn
kết" from "nha dai doan ket" or from the words as written. The public search folds its query
itself (sitewide.search); the admin's page search, its explorer and the page chooser send the
query as typed, hence this backend. Queries on other models (images, documents, snippets) go
as typed: their index holds no folded copy.
"""

from wagtail.models import Page
from wagtail.search.backends.database import SearchBackend as database_backend
from wagtail.search.query import And, Boost, Not, Or, Phrase, PlainText

from sitewide.text import fold


def fold_query(query):
    """The same query with its words folded: a string, or Wagtail's query objects."""
    if isinstance(query, str):
        return fold(query)
    if isinstance(query, PlainText):
        return PlainText(fold(query.query_string), operator=query.operator, boost=query.boost)
    if isinstance(query, Phrase):
        return Phrase(fold(query.query_string))
    if isinstance(query, (And, Or)):
        return type(query)([fold_query(subquery) for subquery in query.subqueries])
    if isinstance(query, Not):
        return Not(fold_query(query.subquery))
    if isinstance(query, Boost):
        return Boost(fold_query(query.subquery), query.boost)
    return query  # MatchAll, and anything else, as it is


def _on_pages(model_or_queryset):
    model = getattr(model_or_queryset, "model", model_or_queryset)
    return isinstance(model, type) and issubclass(model, Page)


class FoldPageQueries:
    def search(self, query, model_or_queryset, *args, **kwargs):
        if _on_pages(model_or_queryset):
            query = fold_query(query)
        return super().search(query, model_or_queryset, *args, **kwargs)

    def autocomplete(self, query, model_or_queryset, *args, **kwargs):
        if _on_pages(model_or_queryset):
            query = fold_query(query)
        return super().autocomplete(query, model_or_queryset, *args, **kwargs)


_classes = {}


def SearchBackend(params):  # noqa: N802 - the name Wagtail looks up in a backend module
    """Wagtail's database backend for this database (SQLite, PostgreSQL…), folding queries."""
    backend = database_backend(params)
    base = type(backend)
    if base not in _classes:
        _classes[base] = type(f"Folding{base.__name__}", (FoldPageQueries, base), {})
    return _classes[base](params)
