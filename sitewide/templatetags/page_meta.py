"""Share-friendly meta (Open Graph, Zalo, Facebook) from whatever a page offers."""

from django import template

register = template.Library()

DESCRIPTION_LENGTH = 200


@register.inclusion_tag("includes/meta.html", takes_context=True)
def page_meta(context):
    page = context.get("page")
    if page is None:
        return {}
    description = (
        page.search_description or getattr(page, "intro", "") or getattr(page, "hero_text", "")
    )
    image = getattr(page, "listing_image", None) or getattr(page, "hero_image", None)
    return {
        "page": page,
        "request": context.get("request"),
        "settings": context.get("settings"),
        "description": description[:DESCRIPTION_LENGTH],
        "image": image,
        "og_type": "article" if hasattr(page, "story_date") else "website",
    }
