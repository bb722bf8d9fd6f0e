"""`manage.py upstream_messages`: Wagtail's and Django's messages that staff would read in English.

Run it after upgrading Wagtail, Django or another installed package: it lists the upstream
msgids that no catalogue translates into Vietnamese (sitewide/upstream_messages.py says how),
and with `--po` prints them as PO entries to translate and append to
locale/upstream/vi/LC_MESSAGES/<domain>.po. `--check` fails while any is left, which is what
tests/sitewide/test_i18n_upstream.py runs.
"""

import polib
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from sitewide.upstream_messages import DOMAINS, missing_messages


class Command(BaseCommand):
    help = "List upstream messages (Wagtail, Django, other packages) that have no Vietnamese."

    def add_arguments(self, parser):
        parser.add_argument("--domain", choices=DOMAINS, help="Only this gettext domain.")
        parser.add_argument(
            "--po", action="store_true", help="Print the missing messages as PO entries."
        )
        parser.add_argument(
            "--check", action="store_true", help="Exit with an error if any message is missing."
        )

    def handle(self, *args, domain=None, po=False, check=False, **options):
        missing = 0
        for name in [domain] if domain else DOMAINS:
            messages = missing_messages(name)
            missing += len(messages)
            if messages:
                self.stdout.write(f"# {name}.po")
            for message in messages:
                self.stdout.write(self.describe(message, po))
        if check and missing:
            raise CommandError(
                ngettext(
                    "%(count)d upstream message has no Vietnamese.",
                    "%(count)d upstream messages have no Vietnamese.",
                    missing,
                )
                % {"count": missing}
            )
        if not missing:
            self.stdout.write(self.style.SUCCESS(_("Every upstream message has Vietnamese.")))

    @staticmethod
    def describe(message, po):
        """One line per message, or a PO entry to fill in (msgstr left empty)."""
        if not po:
            context = f"[{message.msgctxt}] " if message.msgctxt else ""
            return f"{message.package}: {context}{message.msgid}"
        entry = polib.POEntry(
            msgctxt=message.msgctxt,
            msgid=message.msgid,
            msgid_plural=message.msgid_plural,
            msgstr_plural={0: ""} if message.msgid_plural else {},
            comment=message.package,
        )
        return f"{entry}\n"
