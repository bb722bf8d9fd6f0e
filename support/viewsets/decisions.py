"""Spending decisions in the admin. Front staff propose one from a support level with its
households; the board approves it (number and date) or returns it with a reason, from the
decision's own page; an approved decision is read-only, paid line by line ("Lập phiếu chi":
donations.services.record_voucher through support.services.pay_line) and revoked, while nothing
is paid, by a new entry with a reason. The list filters "waiting for approval"; each row opens
the decision. Commune Front staff see and act on their own funds' decisions only."""

import django_filters
from django import forms
from django.contrib import messages
from django.db.models import Count, Sum
from django.db.models.functions import Coalesce
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, ObjectList
from wagtail.admin.ui.tables import Column
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet

from campaigns.models import CampaignPage
from donations.models import Fund, Voucher
from donations.scoping import visible_funds
from donations.services.holdings import goods_items, goods_stock
from donations.viewsets.base import ReasonForm
from sitewide.admin_toolkit import add_service_errors
from sitewide.columns import DateColumn, MoneyColumn
from sitewide.forms import DateField, MoneyField
from stories.models import StoryPage
from support import services
from support.authority import PAID_BEFORE_LEDGER
from support.models import Decision, DecisionLine, SupportLevel
from support.scoping import beneficiaries_for, decisions_for

from .base import ScopedActionView, ScopedIndexView, ScopedObjectMixin, scoped_views


class HouseholdsField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, household):
        return f"{household.household_title()} – {household.commune.name}"


def _households(user):
    return (
        beneficiaries_for(user).select_related("commune").order_by("commune__name", "name_folded")
    )


def _lines_for(user):
    return DecisionLine.objects.filter(decision__in=decisions_for(user))


class DecisionFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=Decision.Status.choices, empty_label=_("All")
    )
    campaign = django_filters.ModelChoiceFilter(
        label=_("Campaign"), queryset=CampaignPage.objects.order_by("-start_date")
    )

    class Meta:
        model = Decision
        fields = ["status", "fund", "support_level", "campaign"]


class DecisionIndexView(ScopedIndexView):
    scope = staticmethod(decisions_for)

    def get_base_queryset(self):
        return (
            super()
            .get_base_queryset()
            .select_related("fund", "support_level", "revocation")
            .annotate(households=Count("lines"), total=Coalesce(Sum("lines__amount"), 0))
        )

    def get_edit_url(self, instance):
        return self.get_inspect_url(instance)


