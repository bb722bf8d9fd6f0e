"""python manage.py check_public_record

Recomputes the public record's tree from its entries and compares it with what is stored:
leaf hashes, complete subtrees, the log head, every checkpoint's root and signature
(public_record.integrity). Exits with status 1 and a report when anything differs: nightly,
beside verify_ledger, and after a restore.
"""

import time

from django.core.management.base import CommandError
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from public_record.integrity import check_tree
from sitewide.management.base import VietnameseCommand


class Command(VietnameseCommand):
    help = gettext_lazy("Check that the public record's stored tree equals the recomputed one.")

    def handle(self, *args, **options):
        with translation.override("vi"):
            started = time.perf_counter()
            report = check_tree()
            took = f"{time.perf_counter() - started:.2f} s".replace(".", ",")
            self.stdout.write(
                _(
                    "Public record: %(entries)s entries and %(checkpoints)s checkpoints "
                    "checked (%(took)s)."
                )
                % {"entries": report.entries, "checkpoints": report.checkpoints, "took": took}
            )
            for example in report.examples:
                self.stdout.write(self.style.ERROR(f"  - {example}"))
            if not report.ok:
                raise CommandError(
                    _("%(count)s problems in the public record's tree (see above).")
                    % {"count": report.problems}
                )
            self.stdout.write(_("The stored tree equals the recomputed one."))
