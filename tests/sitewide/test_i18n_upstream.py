"""Wagtail's admin and Django's own messages read in Vietnamese, not only our code's.

The upstream catalogues leave most of Wagtail's admin in English; locale/upstream/vi fills
the gap (sitewide/upstream_messages.py). These tests fail when an upgrade brings new
untranslated messages, when a translation breaks a placeholder, and when the catalogue stops
reaching the page or the admin's JavaScript.
"""

import re
from datetime import timedelta
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.contrib.humanize.templatetags.humanize import naturaltime
from django.core.management import CommandError, call_command
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone, translation

from sitewide.upstream_messages import missing_messages

ROOT = Path(__file__).resolve().parents[2]
UPSTREAM = ROOT / "locale" / "upstream" / "vi" / "LC_MESSAGES"
NAMED = re.compile(r"%\((\w+)\)[sdif]|\{(\w*)\}")
POSITIONAL = re.compile(r"%[sdif]")


def names(text):
    return {a or b for a, b in NAMED.findall(text)}


@pytest.mark.parametrize("domain", ["django", "djangojs"])
def test_every_upstream_message_of_the_installed_apps_has_vietnamese(domain):
    missing = [f"{m.package}: {m.msgid}" for m in missing_messages(domain)]
    assert missing == [], "run `manage.py upstream_messages --po` and translate them"


def test_the_check_command_passes():
    call_command("upstream_messages", "--check")


def test_without_our_catalogue_the_check_finds_wagtails_gaps():
    """The check can fail: without locale/upstream, Wagtail's own menus are English."""
    with override_settings(LOCALE_PATHS=[ROOT / "locale"]):
        django_gaps = {m.msgid for m in missing_messages("django")}
        js_gaps = {m.msgid for m in missing_messages("djangojs")}
        with pytest.raises(CommandError):
            call_command("upstream_messages", "--check")
    assert {"Help", "Reports", "Documents"} <= django_gaps
    assert "Toggle sidebar" in js_gaps


@pytest.mark.parametrize("domain", ["django", "djangojs"])
def test_translations_keep_every_placeholder(domain):
    """A lost %(name)s drops a number from the sentence; an extra one raises KeyError."""
    broken = []
    for entry in polib.pofile(str(UPSTREAM / f"{domain}.po")):
        sources = [entry.msgid, entry.msgid_plural] if entry.msgid_plural else [entry.msgid]
        translated = entry.msgstr_plural[0] if entry.msgid_plural else entry.msgstr
        allowed = set().union(*(names(source) for source in sources))
        if not names(entry.msgid) <= names(translated) <= allowed or len(
            POSITIONAL.findall(translated)
        ) != len(POSITIONAL.findall(entry.msgid)):
            broken.append((entry.msgid, translated))
    assert broken == []


def test_upstream_catalogue_leaves_our_own_translations_alone():
    """LOCALE_PATHS outranks every app's catalogue, so an entry here for a msgid one of our
    apps also uses would silently replace the Vietnamese that app chose."""
    ours = {
        (entry.msgctxt, entry.msgid)
        for path in ROOT.glob("*/locale/vi/LC_MESSAGES/django.po")
        for entry in polib.pofile(str(path))
        if not entry.obsolete
    }
    upstream = polib.pofile(str(UPSTREAM / "django.po"))
    assert [entry.msgid for entry in upstream if (entry.msgctxt, entry.msgid) in ours] == []


def test_upstream_catalogue_is_in_locale_paths():
    assert ROOT / "locale" / "upstream" in [Path(path) for path in settings.LOCALE_PATHS]


def test_wagtail_messages_translate_through_django():
    with translation.override("vi"):
        assert translation.gettext("Help") == "Trợ giúp"
        assert translation.gettext("Search…") == "Tìm kiếm…"
        assert translation.ngettext("%(count)s image", "%(count)s images", 3) == "%(count)s ảnh"
        # Wagtail's timelines use humanize, which is not an installed app.
        two_minutes_ago = timezone.now() - timedelta(minutes=2)
        assert naturaltime(two_minutes_ago) == "2\xa0phút trước"


@pytest.fixture
def staff_client(client, admin_user):
    client.force_login(admin_user)
    return client


def test_admin_javascript_catalogue_serves_our_translations(staff_client):
    body = staff_client.get(reverse("wagtailadmin_javascript_catalog")).content.decode()
    assert "Toggle sidebar" in body and "M\\u1edf/\\u0111\\u00f3ng thanh b\\u00ean" in body


def test_empty_document_listing_reads_vietnamese(staff_client):
    body = staff_client.get(reverse("wagtaildocs:index")).content.decode()
    assert "Bạn chưa tải lên tài liệu nào." in body
    assert "You haven't uploaded any documents" not in body


@pytest.mark.django_db
def test_tree_roots_are_named_in_vietnamese():
    """Wagtail names its roots "Root" in data, which no catalogue translates (migration 0004)."""
    from wagtail.models import Collection, Page

    assert Page.get_first_root_node().title == "Gốc"
    assert Collection.get_first_root_node().name == "Tất cả"
