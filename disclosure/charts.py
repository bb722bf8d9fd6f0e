"""Charts drawn on the server as SVG: no JavaScript, nothing from elsewhere, no style
attribute (the strict CSP): geometry is computed here, colours come from disclosure.css by
class. Each chart has a title and a description, and the template prints the same numbers as a
table beside it."""

import dataclasses

from sitewide.formatting import format_date, format_vnd

WIDTH = 440
BAR_HEIGHT = 22
GAP = 10
LABEL_WIDTH = 160
COLUMN_AREA = 160


@dataclasses.dataclass
class Bar:
    label: str
    value: int
    text: str
    x: int
    y: int
    width: int
    height: int


@dataclasses.dataclass
class Chart:
    slug: str
    title: str
    description: str
    bars: list
    width: int
    height: int
    kind: str  # "bars" (horizontal, labelled) or "columns" (one per day)


def bars(slug, title, description, rows):
    """Horizontal bars, one per (label, amount), scaled to the largest."""
    top = max((amount for _label, amount in rows), default=0) or 1
    room = WIDTH - LABEL_WIDTH - 10
    drawn = [
        Bar(label=str(label), value=amount, text=format_vnd(amount), x=LABEL_WIDTH,
            y=index * (BAR_HEIGHT + GAP), width=max(1, amount * room // top), height=BAR_HEIGHT)
        for index, (label, amount) in enumerate(rows)
    ]  # fmt: skip
    height = max(1, len(drawn)) * (BAR_HEIGHT + GAP)
    return Chart(slug, title, description, drawn, WIDTH, height, "bars")


def columns(slug, title, description, days):
    """One column per day (day, amount), left to right, scaled to the largest."""
    top = max((amount for _day, amount in days), default=0) or 1
    step = max(2, WIDTH // max(1, len(days)))
    drawn = []
    for index, (day, amount) in enumerate(days):
        height = max(1, amount * COLUMN_AREA // top)
        drawn.append(
            Bar(label=format_date(day), value=amount, text=format_vnd(amount), x=index * step,
                y=COLUMN_AREA - height, width=max(1, step - 2), height=height)
        )  # fmt: skip
    return Chart(
        slug, title, description, drawn, max(WIDTH, len(days) * step), COLUMN_AREA, "columns"
    )
