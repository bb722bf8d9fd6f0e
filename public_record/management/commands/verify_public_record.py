"""python manage.py verify_public_record <site-url> [--key KEY] [--samples N]

The same as the standalone docs/verify_public_record.py (it runs that script's main): checks a
site's public record from the outside, over HTTP, and exits non-zero naming the first line that
does not match.
"""

import importlib.util
import sys

from django.conf import settings
from django.utils.translation import gettext_lazy

from sitewide.management.base import VietnameseCommand

SCRIPT = settings.BASE_DIR / "docs" / "verify_public_record.py"


def load_verifier():
    spec = importlib.util.spec_from_file_location("verify_public_record", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class Command(VietnameseCommand):
    help = gettext_lazy("Verify a site's public record over HTTP (docs/verify_public_record.py).")

    def add_arguments(self, parser):
        parser.add_argument("site")
        parser.add_argument("--key", default=None)
        parser.add_argument("--samples", type=int, default=8)

    def handle(self, *args, site, key, samples, **options):
        argv = [site, "--samples", str(samples)] + (["--key", key] if key else [])
        status = load_verifier().main(argv, out=self.stdout.write)
        if status:
            sys.exit(status)
