"""The gap over time as an SVG drawn on the server: two step lines (pledged, received) and the
area between them, axes with dates dd/mm and amounts in millions. No script, no library."""

from django.utils.translation import gettext as _

from sitewide.formatting import group_thousands

WIDTH, HEIGHT = 860, 340
LEFT, RIGHT, TOP, BOTTOM = 110, 20, 20, 50
MILLION = 1_000_000


def _nice_ceiling(value):
    if value <= 0:
        return MILLION
    step = 1
    while step * 10 <= value:
        step *= 10
    for factor in (1, 2, 2.5, 5, 10):
        if step * factor >= value:
            return int(step * factor)
    return step * 10


def gap_chart_svg(points):
    """SVG text for [(day, pledged, received)] from results.gap_over_time."""
    top_value = _nice_ceiling(max([p[1] for p in points] + [p[2] for p in points] + [1]))
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    count = max(len(points) - 1, 1)

    def x(index):
        return LEFT + plot_w * index / count

    def y(value):
        return TOP + plot_h * (1 - value / top_value)

    def steps(column):
        coords = []
        for index, point in enumerate(points):
            if index:
                coords.append(f"{x(index):.1f},{y(points[index - 1][column]):.1f}")
            coords.append(f"{x(index):.1f},{y(point[column]):.1f}")
        return " ".join(coords)

    pledged, received = steps(1), steps(2)
    gap = pledged + " " + " ".join(reversed(received.split(" ")))
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'class="results__chart" role="img" aria-labelledby="gap-title">',
        f'<title id="gap-title">{_("Pledged and received over time")}</title>',
        f'<rect x="{LEFT}" y="{TOP}" width="{plot_w}" height="{plot_h}" fill="#fff" '
        'stroke="#999"/>',
    ]
    for tick in range(5):
        value = top_value * tick / 4
        parts.append(
            f'<line x1="{LEFT}" x2="{LEFT + plot_w}" y1="{y(value):.1f}" y2="{y(value):.1f}" '
            'stroke="#ddd"/>'
            f'<text x="{LEFT - 8}" y="{y(value) + 4:.1f}" text-anchor="end" font-size="12">'
            f"{group_thousands(round(value / MILLION))} tr</text>"
        )
    label_every = max(1, len(points) // 8)
    for index, point in enumerate(points):
        if index % label_every == 0 or index == len(points) - 1:
            parts.append(
                f'<text x="{x(index):.1f}" y="{TOP + plot_h + 18}" text-anchor="middle" '
                f'font-size="12">{point[0]:%d/%m}</text>'
            )
    parts += [
        f'<polygon points="{gap}" fill="#f6c9c9" stroke="none"/>',
        f'<polyline points="{pledged}" fill="none" stroke="#b3121b" stroke-width="3"/>',
        f'<polyline points="{received}" fill="none" stroke="#1b6b2f" stroke-width="3"/>',
        f'<rect x="{LEFT}" y="{HEIGHT - 18}" width="14" height="4" fill="#b3121b"/>'
        f'<text x="{LEFT + 20}" y="{HEIGHT - 12}" font-size="13">{_("Pledged")}</text>',
        f'<rect x="{LEFT + 160}" y="{HEIGHT - 18}" width="14" height="4" fill="#1b6b2f"/>'
        f'<text x="{LEFT + 180}" y="{HEIGHT - 12}" font-size="13">{_("Received so far")}</text>',
        f'<rect x="{LEFT + 320}" y="{HEIGHT - 20}" width="14" height="8" fill="#f6c9c9"/>'
        f'<text x="{LEFT + 340}" y="{HEIGHT - 12}" font-size="13">{_("Outstanding")}</text>',
        "</svg>",
    ]
    return "".join(parts)
