"""StreamField blocks shared by stories, campaigns and the home page.

Each block names its own template, a preview value and a description so editors see what it
does in the block picker. Images always carry alternative text (required) for screen readers.
"""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageChooserBlock

RICH_TEXT_FEATURES = ["h2", "h3", "bold", "italic", "link", "ol", "ul", "blockquote"]


class ParagraphBlock(blocks.RichTextBlock):
    def __init__(self, **kwargs):
        kwargs.setdefault("features", RICH_TEXT_FEATURES)
        super().__init__(**kwargs)

    class Meta:
        icon = "pilcrow"
        label = _("Paragraph")
        template = "blocks/paragraph.html"
        description = _("Text with headings, links and lists.")
        preview_value = (
            "<p>Từ 2 con bò giống được hỗ trợ năm 2022, gia đình anh đã có đàn bò 9 con.</p>"
        )


class CaptionedImageBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("image"))
    alt_text = blocks.CharBlock(
        label=_("alternative text"),
        max_length=200,
        help_text=_("What the image shows, for readers who cannot see it."),
    )
    caption = blocks.CharBlock(label=_("caption"), required=False, max_length=250)
    credit = blocks.CharBlock(label=_("photo credit"), required=False, max_length=120)

    class Meta:
        icon = "image"
        label = _("Image")
        template = "blocks/captioned_image.html"
        description = _("A photo with its caption and credit.")


class GalleryBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("title"), required=False, max_length=120)
    images = blocks.ListBlock(CaptionedImageBlock(), min_num=2, label=_("images"))

    class Meta:
        icon = "image"
        label = _("Gallery")
        template = "blocks/gallery.html"
        description = _("Several photos shown as a grid.")


class QuoteBlock(blocks.StructBlock):
    quote = blocks.TextBlock(label=_("quote"))
    attribution = blocks.CharBlock(label=_("who said it"), max_length=120)
    role = blocks.CharBlock(label=_("role or place"), required=False, max_length=160)

    class Meta:
        icon = "openquote"
        label = _("Quote")
        template = "blocks/quote.html"
        description = _("Words of a person in the story.")
        preview_value = {
            "quote": "Có con bò, có vốn, nhà tôi không còn lo đói giáp hạt nữa.",
            "attribution": "Hồ Văn Lâm",
            "role": "xã Hướng Phùng",
        }


class FigureBlock(blocks.StructBlock):
    label = blocks.CharBlock(label=_("what is measured"), max_length=120)
    before = blocks.CharBlock(label=_("before"), required=False, max_length=40)
    after = blocks.CharBlock(label=_("after / value"), max_length=40)
    unit = blocks.CharBlock(label=_("unit"), required=False, max_length=40)

    class Meta:
        icon = "order"
        label = _("Figure")


class KeyFiguresBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("title"), required=False, max_length=120)
    figures = blocks.ListBlock(FigureBlock(), min_num=1, label=_("figures"))

    class Meta:
        icon = "table"
        label = _("Key figures")
        template = "blocks/key_figures.html"
        description = _("Numbers such as income before and after, with units.")
        preview_value = {
            "title": "Thu nhập của gia đình",
            "figures": [
                {
                    "label": "Thu nhập bình quân",
                    "before": "1,2",
                    "after": "4,5",
                    "unit": "triệu đồng/tháng",
                },
            ],
        }


class VideoBlock(blocks.StructBlock):
    video = EmbedBlock(label=_("video address"), help_text=_("A YouTube or Facebook link."))
    caption = blocks.CharBlock(label=_("caption"), required=False, max_length=250)

    class Meta:
        icon = "media"
        label = _("Video")
        template = "blocks/video.html"
        description = _("An embedded video.")


class StoryBodyBlock(blocks.StreamBlock):
    paragraph = ParagraphBlock()
    image = CaptionedImageBlock()
    gallery = GalleryBlock()
    quote = QuoteBlock()
    key_figures = KeyFiguresBlock()
    video = VideoBlock()

    class Meta:
        block_counts = {}
