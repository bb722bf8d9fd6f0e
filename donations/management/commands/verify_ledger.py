"""python manage.py verify_ledger

Checks every invariant of the ledger (donations.integrity: allocations within receipts, pledges
paid only by money that counts, campaign totals equal to their receipts, receipt numbers
without gaps, reversals, online gifts, statement lines) with aggregate queries, prints a report
with the time each check took, and exits with status 1 when any invariant is broken: for CI,
after a restore, and for monitoring.
"""

import time

from django.core.management.base import CommandError
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from donations.integrity import registered
from sitewide.management.base import VietnameseCommand


def seconds(value):
    return f"{value:.2f} s".replace(".", ",")


class Command(VietnameseCommand):
    help = gettext_lazy(
        "Check every invariant of the ledger; exit with status 1 and a report if one is broken."
    )

    def handle(self, *args, **options):
        with translation.override("vi"):
            broken = self.run_checks()
            if broken:
                raise CommandError(
                    _("%(broken)s of the ledger's invariants are broken (see above).")
                    % {"broken": broken}
                )

    def run_checks(self):
        broken = 0
        started = time.perf_counter()
        self.stdout.write(_("Checking the ledger:"))
        passed, failed = _("OK"), _("BROKEN")
        for check in registered():
            check_started = time.perf_counter()
            result = check.run()
            took = seconds(time.perf_counter() - check_started)
            if result.ok:
                self.stdout.write(f"  {passed:<6} {check.title} ({took})")
                continue
            broken += 1
            self.stdout.write(
                self.style.ERROR(
                    f"  {failed:<6} {check.title} ({took}): "
                    + _("%(count)s problems") % {"count": result.count}
                )
            )
            for example in result.examples:
                self.stdout.write(f"           - {example}")
            if result.count > len(result.examples):
                self.stdout.write(
                    "           "
                    + _("… and %(more)s more") % {"more": result.count - len(result.examples)}
                )
        self.stdout.write(
            _("%(checks)s checks in %(time)s.")
            % {"checks": len(registered()), "time": seconds(time.perf_counter() - started)}
        )
        return broken
