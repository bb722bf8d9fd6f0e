"""Story listings used outside the stories app, each a fixed number of queries."""

from stories.models import StoryPage, StoryType

HOME_SECTION_SIZE = 4


def story_cards():
    """Live stories with what a listing card shows, fetched up front (no query per card)."""
    return (
        StoryPage.objects.live()
        .public()
        .select_related("area", "listing_image")
        .order_by("-story_date", "-pk")
    )


def home_sections():
    cards = story_cards()
    return {
        "latest_stories": list(cards[:HOME_SECTION_SIZE]),
        "model_households": list(
            cards.filter(story_type=StoryType.MODEL_HOUSEHOLD)[:HOME_SECTION_SIZE]
        ),
        "good_practices": list(
            cards.filter(story_type=StoryType.GOOD_PRACTICE)[:HOME_SECTION_SIZE]
        ),
    }
