"""Filtering and paging the story index: ?type=, ?tag=, ?area=, ?year= and ?page=.

The filter form only offers values that lead somewhere (tags, areas and years of live stories),
and a value is accepted only if the form offers it. Anything else, such as a deleted tag in an
old bookmark or a hand-typed year, is dropped and reported, so a reader sees the stories that
match the rest of the filters and a note, never an error page.
"""

from dataclasses import dataclass, field

from django.core.paginator import Paginator
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from taggit.models import Tag

from sitewide.models import Area
from sitewide.text import fold
from stories.models import StoryType
from stories.queries import live_stories, with_card_data

STORIES_PER_PAGE = 12

# Optgroups of the area select, in the order a reader looks for a place: today's province and
# communes first, then the units that existed before the 2025 reform. Each entry is
# (level, historic?, label); together they cover every kind of area.
AREA_GROUPS = (
    (Area.Level.PROVINCE, False, Area.Level.PROVINCE.label),
    (Area.Level.COMMUNE, False, Area.Level.COMMUNE.label),
    (Area.Level.DISTRICT, False, Area.Level.DISTRICT.label),
    (Area.Level.PROVINCE, True, _("Provinces before the 2025 mergers")),
    (Area.Level.DISTRICT, True, Area.Level.DISTRICT.label),
    (Area.Level.COMMUNE, True, _("Communes before the 2025 mergers")),
)

# How the page names a dropped filter: "Ignored what we did not recognise: tag, year."
IGNORED_LABELS = {
    "type": pgettext_lazy("story filter", "type"),
    "tag": pgettext_lazy("story filter", "topic"),
    "area": pgettext_lazy("story filter", "area"),
    "year": pgettext_lazy("story filter", "year"),
}


@dataclass(frozen=True)
class AreaGroup:
    label: str
    areas: list


@dataclass(frozen=True)
class FilterChoices:
    """What the filter form offers: only values that match at least one live story."""

    types: list
    tags: list
    area_groups: list
    years: list

    def find_area(self, slug):
        return next((a for group in self.area_groups for a in group.areas if a.slug == slug), None)

    def find_tag(self, slug):
        return next((tag for tag in self.tags if tag.slug == slug), None)


@dataclass(frozen=True)
class StoryFilters:
    story_type: str = ""
    tag: Tag | None = None
    area: Area | None = None
    year: int | None = None
    ignored: tuple = field(default=())

    @property
    def is_active(self):
        return bool(self.story_type or self.tag or self.area or self.year)

    def as_query_dict(self):
        """The accepted filters only, for pagination links that stay bookmarkable."""
        params = QueryDict(mutable=True)
        if self.story_type:
            params["type"] = self.story_type
        if self.tag:
            params["tag"] = self.tag.slug
        if self.area:
            params["area"] = self.area.slug
        if self.year:
            params["year"] = str(self.year)
        return params


def _sort_key(name):
    # Accent-free first so "Đức" sits with "Duc…" rather than after "Z"; the original name
    # breaks ties so the order is stable.
    return (fold(name), name)


def _areas_with_stories(area_ids):
    """Areas that cover at least one of area_ids: those areas, their parents, their successors.

    This walks Area.covered_ids() the other way (upwards), over all areas loaded in one query:
    there are only hundreds, and a province or a merged commune must be offered when only its
    communes or predecessors have stories.
    """
    areas = {area.pk: area for area in Area.objects.all()}
    wanted = set()
    frontier = {pk for pk in area_ids if pk in areas}
    while frontier:
        wanted |= frontier
        upward = set()
        for pk in frontier:
            upward.update({areas[pk].parent_id, areas[pk].successor_id})
        frontier = {pk for pk in upward if pk in areas} - wanted
    return [areas[pk] for pk in wanted]


def filter_choices(stories):
    """The form's options for a queryset of live stories: four queries whatever its size."""
    tags = Tag.objects.filter(stories_storytag_items__content_object__in=stories).distinct()
    area_ids = stories.exclude(area=None).values_list("area_id", flat=True).distinct()
    areas = _areas_with_stories(set(area_ids))
    area_groups = []
    for level, historic, label in AREA_GROUPS:
        members = [a for a in areas if a.level == level and a.is_historic == historic]
        if members:
            members.sort(key=lambda a: _sort_key(a.name))
            area_groups.append(AreaGroup(label=label, areas=members))
    return FilterChoices(
        types=list(StoryType.choices),
        tags=sorted(tags, key=lambda tag: _sort_key(tag.name)),
        area_groups=area_groups,
        years=[day.year for day in stories.dates("story_date", "year", order="DESC")],
    )


def parse_filters(params, choices):
    """Read ?type, ?tag, ?area and ?year, keeping only values the form offers."""
    ignored = []
    story_type = params.get("type", "").strip()
    if story_type and story_type not in StoryType.values:
        ignored.append("type")
        story_type = ""
    tag_slug = params.get("tag", "").strip()
    tag = choices.find_tag(tag_slug) if tag_slug else None
    if tag_slug and tag is None:
        ignored.append("tag")
    area_slug = params.get("area", "").strip()
    area = choices.find_area(area_slug) if area_slug else None
    if area_slug and area is None:
        ignored.append("area")
    year_text = params.get("year", "").strip()
    year = int(year_text) if year_text.isdecimal() and int(year_text) in choices.years else None
    if year_text and year is None:
        ignored.append("year")
    return StoryFilters(
        story_type=story_type, tag=tag, area=area, year=year, ignored=tuple(ignored)
    )


def apply_filters(stories, filters):
    """Narrow stories by every accepted filter at once (they combine with AND).

    An area filter takes in everything that rolls up into the area (Area.covered_ids): the
    communes of a province, and the old communes merged into a new one.
    """
    if filters.story_type:
        stories = stories.filter(story_type=filters.story_type)
    if filters.tag:
        stories = stories.filter(tagged_items__tag=filters.tag)
    if filters.area:
        stories = stories.filter(area_id__in=filters.area.covered_ids())
    if filters.year:
        stories = stories.filter(story_date__year=filters.year)
    return stories


def story_listing(index, params):
    """Everything the story index shows for one request's query string.

    A page number that is not a number shows the first page, one past the end the last page
    (Paginator.get_page), so old links and typos still land on stories.
    """
    stories = live_stories().child_of(index)
    choices = filter_choices(stories)
    filters = parse_filters(params, choices)
    matching = with_card_data(apply_filters(stories, filters)).order_by("-story_date", "-pk")
    page_obj = Paginator(matching, STORIES_PER_PAGE).get_page(params.get("page"))
    return {
        "choices": choices,
        "filters": filters,
        "filter_params": filters.as_query_dict(),
        "stories": page_obj,
        "ignored_filters": [str(IGNORED_LABELS[name]) for name in filters.ignored],
    }
