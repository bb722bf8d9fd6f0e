"""The admin shell's own registrations: the areas in the settings menu (their picker searched
and told apart without diacritics), slugs typed in the admin folded the project's way, the date
pickers' script, and an admin home without the site's content counts for those who write no
pages (Front staff), whose home is their own panels (each app adds its own; the page search is
left out by templates/wagtailadmin/home.html)."""

from django.db import models
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.auth import user_has_any_page_permission
from wagtail.admin.forms.models import register_form_field_override
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.admin.site_summary import PagesSummaryItem
from wagtail.admin.staticfiles import versioned_static
from wagtail.admin.ui.tables import Column
from wagtail.admin.widgets import SlugInput
from wagtail.documents.wagtail_hooks import DocumentsSummaryItem
from wagtail.images.wagtail_hooks import ImagesSummaryItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.chooser import (
    ChooseResultsView,
    ChooseView,
    SnippetChooserViewSet,
    SnippetChosenView,
)
from wagtail.snippets.views.snippets import SnippetViewSet
from wagtail.snippets.widgets import AdminSnippetChooser

from sitewide.admin_toolkit import FoldedSearchForm
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


class AreaSearchForm(FoldedSearchForm):
    placeholder = _("Name, with or without diacritics")


class AreaChooseViewMixin:
    """The area picker (a story's or a campaign's area): searched without diacritics, current
    units first, a unit gone since a merger marked as such, with the unit it belonged to."""

    filter_form_class = AreaSearchForm

    def get_object_list(self):
        return Area.objects.select_related("parent").order_by(
            models.F("valid_until").desc(nulls_first=True), "level", "name"
        )

    @property
    def title_column(self):
        column = super().title_column
        column.accessor = Area.label_with_validity
        return column

    @property
    def columns(self):
        return [*super().columns, Column("parent", label=_("Belongs to"), accessor="parent")]


class AreaChooseView(AreaChooseViewMixin, ChooseView):
    pass


class AreaChooseResultsView(AreaChooseViewMixin, ChooseResultsView):
    pass


class AreaChosenView(SnippetChosenView):
    def get_display_title(self, instance):
        return instance.label_with_validity()


class AreaChooserWidget(AdminSnippetChooser):
    def get_display_title(self, instance):
        return instance.label_with_validity()


class AreaChooserViewSet(SnippetChooserViewSet):
    choose_view_class = AreaChooseView
    choose_results_view_class = AreaChooseResultsView
    chosen_view_class = AreaChosenView
    base_widget_class = AreaChooserWidget


CONTENT_COUNTS = (PagesSummaryItem, ImagesSummaryItem, DocumentsSummaryItem)


class AreaViewSet(SnippetViewSet):
    model = Area
    icon = "site"
    menu_label = _("Areas")
    menu_order = 300
    add_to_settings_menu = True
    chooser_viewset_class = AreaChooserViewSet
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
