from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.admin.staticfiles import versioned_static
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


@hooks.register("insert_global_admin_js")
def date_pickers_keep_what_was_typed():
    return format_html('<script src="{}"></script>', versioned_static("sitewide/admin-dates.js"))
