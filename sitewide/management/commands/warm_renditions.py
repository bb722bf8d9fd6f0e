"""`manage.py warm_renditions`: make every image's template renditions now, not on first view.

Run it after a deploy to fresh media storage, after restoring a backup, or after a template
changes its image specs (sitewide/caching/renditions.py). It is safe to run again: renditions
that exist are skipped. `--queue` hands each image to the task workers instead.
"""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _
from wagtail.images import get_image_model

from sitewide.caching.renditions import warm_all, warm_image_renditions, warm_specs


class Command(BaseCommand):
    help = (
        "Generate the image renditions the templates use (responsive WebP widths and the "
        "share image) for every image that lacks them."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--queue",
            action="store_true",
            help="Queue one background task per image (django-tasks) instead of working here.",
        )
        parser.add_argument("--batch-size", type=int, default=100)

    def handle(self, *args, queue=False, batch_size=100, **options):
        specs = ", ".join(warm_specs())
        if queue:
            ids = get_image_model().objects.order_by("pk").values_list("pk", flat=True)
            count = 0
            for image_id in ids.iterator(chunk_size=batch_size):
                warm_image_renditions.enqueue(image_id)
                count += 1
            self.stdout.write(
                self.style.SUCCESS(
                    _("Queued %(count)d images for renditions (%(specs)s).")
                    % {"count": count, "specs": specs}
                )
            )
            return
        seen, made = warm_all(batch_size=batch_size)
        self.stdout.write(
            self.style.SUCCESS(
                _("%(images)d images checked, %(made)d renditions created (%(specs)s).")
                % {"images": seen, "made": made, "specs": specs}
            )
        )
