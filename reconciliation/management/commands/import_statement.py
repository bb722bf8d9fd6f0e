"""python manage.py import_statement <file> --account <account-number> [--mapping NAME]

Same service and same all-or-nothing rule as the admin's upload form; prints the same report,
or the Vietnamese message naming the row and column and exits with status 1, storing nothing.
"""

import datetime
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import CommandError
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from donations.models import BankAccount
from reconciliation.models import SavedColumnMapping
from reconciliation.services import import_statement
from reconciliation.services.imports import NAMES_NOTHING, max_upload_bytes
from reconciliation.statements import StatementError
from sitewide.management.base import VietnameseCommand


def _day(text):
    try:
        return datetime.datetime.strptime(text, "%d/%m/%Y").date()
    except ValueError:
        raise CommandError(_("“%(value)s” is not a date (dd/mm/yyyy).") % {"value": text}) from None


class Command(VietnameseCommand):
    help = gettext_lazy(
        "Import a bank statement (CSV or XLSX) into the reconciliation queue, all or nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help=_("the statement file"))
        parser.add_argument("--account", required=True, help=_("account number of the Fund"))
        parser.add_argument("--mapping", help=_("name of a saved column mapping"))
        parser.add_argument("--from", dest="start", help=_("first day of the period, dd/mm/yyyy"))
        parser.add_argument("--to", dest="end", help=_("last day of the period, dd/mm/yyyy"))

    def handle(self, *args, **options):
        with translation.override("vi"):
            self.stdout.write(self.run(options))

    def run(self, options):
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(_("The file %(name)s does not exist.") % {"name": path})
        limit = max_upload_bytes()
        if path.stat().st_size > limit:
            raise CommandError(
                _("The file is larger than the limit of %(limit)s bytes.") % {"limit": limit}
            )
        account = self._account(options["account"])
        mapping = self._mapping(options.get("mapping"))
        period = None
        if options.get("start") or options.get("end"):
            period = (
                _day(options["start"]) if options.get("start") else None,
                _day(options["end"]) if options.get("end") else None,
            )
        try:
            report = import_statement(
                account=account,
                file_bytes=path.read_bytes(),
                filename=path.name,
                mapping=mapping,
                period=period,
            )
        except StatementError as error:
            raise CommandError(str(error)) from None
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        lines = [
            _("Statement %(file)s (%(bank)s) for account %(account)s:")
            % {"file": path.name, "bank": report.bank, "account": account},
            _("  rows that are not credits: %(n)s") % {"n": report.skipped},
            _("  new lines: %(n)s") % {"n": report.new},
            _("  duplicate lines: %(n)s") % {"n": report.duplicate},
            _("  matched automatically: %(n)s") % {"n": report.matched},
            _("  left for the queue: %(n)s") % {"n": report.left},
        ]
        if report.already_imported:
            lines.append(_("This same file had been imported before; nothing was added twice."))
        if report.identity.names_nothing:
            lines.append(NAMES_NOTHING)
        return "\n".join(str(line) for line in lines)

    def _account(self, number):
        clean = "".join(char for char in number if char.isalnum())
        accounts = list(BankAccount.objects.filter(account_number=clean).select_related("fund"))
        if len(accounts) != 1:
            raise CommandError(
                _("No single bank account of the Fund has the number %(number)s.")
                % {"number": number}
            )
        return accounts[0]

    def _mapping(self, name):
        if not name:
            return None
        mapping = SavedColumnMapping.objects.filter(name=name).first()
        if mapping is None:
            raise CommandError(_("No column mapping is named “%(name)s”.") % {"name": name})
        return mapping
