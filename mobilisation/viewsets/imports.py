"""Pledge imports in the admin: upload (read and checked, nothing written), the preview (each
row's donor: existing, or to be created), confirm (everything written at once), and the
template file to fill in."""

import datetime

from django import forms
from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView, View
from wagtail.admin.ui.tables import Column
from wagtail.admin.views import generic
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.model import ModelViewSet

from campaigns.models import CampaignPage
from donations.models import Donor, SupportType
from donations.reports.workbook import Sheet, xlsx_response
from mobilisation.models import Ceremony, PledgeImport
from mobilisation.scoping import campaigns_for, ceremonies_for, imports_for
from mobilisation.services.imports import (
    ImportRefused,
    confirm_import,
    headings,
    stage_import,
    template_rows,
)
from sitewide.admin_toolkit import RequirePermissionMixin
from sitewide.columns import DateTimeColumn, MoneyColumn
from sitewide.formatting import format_vnd
from sitewide.text import whole_number

IMPORT_PERMISSIONS = (
    "mobilisation.add_pledgeimport",
    "donations.add_pledge",
    "donations.add_donor",
)


class UploadForm(forms.Form):
    campaign = forms.ModelChoiceField(label=_("Campaign"), queryset=CampaignPage.objects.none())
    ceremony = forms.ModelChoiceField(
        label=_("Ceremony"),
        queryset=Ceremony.objects.none(),
        required=False,
        help_text=_("Leave empty for a list that came from elsewhere (a department, a letter)."),
    )
    file = forms.FileField(
        label=_("File (XLSX or CSV)"),
        help_text=_("One pledge per row, with the headings of the template."),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["campaign"].queryset = campaigns_for(user)
        self.fields["ceremony"].queryset = ceremonies_for(user)


class UploadView(RequirePermissionMixin, WagtailAdminTemplateMixin, FormView):
    required_permissions = IMPORT_PERMISSIONS
    template_name = "mobilisation/admin/import_upload.html"
    page_title = _("Import pledges")
    header_icon = "upload"
    form_class = UploadForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def get_initial(self):
        ceremony_id = whole_number(self.request.GET.get("ceremony"))
        ceremonies = ceremonies_for(self.request.user)
        ceremony = ceremonies.filter(pk=ceremony_id).first() if ceremony_id else None
        if ceremony is None:
            return {}
        return {"ceremony": ceremony, "campaign": ceremony.campaign}

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {
                "url": reverse("pledge_import:index"),
                "label": PledgeImport._meta.verbose_name_plural,
            },
            {"url": "", "label": self.get_page_title()},
        ]

    def form_valid(self, form):
        upload = form.cleaned_data["file"]
        try:
            staged = stage_import(
                data=upload.read(),
                filename=upload.name,
                campaign=form.cleaned_data["campaign"],
                ceremony=form.cleaned_data["ceremony"],
                user=self.request.user,
            )
        except ImportRefused as error:
            form.add_error("file", str(error))
            return self.form_invalid(form)
        return redirect("pledge_import:inspect", staged.pk)


class ConfirmView(RequirePermissionMixin, View):
    required_permissions = IMPORT_PERMISSIONS
    http_method_names = ["post"]

    def post(self, request, pk):
        staged = get_object_or_404(imports_for(request.user), pk=pk)
        try:
            pledges = confirm_import(staged, user=request.user)
        except ImportRefused as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request,
                _("%(count)s pledges imported, %(total)s in total.")
                % {"count": len(pledges), "total": format_vnd(sum(p.amount for p in pledges))},
            )
        return redirect("pledge_import:inspect", pk)


class TemplateFileView(RequirePermissionMixin, View):
    required_permissions = ("mobilisation.view_pledgeimport",)

    def get(self, request):
        widths = {"A": 42, "B": 18, "F": 24, "I": 22, "J": 26, "K": 36}
        sheet = Sheet(_("Pledges"), headings(), template_rows(), {4}, widths)
        return xlsx_response("mau-nhap-cam-ket.xlsx", [sheet])


class ImportInspectView(generic.InspectView):
    template_name = "mobilisation/admin/import_inspect.html"

    def get_object(self, queryset=None):
        """Refused without the permission to view imports, then found among the user's or 404."""
        if not self.request.user.has_perm("mobilisation.view_pledgeimport"):
            raise PermissionDenied
        return get_object_or_404(imports_for(self.request.user), pk=unquote(str(self.kwargs["pk"])))

    def get_fields_context(self):
        """None: the template shows the import its own way. Wagtail's default lists every field,
        the pledges among them by str() (a donor query each: 5000 for a full file)."""
        return []

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        rows = self.object.rows
        donors = Donor.objects.in_bulk({row["donor_id"] for row in rows if row["donor_id"]})
        context.update(
            rows=[
                {
                    **row,
                    "donor": donors.get(row["donor_id"]),
                    "due": datetime.date.fromisoformat(row["due_on"]) if row["due_on"] else None,
                    "earmark_type_label": SupportType(row["earmark_type"]).label
                    if row.get("earmark_type")
                    else "",
                }
                for row in rows
            ],
            new_donors=sum(1 for row in rows if not row["donor_id"] and not row["same_as"]),
            total=self.object.total,
            pledges=self.object.pledges.select_related("donor").order_by("pk"),
            can_confirm=(
                self.object.confirmed_at is None and self.request.user.has_perms(IMPORT_PERMISSIONS)
            ),
        )
        return context


class ImportIndexView(generic.IndexView):
    def get_base_queryset(self):
        return imports_for(self.request.user).select_related("campaign", "ceremony")

    def get_edit_url(self, instance):
        return reverse("pledge_import:inspect", args=[instance.pk])


class RowsColumn(Column):
    def get_value(self, instance):
        return len(instance.rows)


class TotalColumn(MoneyColumn):
    def get_value(self, instance):
        return format_vnd(instance.total)


class PledgeImportViewSet(ModelViewSet):
    model = PledgeImport
    name = "pledge_import"
    icon = "upload"
    menu_label = _("Pledge imports")
    menu_order = 200
    copy_view_enabled = False
    # Wagtail builds a form class even for views not mounted; this one is never shown.
    form_fields = ["filename"]
    inspect_view_enabled = True
    index_view_class = ImportIndexView
    inspect_view_class = ImportInspectView
    list_filter = ["campaign", "ceremony"]
    search_fields = ["filename"]
    search_backend_name = None
    list_display = [
        "filename",
        "campaign",
        "ceremony",
        RowsColumn("rows", label=_("Rows")),
        TotalColumn("total", label=_("Total")),
        DateTimeColumn("created_at", label=_("Uploaded at")),
        DateTimeColumn("confirmed_at", label=_("Confirmed at")),
    ]

    def get_urlpatterns(self):
        replaced = {"edit", "delete", "copy", "add", "history", "history_results", "usage"}
        kept = [p for p in super().get_urlpatterns() if p.name not in replaced]
        return [
            *kept,
            path("add/", UploadView.as_view(), name="add"),
            path("confirm/<int:pk>/", ConfirmView.as_view(), name="confirm"),
            path("template/", TemplateFileView.as_view(), name="template"),
        ]
