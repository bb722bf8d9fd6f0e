"""Statement imports in the admin: upload a file for one of the Fund's accounts (imported in
the background, all or nothing: reconciliation.services.uploads), follow the upload until it is
done, list past imports, and show each import's report with a link to its lines still in the
queue."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Sum
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.ui.tables import Column
from wagtail.admin.views import generic
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.model import ModelViewSet

from donations.models import BankAccount
from sitewide.admin_toolkit import RequirePermissionMixin
from sitewide.columns import DateTimeColumn

from ..models import SavedColumnMapping, StatementImport, StatementUpload, UploadStatus
from ..services.imports import NAMES_NOTHING, max_upload_bytes, precheck_statement
from ..services.uploads import queue_upload
from .base import ReadableHistoryView, ReadableUsageView

ACCEPT = ".csv,.txt,.xlsx"


def _megabytes(size):
    return f"{size / 1_048_576:.1f} MB".replace(".", ",")


class ImportForm(WagtailAdminModelForm):
    statement_file = forms.FileField(
        label=_("Statement file"),
        help_text=_("CSV or Excel (.xlsx) as exported by the bank."),
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}),
    )

    # Wagtail's Meta carries its form fields (date pickers, sitewide.forms.DateField).
    class Meta(WagtailAdminModelForm.Meta):
        model = StatementImport
        fields = ["bank_account", "period_start", "period_end", "mapping"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["bank_account"].queryset = BankAccount.objects.filter(
            fund__isnull=False, is_active=True
        ).order_by("bank_name", "account_number")
        self.fields["bank_account"].widget = forms.Select(
            choices=self.fields["bank_account"].widget.choices
        )
        self.fields["mapping"].queryset = SavedColumnMapping.objects.order_by("name")
        self.fields["mapping"].required = False
        self.fields["mapping"].help_text = _(
            "Only for a bank whose layout is not recognised; leave empty otherwise."
        )
        self.fields["period_start"].help_text = _(
            "Optional: a line dated outside the period refuses the whole file."
        )

    def clean_statement_file(self):
        upload = self.cleaned_data["statement_file"]
        limit = max_upload_bytes()
        if upload.size > limit:
            raise ValidationError(
                _("The file is %(size)s, larger than the limit of %(limit)s.")
                % {"size": _megabytes(upload.size), "limit": _megabytes(limit)}
            )
        return upload

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("period_start"), cleaned.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", _("The period ends before it starts."))
        account, upload = cleaned.get("bank_account"), cleaned.get("statement_file")
        if account is not None and upload is not None:
            # A file whose title rows name another account is refused here, with the choices
            # kept; the background import checks the whole file again.
            try:
                precheck_statement(account, upload.read(), upload.name, cleaned.get("mapping"))
            except ValidationError as error:
                self.add_error("bank_account", error)
            finally:
                upload.seek(0)
        return cleaned


class ImportCreateView(generic.CreateView):
    """The model form collects the choices and the file; the import runs in the background
    (reconciliation.services.uploads) and the upload's page shows how it went. Coming back from
    a refused file (?again=<upload>), the form shows the choices made for it."""

    def get_initial(self):
        initial = super().get_initial()
        again = self.request.GET.get("again", "")
        previous = StatementUpload.objects.filter(pk=again).first() if again.isdigit() else None
        if previous is not None:
            initial.update(
                bank_account=previous.bank_account_id,
                period_start=previous.period_start,
                period_end=previous.period_end,
                mapping=previous.mapping_id,
            )
        return initial

    def form_valid(self, form):
        data = form.cleaned_data
        upload = data["statement_file"]
        period = None
        if data.get("period_start") or data.get("period_end"):
            period = (data.get("period_start"), data.get("period_end"))
        stored = queue_upload(
            account=data["bank_account"],
            file_bytes=upload.read(),
            filename=upload.name,
            user=self.request.user,
            mapping=data.get("mapping"),
            period=period,
        )
        return redirect("reconciliation_import:upload", upload_pk=stored.pk)


class UploadStatusView(RequirePermissionMixin, WagtailAdminTemplateMixin, TemplateView):
    """Where an upload lands: "being processed" (the page reloads itself) until the import is
    done, then the import's report; or why the file was refused, with nothing stored."""

    template_name = "reconciliation/admin/upload_status.html"
    required_permissions = ("reconciliation.add_statementimport",)
    page_title = _("Statement upload")
    header_icon = "upload"
    #: Seconds between reloads of the page while the import runs.
    refresh_seconds = 3

    def get(self, request, *args, **kwargs):
        self.upload = get_object_or_404(
            StatementUpload.objects.select_related("bank_account", "uploaded_by", "mapping"),
            pk=kwargs["upload_pk"],
        )
        if self.upload.status == UploadStatus.DONE:
            self._report_messages()
            return redirect("reconciliation_import:inspect", self.upload.statement_import_id)
        response = super().get(request, *args, **kwargs)
        if self.upload.status == UploadStatus.QUEUED:
            response["Refresh"] = str(self.refresh_seconds)
        return response

    def get_page_subtitle(self):
        return self.upload.file_name

    def _report_messages(self):
        statement_import = self.upload.statement_import
        if self.upload.already_imported:
            messages.warning(
                self.request,
                _("This same file had been imported before; nothing was added twice."),
            )
        messages.success(
            self.request,
            _(
                "Statement imported: %(new)s new lines, %(duplicate)s already known, "
                "%(matched)s matched automatically, %(left)s left for the queue."
            )
            % {
                "new": statement_import.lines_new,
                "duplicate": statement_import.lines_duplicate,
                "matched": statement_import.lines_matched,
                "left": statement_import.lines_left,
            },
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            upload=self.upload,
            again_url=f"{reverse('reconciliation_import:add')}?again={self.upload.pk}",
            index_url=reverse("reconciliation_import:index"),
        )
        return context


