"""Share-friendly meta (Open Graph, Zalo, Facebook) from whatever a page offers."""

from django import template

from sitewide.site_address import absolute

register = template.Library()

DESCRIPTION_LENGTH = 200
# Facebook and Zalo previews are 1.91:1; JPEG because not every crawler reads WebP.
SHARE_IMAGE_SPEC = "fill-1200x630|format-jpeg"


@register.inclusion_tag("includes/meta.html", takes_context=True)
def page_meta(context):
    page = context.get("page")
    request = context.get("request")
    if page is None:
        return {}
    description = (
        page.search_description or getattr(page, "intro", "") or getattr(page, "hero_text", "")
    )
    image = getattr(page, "listing_image", None) or getattr(page, "hero_image", None)
    share_image = image.get_rendition(SHARE_IMAGE_SPEC) if image else None
    return {
        "page": page,
        "request": request,
        "settings": context.get("settings"),
        "description": description[:DESCRIPTION_LENGTH],
        "image": share_image,
        "image_url": absolute(share_image.url) if share_image else "",
        "og_type": "article" if hasattr(page, "story_date") else "website",
    }


@register.simple_tag
def public_url(path):
    """The absolute address of a path on the public site (settings.SITE_URL), for views that
    are not Wagtail pages: their canonical URL never depends on the Host a request came with."""
    return absolute(path)