class ProposeForm(WagtailAdminModelForm):
    """Propose a decision: the fund, the support level, the households; each line gets the
    level's amount unless another is typed."""

    beneficiaries = HouseholdsField(
        label=_("Households"),
        queryset=DecisionLine.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    amount = MoneyField(
        label=_("Amount per household"),
        required=False,
        min_value=1,
        help_text=_("Leave empty for the support level's amount."),
    )
    submit = forms.BooleanField(
        label=_("Send to the board for approval now"), required=False, initial=True
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = self.for_user
        self.fields["fund"].queryset = visible_funds(user).order_by("level", "name")
        self.fields["fund"].widget = forms.Select(choices=self.fields["fund"].choices)
        self.fields["beneficiaries"].queryset = _households(user)
        self.fields["support_level"].widget = forms.Select(
            choices=self.fields["support_level"].choices
        )
        self.fields["campaign"].queryset = CampaignPage.objects.order_by("-start_date")
        self.fields["campaign"].widget = forms.Select(choices=self.fields["campaign"].choices)


class ProposeView(generic.CreateView):
    def form_valid(self, form):
        from django.core.exceptions import ValidationError

        self.form = form
        data = form.cleaned_data
        try:
            self.object = services.propose_decision(
                fund=data["fund"],
                support_level=data["support_level"],
                campaign=data.get("campaign"),
                title=data["title"],
                beneficiaries=list(data["beneficiaries"]),
                amount=data.get("amount"),
                submit=data.get("submit", False),
                paid_before_ledger=data.get("paid_before_ledger", False),
                user=self.request.user,
            )
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        return self.save_action()

    def get_success_url(self):
        return reverse("decision:inspect", args=[self.object.pk])

    def get_success_message(self, instance=None):
        return _("Decision “%(title)s” proposed.") % {"title": self.object.title}

    def get_success_buttons(self):
        return []


class DecisionInspectView(ScopedObjectMixin, generic.InspectView):
    scope = staticmethod(decisions_for)
    template_name = "support/admin/decision_inspect.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        decision = self.object
        user = self.request.user
        lines = list(decision.lines.select_related("beneficiary", "beneficiary__commune", "story"))
        keys = {line.authority_key: line for line in lines}
        vouchers = {}
        for voucher in (
            Voucher.objects.filter(authority_key__in=keys)
            .select_related("reversal")
            .order_by("paid_on", "pk")
        ):
            vouchers.setdefault(voucher.authority_key, []).append(voucher)
        for line in lines:
            line.vouchers = vouchers.get(line.authority_key, [])
            line.paid = sum(v.amount for v in line.vouchers if not v.is_reversed)
            line.remainder = line.amount - line.paid
        revocation = decision.revocation_or_none()
        approved = decision.is_approved and revocation is None
        board = user.has_perm(services.APPROVE_PERMISSION)
        can_record = user.has_perm("support.change_decision")
        can_write_voucher = user.has_perms(PayLineView.required_permissions)
        context.update(
            decision=decision,
            lines=lines,
            total=sum(line.amount for line in lines),
            paid=sum(line.paid for line in lines),
            revocation=revocation,
            can_edit_lines=decision.is_editable and can_record,
            can_submit=can_record
            and decision.status in (Decision.Status.DRAFT, Decision.Status.RETURNED),
            can_decide=board and decision.status == Decision.Status.PROPOSED,
            own_proposal=decision.proposed_by_id == user.pk,
            can_pay=approved and not decision.paid_before_ledger and can_write_voucher,
            can_revoke=approved and can_record and not any(line.paid for line in lines),
            can_link_story=can_record,
            history_url=reverse("decision:history", args=[decision.pk]),
        )
        return context


class NoFieldsForm(forms.Form):
    pass


class SubmitView(ScopedActionView):
    scope = staticmethod(decisions_for)
    form_class = NoFieldsForm
    required_permissions = ("support.change_decision",)
    page_title = _("Send the decision to the board")
    submit_button_label = _("Send for approval")
    success_message = _("%(object)s sent to the board for approval.")
    back_url_name = "decision:inspect"

    def perform(self, form):
        services.submit_decision(self.object, user=self.request.user)


def _next_number(decision):
    year = timezone.localdate().year
    count = Decision.objects.filter(fund=decision.fund_id, decided_on__year=year).count()
    return f"{count + 1:02d}/QĐ-BVĐ"


class ApproveForm(forms.Form):
    number = forms.CharField(label=_("Decision number"), max_length=60)
    decided_on = DateField(label=_("Decision date"))


class ApproveView(ScopedActionView):
    scope = staticmethod(decisions_for)
    form_class = ApproveForm
    required_permissions = (services.APPROVE_PERMISSION,)
    page_title = _("Approve the decision")
    submit_button_label = pgettext_lazy("decision", "Approve")
    success_message = _("%(object)s approved.")
    back_url_name = "decision:inspect"
    header_icon = "check"

    def get_initial(self):
        return {"number": _next_number(self.object), "decided_on": timezone.localdate()}

    def perform(self, form):
        services.approve_decision(
            self.object,
            user=self.request.user,
            number=form.cleaned_data["number"],
            decided_on=form.cleaned_data["decided_on"],
        )


class ReturnView(ScopedActionView):
    scope = staticmethod(decisions_for)
    form_class = ReasonForm
    required_permissions = (services.APPROVE_PERMISSION,)
    page_title = _("Return the decision to the staff")
    submit_button_label = _("Return")
    success_message = _("%(object)s returned to the staff.")
    back_url_name = "decision:inspect"

    def perform(self, form):
        services.return_decision(
            self.object, user=self.request.user, reason=form.cleaned_data["reason"]
        )


class RevokeView(ScopedActionView):
    scope = staticmethod(decisions_for)
    form_class = ReasonForm
    required_permissions = ("support.change_decision",)
    page_title = _("Revoke the decision")
    submit_button_label = pgettext_lazy("decision", "Revoke")
    success_message = _("%(object)s revoked.")
    back_url_name = "decision:inspect"

    def perform(self, form):
        services.revoke_decision(
            self.object, user=self.request.user, reason=form.cleaned_data["reason"]
        )


class AddLinesForm(forms.Form):
    beneficiaries = HouseholdsField(
        label=_("Households"),
        queryset=DecisionLine.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    amount = MoneyField(
        label=_("Amount per household"),
        required=False,
        min_value=1,
        help_text=_("Leave empty for the support level's amount."),
    )

    def __init__(self, *args, decision=None, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        households = _households(user).exclude(lines__decision=decision)
        if decision.fund.level == Fund.Level.COMMUNE:
            households = households.filter(commune=decision.fund.area_id)
        self.fields["beneficiaries"].queryset = households


class AddLinesView(ScopedActionView):
    scope = staticmethod(decisions_for)
    form_class = AddLinesForm
    required_permissions = ("support.change_decision",)
    page_title = _("Add households")
    submit_button_label = _("Add")
    success_message = _("Households added to %(object)s.")
    back_url_name = "decision:inspect"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "decision": self.object, "user": self.request.user}

    def perform(self, form):
        services.add_decision_lines(
            self.object,
            beneficiaries=form.cleaned_data["beneficiaries"],
            amount=form.cleaned_data.get("amount"),
            user=self.request.user,
        )


class LineActionView(ScopedActionView):
    """An action on one line of a decision; back to the decision."""

    scope = staticmethod(_lines_for)
    context_object_name = "line"

    @property
    def back_url(self):
        return reverse("decision:inspect", args=[self.object.decision_id])

    def get_page_subtitle(self):
        return self.object.beneficiary.household_title()


class RemoveLineView(LineActionView):
    form_class = NoFieldsForm
    required_permissions = ("support.change_decision",)
    page_title = _("Remove the household from the decision")
    submit_button_label = _("Remove")
    success_message = _("%(line)s removed.")

    def perform(self, form):
        services.remove_decision_line(self.object, user=self.request.user)


class PayForm(forms.Form):
    amount = MoneyField(
        label=_("Amount (đồng)"), min_value=1, help_text=_("For goods: their value in đồng.")
    )
    method = forms.ChoiceField(label=_("Paid in"), choices=Voucher.Method.choices)
    goods_item = forms.ChoiceField(
        label=_("Goods"),
        required=False,
        help_text=_("Goods the fund received in kind, with what it holds today."),
    )
    goods_quantity = forms.IntegerField(label=_("Quantity"), min_value=1, required=False)
    goods_unit = forms.CharField(label=_("Unit"), max_length=40, required=False)
    paid_on = DateField(label=_("Paid on"))
    place = forms.CharField(label=_("Place"), max_length=200, required=False)
    content = forms.CharField(
        label=pgettext_lazy("voucher", "Content"),
        max_length=300,
        required=False,
        help_text=_("Leave empty for the support level and the decision."),
    )

    def __init__(self, *args, fund, **kwargs):
        super().__init__(*args, **kwargs)
        items = [(item, f"{item} ({goods_stock(fund.pk, item)})") for item in goods_items(fund.pk)]
        self.fields["goods_item"].choices = [("", "—"), *items]
        if not items:  # nothing received in kind: goods cannot be given
            self.fields["method"].choices = [
                choice for choice in Voucher.Method.choices if choice[0] != Voucher.Method.GOODS
            ]

    def clean(self):
        data = super().clean()
        if data.get("method") == Voucher.Method.GOODS:
            if not data.get("goods_item"):
                self.add_error("goods_item", _("Name the goods given."))
            if not data.get("goods_quantity"):
                self.add_error("goods_quantity", _("Give the quantity of goods, more than 0."))
        else:
            data["goods_item"], data["goods_quantity"], data["goods_unit"] = "", None, ""
        return data


class PayLineView(LineActionView):
    """ "Lập phiếu chi": a voucher for (the rest of) the line's amount."""

    form_class = PayForm
    # A voucher is a ledger record: paying needs the ledger's permission to write one.
    required_permissions = ("support.change_decision", "donations.add_voucher")
    page_title = _("Make a payment voucher")
    submit_button_label = _("Make the voucher")
    success_message = _("Voucher made for %(line)s.")
    header_icon = "doc-full"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "fund": self.object.decision.fund}

    def _paid_before_ledger(self):
        """A decision recorded for history offers no form: back to it, saying why."""
        messages.error(self.request, PAID_BEFORE_LEDGER)
        return redirect(self.back_url)

    def get(self, request, *args, **kwargs):
        if self.object.decision.paid_before_ledger:
            return self._paid_before_ledger()
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        if self.object.decision.paid_before_ledger:
            return self._paid_before_ledger()
        return super().post(request, *args, **kwargs)

    def get_initial(self):
        return {
            "amount": max(self.object.amount - services.paid_on_line(self.object), 0) or None,
            "paid_on": timezone.localdate(),
            "place": self.object.beneficiary.commune.name,
        }

    def perform(self, form):
        data = form.cleaned_data
        return services.pay_line(
            self.object,
            amount=data["amount"],
            method=data["method"],
            paid_on=data["paid_on"],
            place=data.get("place") or "",
            content=data.get("content") or "",
            goods_item=data["goods_item"],
            goods_quantity=data["goods_quantity"],
            goods_unit=data["goods_unit"],
            user=self.request.user,
        )

    def report(self, voucher):
        messages.success(
            self.request,
            _("Voucher %(number)s made for %(household)s.")
            % {"number": voucher.number, "household": voucher.recipient_name},
        )


class StoryForm(forms.Form):
    story = forms.ModelChoiceField(
        label=_("Story"),
        required=False,
        queryset=StoryPage.objects.live().order_by("-story_date"),
        help_text=_("Leave empty to remove the link."),
    )


class LineStoryView(LineActionView):
    form_class = StoryForm
    required_permissions = ("support.change_decision",)
    page_title = _("Link a story")
    submit_button_label = _("Save")
    success_message = _("Story link of %(line)s saved.")

    def get_initial(self):
        return {"story": self.object.story_id}

    def perform(self, form):
        services.link_story(self.object, story=form.cleaned_data["story"], user=self.request.user)


class DecisionViewSet(ModelViewSet):
    model = Decision
    name = "decision"
    icon = "tasks"
    menu_label = _("Spending decisions")
    menu_order = 100
    index_view_class = DecisionIndexView
    add_view_class = ProposeView
    inspect_view_class = DecisionInspectView
    inspect_view_enabled = True
    copy_view_enabled = False
    search_fields = ["title", "number"]
    search_backend_name = None
    filterset_class = DecisionFilterSet
    list_display = [
        "__str__",
        "fund",
        "support_level",
        Column("households", label=_("Households")),
        MoneyColumn("total", label=_("Total"), sort_key="total"),
        DateColumn("decided_on", label=_("Decision date"), sort_key="decided_on"),
        Column("status", label=_("Status"), accessor="status_label"),
    ]
    edit_handler = ObjectList(
        [
            FieldRowPanel([FieldPanel("fund"), FieldPanel("campaign")]),
            FieldPanel("support_level"),
            FieldPanel("title"),
            FieldPanel("beneficiaries"),
            FieldRowPanel([FieldPanel("amount"), FieldPanel("submit")]),
            FieldPanel("paid_before_ledger"),
        ],
        base_form_class=ProposeForm,
    )

    def __init__(self, *args, **kwargs):
        for name, view_class in scoped_views(decisions_for).items():
            setattr(self, name, view_class)
        super().__init__(*args, **kwargs)

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("submit/<int:pk>/", SubmitView.as_view(), name="submit"),
            path("approve/<int:pk>/", ApproveView.as_view(), name="approve"),
            path("return/<int:pk>/", ReturnView.as_view(), name="return"),
            path("revoke/<int:pk>/", RevokeView.as_view(), name="revoke"),
            path("add-lines/<int:pk>/", AddLinesView.as_view(), name="add_lines"),
            path("line/<int:pk>/remove/", RemoveLineView.as_view(), name="remove_line"),
            path("line/<int:pk>/pay/", PayLineView.as_view(), name="pay_line"),
            path("line/<int:pk>/story/", LineStoryView.as_view(), name="line_story"),
        ]


class SupportLevelViewSet(ModelViewSet):
    model = SupportLevel
    name = "supportlevel"
    icon = "list-ul"
    menu_label = _("Support levels")
    menu_order = 400
    copy_view_enabled = False
    inspect_view_enabled = True
    list_display = [
        "name",
        Column("support_type", label=_("Support type"), accessor="get_support_type_display"),
        MoneyColumn("amount", label=_("Amount"), sort_key="amount"),
        "unit",
        "decision_number",
        DateColumn("valid_from", label=_("Valid from"), sort_key="valid_from"),
    ]
    list_filter = ["support_type", "province"]
    search_fields = ["name", "decision_number"]
    search_backend_name = None
    panels = [
        FieldPanel("name"),
        FieldRowPanel([FieldPanel("support_type"), FieldPanel("province")]),
        FieldRowPanel([FieldPanel("amount"), FieldPanel("unit")]),
        FieldRowPanel([FieldPanel("valid_from"), FieldPanel("valid_until")]),
        FieldRowPanel(
            [FieldPanel("decision_number"), FieldPanel("decision_date"), FieldPanel("issuer")]
        ),
    ]
