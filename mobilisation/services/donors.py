"""Finding the donor a pledge belongs to: by tax code, then phone, then the name compared
without diacritics (sitewide.text.fold), as an import file or a live entry gives them."""

from donations.models import Donor
from donations.models.donors import normalise_phone
from sitewide.bulk import select_in
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


def match_donor_ids(people):
    """match_donor for many people at once (a file of pledges): [(donor id or None, how)], one
    per (name, tax code, phone) of ``people`` in the same order, by the same rules (tax code,
    then phone, then folded name; the oldest donor when several match), from one query per
    kind of key and 2.000 values (sitewide.bulk.select_in) rather than up to three per person."""
    keys = [
        ((tax_code or "").strip(), normalise_phone(phone), fold((name or "").strip()))
        for name, tax_code, phone in people
    ]
    oldest = [
        _oldest(field, {key[position] for key in keys if key[position]})
        for position, field in enumerate(("tax_code", "phone", "name_folded"))
    ]
    ways = (MATCH_TAX_CODE, MATCH_PHONE, MATCH_NAME)
    matches = []
    for key in keys:
        for value, found, how in zip(key, oldest, ways, strict=True):
            if value and value in found:
                matches.append((found[value], how))
                break
        else:
            matches.append((None, ""))
    return matches


def _oldest(field, values):
    """{value: the smallest donor id with ``field`` = value} for the values found."""
    found = {}
    for value, pk in select_in(Donor, field, values, "id"):
        if value not in found or pk < found[value]:
            found[value] = pk
    return found


def candidates(query, limit=8):
    """Donors a live entry's one search field may mean: name without diacritics, phone or tax
    code (Donor.objects.search_text)."""
    return list(Donor.objects.search_text(query).order_by("name_folded", "pk")[:limit])
