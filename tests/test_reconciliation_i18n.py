"""Every string of reconciliation reads in Vietnamese, including the statement readers' own
messages (reconciliation/statements), which staff see through the import form and command."""

import ast
from pathlib import Path

import polib
from django.utils import translation

ROOT = Path(__file__).resolve().parent.parent
CATALOGUE = ROOT / "reconciliation" / "locale" / "vi" / "LC_MESSAGES" / "django.po"


def _translated(entry):
    if entry.msgid_plural:
        return bool(entry.msgstr_plural) and all(entry.msgstr_plural.values())
    return bool(entry.msgstr)


def test_catalogue_is_complete_and_clean():
    catalogue = polib.pofile(str(CATALOGUE))
    assert not [entry.msgid for entry in catalogue if not _translated(entry) and not entry.obsolete]
    assert not [entry.msgid for entry in catalogue if "fuzzy" in entry.flags]
    compiled = polib.mofile(str(CATALOGUE.with_suffix(".mo")))
    assert {e.msgid: e.msgstr for e in compiled if e.msgid} == {
        e.msgid: e.msgstr for e in catalogue if not e.obsolete
    }


def _statement_msgids():
    """The literal msgids of reconciliation/statements (gettext_lazy calls)."""
    for path in (ROOT / "reconciliation" / "statements").glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and getattr(node.func, "id", "") == "_"
                and node.args
                and isinstance(node.args[0], ast.Constant)
            ):
                yield node.args[0].value


def test_statement_messages_are_vietnamese():
    msgids = set(_statement_msgids())
    assert len(msgids) > 20
    with translation.override("vi"):
        untranslated = [msgid for msgid in msgids if translation.gettext(msgid) == msgid]
    assert untranslated == []
