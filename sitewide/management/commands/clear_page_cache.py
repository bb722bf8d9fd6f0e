"""`manage.py clear_page_cache`: make every cached page stale on every app server at once.

For the end of an upgrade (templates changed), or after editing data outside the admin. It
bumps the page cache's generation (sitewide/caching/pages.py): nothing is deleted, old copies
are never read again and expire on their own.
"""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from sitewide.caching import pages


class Command(BaseCommand):
    help = "Make every page in the shared page cache stale (bump its generation)."

    def handle(self, *args, **options):
        generation = pages.bump_generation()
        if generation is None:
            raise CommandError(_("The page cache could not be reached; nothing was changed."))
        self.stdout.write(self.style.SUCCESS(_("Every cached page will be rendered again.")))
