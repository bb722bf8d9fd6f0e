"""Donors in the admin: found by name typed with or without diacritics, phone or tax code;
each donor's page shows their pledges and gifts (their history with the Fund)."""

from django.urls import path
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet

from donations import earmarks
from donations.models import Donor, Pledge, Receipt
from donations.services import change_donor_disclosure
from sitewide.admin_toolkit import ObjectActionView, VietnameseInspectMixin

from .receipt_actions import DisclosureForm


class DonorIndexView(generic.IndexView):
    def search_queryset(self, queryset):
        if not self.is_searching:
            return queryset
        return queryset.search_text(self.search_query)

    def get_base_queryset(self):
        return super().get_base_queryset().select_related("area")


class DonorInspectView(VietnameseInspectMixin, generic.InspectView):
    template_name = "donations/admin/donor_inspect.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["pledges"] = (
            Pledge.objects.filter(donor=self.object)
            .with_paid()
            .select_related("campaign", "earmark_area")
            .order_by("-pledged_on", "-id")
        )
        earmarked = [p for p in context["pledges"] if p.earmark_area_id]
        context["outcomes"] = list(earmarks.outcomes_by_pledge(earmarked).values())
        context["can_change_disclosure"] = self.request.user.has_perm("donations.change_donor")
        context["receipts"] = (
            Receipt.objects.filter(donor=self.object)
            .select_related("campaign", "reversal")
            .order_by("-received_at", "-id")[:200]
        )
        return context


class DonorDisclosureView(ObjectActionView):
    model = Donor
    form_class = DisclosureForm
    required_permissions = ("donations.change_donor",)
    page_title = _("Change how all of this donor's gifts are shown")
    success_message = _("Public display of every gift of %(object)s changed.")
    back_url_name = "donor:inspect"

    def get_initial(self):
        return {"disclosure": self.object.public_display}

    def perform(self, form):
        change_donor_disclosure(
            self.object,
            form.cleaned_data["disclosure"],
            user=self.request.user,
            reason=form.cleaned_data["reason"],
        )


class DonorViewSet(ModelViewSet):
    model = Donor
    icon = "user"
    menu_label = _("Donors")
    menu_order = 110
    index_view_class = DonorIndexView
    inspect_view_class = DonorInspectView
    inspect_view_enabled = True
    copy_view_enabled = False
    search_fields = ["name"]
    search_backend_name = None
    list_display = ["name", "kind", "phone", "tax_code", "area"]
    list_filter = ["kind", "public_display"]
    list_export = [
        "name", "get_kind_display", "organisation", "phone", "email", "address", "tax_code", "area",
    ]  # fmt: skip
    export_headings = {"get_kind_display": _("Kind")}
    export_filename = "nha-hao-tam"
    inspect_view_fields = [
        "kind",
        "name",
        "organisation",
        "phone",
        "email",
        "address",
        "tax_code",
        "area",
        "public_display",
        "note",
        "created_at",
    ]
    panels = [
        FieldRowPanel([FieldPanel("kind"), FieldPanel("public_display")]),
        FieldPanel("name"),
        FieldPanel("organisation"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("phone"), FieldPanel("email")]),
                FieldPanel("address"),
                FieldRowPanel([FieldPanel("tax_code"), FieldPanel("area")]),
            ],
            heading=_("Contact (Front staff only)"),
        ),
        FieldPanel("note"),
    ]

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("disclosure/<int:pk>/", DonorDisclosureView.as_view(), name="disclosure"),
        ]
