"""Geometry for the report charts, rendered as inline SVG by templates. No ORM, no colour
semantics: every bar and point carries its value as text."""

from dataclasses import dataclass

# Narrow enough that the labels (13 user units, recheck.css) stay at least 11 px high on the
# narrowest box a chart gets (a 390 px phone, about 350 px); the page caps the width at 480 px.
WIDTH, HEIGHT = 400, 200
MARGIN_TOP, MARGIN_BOTTOM, MARGIN_SIDE = 22, 34, 8


@dataclass(frozen=True)
class Bar:
    label: str
    value: int
    x: float
    y: float
    width: float
    height: float
    url: str = ""  # where the bar leads: the report filtered to the articles it counts

    @property
    def center(self) -> float:
        return self.x + self.width / 2


@dataclass(frozen=True)
class Point:
    label: str
    value: int
    x: float
    y: float


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    baseline: float
    bars: list[Bar]
    points: list[Point]
    maximum: int

    @property
    def polyline(self) -> str:
        return " ".join(f"{p.x:.1f},{p.y:.1f}" for p in self.points)

    @property
    def empty(self) -> bool:
        return not self.bars and not self.points


def bar_chart(data: list[tuple], *, width: int = WIDTH, height: int = HEIGHT) -> Chart:
    """Vertical bars, one per (label, value) or (label, value, url), scaled to the largest
    value."""
    baseline = height - MARGIN_BOTTOM
    maximum = max((item[1] for item in data), default=0)
    slot = (width - 2 * MARGIN_SIDE) / max(len(data), 1)
    bars = []
    for index, (label, value, *url) in enumerate(data):
        bar_height = (baseline - MARGIN_TOP) * value / maximum if maximum else 0
        bars.append(
            Bar(
                label=str(label),
                value=value,
                x=MARGIN_SIDE + index * slot + slot * 0.15,
                y=baseline - bar_height,
                width=slot * 0.7,
                height=bar_height,
                url=url[0] if url else "",
            )
        )
    return Chart(width, height, baseline, bars, [], maximum)


def line_chart(data: list[tuple[str, int]], *, width: int = WIDTH, height: int = HEIGHT) -> Chart:
    """A line through (label, value) points, left to right, scaled to the largest value."""
    baseline = height - MARGIN_BOTTOM
    maximum = max((value for _, value in data), default=0)
    step = (width - 2 * MARGIN_SIDE) / max(len(data) - 1, 1)
    points = [
        Point(
            label=str(label),
            value=value,
            x=MARGIN_SIDE + index * step,
            y=baseline - ((baseline - MARGIN_TOP) * value / maximum if maximum else 0),
        )
        for index, (label, value) in enumerate(data)
    ]
    return Chart(width, height, baseline, [], points, maximum)
