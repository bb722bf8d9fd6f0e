"""RSS and Atom feeds of the latest stories, for readers and news aggregators."""

from django.contrib.syndication.views import Feed
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from stories.queries import live_stories

FEED_SIZE = 20


class LatestStoriesFeed(Feed):
    title = _("Chung Tay — latest stories")
    description = _("Stories of sustainable poverty reduction and the people behind them.")
    language = "vi"

    def get_object(self, request, *args, **kwargs):
        # Feed instances are shared between requests, so the request travels as the "object".
        return request

    def link(self):
        return "/"

    def items(self, request):
        """The newest stories, each with its address worked out once for this request.

        Page.get_url(request) reuses the site root paths cached on the request, so twenty
        items cost no more queries than one.
        """
        stories = list(live_stories().order_by("-story_date", "-pk")[:FEED_SIZE])
        for story in stories:
            story.feed_url = story.get_url(request)
        return stories

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.intro

    def item_link(self, item):
        return item.feed_url

    def item_pubdate(self, item):
        return item.first_published_at

    def item_updateddate(self, item):
        return item.last_published_at

    def item_categories(self, item):
        return [item.get_story_type_display()]


class LatestStoriesAtomFeed(LatestStoriesFeed):
    feed_type = Atom1Feed
    subtitle = LatestStoriesFeed.description
