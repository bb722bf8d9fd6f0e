"""KnownRestrictionsMixin: page types whose view restrictions the route cache already knows.

Wagtail checks the view restrictions of the page and its ancestors on every view (two queries,
in its ``on_serve_page`` hook). The route cache (routing.py) works out once per generation
whether any restriction applies to a page; when none does, it marks the page copy it serves,
and this method answers without asking the database. Everything else (the admin's privacy
views, copies, aliases, pages not served through the route cache) gets Wagtail's query.
"""

import functools


@functools.cache
def _no_restrictions():
    """One empty queryset, already evaluated: the hook's loop builds no query. Any method
    called on it (filter, order_by, exists) makes a new, still empty, queryset."""
    from wagtail.models import PageViewRestriction

    none = PageViewRestriction.objects.none()
    none._result_cache = []
    return none


class KnownRestrictionsMixin:
    def get_view_restrictions(self):
        if getattr(self, "_known_public", False):
            return _no_restrictions()
        return super().get_view_restrictions()
