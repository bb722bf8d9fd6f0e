"""Building blocks of the ledger's admin views that only the ledger uses; the ones every app's
admin shares (permission mixin, action view, service errors, choosers) are in
sitewide.admin_toolkit.

Who may see what is decided by Django model permissions, which a data migration grants to the
Front staff group only (donations/migrations/0004_front_staff_permissions.py): editors and
moderators hold none, so every view here refuses them, including choosers and reports.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.views import generic

from sitewide.admin_toolkit import add_service_errors


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


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Kept in the record's history and shown to other staff."),
    )
