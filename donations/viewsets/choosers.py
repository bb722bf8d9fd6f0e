"""Modal choosers for donors and pledges, searchable without diacritics, Front staff only."""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms.choosers import BaseFilterForm
from wagtail.admin.views.generic import chooser as chooser_views
from wagtail.admin.viewsets.chooser import ChooserViewSet

from donations.models import Donor, Pledge

from .base import RequirePermissionMixin


class FoldedSearchForm(BaseFilterForm):
    q = forms.CharField(
        label=_("Search term"),
        required=False,
        widget=forms.TextInput(attrs={"placeholder": _("Name, phone, tax code or code")}),
    )

    def filter(self, objects):
        query = (self.cleaned_data.get("q") or "").strip()
        if query:
            self.is_searching = True
            self.search_query = query
            objects = objects.search_text(query)
        return objects


def _guarded(view_class):
    return type(view_class.__name__, (RequirePermissionMixin, view_class), {})


class LedgerChooserViewSet(ChooserViewSet):
    required_permission = None
    choose_view_class = _guarded(chooser_views.ChooseView)
    choose_results_view_class = _guarded(chooser_views.ChooseResultsView)
    chosen_view_class = _guarded(chooser_views.ChosenView)
    chosen_multiple_view_class = _guarded(chooser_views.ChosenMultipleView)
    create_view_class = _guarded(chooser_views.CreateView)

    def get_common_view_kwargs(self, **kwargs):
        return super().get_common_view_kwargs(
            required_permission=self.required_permission, **kwargs
        )

    @property
    def choose_view(self):
        return self.construct_view(
            self.inject_view_methods(self.choose_view_class, ["get_object_list"]),
            icon=self.icon,
            page_title=self.page_title,
            search_tab_label=self.search_tab_label,
            creation_tab_label=self.creation_tab_label,
            filter_form_class=FoldedSearchForm,
        )

    @property
    def choose_results_view(self):
        return self.construct_view(
            self.inject_view_methods(self.choose_results_view_class, ["get_object_list"]),
            filter_form_class=FoldedSearchForm,
        )


class DonorChooserViewSet(LedgerChooserViewSet):
    model = Donor
    icon = "user"
    required_permission = "donations.view_donor"
    choose_one_text = _("Choose a donor")
    choose_another_text = _("Choose another donor")


class PledgeChooserViewSet(LedgerChooserViewSet):
    model = Pledge
    icon = "list-ul"
    required_permission = "donations.view_pledge"
    choose_one_text = _("Choose a pledge")
    choose_another_text = _("Choose another pledge")

    def get_object_list(self):
        return Pledge.objects.active().select_related("donor", "campaign")


donor_chooser_viewset = DonorChooserViewSet("donor_chooser")
pledge_chooser_viewset = PledgeChooserViewSet("pledge_chooser")
