"""Which messages of Wagtail, Django and the other installed packages still lack Vietnamese.

Staff read Wagtail's admin (and Django's forms, validators and password screens) in
Vietnamese, but the upstream Vietnamese catalogues are far from complete. What they leave out
is translated in our own catalogue `locale/upstream/vi/LC_MESSAGES/` (django.po, djangojs.po),
which `make messages` never rewrites because no source file of ours maps to it.

The English msgids come from each package's own catalogue (its `en` one, whose msgids are
extracted from its current sources; a package shipping no `en` catalogue lends any other
language's). Whether a msgid "has Vietnamese" is asked of the very catalogue Django merges at
run time (every installed app's, LOCALE_PATHS', Django's own), so the answer is what a
person sees, whichever catalogue supplies it. After a Wagtail upgrade,
`manage.py upstream_messages` lists exactly the new messages to translate.
"""

import importlib.util
from dataclasses import dataclass
from pathlib import Path

import django
import polib
from django.apps import apps
from django.conf import settings
from django.utils.translation.trans_real import DjangoTranslation, translation

LANGUAGE = "vi"
# The JavaScript catalogue is built only for the packages Wagtail's admin asks for
# (wagtail/admin/views/i18n.py), so only their djangojs messages ever reach a reader.
JAVASCRIPT_PACKAGES = ["wagtail.admin"]
DOMAINS = ("django", "djangojs")
# Django keeps its own messages outside any app: forms, validators, dates, language names.
DJANGO_CORE_LOCALE = Path(django.__file__).parent / "conf" / "locale"
# Packages whose messages staff read although they are not installed apps, so Django never
# loads their catalogues: Wagtail's admin dates its timelines with humanize's naturaltime
# ("2 phút trước").
USED_WITHOUT_INSTALLING = ["django.contrib.humanize"]


@dataclass(frozen=True)
class UpstreamMessage:
    """One English message of a package, with where it came from (for the listing)."""

    package: str
    msgctxt: str | None
    msgid: str
    msgid_plural: str

    def lookup_key(self):
        """The key Python's gettext stores this message under in a compiled catalogue."""
        key = f"{self.msgctxt}\x04{self.msgid}" if self.msgctxt else self.msgid
        return (key, 0) if self.msgid_plural else key


def is_third_party(app_config):
    """True for an installed package; this project's own apps sit at the top of BASE_DIR."""
    return Path(app_config.path).parent != Path(settings.BASE_DIR)


def source_catalogue(locale_dir, domain):
    """The package's catalogue that lists its msgids: `en` if shipped, else any language's."""
    english = locale_dir / "en" / "LC_MESSAGES" / f"{domain}.po"
    if english.exists():
        return english
    return next(iter(sorted(locale_dir.glob(f"*/LC_MESSAGES/{domain}.po"))), None)


def upstream_catalogues(domain):
    """(package name, .po path) of every upstream catalogue whose messages staff may read."""
    if domain == "django":
        packages = [
            (config.name, Path(config.path))
            for config in apps.get_app_configs()
            if is_third_party(config)
        ]
        packages += [(name, package_path(name)) for name in USED_WITHOUT_INSTALLING]
        found = [("django", source_catalogue(DJANGO_CORE_LOCALE, domain))]
    else:
        packages = [(config.name, Path(config.path)) for config in javascript_apps()]
        found = []
    for name, path in packages:
        found.append((name, source_catalogue(path / "locale", domain)))
    return [(package, path) for package, path in found if path]


def package_path(name):
    """The directory of an importable package that is not an installed app."""
    return Path(importlib.util.find_spec(name).origin).parent


def javascript_apps():
    """The installed apps whose djangojs catalogue the admin's JavaScriptCatalog serves."""
    return [config for config in apps.get_app_configs() if config.name in JAVASCRIPT_PACKAGES]


def upstream_messages(domain):
    """Every distinct upstream message of the domain, first package to list it kept."""
    seen = {}
    for package, path in upstream_catalogues(domain):
        for entry in polib.pofile(str(path)):
            if entry.obsolete or not entry.msgid:
                continue
            message = UpstreamMessage(package, entry.msgctxt, entry.msgid, entry.msgid_plural)
            seen.setdefault(message.lookup_key(), message)
    return list(seen.values())


def runtime_catalogue(domain):
    """The merged Vietnamese catalogue Django serves for the domain, as a reader gets it."""
    if domain == "django":
        return translation(LANGUAGE)._catalog
    locale_dirs = [str(Path(config.path) / "locale") for config in javascript_apps()]
    return DjangoTranslation(LANGUAGE, domain=domain, localedirs=locale_dirs)._catalog


def missing_messages(domain):
    """Upstream messages that no catalogue translates: a reader sees them in English."""
    catalogue = runtime_catalogue(domain)
    return [
        message for message in upstream_messages(domain) if not catalogue.get(message.lookup_key())
    ]
