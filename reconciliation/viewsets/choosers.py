"""The donor chooser of the "attach to a donor" action: the ledger's donor chooser (closed to
everyone without permission to see donors, searchable without diacritics) with its own search
hint and donors in name order."""

from django.utils.translation import gettext_lazy as _

from donations.models import Donor
from donations.viewsets.choosers import DonorChooserViewSet as LedgerDonorChooserViewSet
from sitewide.admin_toolkit import FoldedSearchForm


class DonorSearchForm(FoldedSearchForm):
    placeholder = _("Name, phone or tax code")


class DonorChooserViewSet(LedgerDonorChooserViewSet):
    search_form_class = DonorSearchForm
    # The ledger registers its own donor chooser as the default widget for donor fields.
    register_widget = False

    def get_object_list(self):
        return Donor.objects.order_by("name_folded", "pk")


donor_chooser_viewset = DonorChooserViewSet("reconciliation_donor_chooser")
