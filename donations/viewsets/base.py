"""Building blocks of the ledger's admin views that only the ledger uses; the ones every app's
admin shares (permission mixin, action view, service errors, choosers) are in
sitewide.admin_toolkit.

Who may see what is decided by Django model permissions, which a data migration grants to the
Front staff group only (donations/migrations/0004_front_staff_permissions.py): editors and
moderators hold none, so every view here refuses them, including choosers and reports.
Which records they find is decided by the funds they work on (donations.scoping): a commune
account asking for another fund's receipt, pledge or voucher gets "not found".
"""

from django import forms
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.views import generic

from donations.models import Pledge, Receipt
from donations.scoping import visible_funds
from donations.services.checks import fund_for
from sitewide.admin_toolkit import add_service_errors


def scoped_receipts(user):
    return Receipt.objects.filter(fund__in=visible_funds(user))


def scoped_pledges(user):
    return Pledge.objects.filter(fund__in=visible_funds(user))


def scope_fund_filter(filterset, name="fund"):
    """A filter set's fund choices: the funds the user works on."""
    request = getattr(filterset, "request", None)
    if request is not None and name in filterset.filters:
        filterset.filters[name].queryset = visible_funds(request.user).order_by("level", "name")


def scope_fund_field(form, name="fund"):
    """A model form's fund choices: the funds of its user (``for_user``, set by Wagtail's
    create and edit views)."""
    user = getattr(form, "for_user", None)
    if user is not None and name in form.fields:
        form.fields[name].queryset = visible_funds(user).order_by("level", "name")


def require_visible_fund(user, fund, campaign):
    """Refuse, on the fund field, a record whose fund (given, or the campaign's) is not one the
    user works on."""
    fund = fund_for(fund, campaign)
    if not visible_funds(user).filter(pk=fund.pk).exists():
        raise ValidationError(
            {"fund": _("%(fund)s is not one of the funds you work on.") % {"fund": fund}}
        )


class ScopedObjectMixin:
    """For Wagtail's object views (inspect, history, usage, edit), which look their object up
    before they check permissions: a user holding the permission finds only the records of the
    funds they work on (another fund's is "not found"); one without it is refused as before."""

    scope = None  # a function of the user returning the queryset in scope
    related = ()

    def get_base_object_queryset(self):
        queryset = self.model._default_manager.all()
        user = self.request.user
        if user.has_perm(f"{self.model._meta.app_label}.view_{self.model._meta.model_name}"):
            queryset = type(self).scope(user)
        return queryset.select_related(*self.related)

    def get_object(self, queryset=None):
        # InspectView looks its object up by model alone; HistoryView through the queryset.
        return get_object_or_404(self.get_base_object_queryset(), pk=self.pk)


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
