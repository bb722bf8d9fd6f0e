"""The admin shell's own registrations: the areas in the settings menu, the date pickers'
script, and an admin home without the site's content counts for those who write no pages
(Front staff), whose home is their own panels (each app adds its own; the page search is left
out by templates/wagtailadmin/home.html)."""

from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.auth import user_has_any_page_permission
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.admin.site_summary import PagesSummaryItem
from wagtail.admin.staticfiles import versioned_static
from wagtail.documents.wagtail_hooks import DocumentsSummaryItem
from wagtail.images.wagtail_hooks import ImagesSummaryItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from sitewide.models import Area

CONTENT_COUNTS = (PagesSummaryItem, ImagesSummaryItem, DocumentsSummaryItem)


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


# After Wagtail's own hooks (order 0), which add the counts.
@hooks.register("construct_homepage_summary_items", order=100)
def no_content_counts_for_who_writes_no_pages(request, summary_items):
    """ "0 tài liệu" on its own tells someone who writes no pages nothing; the documents stay
    in the menu."""
    if not user_has_any_page_permission(request.user):
        summary_items[:] = [item for item in summary_items if not isinstance(item, CONTENT_COUNTS)]
