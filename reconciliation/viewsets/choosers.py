"""The donor chooser of the "attach to a donor" action: a modal searchable without diacritics
(Donor.objects.search_text), closed to everyone without permission to see donors."""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms.choosers import BaseFilterForm
from wagtail.admin.views.generic import chooser as chooser_views
from wagtail.admin.viewsets.chooser import ChooserViewSet

from donations.models import Donor

from .base import RequirePermissionMixin


class DonorSearchForm(BaseFilterForm):
    q = forms.CharField(
        label=_("Search term"),
        required=False,
        widget=forms.TextInput(attrs={"placeholder": _("Name, phone or tax code")}),
    )

    def filter(self, objects):
        query = (self.cleaned_data.get("q") or "").strip()
        if query:
            self.is_searching = True
            self.search_query = query
            objects = objects.search_text(query)
        return objects


class _Guarded(RequirePermissionMixin):
    required_permissions = ("donations.view_donor",)
    filter_form_class = DonorSearchForm

    def get_object_list(self):
        return Donor.objects.order_by("name_folded", "pk")


class ChooseView(_Guarded, chooser_views.ChooseView):
    pass


class ChooseResultsView(_Guarded, chooser_views.ChooseResultsView):
    pass


class ChosenView(_Guarded, chooser_views.ChosenView):
    pass


class ChosenMultipleView(_Guarded, chooser_views.ChosenMultipleView):
    pass


class CreateView(_Guarded, chooser_views.CreateView):
    pass


class DonorChooserViewSet(ChooserViewSet):
    model = Donor
    icon = "user"
    choose_one_text = _("Choose a donor")
    choose_another_text = _("Choose another donor")
    # The ledger registers its own donor chooser as the default widget for donor fields.
    register_widget = False
    choose_view_class = ChooseView
    choose_results_view_class = ChooseResultsView
    chosen_view_class = ChosenView
    chosen_multiple_view_class = ChosenMultipleView
    create_view_class = CreateView


donor_chooser_viewset = DonorChooserViewSet("reconciliation_donor_chooser")
