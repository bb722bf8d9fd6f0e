"""Building blocks shared by the ledger's admin views.

Who may see what is decided by Django model permissions, which a data migration grants to the
Front staff group only (donations/migrations/0004_front_staff_permissions.py): editors and
moderators hold none, so every view here refuses them, including choosers and reports.
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView
from wagtail.admin.views import generic
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin


def add_service_errors(form, error):
    """Put a service's ValidationError on the form fields it names (or on the form)."""
    if hasattr(error, "error_dict"):
        for field, field_errors in error.error_dict.items():
            target = field if field in form.fields else NON_FIELD_ERRORS
            for message in field_errors:
                form.add_error(None if target == NON_FIELD_ERRORS else target, message)
    else:
        for message in error.messages:
            form.add_error(None, message)


class RequirePermissionMixin:
    """Refuse (PermissionDenied) unless the user holds ``required_permission``."""

    required_permission = None

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(self.required_permission):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class ServiceCreateView(generic.CreateView):
    """A create view whose form is validated by the model form, then written by a service.

    The service owns the rules (locks, numbering, audit log); when it refuses, its message is
    shown on the form and what the user typed is kept.
    """

    inspect_url_name = None  # set by the viewset

    def call_service(self, cleaned_data):
        raise NotImplementedError

    def form_valid(self, form):
        self.form = form
        try:
            self.object = self.call_service(form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
            self.produced_error_message = self.get_error_message()
            return self.form_invalid(form)
        return self.save_action()

    def get_success_url(self):
        return reverse(self.inspect_url_name, args=[self.object.pk])

    def get_success_buttons(self):
        return []


class LedgerActionView(RequirePermissionMixin, WagtailAdminTemplateMixin, FormView):
    """A form acting on one record (allocate, reverse, cancel) through a service."""

    model = None
    template_name = "wagtailadmin/generic/form.html"
    header_icon = "form"
    submit_button_label = _("Save")
    success_message = ""
    back_url_name = None

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.object = get_object_or_404(self.get_queryset(), pk=kwargs["pk"])

    def get_queryset(self):
        return self.model.objects.all()

    def get_page_subtitle(self):
        return str(self.object)

    @cached_property
    def back_url(self):
        return reverse(self.back_url_name, args=[self.object.pk])

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": self.back_url, "label": str(self.object)},
            {"url": "", "label": self.get_page_title()},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            action_url=self.request.get_full_path(),
            submit_button_label=self.submit_button_label,
            object=self.object,
        )
        return context

    def perform(self, form):
        raise NotImplementedError

    def form_valid(self, form):
        try:
            self.perform(form)
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, self.success_message % {"object": self.object})
        return redirect(self.back_url)


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Kept in the record's history and shown to other staff."),
    )
