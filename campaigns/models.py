import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from sitewide.blocks import StoryBodyBlock
from sitewide.caching.restrictions import KnownRestrictionsMixin
from sitewide.forms import MONEY_HINT
from sitewide.models import FoldedPageMixin, PlacedByParentMixin, TeaserMixin
from sitewide.support_types import SupportType


class CampaignIndexPage(FoldedPageMixin, PlacedByParentMixin, KnownRestrictionsMixin, Page):
    intro = models.TextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    subpage_types = ["campaigns.CampaignPage"]
    max_count = 1

    class Meta:
        verbose_name = _("campaign index")

    def get_context(self, request, *args, **kwargs):
        from campaigns.queries import campaign_cards, campaign_timeline

        context = super().get_context(request, *args, **kwargs)
        context["timeline"] = campaign_timeline(campaign_cards().child_of(self))
        return context


# The peak month ("Tháng cao điểm Vì người nghèo") runs from the Day for the Poor, 17 October,
# to 18 November, the founding day of the Fatherland Front, every year.
PEAK_MONTH_START = (10, 17)
PEAK_MONTH_END = (11, 18)


def default_peak_month(start_date, end_date):
    """17/10 – 18/11 of the start year, within the campaign's period: (first, last) days, or
    (None, None) when that window lies outside the period (a drive in spring has no peak)."""
    year = start_date.year
    first = max(datetime.date(year, *PEAK_MONTH_START), start_date)
    last = min(datetime.date(year, *PEAK_MONTH_END), end_date)
    return (first, last) if first <= last else (None, None)


class CampaignPage(FoldedPageMixin, KnownRestrictionsMixin, TeaserMixin, Page):
    """A mobilisation drive such as "Ngày vì người nghèo 2026", collecting into a fund.

    Its peak month is a pair of dates of its own, inside the period (a drive may go on
    collecting after it until Tết): the site-wide banner shows during the peak month only. Left
    empty, the dates are filled in with 17/10 – 18/11 of the start year when the page is saved;
    a campaign whose period does not meet that window has no peak month, and its banner shows
    over its whole period.
    """

    # ledger_fund: the campaign's fund, a one-to-one the ledger declares on its side, which the
    # donate box checks; the route cache falls back to Wagtail's routing without that app.
    route_select_related = ("area", "listing_image", "ledger_fund")

    start_date = models.DateField(_("starts on"))
    end_date = models.DateField(_("ends on"))
    peak_start = models.DateField(
        _("peak month starts on"),
        null=True,
        blank=True,
        help_text=_("Leave both peak month dates empty for 17/10 – 18/11 of the start year."),
    )
    peak_end = models.DateField(_("peak month ends on"), null=True, blank=True)
    organiser = models.CharField(
        _("organiser"),
        max_length=200,
        help_text=_("The Fatherland Front committee that runs it, e.g. at province level."),
    )
    area = models.ForeignKey(
        "sitewide.Area",
        verbose_name=_("area"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="campaigns",
    )
    target_amount = models.PositiveBigIntegerField(
        _("money target (đồng)"), default=0, help_text=_("Whole đồng, e.g. 15000000000.")
    )
    body = StreamField(StoryBodyBlock(), verbose_name=_("body"), blank=True, default=list)

    content_panels = [
        *Page.content_panels,
        *TeaserMixin.teaser_panels,
        MultiFieldPanel(
            [
                FieldPanel("start_date"),
                FieldPanel("end_date"),
                FieldPanel("peak_start"),
                FieldPanel("peak_end"),
                FieldPanel("organiser"),
                FieldPanel("area"),
                # The field's own help text writes the target without dots; this one shows
                # how amounts are typed (sitewide.forms.MoneyField).
                FieldPanel("target_amount", help_text=MONEY_HINT),
            ],
            heading=_("Campaign"),
        ),
        InlinePanel("support_items", label=_("Support items")),
        FieldPanel("body"),
    ]
    search_fields = [
        *FoldedPageMixin.search_fields,
        *TeaserMixin.teaser_search_fields,
        index.FilterField("start_date"),
        index.FilterField("end_date"),
    ]
    parent_page_types = ["campaigns.CampaignIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")

    def clean(self):
        super().clean()
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("The end date must not be before the start.")})
        self._clean_peak_month()

    def _clean_peak_month(self):
        if self.peak_start is None and self.peak_end is None:
            if self.start_date and self.end_date:
                self.peak_start, self.peak_end = default_peak_month(self.start_date, self.end_date)
            return
        if self.peak_start is None or self.peak_end is None:
            field = "peak_end" if self.peak_end is None else "peak_start"
            raise ValidationError({field: _("Give both dates of the peak month, or neither.")})
        if self.peak_end < self.peak_start:
            raise ValidationError({"peak_end": _("The peak month must not end before it starts.")})
        if (
            self.start_date
            and self.end_date
            and not (self.start_date <= self.peak_start and self.peak_end <= self.end_date)
        ):
            raise ValidationError(
                {"peak_start": _("The peak month must lie within the campaign's period.")}
            )

    def in_peak_month(self, on=None):
        """Whether `on` (today) falls in the peak month, or in the period for a campaign that
        has none."""
        on = on or timezone.localdate()
        if self.peak_start is None or self.peak_end is None:
            return self.is_running(on)
        return self.peak_start <= on <= self.peak_end

    def is_running(self, on=None):
        on = on or timezone.localdate()
        return self.start_date <= on <= self.end_date

    def is_upcoming(self, on=None):
        on = on or timezone.localdate()
        return on < self.start_date

    def get_context(self, request, *args, **kwargs):
        from campaigns.queries import campaign_details

        context = super().get_context(request, *args, **kwargs)
        # Each list is read only when a fragment that shows it is missing (CampaignDetails).
        context["details"] = campaign_details(self)
        return context


class SupportItem(Orderable):
    """What the money buys, e.g. 120 "Nhà Đại đoàn kết" at 60.000.000 ₫ each. Its support type
    (the ledger's) says which decision lines its progress counts on the disclosure page."""

    page = ParentalKey(CampaignPage, on_delete=models.CASCADE, related_name="support_items")
    name = models.CharField(_("name"), max_length=120)
    unit_cost = models.PositiveBigIntegerField(_("unit cost (đồng)"))
    target_count = models.PositiveIntegerField(_("target count"))
    unit = models.CharField(
        _("unit"),
        max_length=30,
        blank=True,
        help_text=_("What one item is counted in, e.g. căn, con, suất."),
    )
    description = models.CharField(_("description"), max_length=250, blank=True)
    support_type = models.CharField(
        _("support type"),
        max_length=20,
        choices=SupportType.choices,
        blank=True,
        help_text=_(
            "On the disclosure page this item counts the households of the decisions whose "
            "support level has this type. Leave empty to match by name."
        ),
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("support_type"),
        FieldPanel("unit_cost"),
        FieldPanel("target_count"),
        FieldPanel("unit"),
        FieldPanel("description"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("support item")
        verbose_name_plural = _("support items")

    def __str__(self):
        return self.name

    @property
    def target_amount(self):
        return self.unit_cost * self.target_count
