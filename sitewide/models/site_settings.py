from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import StreamField


class NavLinkBlock(blocks.StructBlock):
    page = blocks.PageChooserBlock(label=_("page"))
    label = blocks.CharBlock(label=_("label"), required=False, max_length=40)

    class Meta:
        icon = "link"
        label = _("Menu item")


@register_setting(icon="site")
class SiteSettings(BaseSiteSetting):
    """Who runs the site and how to reach them: shown in the header and footer of every page."""

    organisation_name = models.CharField(
        _("organisation name"),
        max_length=200,
        default="Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh",
    )
    address = models.CharField(_("address"), max_length=250, blank=True)
    hotline = models.CharField(_("hotline"), max_length=30, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    facebook_url = models.URLField(_("Facebook page"), blank=True)
    zalo_url = models.URLField(_("Zalo official account"), blank=True)
    youtube_url = models.URLField(_("YouTube channel"), blank=True)
    main_menu = StreamField(
        [("link", NavLinkBlock())], verbose_name=_("main menu"), blank=True, default=list
    )
    footer_note = models.TextField(_("footer note"), blank=True)

    panels = [
        MultiFieldPanel(
            [
                FieldPanel("organisation_name"),
                FieldPanel("address"),
                FieldPanel("hotline"),
                FieldPanel("email"),
            ],
            heading=_("Organisation"),
        ),
        MultiFieldPanel(
            [FieldPanel("facebook_url"), FieldPanel("zalo_url"), FieldPanel("youtube_url")],
            heading=_("Social links"),
        ),
        FieldPanel("main_menu"),
        FieldPanel("footer_note"),
    ]

    class Meta:
        verbose_name = _("site settings")
