"""Image renditions made ahead of time, so no reader waits for Pillow.

Wagtail makes a rendition the first time a template asks for it, inside that request: after a
deploy on fresh storage, or right after an editor uploads a photo, the first readers of a page
would each pay for resizing and encoding (tens to hundreds of milliseconds per image). The
specs below are exactly those the templates ask for:

- templates/includes/picture.html: ``srcset_image … width-{480,800,1200} format-webp``;
- sitewide/templatetags/page_meta.py: the share image (Open Graph, Zalo, Facebook).

tests/test_cache_renditions.py renders both after warming and asserts that no rendition is
created, so a template that changes its specs without this list fails there.

`python manage.py warm_renditions` does all images (after a deploy or a storage move); every
saved image queues warm_image_renditions in the background (django-tasks), after the commit.
"""

import logging

from django.conf import settings
from django.db import transaction
from django_tasks import task
from wagtail.images import get_image_model
from wagtail.images.models import Filter

from sitewide.templatetags.page_meta import SHARE_IMAGE_SPEC

logger = logging.getLogger(__name__)

PICTURE_SPECS = tuple(Filter.expand_spec("width-{480,800,1200}|format-webp"))
WARM_SPECS = (*PICTURE_SPECS, SHARE_IMAGE_SPEC)


def warm_specs():
    return tuple(getattr(settings, "RENDITION_WARM_SPECS", WARM_SPECS))


def warm_image(image, specs=None):
    """Create the renditions of `image` that do not exist yet; return how many were made."""
    filters = [image.clean_filter_for_svg(Filter(spec=spec)) for spec in specs or warm_specs()]
    existing = image.find_existing_renditions(*filters)
    missing = [f for f in dict.fromkeys(filters) if f not in existing]
    if missing:
        image.create_renditions(*missing)
    return len(missing)


def warm_all(batch_size=100):
    """Warm every image; returns (images seen, renditions made). Images are read in batches
    by primary key, so memory stays flat whatever the size of the library."""
    model = get_image_model()
    seen = made = 0
    last_pk = 0
    while True:
        batch = list(model.objects.filter(pk__gt=last_pk).order_by("pk")[:batch_size])
        if not batch:
            return seen, made
        for image in batch:
            try:
                made += warm_image(image)
            except Exception:  # one unreadable original must not stop the others
                logger.exception("renditions: could not warm image %s", image.pk)
            seen += 1
        last_pk = batch[-1].pk


@task()
def warm_image_renditions(image_id):
    image = get_image_model().objects.filter(pk=image_id).first()
    return warm_image(image) if image is not None else 0


def queue_warming(sender, instance, raw=False, **kwargs):
    """post_save of an image: queue its renditions once the upload (or focal point) commits."""
    if raw or not settings.RENDITION_WARM_ON_SAVE:
        return
    image_id = instance.pk

    def enqueue():
        try:
            warm_image_renditions.enqueue(image_id)
        except Exception:  # the upload is saved; the page will make the renditions itself
            logger.exception("renditions: could not queue image %s", image_id)

    transaction.on_commit(enqueue)


def connect():
    from django.db.models.signals import post_save

    post_save.connect(queue_warming, sender=get_image_model(), dispatch_uid="warm-renditions")
