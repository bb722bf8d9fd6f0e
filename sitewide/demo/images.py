"""Illustrations for the demo site, drawn with Pillow: nothing is downloaded.

Each picture is a small scene (hills under a gradient sky, then fields, a house, cattle, a pond,
a garden or a ceremony stage) drawn from a seed, so the same key always gives the same picture.
Pictures are stored as Wagtail images in their own collection and found again by title, so a
second run of the loader reuses them instead of piling up copies.
"""

import io
import random
import re
import zlib
from pathlib import Path

from django.core.files.images import ImageFile
from PIL import Image as PILImage
from PIL import ImageDraw, ImageFilter, ImageFont
from wagtail.images import get_image_model
from wagtail.models import Collection

from sitewide.text import fold

COLLECTION_NAME = "Ảnh minh họa (dữ liệu mẫu)"
SIZE = (1200, 800)
FONT_PATHS = [
    "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
    "/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf",
]

# Sky top, sky bottom, far hills, near hills, ground: dawn, noon, dusk, monsoon, dry season.
PALETTES = [
    ((255, 183, 120), (255, 236, 200), (120, 110, 150), (70, 120, 80), (96, 150, 70)),
    ((90, 160, 230), (200, 230, 250), (90, 130, 120), (60, 130, 70), (120, 170, 60)),
    ((240, 120, 90), (250, 210, 150), (110, 80, 110), (80, 100, 60), (140, 140, 60)),
    ((120, 140, 160), (210, 215, 220), (90, 105, 110), (55, 100, 75), (80, 130, 80)),
    ((150, 200, 240), (250, 240, 210), (150, 130, 100), (150, 140, 70), (190, 160, 90)),
]
STAR = [
    (600, 170),
    (625, 240),
    (700, 240),
    (640, 285),
    (662, 355),
    (600, 312),
    (538, 355),
    (560, 285),
    (500, 240),
    (575, 240),
]
SCENES = ["fields", "house", "cattle", "pond", "garden", "ceremony"]


def _mix(a, b, t):
    return tuple(int(x + (y - x) * t) for x, y in zip(a, b, strict=True))


def _sky(draw, width, height, top, bottom):
    for y in range(height):
        draw.line([(0, y), (width, y)], fill=_mix(top, bottom, y / max(1, height - 1)))


def _ridge(draw, rng, width, base, amplitude, colour, steps=14):
    points = [(0, base)]
    for i in range(steps + 1):
        points.append((width * i / steps, base - rng.uniform(0.2, 1.0) * amplitude))
    draw.polygon([*points, (width, SIZE[1]), (0, SIZE[1])], fill=colour)


def _house(draw, rng, x, ground, scale):
    walls = rng.choice([(245, 232, 200), (230, 220, 190), (250, 245, 235)])
    roof = rng.choice([(180, 40, 40), (60, 90, 150), (150, 60, 40)])
    w, h = 260 * scale, 150 * scale
    draw.rectangle([x, ground - h, x + w, ground], fill=walls, outline=(90, 70, 50), width=3)
    draw.polygon(
        [
            (x - 25 * scale, ground - h),
            (x + w / 2, ground - h - 95 * scale),
            (x + w + 25 * scale, ground - h),
        ],
        fill=roof,
    )
    draw.rectangle([x + w * 0.42, ground - h * 0.62, x + w * 0.58, ground], fill=(120, 80, 50))
    for wx in (x + w * 0.12, x + w * 0.7):
        draw.rectangle([wx, ground - h * 0.7, wx + w * 0.16, ground - h * 0.4], fill=(90, 140, 170))


def _cow(draw, x, y, scale, colour):
    draw.ellipse([x, y, x + 120 * scale, y + 60 * scale], fill=colour)
    draw.ellipse([x + 100 * scale, y - 15 * scale, x + 145 * scale, y + 25 * scale], fill=colour)
    for lx in (x + 15 * scale, x + 35 * scale, x + 80 * scale, x + 100 * scale):
        draw.rectangle([lx, y + 50 * scale, lx + 9 * scale, y + 95 * scale], fill=colour)


def _tree(draw, rng, x, ground, scale):
    draw.rectangle([x - 6 * scale, ground - 70 * scale, x + 6 * scale, ground], fill=(100, 70, 40))
    green = (40 + rng.randint(0, 40), 110 + rng.randint(0, 50), 50)
    draw.ellipse(
        [x - 45 * scale, ground - 150 * scale, x + 45 * scale, ground - 55 * scale], fill=green
    )


