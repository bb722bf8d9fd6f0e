"""python manage.py sign_checkpoint

Signs a checkpoint of the public record as it is now (none when no entry came since the last
one) and prints it: daily from the timer (deploy/systemd), or by hand.
"""

from django.core.management.base import CommandError
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from public_record import keys, services
from sitewide.management.base import VietnameseCommand


class Command(VietnameseCommand):
    help = gettext_lazy("Sign a checkpoint of the public record if it grew since the last one.")

    def handle(self, *args, **options):
        with translation.override("vi"):
            try:
                checkpoint = services.sign_checkpoint()
            except keys.NoSigningKey as error:
                raise CommandError(_("No signing key is configured: nothing was signed.")) from (
                    error
                )
            except services.InconsistentLog as error:
                raise CommandError(
                    _("The stored tree no longer contains the last checkpoint: nothing was signed.")
                    + f" ({error})"
                ) from error
            if checkpoint.created:
                self.stdout.write(
                    _("Checkpoint signed: %(size)s entries.") % {"size": checkpoint.size}
                )
            else:
                self.stdout.write(
                    _("No entry since the last checkpoint (%(size)s entries): nothing to sign.")
                    % {"size": checkpoint.size}
                )
            self.stdout.write(checkpoint.note, ending="")
