"""Story querysets for listings, each a fixed number of queries however many stories exist."""

from dataclasses import dataclass
from urllib.parse import urlencode

from django.db.models import Count, Q, prefetch_related_objects
from django.utils.translation import gettext_lazy as _

from sitewide.caching.restrictions import public
from stories.models import StoryIndexPage, StoryPage, StoryType

HOME_SECTION_SIZE = 4
RELATED_STORIES = 3


def live_stories():
    return public(StoryPage.objects.live())


# A card's listing image comes with its story (a join) and the renditions of all the cards'
# images in one more query: without it each card would ask the cache or the database for its
# image's renditions.
CARD_RENDITIONS = "listing_image__renditions"


def with_card_data(stories):
    """Fetch what a story card shows up front: area, listing image and its renditions."""
    return stories.select_related("area", "listing_image").prefetch_related(CARD_RENDITIONS)


def story_cards():
    """Live stories, newest first, ready for cards."""
    return with_card_data(live_stories()).order_by("-story_date", "-pk")


def story_index():
    """The site's story index (there is at most one), for "all stories" links."""
    return public(StoryIndexPage.objects.live()).first()


@dataclass(frozen=True)
class StorySection:
    """A titled row of cards on the home page, with a link to the matching filtered list."""

    key: str
    title: str
    stories: list
    more_url: str


def home_sections():
    """The home page's rows: latest stories, model households, good practices.

    Three queries for the rows plus one for all their images' renditions, whatever the number
    of stories.
    """
    cards = live_stories().select_related("area", "listing_image").order_by("-story_date", "-pk")
    index = story_index()
    index_url = index.url if index else ""
    rows = [
        ("latest", _("Latest stories"), None),
        ("households", _("Model households"), StoryType.MODEL_HOUSEHOLD),
        ("practices", _("Good practices"), StoryType.GOOD_PRACTICE),
    ]
    sections = []
    for key, title, story_type in rows:
        stories = cards.filter(story_type=story_type) if story_type else cards
        more_url = index_url
        if index_url and story_type:
            more_url = f"{index_url}?{urlencode({'type': story_type})}"
        sections.append(StorySection(key, title, list(stories[:HOME_SECTION_SIZE]), more_url))
    prefetch_related_objects([s for section in sections for s in section.stories], CARD_RENDITIONS)
    return {"story_index": index, "story_sections": sections}


def related_stories(story, tags, limit=RELATED_STORIES):
    """Up to `limit` other stories sharing the most tags with `story`, or at least its type.

    Stories sharing tags come first (most shared first), then the newest of the same type.
    `tags` is the story's tag list the page already fetched, so this costs one query plus the
    card prefetches.
    """
    tag_ids = [tag.pk for tag in tags]
    shared = Count("tagged_items", filter=Q(tagged_items__tag_id__in=tag_ids), distinct=True)
    return list(
        story_cards()
        .exclude(pk=story.pk)
        .annotate(shared_tags=shared)
        .filter(Q(shared_tags__gt=0) | Q(story_type=story.story_type))
        .order_by("-shared_tags", "-story_date", "-pk")[:limit]
    )
