"""Beneficiary households in the admin: found by the head's name typed with or without
diacritics (or a CCCD), filtered by commune and category; each household's page shows its
private details (Front staff only: the whole viewset needs support.view_beneficiary, which only
the Front staff groups hold), its consent and the support it received. A commune's official list
is imported from XLSX or CSV, all or nothing."""

import django_filters
from django import forms
from django.contrib import messages
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView, View
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, ObjectList
from wagtail.admin.ui.tables import Column
from wagtail.admin.views import generic
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.model import ModelViewSet

from donations.viewsets.base import ReasonForm
from sitewide.admin_toolkit import RequirePermissionMixin, add_service_errors
from sitewide.forms import DateField
from sitewide.models import Area
from support import imports
from support.models import Beneficiary, Consent
from support.scoping import beneficiaries_for, visible_communes
from support.services import change_consent, erase_private_details

from .base import ScopedActionView, ScopedIndexView, ScopedObjectMixin, scoped_views


def communes_for(user):
    return visible_communes(user).filter(level=Area.Level.COMMUNE).current().order_by("name")


class BeneficiaryFilterSet(WagtailFilterSet):
    commune = django_filters.ModelChoiceFilter(
        label=_("Commune"),
        queryset=Area.objects.filter(level=Area.Level.COMMUNE, beneficiaries__isnull=False)
        .distinct()
        .order_by("name"),
    )

    class Meta:
        model = Beneficiary
        fields = ["commune", "category", "list_year", "consent"]


class BeneficiaryIndexView(ScopedIndexView):
    scope = staticmethod(beneficiaries_for)

    def get_base_queryset(self):
        return super().get_base_queryset().select_related("commune")

    def search_queryset(self, queryset):
        if not self.is_searching:
            return queryset
        return queryset.search_text(self.search_query)

    def get_edit_url(self, instance):
        # The row opens the household's page (its private details, its support).
        return self.get_inspect_url(instance)

    def get_header_buttons(self):
        buttons = list(super().get_header_buttons())
        from wagtail.admin.widgets.button import HeaderButton

        if self.request.user.has_perm("support.add_beneficiary"):
            buttons.append(
                HeaderButton(
                    _("Import a commune's list"),
                    url=reverse("beneficiary:import"),
                    icon_name="upload",
                )
            )
        return buttons


class BeneficiaryForm(WagtailAdminModelForm):
    """The commune is chosen among the user's own communes."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "commune" in self.fields and self.for_user is not None:
            self.fields["commune"].queryset = communes_for(self.for_user)
            self.fields["commune"].widget = forms.Select(choices=self.fields["commune"].choices)


class BeneficiaryInspectView(ScopedObjectMixin, generic.InspectView):
    scope = staticmethod(beneficiaries_for)
    template_name = "support/admin/beneficiary_inspect.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        household = self.object
        context.update(
            household=household,
            lines=household.lines.select_related(
                "decision", "decision__support_level", "story"
            ).order_by("-decision__created_at"),
            can_change=self.request.user.has_perm("support.change_beneficiary"),
        )
        return context


class ConsentForm(forms.Form):
    consent = forms.ChoiceField(label=_("The household agrees to"), choices=Consent.choices)
    on = DateField(
        label=_("On"), help_text=_("The day the household gave or withdrew its consent.")
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["on"].initial = timezone.localdate()


class ConsentView(ScopedActionView):
    scope = staticmethod(beneficiaries_for)
    form_class = ConsentForm
    required_permissions = ("support.change_beneficiary",)
    page_title = _("Consent to be named in public")
    success_message = _("Consent of %(object)s recorded.")
    back_url_name = "beneficiary:inspect"
    submit_button_label = _("Record consent")

    def get_initial(self):
        return {"consent": self.object.consent}

    def perform(self, form):
        change_consent(
            self.object,
            consent=form.cleaned_data["consent"],
            on=form.cleaned_data["on"],
            user=self.request.user,
        )


class EraseView(ScopedActionView):
    """ "Xóa dữ liệu cá nhân": at the household's request, see erase_private_details."""

    scope = staticmethod(beneficiaries_for)
    form_class = ReasonForm
    required_permissions = ("support.change_beneficiary",)
    page_title = _("Erase private details")
    success_message = _("Private details of %(object)s erased.")
    back_url_name = "beneficiary:inspect"
    submit_button_label = _("Erase for good")
    explanation = _(
        "The CCCD number, phone, exact address, bank account and reason for support are erased "
        "for good, and any consent to be named is withdrawn. The name, commune and support "
        "received stay: decisions and vouchers are accounting records the Fund must keep."
    )

    def perform(self, form):
        erase_private_details(
            self.object, reason=form.cleaned_data["reason"], user=self.request.user
        )


