from django.urls import path

from stories.feeds import LatestStoriesAtomFeed, LatestStoriesFeed

urlpatterns = [
    path("feeds/stories/rss/", LatestStoriesFeed(), name="stories_rss"),
    path("feeds/stories/atom/", LatestStoriesAtomFeed(), name="stories_atom"),
]
