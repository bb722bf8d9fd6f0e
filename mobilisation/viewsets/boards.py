"""What a pledge prints: the symbolic board held up on stage (A3 landscape: the unit's name,
the amount in figures and in words, the campaign) and the confirmation of the pledge (A4: the
payment code to put in the transfer memo and the Fund's accounts).

Each is one self-contained HTML page, printed from the browser or turned into a PDF by
WeasyPrint (donations.reports.confirmation.html_to_pdf), ``?format=pdf``.

"""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _
from django.views.generic import View

from donations.reports.confirmation import PdfUnavailable, document_date, html_to_pdf, issuer
from mobilisation.qr import pledge_qr_codes
from mobilisation.scoping import pledges_for
from sitewide.admin_toolkit import RequirePermissionMixin
from sitewide.numbers_vi import amount_in_words


def pledge_document_context(pledge, request=None):
    donor = pledge.donor
    bank_accounts = list(
        pledge.fund.bank_accounts.filter(is_active=True).order_by("bank_name", "account_number")
    )
    return {
        "pledge": pledge,
        "donor": donor,
        "unit_name": donor.organisation or donor.name,
        "campaign": pledge.campaign,
        "amount_in_words": amount_in_words(pledge.amount),
        "issuer": issuer(pledge.fund, request),
        "issued_on": document_date(pledge.pledged_on),
        "bank_accounts": bank_accounts,
        "qr_codes": pledge_qr_codes(pledge, bank_accounts),
    }


class PledgeDocumentView(RequirePermissionMixin, View):
    required_permissions = ("donations.view_pledge", "mobilisation.view_ceremony")
    template_name = None
    filename = None

    def get(self, request, pk):
        # Another commune's pledge is "not found", as its ceremony is (mobilisation.scoping).
        pledge = get_object_or_404(
            pledges_for(request.user).select_related("donor", "campaign", "fund", "fund__area"),
            pk=pk,
        )
        context = pledge_document_context(pledge, request)
        if request.GET.get("format") != "pdf":
            return HttpResponse(render_to_string(self.template_name, context, request=request))
        try:
            pdf = html_to_pdf(
                render_to_string(self.template_name, {**context, "as_pdf": True}, request=request)
            )
        except PdfUnavailable:
            messages.error(
                request,
                _(
                    "This server cannot make PDF files (WeasyPrint or the system's Pango is "
                    "missing): print the page and choose “Save as PDF” instead."
                ),
            )
            return redirect("pledge:inspect", pk)
        response = HttpResponse(pdf, content_type="application/pdf")
        response["Content-Disposition"] = (
            f'attachment; filename="{self.filename}-{pledge.code}.pdf"'
        )
        return response


class BoardView(PledgeDocumentView):
    template_name = "mobilisation/admin/board.html"
    filename = "bang-tuong-trung"


class PledgeConfirmationView(PledgeDocumentView):
    template_name = "mobilisation/admin/pledge_confirmation.html"
    filename = "xac-nhan-dang-ky"
