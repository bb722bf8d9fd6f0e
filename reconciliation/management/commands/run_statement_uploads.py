"""python manage.py run_statement_uploads

Imports the statement uploads still waiting: those whose worker was stopped (killed, server
restarted) before it finished. Each import is all or nothing, so such an upload has nothing
stored yet; running it here imports it once. Safe beside a running worker: an upload being
imported is locked, and is skipped once done.
"""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from reconciliation.services.uploads import run_queued_uploads
from sitewide.management.base import VietnameseCommand


class Command(VietnameseCommand):
    help = gettext_lazy("Import the uploaded bank statements still waiting for a worker.")

    def handle(self, *args, **options):
        done = run_queued_uploads()
        self.stdout.write(_("Statement uploads processed: %(n)s") % {"n": done})
