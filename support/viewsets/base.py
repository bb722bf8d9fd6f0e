"""What every support screen shares: records looked up only among those the user may see
(support.scoping; another commune's record is "not found"), and actions on one object through a
service (sitewide.admin_toolkit.ObjectActionView) with the same scoping."""

from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
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
        """Refused (403) without the permission to view such records at all, before anything
        is looked up; then found in the user's scope or 404."""
        opts = self.model._meta
        if not self.request.user.has_perm(f"{opts.app_label}.view_{opts.model_name}"):
            raise PermissionDenied
        return get_object_or_404(
            self.get_base_object_queryset(), pk=unquote(str(self.kwargs["pk"]))
        )


class ViewableHistoryView(HistoryView):
    """A record's history, for whoever may view the record (houses and decisions are never
    changed through Wagtail's edit view, whose permission the history asks by default)."""

    permission_required = None
    any_permission_required = ["view"]


def scoped_views(scope):
    """Edit, delete, history and usage view classes looking objects up in scope."""
    attrs = {"scope": staticmethod(scope)}
    return {
        name: type(f"Scoped{base.__name__}", (ScopedObjectMixin, base), attrs)
        for name, base in (
            ("edit_view_class", generic.EditView),
            ("delete_view_class", generic.DeleteView),
            ("history_view_class", ViewableHistoryView),
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
