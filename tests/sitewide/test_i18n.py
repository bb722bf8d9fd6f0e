"""Every Vietnamese catalogue is complete, reviewed and compiled.

An empty msgstr shows English to a reader; a fuzzy one is a guess nobody checked (and Django
ignores it); a stale .mo means the site shows something other than the reviewed .po.
"""

import unicodedata
from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parents[2]
CATALOGUES = sorted(
    path
    for pattern in (
        "locale/*/LC_MESSAGES/*.po",
        "*/locale/*/LC_MESSAGES/*.po",
        # What Wagtail and Django leave untranslated (sitewide/upstream_messages.py)
        "locale/upstream/*/LC_MESSAGES/*.po",
    )
    for path in ROOT.glob(pattern)
    if ".venv" not in path.parts
)


def translations(catalogue):
    """(context, msgid) → msgstr (or plural forms) of every live, translated entry."""
    result = {}
    for entry in catalogue:
        if entry.obsolete or not entry.msgid or "fuzzy" in entry.flags:
            continue
        value = (
            tuple(entry.msgstr_plural[k] for k in sorted(entry.msgstr_plural))
            if entry.msgid_plural
            else entry.msgstr
        )
        result[(entry.msgctxt, entry.msgid)] = value
    return result


def test_the_project_has_vietnamese_catalogues():
    found = {str(path.relative_to(ROOT)) for path in CATALOGUES}
    assert "locale/vi/LC_MESSAGES/django.po" in found
    assert "sitewide/locale/vi/LC_MESSAGES/django.po" in found
    assert "locale/upstream/vi/LC_MESSAGES/djangojs.po" in found


@pytest.mark.parametrize("po_path", CATALOGUES, ids=lambda p: str(p.relative_to(ROOT)))
def test_catalogue_is_complete_reviewed_and_compiled(po_path):
    catalogue = polib.pofile(str(po_path))
    live = [entry for entry in catalogue if not entry.obsolete and entry.msgid]

    fuzzy = [entry.msgid for entry in live if "fuzzy" in entry.flags]
    assert not fuzzy, f"fuzzy entries in {po_path}: {fuzzy}"

    def is_empty(entry):
        if entry.msgid_plural:
            return not entry.msgstr_plural or not all(entry.msgstr_plural.values())
        return not entry.msgstr

    empty = [entry.msgid for entry in live if is_empty(entry)]
    assert not empty, f"untranslated entries in {po_path}: {empty}"

    not_nfc = [e.msgstr for e in live if unicodedata.normalize("NFC", e.msgstr) != e.msgstr]
    assert not not_nfc, f"translations not in NFC in {po_path}: {not_nfc}"

    mo_path = po_path.with_suffix(".mo")
    assert mo_path.exists(), f"{mo_path} is missing: run compilemessages and commit it"
    compiled = translations(polib.mofile(str(mo_path)))
    assert compiled == translations(catalogue), f"{mo_path} is stale: run compilemessages"
