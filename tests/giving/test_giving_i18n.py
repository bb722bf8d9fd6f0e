"""giving's Vietnamese catalogue: complete, compiled, and carrying the payments msgids."""

from pathlib import Path

import polib

from giving.payments.translations import VIETNAMESE

CATALOGUE = Path(__file__).resolve().parents[2] / "giving" / "locale" / "vi" / "LC_MESSAGES"


def test_every_msgid_has_vietnamese_and_none_is_fuzzy():
    po = polib.pofile(str(CATALOGUE / "django.po"))
    assert len(po) > 150
    assert [entry.msgid for entry in po if not entry.msgstr] == []
    assert [entry.msgid for entry in po if entry.fuzzy] == []
    assert [entry.msgid for entry in po.obsolete_entries()] == []


def test_compiled_catalogue_matches_the_po():
    po = polib.pofile(str(CATALOGUE / "django.po"))
    mo = polib.mofile(str(CATALOGUE / "django.mo"))
    assert {entry.msgid: entry.msgstr for entry in po} == {
        entry.msgid: entry.msgstr for entry in mo if entry.msgid
    }


def test_payments_msgids_are_in_givings_catalogue_with_their_vietnamese():
    po = {entry.msgid: entry.msgstr for entry in polib.pofile(str(CATALOGUE / "django.po"))}
    assert {msgid: po.get(msgid) for msgid in VIETNAMESE} == VIETNAMESE
