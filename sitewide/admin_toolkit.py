"""The pieces the ledger's, giving's and reconciliation's admin are built from (as
sitewide.columns is for listing columns): a permission policy that refuses some actions to
everyone, a mixin that refuses a view without its permissions, a service's errors put on a form
(the public donate form uses it too), a form view that acts on one object through a service,
an inspect view that writes its values the Vietnamese way, and a chooser modal closed by
permissions and searched without diacritics.

Nothing here knows a model of the project: each app says which permissions, which actions, which
objects, which texts. Only Django, Wagtail and sitewide's own formatting are imported.
"""

import datetime

from django import forms
from django.contrib import messages
from django.core.exceptions import (
    NON_FIELD_ERRORS,
    ImproperlyConfigured,
    PermissionDenied,
    ValidationError,
)
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView
from wagtail.admin.forms.choosers import BaseFilterForm
from wagtail.admin.views.generic import chooser as chooser_views
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.chooser import ChooserViewSet
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from sitewide.formatting import format_date, format_datetime


class ForbiddenActionsPermissionPolicy(ModelPermissionPolicy):
    """Django model permissions, except that the ``forbidden`` actions ("add", "change",
    "delete") are refused to everyone, superusers included: for records that only a service
    writes (money, bank lines, online gifts), so no generic admin view offers to."""

    def __init__(self, model, *, forbidden):
        super().__init__(model)
        self.forbidden = frozenset(forbidden)

    def user_has_permission(self, user, action):
        return action not in self.forbidden and super().user_has_permission(user, action)

    def users_with_any_permission(self, actions):
        return super().users_with_any_permission(set(actions) - self.forbidden)


def register_forbidden_actions(models, *, forbidden):
    """Register a ForbiddenActionsPermissionPolicy for each model. Call it when an app's
    wagtail_hooks is imported, before any viewset asks for a policy (Wagtail would otherwise
    create a default one)."""
    for model in models:
        policy = ForbiddenActionsPermissionPolicy(model, forbidden=forbidden)
        register_permission_policy(model, policy)


def add_service_errors(form, error):
    """Put an error a service raised on the form. A ValidationError's messages go on the fields
    it names, or on the form as a whole for a name the form has no field for; any other error
    the caller chose to catch (a bank statement's, which names its row and column) goes on the
    form as a whole as one message."""
    if not isinstance(error, ValidationError):
        form.add_error(None, str(error))
    elif hasattr(error, "error_dict"):
        for field, field_errors in error.error_dict.items():
            target = field if field in form.fields and field != NON_FIELD_ERRORS else None
            for message in field_errors:
                form.add_error(target, message)
    else:
        for message in error.messages:
            form.add_error(None, message)


class RequirePermissionMixin:
    """Refuse (PermissionDenied, answered 403) unless the user holds every permission in
    ``required_permissions``, before the view looks anything up. A view that names none is a
    mistake, not an open door."""

    required_permissions = ()

    def dispatch(self, request, *args, **kwargs):
        if not self.required_permissions:
            raise ImproperlyConfigured(f"{type(self).__name__} names no required_permissions.")
        if not request.user.has_perms(self.required_permissions):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class _LookUpAfterPermissionCheck:
    """Sits after RequirePermissionMixin: someone refused learns nothing, not even whether the
    object exists."""

    def dispatch(self, request, *args, **kwargs):
        self.look_up()
        return super().dispatch(request, *args, **kwargs)