class ImportForm(forms.Form):
    commune = forms.ModelChoiceField(label=_("Commune"), queryset=Area.objects.none())
    list_year = forms.IntegerField(label=_("Year of the list"), min_value=2020, max_value=2100)
    file = forms.FileField(
        label=_("File (XLSX or CSV)"),
        help_text=_("One household per row, with the template's headings."),
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["commune"].queryset = communes_for(user)
        self.fields["list_year"].initial = timezone.localdate().year


class ImportView(RequirePermissionMixin, WagtailAdminTemplateMixin, FormView):
    required_permissions = ("support.add_beneficiary",)
    template_name = "support/admin/import.html"
    form_class = ImportForm
    page_title = _("Import a commune's list of households")
    header_icon = "upload"
    _show_breadcrumbs = True

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("beneficiary:index"), "label": _("Beneficiary households")},
            {"url": "", "label": self.page_title},
        ]

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def form_valid(self, form):
        from django.core.exceptions import ValidationError

        try:
            count = imports.import_list(
                form.cleaned_data["file"],
                commune=form.cleaned_data["commune"],
                list_year=form.cleaned_data["list_year"],
                user=self.request.user,
            )
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("%(count)s households of %(commune)s imported.")
            % {"count": count, "commune": form.cleaned_data["commune"].name},
        )
        return redirect(f"{reverse('beneficiary:index')}?commune={form.cleaned_data['commune'].pk}")

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "template_url": reverse("beneficiary:template"),
        }


class ImportTemplateView(RequirePermissionMixin, View):
    required_permissions = ("support.add_beneficiary",)

    def get(self, request):
        return imports.template_response()


class BeneficiaryViewSet(ModelViewSet):
    model = Beneficiary
    name = "beneficiary"
    icon = "group"
    menu_label = _("Beneficiary households")
    menu_order = 200
    index_view_class = BeneficiaryIndexView
    inspect_view_class = BeneficiaryInspectView
    inspect_view_enabled = True
    copy_view_enabled = False
    search_fields = ["head_name"]
    search_backend_name = None
    filterset_class = BeneficiaryFilterSet
    list_display = [
        "household_title",
        "commune",
        Column("category", label=_("Category"), accessor="get_category_display"),
        "list_year",
        "members_count",
        Column("consent", label=_("Consent"), accessor="get_consent_display"),
    ]
    inspect_view_fields = []
    edit_handler = ObjectList(
        [
            FieldRowPanel([FieldPanel("head_name"), FieldPanel("head_gender")]),
            FieldRowPanel([FieldPanel("commune"), FieldPanel("members_count")]),
            FieldRowPanel([FieldPanel("category"), FieldPanel("list_year")]),
            MultiFieldPanel(
                [
                    FieldRowPanel([FieldPanel("cccd"), FieldPanel("phone")]),
                    FieldPanel("address"),
                    FieldPanel("bank_account"),
                    FieldPanel("support_reason"),
                ],
                heading=_("Private details (Front staff only, never published)"),
            ),
        ],
        base_form_class=BeneficiaryForm,
    )

    def __init__(self, *args, **kwargs):
        for name, view_class in scoped_views(beneficiaries_for).items():
            setattr(self, name, view_class)
        super().__init__(*args, **kwargs)

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("consent/<int:pk>/", ConsentView.as_view(), name="consent"),
            path("erase/<int:pk>/", EraseView.as_view(), name="erase"),
            path("import/", ImportView.as_view(), name="import"),
            path("import/mau.xlsx", ImportTemplateView.as_view(), name="template"),
        ]
