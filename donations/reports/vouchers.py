"""Phiếu chi and phiếu thu: the printed payment voucher of a fund, and the in-record of money
a fund receives from another fund or from above.

What a voucher must carry (Law on Accounting 2015, art. 16; Circular 41/2022/TT-BTC for units
of this kind): its name and number, the date, the issuing unit (the fund's Front committee)
and its address, the recipient, the content, the amount in figures and in words, what it is
based on, and the signatures of who approves, who prepares, the cashier and who receives. The
same template makes the printable page and, through WeasyPrint, the PDF (as the confirmation of
donation does: donations.reports.confirmation).
"""

from django.utils.translation import gettext as _

from sitewide.formatting import full_name
from sitewide.numbers_vi import amount_in_words

from .confirmation import PdfUnavailable, document_date, issuer, render_pdf

TEMPLATE = "donations/admin/voucher_document.html"

__all__ = ["PdfUnavailable", "document_pdf", "in_record_context", "voucher_context"]


def _person(user):
    return full_name(user) if user is not None else ""


def voucher_context(voucher, request=None):
    lines = [voucher.content] if voucher.content else []
    if voucher.method == voucher.Method.GOODS:
        lines.append(
            _("Goods: %(item)s, %(quantity)s %(unit)s")
            % {
                "item": voucher.goods_item,
                "quantity": voucher.goods_quantity,
                "unit": voucher.goods_unit,
            }
        )
    support = voucher.get_support_type_display() if voucher.support_type else ""
    if support and not voucher.content.lower().startswith(support.lower()):
        lines.insert(0, support)  # a content written from the level already names it
    return {
        "document_title": _("Payment voucher"),
        "record": voucher,
        "number": voucher.number,
        "issuer": issuer(voucher.fund, request),
        "fund": voucher.fund,
        "dated": document_date(voucher.paid_on),
        "party_label": _("Recipient"),
        "party": voucher.recipient_name,
        "place": voucher.place,
        "content": " · ".join(lines),
        "method": voucher.get_method_display(),
        "based_on": voucher.authority_label,
        "amount": voucher.amount,
        "amount_in_words": amount_in_words(voucher.amount),
        "approver": _person(voucher.approved_by),
        "preparer": _person(voucher.prepared_by),
        "receiver_label": _("Recipient"),
        "receiver": voucher.handover_received_by or "",
        "is_reversed": voucher.is_reversed,
        "inspect_url_name": "voucher:inspect",
        "pdf_url_name": "voucher:print_pdf",
    }


def in_record_context(transfer, request=None):
    return {
        "document_title": _("Receipt voucher"),
        "record": transfer,
        "number": transfer.number,
        "issuer": issuer(transfer.to_fund, request),
        "fund": transfer.to_fund,
        "dated": document_date(transfer.transferred_on),
        "party_label": _("Paid by"),
        "party": transfer.source_label,
        "place": "",
        "content": transfer.content,
        "method": _("Bank transfer"),
        "based_on": transfer.reference
        or (transfer.out_voucher.number if transfer.out_voucher_id else ""),
        "amount": transfer.amount,
        "amount_in_words": amount_in_words(transfer.amount),
        "approver": "",
        "preparer": _person(transfer.recorded_by),
        "receiver_label": _("Paid by"),
        "receiver": "",
        "is_reversed": transfer.is_reversed,
        "inspect_url_name": "fundtransfer:inspect",
        "pdf_url_name": "fundtransfer:print_pdf",
    }


def document_pdf(context, request=None):
    return render_pdf(TEMPLATE, context, request)
