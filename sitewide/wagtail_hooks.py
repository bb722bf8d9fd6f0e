"""Site-wide admin: the areas snippet, and slugs typed in the admin folded the project's way."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms.models import register_form_field_override
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.admin.widgets import SlugInput
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from sitewide.models import Area
from sitewide.text import slug_transliterations


class FoldedSlugInput(SlugInput):
    """Wagtail's slug input (filled from the title as it is typed) folding Vietnamese as
    sitewide.text.fold_slug does on the server: "Nhà Đại đoàn kết" → "nha-dai-doan-ket".
    Wagtail's own transliteration tables lack most Vietnamese letters and đ."""

    def __init__(self, attrs=None, formatters=None, locale=None):
        formatters = [*slug_transliterations(), *(formatters or [])]
        super().__init__(attrs=attrs, formatters=formatters, locale=locale)


# Every slug field of an admin form: pages' own and the areas'. Registered after Wagtail's own
# SlugInput (importing register_form_field_override ran it), which this replaces.
register_form_field_override(models.SlugField, override={"widget": FoldedSlugInput})


class AreaViewSet(SnippetViewSet):
    model = Area
    icon = "site"
    menu_label = _("Areas")
    menu_order = 300
    add_to_settings_menu = True
    list_display = ["name", "level", "parent", "valid_until", "successor"]
    list_filter = ["level"]
    search_fields = ["name", "name_folded", "code"]
    ordering = ["level", "name"]
    panels = [
        FieldRowPanel([FieldPanel("name"), FieldPanel("slug")]),
        FieldRowPanel([FieldPanel("level"), FieldPanel("code")]),
        FieldPanel("parent"),
        FieldRowPanel([FieldPanel("valid_from"), FieldPanel("valid_until")]),
        FieldPanel("successor"),
    ]


register_snippet(AreaViewSet)
