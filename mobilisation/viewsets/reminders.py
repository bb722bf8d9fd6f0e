"""Reminders in the admin: the list of every reminder sent (each row → its pledge), and the
day's preview: what the schedule would send today, one e-mail shown in full, and a button to
send them now (the same run as the scheduled task, so nothing goes twice). A single pledge can
also be reminded by hand from the preview (at most once a day per channel)."""

from django.contrib import messages
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView, View
from wagtail.admin.ui.tables import Column
from wagtail.admin.views import generic
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import HeaderButton

from mobilisation.models import Reminder
from mobilisation.scoping import pledges_for
from mobilisation.services import reminders
from sitewide.admin_toolkit import RequirePermissionMixin
from sitewide.columns import DateTimeColumn, MoneyColumn

SEND_PERMISSIONS = ("mobilisation.add_reminder", "donations.view_pledge")


class PreviewView(RequirePermissionMixin, WagtailAdminTemplateMixin, TemplateView):
    required_permissions = ("mobilisation.view_reminder", "donations.view_pledge")
    template_name = "mobilisation/admin/reminder_preview.html"
    page_title = _("Reminders to send today")
    header_icon = "mail"

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("reminder:index"), "label": Reminder._meta.verbose_name_plural},
            {"url": "", "label": self.get_page_title()},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        planned = reminders.plan()
        sample = None
        email = next((p for p in planned if p.channel == "email"), None)
        if email is not None:
            message = reminders.email_message(email.pledge)
            sample = {"subject": message.subject, "text": message.body}
        phone = next((p for p in planned if p.channel == "phone"), None)
        context.update(
            planned=planned,
            sample=sample,
            sms_sample=reminders.phone_message(phone.pledge).text if phone else "",
            conf=reminders.config(),
            can_send=self.request.user.has_perms(SEND_PERMISSIONS),
            today=timezone.localdate(),
        )
        return context


@method_decorator(transaction.non_atomic_requests, name="dispatch")
class SendView(RequirePermissionMixin, View):
    """Send today's planned reminders; each row is committed before its message leaves."""

    required_permissions = SEND_PERMISSIONS
    http_method_names = ["post"]

    def post(self, request):
        summary = reminders.run_reminders(user=request.user)
        messages.success(
            request,
            _("Reminders sent: %(sent)s; failed: %(failed)s; already sent: %(skipped)s.")
            % {"sent": summary.sent, "failed": summary.failed, "skipped": summary.skipped},
        )
        return redirect("reminder:index")


@method_decorator(transaction.non_atomic_requests, name="dispatch")
class SendOneView(RequirePermissionMixin, View):
    """Remind one pledge now, whatever the schedule (once a day per channel)."""

    required_permissions = SEND_PERMISSIONS
    http_method_names = ["post"]

    def post(self, request, pk):
        pledge = get_object_or_404(
            pledges_for(request.user).with_paid().select_related("donor", "fund", "campaign"),
            pk=pk,
        )
        planned = reminders.plan(pledges=[pledge], step=reminders.manual_step(timezone.localdate()))
        if not planned:
            messages.warning(
                request,
                _(
                    "Nothing to send for %(code)s: paid, cancelled, opted out, no contact, or "
                    "already reminded today."
                )
                % {"code": pledge.code},
            )
        else:
            summary = reminders.send_planned(planned, user=request.user)
            messages.success(
                request,
                _("Reminders sent: %(sent)s; failed: %(failed)s; already sent: %(skipped)s.")
                % {"sent": summary.sent, "failed": summary.failed, "skipped": summary.skipped},
            )
        return redirect("pledge:inspect", pk)


class ReminderIndexView(generic.IndexView):
    def get_base_queryset(self):
        return Reminder.objects.select_related("pledge", "pledge__donor", "sent_by")

    def get_edit_url(self, instance):
        return reverse("pledge:inspect", args=[instance.pledge_id])

    def get_add_url(self):
        return None  # reminders are sent from the day's preview, not added by hand

    @cached_property
    def header_buttons(self):
        return [
            *super().header_buttons,
            HeaderButton(
                _("Reminders to send today"), url=reverse("reminder:preview"), icon_name="mail"
            ),
        ]


class DonorColumn(Column):
    def get_value(self, instance):
        return instance.pledge.donor.name


class ReminderViewSet(ModelViewSet):
    model = Reminder
    name = "reminder"
    icon = "mail"
    menu_label = _("Reminders")
    menu_order = 300
    copy_view_enabled = False
    # Wagtail builds a form class even for views not mounted; this one is never shown.
    form_fields = ["recipient"]
    index_view_class = ReminderIndexView
    list_filter = ["channel", "status"]
    search_fields = ["recipient"]
    search_backend_name = None
    list_display = [
        "pledge",
        DonorColumn("donor", label=_("Donor")),
        "channel",
        Column("step", label=_("Step"), accessor="step_display"),
        "recipient",
        MoneyColumn("outstanding", label=_("Outstanding")),
        "status",
        DateTimeColumn("created_at", label=_("Created at")),
    ]

    def get_urlpatterns(self):
        kept = [p for p in super().get_urlpatterns() if p.name in {"index", "index_results"}]
        return [
            *kept,
            path("today/", PreviewView.as_view(), name="preview"),
            path("send/", SendView.as_view(), name="send"),
            path("send/<int:pk>/", SendOneView.as_view(), name="send_one"),
        ]