class ObjectActionView(
    RequirePermissionMixin, _LookUpAfterPermissionCheck, WagtailAdminTemplateMixin, FormView
):
    """A form acting on one object through a service (allocate, reverse, refund, confirm a bank
    line), then back to the object's page.

    A subclass names the objects (``model`` or ``get_queryset``, found by the URL's ``pk``), the
    page to go back to (``back_url_name``, reversed with the object's pk, or ``back_url``), and
    the service (``perform``). What the service refuses with one of ``service_errors`` lands on
    the form and nothing else happens; otherwise ``report`` tells the user, by default with
    ``success_message`` formatted with the object under ``context_object_name`` (also the
    object's name in the template). The form's widget media (a chooser's script) goes in the
    page as Wagtail's own form views put it: ``media`` in the context.
    """

    model = None
    template_name = "sitewide/admin/object_action.html"
    header_icon = "form"
    submit_button_label = _("Save")
    success_message = ""
    back_url_name = None
    context_object_name = "object"
    service_errors = (ValidationError,)

    def look_up(self):
        """Set self.object (and whatever else a subclass takes from the URL)."""
        self.object = get_object_or_404(self.get_queryset(), pk=self.kwargs["pk"])

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
            {
                "action_url": self.request.get_full_path(),
                "submit_button_label": self.submit_button_label,
                self.context_object_name: self.object,
            }
        )
        context["media"] = context.get("media", forms.Media()) + context["form"].media
        return context

    def perform(self, form):
        """Call the service; what it returns is handed to ``report``."""
        raise NotImplementedError

    def report(self, result):
        messages.success(
            self.request, self.success_message % {self.context_object_name: self.object}
        )

    def form_valid(self, form):
        try:
            result = self.perform(form)
        except self.service_errors as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        self.report(result)
        return redirect(self.back_url)


class VietnameseInspectMixin:
    """For a Wagtail InspectView that lists ``inspect_view_fields``: a moment is written in
    Asia/Ho_Chi_Minh ("HH:MM dd/mm/yyyy"), a day as dd/mm/yyyy, and a field left empty as "—".

    Wagtail's inspect template passes each value through ``|localize``, which formats an aware
    datetime as stored, in UTC, and writes an empty relation as "None"."""

    def get_field_display_value(self, field_name, field):
        value = super().get_field_display_value(field_name, field)
        if value is None or value == "":
            return "—"
        if isinstance(value, datetime.datetime):
            return format_datetime(value)
        if isinstance(value, datetime.date):
            return format_date(value)
        return value


class FoldedSearchForm(BaseFilterForm):
    """A chooser's search box that finds "Nguyễn Văn Đức" from "nguyen van duc": the query goes
    to the queryset's ``search_text``, which compares folded text (sitewide.text.fold).
    ``placeholder`` says what may be typed."""

    placeholder = ""

    q = forms.CharField(label=_("Search term"), required=False, widget=forms.TextInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.placeholder:
            self.fields["q"].widget.attrs["placeholder"] = self.placeholder

    def filter(self, objects):
        query = (self.cleaned_data.get("q") or "").strip()
        if query:
            self.is_searching = True
            self.search_query = query
            objects = objects.search_text(query)
        return objects


def _permission_checked(view_class):
    return type(view_class.__name__, (RequirePermissionMixin, view_class), {})


class PermissionCheckedChooserViewSet(ChooserViewSet):
    """A chooser modal whose every view (choose, results, chosen, create) refuses users without
    ``required_permissions``: choosers list personal data, so they are as closed as the
    listings. Searched through ``search_form_class``, a FoldedSearchForm."""

    required_permissions = ()
    search_form_class = FoldedSearchForm
    choose_view_class = _permission_checked(chooser_views.ChooseView)
    choose_results_view_class = _permission_checked(chooser_views.ChooseResultsView)
    chosen_view_class = _permission_checked(chooser_views.ChosenView)
    chosen_multiple_view_class = _permission_checked(chooser_views.ChosenMultipleView)
    create_view_class = _permission_checked(chooser_views.CreateView)

    def get_common_view_kwargs(self, **kwargs):
        return super().get_common_view_kwargs(
            required_permissions=self.required_permissions, **kwargs
        )

    @property
    def choose_view(self):
        return self.construct_view(
            self.inject_view_methods(self.choose_view_class, ["get_object_list"]),
            icon=self.icon,
            page_title=self.page_title,
            search_tab_label=self.search_tab_label,
            creation_tab_label=self.creation_tab_label,
            filter_form_class=self.search_form_class,
        )

    @property
    def choose_results_view(self):
        return self.construct_view(
            self.inject_view_methods(self.choose_results_view_class, ["get_object_list"]),
            filter_form_class=self.search_form_class,
        )
