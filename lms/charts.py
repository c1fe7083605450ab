"""Charts drawn on the server as inline SVG: no script, no inline style, readable by screen readers.

A chart is an ``<svg role="img">`` named by its ``<title>`` and described by its ``<desc>``
(which states every figure), so assistive technology announces it as one image with its
content; pages also show the same figures in a table. Colours and fonts come from classes
(``static/css/reports.css``), so the markup holds no style attribute and the page's
Content-Security-Policy needs no exception. Example::

    bar_chart([("ต.ค. 69", 3), ("พ.ย. 69", 5)], title="Completions by month", chart_id="completions")
"""

import math

from django.utils.html import format_html
from django.utils.safestring import mark_safe

# Drawing units (the viewBox); the SVG scales to the width of its container.
HEIGHT = 260
PLOT_TOP = 24
PLOT_BOTTOM = 200
LEFT = 48
RIGHT = 16
BAR_SLOT = 40
MIN_WIDTH = 320


GRIDLINES = 4


def nice_step(value):
    """The smallest whole 1, 2, 2.5, 3, 4, 5, 6 or 8 × 10ⁿ at or above ``value`` (at least 1): the gap between gridlines."""
    if value <= 1:
        return 1
    magnitude = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 2.5, 3, 4, 5, 6, 8, 10):
        candidate = step * magnitude
        if candidate >= value and candidate == int(candidate):
            return int(candidate)
    return 10 * magnitude  # pragma: no cover (10 × the magnitude is always at or above the value)


def _at(value):
    """A coordinate as the markup writes it (format_html escapes its arguments into text first)."""
    return f"{value:.1f}"


def _number(value):
    return f"{value:,}" if isinstance(value, int) else f"{value:,.1f}"


def bar_chart(points, *, title, chart_id, description="", value_text=None):
    """An accessible SVG bar chart of ``points`` (``[(label, value)]``, values ≥ 0), as safe HTML.

    ``title`` names the chart; ``description`` (optional) comes before the figures in its
    ``<desc>``; ``value_text(value)`` words a figure for the description (default: the number);
    ``chart_id`` makes the ids of the title and description unique on the page.
    """
    points = [(str(label), value or 0) for label, value in points]
    value_text = value_text or _number
    width = max(MIN_WIDTH, LEFT + RIGHT + BAR_SLOT * len(points))
    step = nice_step(max((value for _label, value in points), default=0) / GRIDLINES)
    top = step * GRIDLINES
    plot_height = PLOT_BOTTOM - PLOT_TOP

    def y_of(value):
        return PLOT_BOTTOM - plot_height * value / top

    parts = []
    # The gridlines with their values on the axis, whole numbers from 0 to ``top``.
    for line in range(GRIDLINES + 1):
        value = step * line
        y = y_of(value)
        label = _number(value)
        parts.append(
            format_html(
                '<line class="chart__grid" x1="{}" y1="{}" x2="{}" y2="{}"></line>'
                '<text class="chart__axis-label" x="{}" y="{}" text-anchor="end" dominant-baseline="middle">'
                "{}</text>",
                LEFT,
                _at(y),
                width - RIGHT,
                _at(y),
                LEFT - 6,
                _at(y),
                label,
            )
        )
    for index, (label, value) in enumerate(points):
        x = LEFT + BAR_SLOT * index
        bar_top = y_of(value)
        centre = x + BAR_SLOT / 2
        parts.append(
            format_html(
                '<g class="chart__item"><rect class="chart__bar" x="{}" y="{}" width="{}" height="{}">'
                "</rect>"
                '<text class="chart__value" x="{}" y="{}" text-anchor="middle">{}</text>'
                '<text class="chart__label" x="{}" y="{}" text-anchor="end" '
                'transform="rotate(-45 {} {})">{}</text></g>',
                _at(x + 6),
                _at(bar_top),
                _at(BAR_SLOT - 12),
                _at(PLOT_BOTTOM - bar_top),
                _at(centre),
                _at(bar_top - 4),
                _number(value) if value else "",
                _at(centre + 4),
                PLOT_BOTTOM + 14,
                _at(centre + 4),
                PLOT_BOTTOM + 14,
                label,
            )
        )
    parts.append(
        format_html(
            '<line class="chart__axis" x1="{}" y1="{}" x2="{}" y2="{}"></line>',
            LEFT,
            PLOT_BOTTOM,
            width - RIGHT,
            PLOT_BOTTOM,
        )
    )
    figures = "; ".join(f"{label}: {value_text(value)}" for label, value in points)
    desc = f"{description} {figures}".strip() if description else figures
    return format_html(
        '<svg class="chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {} {}" role="img" '
        'aria-labelledby="{}-title {}-desc" focusable="false">'
        '<title id="{}-title">{}</title><desc id="{}-desc">{}</desc>{}</svg>',
        width,
        HEIGHT,
        chart_id,
        chart_id,
        chart_id,
        title,
        chart_id,
        desc,
        mark_safe("".join(parts)),  # noqa: S308 (every part was built by format_html, which escapes)
    )