def _scene(draw, rng, scene, palette):
    width, height = SIZE
    ground = int(height * rng.uniform(0.68, 0.78))
    if scene == "fields":
        for i in range(9):
            y = ground + i * (height - ground) / 9
            shade = _mix(palette[4], (200, 220, 90), (i % 3) / 4)
            draw.rectangle([0, y, width, y + (height - ground) / 9], fill=shade)
            draw.line([(0, y), (width, y - rng.randint(-10, 10))], fill=(70, 110, 50), width=3)
    elif scene == "house":
        _house(draw, rng, rng.randint(300, 600), ground + 40, rng.uniform(1.1, 1.5))
        for x in (rng.randint(80, 220), rng.randint(950, 1120)):
            _tree(draw, rng, x, ground + 40, 1.2)
    elif scene == "cattle":
        for _ in range(rng.randint(3, 6)):
            colour = rng.choice([(140, 90, 50), (170, 120, 70), (110, 70, 40), (200, 170, 120)])
            _cow(draw, rng.randint(40, 1000), rng.randint(ground - 20, height - 140), 1.0, colour)
    elif scene == "pond":
        draw.ellipse([150, ground - 10, 1050, height - 40], fill=(70, 130, 170))
        for _ in range(8):
            x, y = rng.randint(250, 950), rng.randint(ground + 30, height - 90)
            draw.arc([x, y, x + 60, y + 20], 0, 180, fill=(200, 230, 240), width=3)
    elif scene == "garden":
        for row in range(6):
            y = ground + 20 + row * 30
            for col in range(16):
                x = col * 78 + (row % 2) * 39
                _tree(draw, rng, x, y, 0.45 + row * 0.05)
    else:  # ceremony stage with a red backdrop
        draw.rectangle([120, 120, 1080, ground], fill=(178, 18, 31))
        draw.rectangle([120, ground, 1080, ground + 40], fill=(120, 60, 40))
        draw.polygon(STAR, fill=(242, 183, 5))
        font, has_vietnamese = _font(46)
        slogan = "CHUNG TAY VÌ NGƯỜI NGHÈO"
        slogan = slogan if has_vietnamese else fold(slogan).upper()
        draw.text((600, 420), slogan, font=font, fill=(242, 183, 5), anchor="mm")
        for x in range(140, 1080, 55):
            draw.ellipse([x, ground + 70, x + 40, ground + 110], fill=(60, 45, 40))


def _font(size):
    for path in FONT_PATHS:
        if Path(path).exists():
            return ImageFont.truetype(path, size), True
    return ImageFont.load_default(size=size), False


def _caption(image, text):
    draw = ImageDraw.Draw(image, "RGBA")
    font, has_vietnamese = _font(34)
    text = text if has_vietnamese else fold(text)  # the fallback font lacks Vietnamese marks
    width, height = image.size
    draw.rectangle([0, height - 70, width, height], fill=(0, 0, 0, 120))
    draw.text((28, height - 55), text[:60], font=font, fill=(255, 255, 255, 235))


def draw_scene(key, caption="", scene=None):
    """A JPEG (bytes) of a scene chosen from `key`; the same key always draws the same picture."""
    rng = random.Random(zlib.crc32(key.encode()))
    palette = rng.choice(PALETTES)
    scene = scene or rng.choice(SCENES)
    image = PILImage.new("RGB", SIZE)
    draw = ImageDraw.Draw(image)
    width, height = SIZE
    _sky(draw, width, height, palette[0], palette[1])
    sun = (rng.randint(100, width - 100), rng.randint(60, 220))
    draw.ellipse([sun[0] - 45, sun[1] - 45, sun[0] + 45, sun[1] + 45], fill=(255, 244, 200))
    _ridge(draw, rng, width, int(height * 0.55), 160, palette[2])
    _ridge(draw, rng, width, int(height * 0.68), 90, palette[3], steps=8)
    image = image.filter(ImageFilter.GaussianBlur(1.5))  # softens the ridges like haze
    draw = ImageDraw.Draw(image)
    _scene(draw, rng, scene, palette)
    if caption:
        _caption(image, caption)
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=82, optimize=True)
    return buffer.getvalue()


def demo_collection():
    collection = Collection.objects.filter(name=COLLECTION_NAME).first()
    if collection is None:
        collection = Collection.get_first_root_node().add_child(name=COLLECTION_NAME)
    return collection


def demo_image(title, key=None, scene=None, caption=""):
    """The demo image titled `title`, drawn and stored the first time, reused afterwards."""
    image_model = get_image_model()
    collection = demo_collection()
    existing = image_model.objects.filter(collection=collection, title=title).first()
    if existing is not None:
        return existing
    key = key or title
    data = draw_scene(key, caption=caption, scene=scene)
    name = "demo-" + re.sub(r"[^a-z0-9]+", "-", fold(key)).strip("-")[:60] + ".jpg"
    return image_model.objects.create(
        title=title, collection=collection, file=ImageFile(io.BytesIO(data), name=name)
    )