class ImportIndexView(generic.IndexView):
    def get_base_queryset(self):
        return StatementImport.objects.select_related("bank_account", "uploaded_by")

    def get_edit_url(self, instance):
        return self.get_inspect_url(instance)


class ImportInspectView(generic.InspectView):
    template_name = "reconciliation/admin/import_inspect.html"

    def get_object(self, queryset=None):
        return StatementImport.objects.select_related("bank_account", "uploaded_by", "mapping").get(
            pk=self.pk
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        statement_import = self.object
        waiting = statement_import.lines.in_queue()
        context.update(
            statement_import=statement_import,
            names_nothing=NAMES_NOTHING if statement_import.names_nothing else "",
            waiting=waiting.count(),
            queue_url=(
                f"{reverse('reconciliation_line:index')}?statement_import={statement_import.pk}"
            ),
            received=statement_import.lines.aggregate(total=Coalesce(Sum("amount"), 0))["total"],
        )
        return context


class StatementImportViewSet(ModelViewSet):
    model = StatementImport
    name = "reconciliation_import"
    url_prefix = "reconciliation/imports"
    icon = "upload"
    menu_label = _("Statement imports")
    menu_order = 200
    index_view_class = ImportIndexView
    add_view_class = ImportCreateView
    inspect_view_class = ImportInspectView
    inspect_view_enabled = True
    history_view_class = ReadableHistoryView
    usage_view_class = ReadableUsageView
    copy_view_enabled = False
    ordering = ["-uploaded_at", "-id"]
    list_filter = ["bank_account", "status"]
    list_display = [
        "file_name",
        DateTimeColumn("uploaded_at", label=_("Uploaded at"), sort_key="uploaded_at"),
        "bank_account",
        Column("bank", label=_("Bank detected")),
        Column("lines_new", label=_("New")),
        Column("lines_duplicate", label=_("Duplicate")),
        Column("lines_matched", label=_("Matched")),
        Column("lines_left", label=_("Left")),
        Column("status", label=_("Status"), accessor="get_status_display"),
    ]

    def get_form_class(self, for_update=False):
        return ImportForm

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("upload/<int:upload_pk>/", UploadStatusView.as_view(), name="upload"),
        ]

    def get_common_view_kwargs(self, **kwargs):
        return super().get_common_view_kwargs(
            **{"edit_url_name": self.get_url_name("inspect"), "delete_url_name": None, **kwargs}
        )
