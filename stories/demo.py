"""Demo stories: the index page "Câu chuyện giảm nghèo" and the stories of stories/demo_data.

Stories are built from StreamField blocks the way an editor would write them: paragraphs, a
captioned picture, key figures (income before and after), a quote and sometimes a gallery.
"""

import datetime
import zoneinfo

from django.utils.html import escape

from sitewide.demo.areas import slug_of
from sitewide.demo.images import demo_image
from sitewide.demo.site import add_menu_link
from stories.demo_data import STORIES
from stories.models import StoryIndexPage, StoryPage

LOCAL = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
SLUG_LENGTH = 80
CREDIT = "Ảnh minh họa"
DEFAULT_FIGURES_TITLE = "Thu nhập và tài sản của gia đình"

# What each drawn picture shows, for readers who cannot see it.
SCENE_ALT = {
    "cattle": "Tranh minh họa: đàn bò trên bãi cỏ dưới chân núi",
    "house": "Tranh minh họa: ngôi nhà mái ngói giữa hai cây xanh",
    "fields": "Tranh minh họa: cánh đồng lúa dưới chân đồi",
    "pond": "Tranh minh họa: ao nước giữa đồng, núi phía xa",
    "garden": "Tranh minh họa: vườn cây xanh trồng thành hàng",
    "ceremony": "Tranh minh họa: sân khấu phông đỏ sao vàng và hàng ghế khán giả",
}
SCENE_NAMES = {
    "cattle": "chăn nuôi",
    "house": "nhà ở",
    "fields": "đồng ruộng",
    "pond": "ao, biển",
    "garden": "vườn cây",
    "ceremony": "sự kiện",
}
# Pictures shared by stories of the same kind: one inside the text, the others in galleries,
# so the body does not repeat the listing picture shown at the top of the page.
POOL_SIZE = 3


def story_slug(title):
    slug = slug_of(title)
    if len(slug) > SLUG_LENGTH:
        slug = slug[:SLUG_LENGTH].rsplit("-", 1)[0]
    return slug


def _paragraph(text):
    return ("paragraph", f"<p>{escape(text)}</p>")


def _pool_image(scene, n):
    n %= POOL_SIZE
    title = f"Ảnh tư liệu – {SCENE_NAMES[scene]} {n + 1}"
    return demo_image(title, key=f"pool-{scene}-{n}", scene=scene)


def _picture(image, scene, caption):
    if caption and caption[-1] not in ".!?":
        caption += "."
    return {"image": image, "alt_text": SCENE_ALT[scene], "caption": caption, "credit": CREDIT}


def _gallery(story):
    scene = story["scene"]
    images = [
        _picture(_pool_image(scene, n), scene, caption)
        for n, caption in enumerate(story["gallery"], start=1)
    ]
    return ("gallery", {"title": "", "images": images})


def body(story, place):
    """The story's StreamField content, in the order a reader meets it."""
    first, *middle, last = story["text"]
    scene = story["scene"]
    blocks = [
        _paragraph(first),
        ("image", _picture(_pool_image(scene, 0), scene, f"{place.name}, {story['day'][:4]}")),
        *(_paragraph(text) for text in middle),
    ]
    if story.get("figures"):
        figures = [
            {"label": label, "before": before, "after": after, "unit": unit}
            for label, before, after, unit in story["figures"]
        ]
        title = story.get("figures_title", DEFAULT_FIGURES_TITLE)
        blocks.append(("key_figures", {"title": title, "figures": figures}))
    if story.get("quote"):
        words, who, role = story["quote"]
        blocks.append(("quote", {"quote": words, "attribution": who, "role": role}))
    blocks.append(_paragraph(last))
    if story.get("gallery"):
        blocks.append(_gallery(story))
    return blocks


def _index(home):
    index = StoryIndexPage.objects.child_of(home).first()
    if index is None:
        index = StoryIndexPage(
            title="Câu chuyện giảm nghèo",
            slug="cau-chuyen",
            intro=(
                "Hộ thoát nghèo tiêu biểu, mô hình giảm nghèo hay, gương điển hình và tin hoạt "
                "động của chương trình giảm nghèo bền vững tỉnh Quảng Trị."
            ),
        )
        home.add_child(instance=index)
        index.save_revision().publish()
    return index


def load(home, areas):
    """Create the stories that are missing; existing ones are left as the editors made them."""
    index = _index(home)
    add_menu_link(index, "Câu chuyện")
    existing = set(StoryPage.objects.child_of(index).values_list("slug", flat=True))
    for story in STORIES:
        slug = story_slug(story["title"])
        if slug in existing:
            continue
        day = datetime.date.fromisoformat(story["day"])
        place = areas.on(story["place"], day)
        image = demo_image(
            story["title"],
            scene=story["scene"],
            caption=f"{place.name} · {CREDIT.lower()}",
        )
        page = StoryPage(
            title=story["title"],
            slug=slug,
            intro=story["intro"],
            story_type=story["type"],
            story_date=day,
            area=place,
            listing_image=image,
            body=body(story, place),
            first_published_at=datetime.datetime.combine(day, datetime.time(8), LOCAL),
        )
        page.tags.add(*story["tags"])
        index.add_child(instance=page)
        page.save_revision().publish()
        existing.add(slug)
    return index
