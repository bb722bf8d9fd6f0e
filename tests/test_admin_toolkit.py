"""The shared admin pieces of sitewide.admin_toolkit, each behaviour once: a service's errors on
the form, the permission mixin and the action view's refusals, the policies that refuse actions
to everyone, and the chooser search that ignores diacritics."""

import pytest
from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser, Group
from django.core.exceptions import (
    NON_FIELD_ERRORS,
    ImproperlyConfigured,
    PermissionDenied,
    ValidationError,
)
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import reverse
from django.views import View
from wagtail.permissions import policy_registry

from donations.models import Allocation, Donor, DonorKind, Pledge, Receipt, Reversal
from giving.models import GiftRefund, OnlineGift
from reconciliation.models import (
    Decision,
    FeedSource,
    SavedColumnMapping,
    StatementImport,
    StatementLine,
)
from sitewide.admin_toolkit import (
    FoldedSearchForm,
    ForbiddenActionsPermissionPolicy,
    ObjectActionView,
    RequirePermissionMixin,
    add_service_errors,
)
from sitewide.groups import EDITORS, FRONT_STAFF

ALL = {"add", "change", "delete"}


def staff(group_name, username):
    user = get_user_model().objects.create_user(username=username)
    user.groups.add(Group.objects.get(name=group_name))
    return user


class AmountForm(forms.Form):
    amount = forms.IntegerField()


def refused(error):
    """A bound, valid form after a service refused with this error."""
    form = AmountForm({"amount": 5})
    assert form.is_valid()
    add_service_errors(form, error)
    return form


def test_service_errors_land_on_the_field_they_name_or_on_the_form():
    form = refused(
        ValidationError(
            {
                "amount": "More than the pledge still owes.",
                "pledge": "This pledge is cancelled.",  # the form has no such field
                NON_FIELD_ERRORS: "The fund is locked.",
            }
        )
    )
    assert form.errors["amount"] == ["More than the pledge still owes."]
    assert form.non_field_errors() == ["This pledge is cancelled.", "The fund is locked."]


def test_a_service_error_without_fields_goes_on_the_form():
    form = refused(ValidationError(["Already reversed.", "Nothing was changed."]))
    assert form.non_field_errors() == ["Already reversed.", "Nothing was changed."]
    assert "amount" not in form.errors


def test_another_error_the_caller_catches_goes_on_the_form_as_its_text():
    class RowError(Exception):
        def __str__(self):
            return "Row 7, column “Có”: not an amount."

    form = refused(RowError())
    assert form.non_field_errors() == ["Row 7, column “Có”: not an amount."]


class Probe(RequirePermissionMixin, View):
    required_permissions = ("donations.view_donor", "donations.view_pledge")

    def get(self, request):
        return HttpResponse("seen")


def probe(user, view_class=Probe):
    request = RequestFactory().get("/probe/")
    request.user = user
    return view_class.as_view()(request)


@pytest.mark.django_db
def test_a_view_is_refused_without_every_permission_it_names():
    front = staff(FRONT_STAFF, "mattran")
    assert probe(front).content == b"seen"
    with pytest.raises(PermissionDenied):
        probe(staff(EDITORS, "bientap"))
    with pytest.raises(PermissionDenied):
        probe(AnonymousUser())


def test_a_view_naming_no_permission_is_a_mistake_not_an_open_door():
    class Open(RequirePermissionMixin, View):
        pass

    with pytest.raises(ImproperlyConfigured):
        probe(AnonymousUser(), Open)


@pytest.mark.django_db
def test_a_missing_permission_in_the_admin_answers_as_wagtail_does(client):
    """The anonymous visitor is sent to sign in; a staff member without the permission is sent
    back to the dashboard (403 to the admin's own scripts), even for an object that does not
    exist, since the permission is checked before anything is looked up; the one who holds it
    gets the page, or 404."""
    donor = Donor.objects.create(name="Nguyễn Văn Đức", kind=DonorKind.INDIVIDUAL)
    url = reverse("donor:disclosure", args=[donor.pk])
    missing = reverse("donor:disclosure", args=[donor.pk + 1000])
    dashboard = reverse("wagtailadmin_home")

    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("wagtailadmin_login"))

    client.force_login(staff(EDITORS, "bientap"))
    for address in (url, missing):
        response = client.get(address)
        assert (response.status_code, response["Location"]) == (302, dashboard)
        assert (
            client.get(address, headers={"x-requested-with": "XMLHttpRequest"}).status_code == 403
        )

    client.force_login(staff(FRONT_STAFF, "mattran"))
    response = client.get(url)
    assert response.status_code == 200
    assert response.context["object"] == donor
    assert client.get(missing).status_code == 404


