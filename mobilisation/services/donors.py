"""Finding the donor a pledge belongs to: by tax code, then phone, then the name compared
without diacritics (sitewide.text.fold), as an import file or a live entry gives them."""

from donations.models import Donor
from donations.models.donors import normalise_phone
from sitewide.text import fold

MATCH_TAX_CODE = "tax_code"
MATCH_PHONE = "phone"
MATCH_NAME = "name"


def match_donor(*, name="", tax_code="", phone=""):
    """(donor, how it was found) or (None, "") when no donor matches."""
    tax_code = (tax_code or "").strip()
    if tax_code:
        donor = Donor.objects.filter(tax_code=tax_code).order_by("pk").first()
        if donor is not None:
            return donor, MATCH_TAX_CODE
    phone = normalise_phone(phone)
    if phone:
        donor = Donor.objects.filter(phone=phone).order_by("pk").first()
        if donor is not None:
            return donor, MATCH_PHONE
    folded = fold((name or "").strip())
    if folded:
        donor = Donor.objects.filter(name_folded=folded).order_by("pk").first()
        if donor is not None:
            return donor, MATCH_NAME
    return None, ""


def candidates(query, limit=8):
    """Donors a live entry's one search field may mean: name without diacritics, phone or tax
    code (Donor.objects.search_text)."""
    return list(Donor.objects.search_text(query).order_by("name_folded", "pk")[:limit])
