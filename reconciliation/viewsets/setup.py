"""Setting reconciliation up: column mappings for banks we do not recognise, and transfer feeds.

A feed row names the environment variables that hold its keys (never the keys themselves); its
page shows the address to give the service and whether the keys are set, never their value.
"""

from django import forms
from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.ui.tables import Column
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet

from reconciliation.statements import ColumnMapping

from ..models import FeedSource, SavedColumnMapping

ROLE_LABELS = {
    "date": _("Date column"),
    "credit": _("Credit (money in) column"),
    "memo": _("Memo column"),
    "debit": _("Debit column"),
    "time": _("Time column"),
    "reference": _("Bank reference column"),
    "counterparty_name": _("Sender name column"),
    "counterparty_account": _("Sender account column"),
    "balance": _("Balance column"),
}
REQUIRED = ("date", "credit", "memo")
AMOUNT_STYLES = [
    ("auto", _("Decide from each amount")),
    ("vn", _("1.000.000,00 (dot thousands)")),
    ("en", _("1,000,000.00 (comma thousands)")),
]


class ColumnMappingForm(WagtailAdminModelForm):
    """The columns by their header text in the file, stored as ColumnMapping.to_dict()."""

    amount_style = forms.ChoiceField(label=_("How amounts are written"), choices=AMOUNT_STYLES)
    signed_amount = forms.BooleanField(
        label=_("One signed amount column"),
        required=False,
        help_text=_("The credit column holds every amount; negative ones are debits."),
    )
    bank = forms.CharField(label=_("Bank name shown in reports"), required=False, max_length=60)

    class Meta:
        model = SavedColumnMapping
        fields = ["name", "bank_account"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["bank_account"].widget = forms.Select(
            choices=self.fields["bank_account"].widget.choices
        )
        for role, label in ROLE_LABELS.items():
            self.fields[role] = forms.CharField(
                label=label,
                required=role in REQUIRED,
                max_length=120,
                help_text=_("The header as written in the file, e.g. “Ngày hạch toán”."),
            )
        stored = self.instance.mapping or {}
        for name in [*ROLE_LABELS, "amount_style", "signed_amount", "bank"]:
            if name in stored:
                self.initial[name] = stored[name]

    def clean(self):
        cleaned = super().clean()
        values = {role: (cleaned.get(role) or "").strip() for role in ROLE_LABELS}
        try:
            self.column_mapping = ColumnMapping(
                **values,
                amount_style=cleaned.get("amount_style") or "auto",
                signed_amount=bool(cleaned.get("signed_amount")),
                bank=(cleaned.get("bank") or "").strip(),
            )
        except ValueError:
            raise forms.ValidationError(
                _("Name at least the date, credit and memo columns.")
            ) from None
        return cleaned

    def save(self, commit=True):
        self.instance.mapping = self.column_mapping.to_dict()
        return super().save(commit=commit)


class SavedColumnMappingViewSet(ModelViewSet):
    model = SavedColumnMapping
    name = "reconciliation_mapping"
    url_prefix = "reconciliation/mappings"
    icon = "table"
    menu_label = _("Column mappings")
    menu_order = 300
    copy_view_enabled = False
    list_display = ["name", "bank_account"]

    def get_form_class(self, for_update=False):
        return ColumnMappingForm


class FeedSourceForm(WagtailAdminModelForm):
    class Meta:
        model = FeedSource
        fields = ["name", "slug", "bank_account", "kind", "key_name", "hmac_key_name", "is_active"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["bank_account"].widget = forms.Select(
            choices=self.fields["bank_account"].widget.choices
        )


def _configured(name):
    return bool(name) and bool(getattr(settings, "RECONCILIATION_FEED_KEYS", {}).get(name))


class FeedSourceInspectView(generic.InspectView):
    template_name = "reconciliation/admin/feed_inspect.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        source = self.object
        context.update(
            source=source,
            webhook_url=self.request.build_absolute_uri(
                reverse("reconciliation:feed", args=[source.slug])
            ),
            key_set=_configured(source.key_name),
            hmac_set=_configured(source.hmac_key_name),
            lines=source.lines.count(),
        )
        return context


class FeedSourceViewSet(ModelViewSet):
    model = FeedSource
    name = "reconciliation_feed"
    url_prefix = "reconciliation/feeds"
    icon = "rotate"
    menu_label = _("Transfer feeds")
    menu_order = 400
    copy_view_enabled = False
    inspect_view_enabled = True
    inspect_view_class = FeedSourceInspectView
    list_display = [
        "name",
        "bank_account",
        Column("kind", label=_("Service"), accessor="get_kind_display"),
        "is_active",
    ]

    def get_form_class(self, for_update=False):
        return FeedSourceForm