class ScriptedInput(forms.TextInput):
    class Media:
        js = ["probe/chooser-widget.js"]


class ScriptedForm(forms.Form):
    donor = forms.CharField(widget=ScriptedInput)


class ScriptedAction(ObjectActionView):
    model = Donor
    form_class = ScriptedForm
    required_permissions = ("donations.view_donor",)
    back_url_name = "donor:inspect"


@pytest.mark.django_db
def test_an_action_view_puts_its_form_widgets_scripts_in_the_page(client):
    """A chooser widget is built by its own script: without the form's media in the page the
    browser reports "Chooser is not defined" and the chooser never opens."""
    donor = Donor.objects.create(name="Nguyễn Văn Đức", kind=DonorKind.INDIVIDUAL)
    request = RequestFactory().get("/probe/")
    request.user = staff(FRONT_STAFF, "mattran")
    response = ScriptedAction.as_view()(request, pk=donor.pk)
    assert 'src="/static/probe/chooser-widget.js"' in response.render().text


@pytest.mark.django_db
def test_the_forbidden_actions_policy_refuses_what_it_lists_and_allows_the_rest():
    superuser = get_user_model().objects.create_superuser(username="root")
    front = staff(FRONT_STAFF, "mattran")
    policy = ForbiddenActionsPermissionPolicy(Receipt, forbidden=("change", "delete"))

    assert policy.user_has_permission(superuser, "add")
    assert policy.user_has_permission(front, "view")
    assert not policy.user_has_permission(superuser, "change")
    assert not policy.user_has_permission(superuser, "delete")
    assert not policy.user_has_any_permission(superuser, ["change", "delete"])
    assert policy.user_has_any_permission(front, ["change", "view"])
    assert front in policy.users_with_any_permission(["view", "delete"])
    assert front not in policy.users_with_any_permission(["change", "delete"])


@pytest.mark.parametrize(
    ("model", "forbidden"),
    [
        (Receipt, {"change", "delete"}),
        (Allocation, {"change", "delete"}),
        (Reversal, {"change", "delete"}),
        (Pledge, {"delete"}),
        (OnlineGift, ALL),
        (GiftRefund, ALL),
        (StatementLine, ALL),
        (Decision, ALL),
        (StatementImport, {"change", "delete"}),
        (FeedSource, {"delete"}),
        (SavedColumnMapping, {"delete"}),
    ],
    ids=lambda value: getattr(value, "__name__", ""),
)
def test_each_app_registers_what_nobody_may_do_by_hand(model, forbidden):
    policy = policy_registry.get_by_type(model)
    assert isinstance(policy, ForbiddenActionsPermissionPolicy)
    assert policy.forbidden == forbidden


@pytest.mark.django_db
def test_the_chooser_search_finds_a_name_typed_without_diacritics():
    duc = Donor.objects.create(name="Nguyễn Văn Đức", kind=DonorKind.INDIVIDUAL)
    Donor.objects.create(name="Trần Thị Mai", kind=DonorKind.INDIVIDUAL)

    form = FoldedSearchForm({"q": "  nguyen van duc "})
    assert form.is_valid()
    assert list(form.filter(Donor.objects.all())) == [duc]
    assert form.is_searching
    assert form.search_query == "nguyen van duc"


@pytest.mark.django_db
@pytest.mark.parametrize("chooser", ["donor_chooser", "reconciliation_donor_chooser"])
def test_both_donor_choosers_search_without_diacritics_for_front_staff_only(client, chooser):
    Donor.objects.create(name="Nguyễn Văn Đức", kind=DonorKind.INDIVIDUAL)
    Donor.objects.create(name="Trần Thị Mai", kind=DonorKind.INDIVIDUAL)
    url = reverse(f"{chooser}:choose_results") + "?q=nguyen+van+duc"

    client.force_login(staff(EDITORS, "bientap"))
    assert client.get(url, headers={"x-requested-with": "XMLHttpRequest"}).status_code == 403

    client.force_login(staff(FRONT_STAFF, "mattran"))
    response = client.get(url, headers={"x-requested-with": "XMLHttpRequest"})
    assert response.status_code == 200
    assert "Nguyễn Văn Đức" in response.text
    assert "Trần Thị Mai" not in response.text
