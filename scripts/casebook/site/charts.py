"""Bar charts as SVG, laid out here and drawn by templates/chart.html.j2 (a
trusted fragment): no chart library, nothing fetched, nothing run in the browser.

A chart is rows of (label, value, link). Horizontal bars suit long Chinese
labels (provinces, practices); columns suit years, read left to right.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# Sizes in the viewBox. A chart is drawn as wide as the text column and no wider
# than its own width: on a phone (about 360 px of text) a bar chart shows at about
# 0.85 of them, so its labels stay near 14 px and each row, a link over its whole
# width, near 30 px high: readable and large enough to tap.
FONT = 16  # a Chinese character is about this wide
ROW = 34
BAR = 20
PLOT = 240  # the longest bar
VALUE = 60  # room for the number after a bar
COLUMN = 56
COLUMN_PLOT = 180  # the tallest column


@dataclass(frozen=True)
class Bar:
    label: str
    value: int
    page: str | None = None  # docs path the bar links to
    # Set by the layout:
    x: float = 0
    y: float = 0
    width: float = 0
    height: float = 0


@dataclass(frozen=True)
class Chart:
    id: str
    title: str
    kind: str  # "bars" or "columns"
    unit: str  # said after a value: 个案例
    width: int
    height: int
    label_width: int = 0
    bars: list[Bar] = field(default_factory=list)

    @property
    def row(self) -> int:
        return ROW

    @property
    def font(self) -> int:
        return FONT


def _label_width(labels: list[str]) -> int:
    # Digits and Latin letters are about half as wide as Chinese characters.
    return max((sum(FONT if ord(c) > 0x2E80 else FONT // 2 + 1 for c in label) for label in labels), default=0) + 12


def bars(id: str, title: str, rows: list[Bar], unit: str = "个案例") -> Chart:
    """Horizontal bars, one row each, longest value PLOT wide."""
    label_width = _label_width([r.label for r in rows])
    top = max((r.value for r in rows), default=0) or 1
    laid = [Bar(r.label, r.value, r.page, x=label_width, y=i * ROW + (ROW - BAR) / 2,
                width=round(max(r.value / top * PLOT, 1.0 if r.value else 0.0), 1), height=BAR)
            for i, r in enumerate(rows)]
    return Chart(id, title, "bars", unit, label_width + PLOT + VALUE, len(rows) * ROW + 2, label_width, laid)


def columns(id: str, title: str, rows: list[Bar], unit: str = "个案例") -> Chart:
    """Vertical columns, left to right, tallest COLUMN_PLOT high; labels below, values above."""
    top = max((r.value for r in rows), default=0) or 1
    head = FONT + 8
    laid = []
    for i, r in enumerate(rows):
        height = round(max(r.value / top * COLUMN_PLOT, 1.0 if r.value else 0.0), 1)
        laid.append(Bar(r.label, r.value, r.page, x=i * COLUMN + 8, y=head + COLUMN_PLOT - height,
                        width=COLUMN - 16, height=height))
    return Chart(id, title, "columns", unit, max(len(rows), 1) * COLUMN, head + COLUMN_PLOT + FONT + 12, 0, laid)
