"""RSS and Atom feeds of the latest stories, for readers and news aggregators."""

from django.contrib.syndication.views import Feed
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from stories.queries import story_cards

FEED_SIZE = 20


class LatestStoriesFeed(Feed):
    title = _("Chung Tay — latest stories")
    description = _("Stories of sustainable poverty reduction and the people behind them.")
    language = "vi"

    def link(self):
        return "/"

    def items(self):
        return story_cards()[:FEED_SIZE]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.intro

    def item_link(self, item):
        return item.url

    def item_pubdate(self, item):
        return item.first_published_at

    def item_categories(self, item):
        return [item.get_story_type_display()]


class LatestStoriesAtomFeed(LatestStoriesFeed):
    feed_type = Atom1Feed
    subtitle = LatestStoriesFeed.description
