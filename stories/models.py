from django.db import models
from django.utils import translation
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from sitewide.blocks import StoryBodyBlock
from sitewide.caching.restrictions import KnownRestrictionsMixin
from sitewide.models import FoldedPageMixin, PlacedByParentMixin, TeaserMixin


class StoryType(models.TextChoices):
    MODEL_HOUSEHOLD = "model-household", _("Model household")
    GOOD_PRACTICE = "good-practice", _("Good practice")
    EXEMPLARY = "exemplary", _("Exemplary person or collective")
    NEWS = "news", _("News")


class StoryTag(TaggedItemBase):
    content_object = ParentalKey(
        "stories.StoryPage", on_delete=models.CASCADE, related_name="tagged_items"
    )


class StoryIndexPage(FoldedPageMixin, PlacedByParentMixin, KnownRestrictionsMixin, Page):
    """Lists stories, filtered by type, tag, area and year through bookmarkable query strings."""

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    subpage_types = ["stories.StoryPage"]
    max_count = 1

    class Meta:
        verbose_name = _("story index")

    # What the listing reads: the anonymous page cache keys the index by these only.
    cache_query_params = ("type", "tag", "area", "year", "page")

    def get_context(self, request, *args, **kwargs):
        from sitewide.caching import pages
        from stories.listing import story_listing

        context = super().get_context(request, *args, **kwargs)
        context.update(story_listing(self, request.GET))
        page_number = request.GET.get("page")
        if context["filters"].ignored or (
            page_number is not None and page_number != str(context["stories"].number)
        ):
            pages.query_is_invalid(request)  # shown, not kept in the page cache
        return context


class StoryPage(FoldedPageMixin, KnownRestrictionsMixin, TeaserMixin, Page):
    # Fetched with the page by the route cache (sitewide/caching/routing.py).
    route_select_related = ("area", "listing_image")
    story_type = models.CharField(
        _("story type"), max_length=20, choices=StoryType.choices, default=StoryType.NEWS
    )
    story_date = models.DateField(_("date"), help_text=_("When it happened or was reported."))
    area = models.ForeignKey(
        "sitewide.Area",
        verbose_name=_("area"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="stories",
    )
    tags = ClusterTaggableManager(through=StoryTag, blank=True, verbose_name=_("tags"))
    body = StreamField(StoryBodyBlock(), verbose_name=_("body"))

    def search_extras(self):
        """The story type as readers call it ("Mô hình giảm nghèo"), its tags and its place."""
        with translation.override("vi"):
            kind = str(self.get_story_type_display())
        return [kind, *(tag.name for tag in self.tags.all()), *super().search_extras()]

    content_panels = [
        *Page.content_panels,
        *TeaserMixin.teaser_panels,
        MultiFieldPanel(
            [
                FieldPanel("story_type"),
                FieldPanel("story_date"),
                FieldPanel("area"),
                FieldPanel("tags"),
            ],
            heading=_("Classification"),
        ),
        FieldPanel("body"),
    ]
    search_fields = [
        *FoldedPageMixin.search_fields,
        *TeaserMixin.teaser_search_fields,
        index.FilterField("story_type"),
        index.FilterField("story_date"),
        index.FilterField("area"),
    ]
    parent_page_types = ["stories.StoryIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("story")
        verbose_name_plural = _("stories")
        indexes = [models.Index(fields=["story_type", "story_date"])]

    def get_context(self, request, *args, **kwargs):
        """Lazy: the template asks for these only when its cached fragment is missing."""
        from stories.queries import related_stories
        from stories.sharing import share_links

        context = super().get_context(request, *args, **kwargs)
        tags = SimpleLazyObject(lambda: list(self.tags.all()))
        context["tags"] = tags
        context["story_index"] = SimpleLazyObject(self.get_parent)
        context["related_stories"] = SimpleLazyObject(lambda: related_stories(self, tags))
        context["share_links"] = SimpleLazyObject(lambda: share_links(self.get_full_url(request)))
        return context
