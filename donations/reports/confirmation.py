"""Giấy xác nhận ủng hộ: the confirmation of donation a business files with its accounts.

What an accountant looks for, laid out as Vietnamese administrative documents are: the issuing
Front committee and the national heading side by side, the number and the place and date, the
donor with address and tax code, the amount in figures and in words, how and when it arrived,
its purpose, and the signer's capacity, title and name under a space for signature and stamp.
The same HTML is printed from the browser (A4 print CSS) and turned into a PDF by WeasyPrint,
which lays text out with the system's Pango and fonts (Vietnamese glyphs from DejaVu when Times
New Roman is not installed). WeasyPrint is imported only when a PDF is asked for, and fetches
nothing: the document has no external resource.
"""

import datetime

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from PIL import ImageFile

from public_record.services import latest_checkpoint
from sitewide.models import SiteSettings
from sitewide.numbers_vi import amount_in_words

TEMPLATE = "donations/admin/confirmation.html"
UNIT_WORDS = ("Thành phố", "Thị trấn", "Đặc khu", "Phường", "Huyện", "Tỉnh", "Xã", "Quận")


def place_of(area_name):
    """ "Tỉnh Quảng Trị" → "Quảng Trị": how a place is named before a document's date."""
    for word in UNIT_WORDS:
        if area_name.startswith(word + " "):
            return area_name[len(word) + 1 :]
    return area_name


def document_date(value):
    """Day, month and year as written on a document: a day under 10 and the months 1 and 2
    with a leading zero (ngày 05 tháng 02 năm 2027, ngày 20 tháng 10 năm 2026)."""
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    month = f"{value.month:02d}" if value.month < 3 else str(value.month)
    return {"day": f"{value.day:02d}", "month": month, "year": str(value.year)}


def issuer(fund, request=None):
    """Who issues the confirmation: the fund's committee, else the site's organisation."""
    site = SiteSettings.for_request(request) if request is not None else _first_site_settings()
    return {
        "name": fund.committee_name or (site.organisation_name if site else ""),
        "address": fund.committee_address or (site.address if site else ""),
        "place": fund.place_name or place_of(fund.area.name),
        "signing_for": fund.signing_for,
        "signer_title": fund.signer_title,
        "signer_name": fund.signer_name,
    }


def _first_site_settings():
    from wagtail.models import Site

    site = Site.objects.filter(is_default_site=True).first() or Site.objects.first()
    return SiteSettings.for_site(site) if site else None


def payment_details(receipt):
    """How the money came, with what the donor's accountant matches it against."""
    parts = [receipt.get_channel_display()]
    if receipt.bank_account_id:
        parts.append(str(receipt.bank_account))
    if receipt.bank_reference:
        parts.append(_("reference %(reference)s") % {"reference": receipt.bank_reference})
    if receipt.receipt_book_number:
        parts.append(_("receipt book no. %(number)s") % {"number": receipt.receipt_book_number})
    if receipt.gateway_reference:
        parts.append(f"{receipt.gateway} {receipt.gateway_reference}")
    return ", ".join(parts)


def purpose(receipt):
    if receipt.campaign_id:
        return _("Support for the %(fund)s, campaign “%(campaign)s”") % {
            "fund": receipt.fund.name,
            "campaign": receipt.campaign.title,
        }
    return _("Support for the %(fund)s") % {"fund": receipt.fund.name}


def confirmation_context(receipt, request=None):
    return {
        "receipt": receipt,
        "donor": receipt.donor,
        "issuer": issuer(receipt.fund, request),
        "issued_on": document_date(receipt.recorded_at),
        "amount_in_words": amount_in_words(receipt.amount),
        "payment": payment_details(receipt),
        "purpose": purpose(receipt),
        # The public record's latest signed checkpoint, printed at the foot (issue 16).
        "checkpoint": latest_checkpoint(),
    }


class PdfUnavailable(Exception):
    """WeasyPrint, or the Pango it loads, is missing on this server."""


def _refuse_fetching(url, *args, **kwargs):
    raise ValueError(f"The document loads no resource; refused {url!r}.")


def html_to_pdf(html):
    """PDF bytes of a self-contained HTML document (no image, stylesheet or font fetched);
    the page size is the document's own @page rule. PdfUnavailable without WeasyPrint."""
    try:
        import weasyprint  # loads Pango at import time; only the PDF needs it
    except (ImportError, OSError) as error:
        raise PdfUnavailable(str(error)) from error
    finally:
        # WeasyPrint's import turns on Pillow's LOAD_TRUNCATED_IMAGES for the whole process;
        # uploads must keep refusing truncated photos. The documents draw no image.
        ImageFile.LOAD_TRUNCATED_IMAGES = False

    document = weasyprint.HTML(string=html, url_fetcher=_refuse_fetching)
    return document.write_pdf()


def render_pdf(template, context, request=None):
    """PDF bytes of a printable document template, rendered with ``as_pdf`` set."""
    html = render_to_string(template, {**context, "as_pdf": True}, request=request)
    return html_to_pdf(html)


def confirmation_pdf(receipt, request=None):
    """The confirmation as PDF bytes (A4), from the same template as the printable page."""
    return render_pdf(TEMPLATE, confirmation_context(receipt, request), request)
