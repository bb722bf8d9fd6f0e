"""What page types share: a teaser for listings with a folded search copy, and a placement
in the tree chosen by the parent page type."""

from django.db import models
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.models import get_page_models
from wagtail.search import index

from sitewide.text import fold


class TeaserMixin(models.Model):
    """A summary and a listing image, plus a folded copy of the text for search.

    The folded copy lets "giam ngheo" find "giảm nghèo" and "duc" find "Đức" on every database
    backend: the search view folds the query the same way (sitewide.search).
    """

    intro = models.TextField(
        _("summary"), max_length=400, help_text=_("One or two sentences shown in listings.")
    )
    listing_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("listing image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    teaser_panels = [FieldPanel("intro"), FieldPanel("listing_image")]
    teaser_search_fields = [
        index.SearchField("intro"),
        index.SearchField("folded_text"),
        index.FilterField("live"),
    ]

    class Meta:
        abstract = True

    def folded_text(self):
        """Title, summary and body without diacritics, indexed for accent-free search."""
        parts = [self.title, self.intro]
        body = getattr(self, "body", None)
        if body is not None:
            field = self._meta.get_field("body")
            parts.extend(strip_tags(text) for text in field.get_searchable_content(body))
        return fold(" ".join(str(part) for part in parts if part))


class PlacedByParentMixin:
    """A page type that may live only under a page type listing it in `subpage_types`.

    An app below the top of the layering cannot name the page above it in `parent_page_types`
    (the home page belongs to the `home` app, which imports the others), so the parent chooses
    instead. Leaving `parent_page_types` unset would also allow every page type that accepts
    any child, the tree's root above all (Wagtail's base Page); this counts only page types that
    list the child explicitly. Wagtail's creation, move and "choose a parent" checks all read
    `clean_parent_page_models`.
    """

    @classmethod
    def clean_parent_page_models(cls):
        if cls._clean_parent_page_models is None:
            cls._clean_parent_page_models = [
                model
                for model in get_page_models()
                if getattr(model, "subpage_types", None) is not None
                and cls in model.clean_subpage_models()
            ]
        return cls._clean_parent_page_models
