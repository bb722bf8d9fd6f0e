from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from sitewide.models import Area


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
