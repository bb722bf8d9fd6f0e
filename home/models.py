"""The home page: the site's root page, which shows what every content app has to offer.

It lives in its own app at the top of the layering so that it may import stories and
campaigns; nothing below it names this app.
"""

from django.db import models
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page

from campaigns.queries import featured_campaign
from sitewide.blocks import FigureBlock
from sitewide.caching.restrictions import KnownRestrictionsMixin
from sitewide.models import FoldedPageMixin
from stories.queries import home_sections


class HomePage(FoldedPageMixin, KnownRestrictionsMixin, Page):
    """Leads with the current campaign, then the latest stories and the programme's figures."""

    # Fetched with the page by the route cache (sitewide/caching/routing.py).
    route_select_related = ("hero_image",)

    hero_heading = models.CharField(_("heading"), max_length=160)
    hero_text = models.TextField(_("lead text"), max_length=500, blank=True)
    hero_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    key_figures = StreamField(
        [("figure", FigureBlock())],
        verbose_name=_("programme's key figures"),
        blank=True,
        default=list,
    )

    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [FieldPanel("hero_heading"), FieldPanel("hero_text"), FieldPanel("hero_image")],
            heading=_("Lead"),
        ),
        FieldPanel("key_figures"),
    ]

    max_count = 1
    parent_page_types = ["wagtailcore.Page"]
    # The sections under the home page, which do not name it back (PlacedByParentMixin).
    subpage_types = ["stories.StoryIndexPage", "campaigns.CampaignIndexPage"]

    class Meta:
        verbose_name = _("home page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # Lazy: the template reads them only when its cached fragment is missing.
        context["campaign"] = SimpleLazyObject(featured_campaign)
        sections = SimpleLazyObject(home_sections)
        context["story_index"] = SimpleLazyObject(lambda: sections["story_index"])
        context["story_sections"] = SimpleLazyObject(lambda: sections["story_sections"])
        return context
