"""The line a story page shows when the Fund supported the household it tells of:
"Câu chuyện này được Quỹ … hỗ trợ …". Loaded by stories/templates/stories/story_page.html, as a
campaign page loads the ledger's and giving's tags: the page is where the apps meet the reader.

Only approved decisions that are not revoked count. The household is named as its consent
allows (Beneficiary.public_name: masked unless it agreed to more); a change of consent or of the
link bumps the page cache's generation (support.caching), so the cached story follows at once.
"""

from django import template

from support.models import Decision, DecisionLine

register = template.Library()


@register.inclusion_tag("support/includes/story_support.html")
def story_support(page):
    lines = (
        DecisionLine.objects.filter(
            story_id=page.pk,
            decision__status=Decision.Status.APPROVED,
            decision__revocation__isnull=True,
        )
        .select_related("decision__fund", "decision__support_level", "beneficiary__commune")
        .order_by("decision__decided_on", "pk")
    )
    return {"lines": list(lines)}
