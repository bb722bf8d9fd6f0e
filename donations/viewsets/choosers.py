"""Modal choosers for donors and pledges, searchable without diacritics, Front staff only
(sitewide.admin_toolkit.PermissionCheckedChooserViewSet)."""

from django.utils.translation import gettext_lazy as _

from donations.models import Donor, Pledge
from sitewide.admin_toolkit import FoldedSearchForm, PermissionCheckedChooserViewSet


class LedgerSearchForm(FoldedSearchForm):
    placeholder = _("Name, phone, tax code or code")


class DonorChooserViewSet(PermissionCheckedChooserViewSet):
    model = Donor
    icon = "user"
    required_permissions = ("donations.view_donor",)
    search_form_class = LedgerSearchForm
    choose_one_text = _("Choose a donor")
    choose_another_text = _("Choose another donor")


class PledgeChooserViewSet(PermissionCheckedChooserViewSet):
    model = Pledge
    icon = "list-ul"
    required_permissions = ("donations.view_pledge",)
    search_form_class = LedgerSearchForm
    choose_one_text = _("Choose a pledge")
    choose_another_text = _("Choose another pledge")

    def get_object_list(self):
        return Pledge.objects.active().select_related("donor", "campaign")


donor_chooser_viewset = DonorChooserViewSet("donor_chooser")
pledge_chooser_viewset = PledgeChooserViewSet("pledge_chooser")
