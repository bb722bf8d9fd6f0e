"""What every support screen shares: records looked up only among those the user may see
(support.scoping; another commune's record is "not found"), and actions on one object through a
service (sitewide.admin_toolkit.ObjectActionView) with the same scoping."""

from django.contrib.admin.utils import unquote
from django.shortcuts import get_object_or_404
from wagtail.admin.views import generic
from wagtail.admin.views.generic.history import HistoryView
from wagtail.admin.views.generic.usage import UsageView

from sitewide.admin_toolkit import ObjectActionView


class ScopedObjectMixin:
    """For Wagtail's edit, delete, inspect, history and usage views: the object comes from
    ``scope(user)``, so a record outside the user's funds or communes is a 404."""

    scope = None  # a function of the user returning a queryset

    def get_base_object_queryset(self):
        return type(self).scope(self.request.user)

    def get_object(self, queryset=None):
        return get_object_or_404(
            self.get_base_object_queryset(), pk=unquote(str(self.kwargs["pk"]))
        )


def scoped_views(scope):
    """Edit, delete, history and usage view classes looking objects up in scope."""
    attrs = {"scope": staticmethod(scope)}
    return {
        name: type(f"Scoped{base.__name__}", (ScopedObjectMixin, base), attrs)
        for name, base in (
            ("edit_view_class", generic.EditView),
            ("delete_view_class", generic.DeleteView),
            ("history_view_class", HistoryView),
            ("usage_view_class", UsageView),
        )
    }


class ScopedIndexView(generic.IndexView):
    scope = None

    def get_base_queryset(self):
        return type(self).scope(self.request.user)


class ScopedActionView(ObjectActionView):
    """An ObjectActionView whose object is looked up in ``scope(user)``."""

    scope = None

    def look_up(self):
        self.object = get_object_or_404(type(self).scope(self.request.user), pk=self.kwargs["pk"])
