"""Fields every publishable page shares: a teaser for listings and a folded search copy."""

from django.db import models
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
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
