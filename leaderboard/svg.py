"""Charts for the static site drawn as inline SVG: they render from ``file://`` with no script and no
network. Every label is escaped (``plain.html_text``: inert as HTML and as Markdown); the numbers come
from the store's views unchanged."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from leaderboard.plain import html_text

BAR = "#4c78a8"
WHISKER = {"bootstrap": "#222222", "published sd": "#e45756"}


@dataclass(frozen=True)
class Bar:
    """One bar: its label, value and optional interval (percent) and the interval's kind."""

    label: str
    value: float
    low: float | None = None
    high: float | None = None
    kind: str = ""


def _x(value: float, left: int, width: int) -> float:
    return left + width * max(0.0, min(100.0, value)) / 100.0


def interval_bars(bars: Sequence[Bar], title: str, label_width: int = 300, plot_width: int = 520) -> str:
    """Horizontal bars on a 0–100 scale, in the given order, each interval drawn as a whisker whose
    colour names its kind (a legend under the chart says which)."""
    row, top = 22, 28
    height = top + row * len(bars) + 46
    width = label_width + plot_width + 60
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" font-family="sans-serif" font-size="12">',
        f"<title>{html_text(title)}</title>",
        f'<text x="0" y="16" font-weight="bold">{html_text(title)}</text>',
    ]
    for tick in range(0, 101, 20):
        x = _x(tick, label_width, plot_width)
        bottom = top + row * len(bars)
        parts.append(f'<line x1="{x:.1f}" y1="{top}" x2="{x:.1f}" y2="{bottom}" stroke="#e9ecef"/>')
        parts.append(f'<text x="{x:.1f}" y="{bottom + 14}" text-anchor="middle" fill="#555">{tick}</text>')
    for i, bar in enumerate(bars):
        y = top + row * i
        short = bar.label if len(bar.label) <= 46 else bar.label[:45] + "…"
        parts.append(
            f'<text x="{label_width - 6}" y="{y + 15}" text-anchor="end">{html_text(short)}'
            f"<title>{html_text(bar.label)}</title></text>"
        )
        end = _x(bar.value, label_width, plot_width)
        parts.append(
            f'<rect class="bar" x="{label_width}" y="{y + 4}" width="{end - label_width:.1f}" height="{row - 8}" '
            f'fill="{BAR}"><title>{html_text(bar.label)}: {bar.value:.1f}</title></rect>'
        )
        if bar.low is not None and bar.high is not None:
            lo, hi = _x(bar.low, label_width, plot_width), _x(bar.high, label_width, plot_width)
            color = WHISKER.get(bar.kind, "#999999")
            mid = y + row / 2
            parts.append(
                f'<line class="whisker" x1="{lo:.1f}" y1="{mid}" x2="{hi:.1f}" y2="{mid}" stroke="{color}" '
                f'stroke-width="2"/><line x1="{lo:.1f}" y1="{mid - 4}" x2="{lo:.1f}" y2="{mid + 4}" '
                f'stroke="{color}"/><line x1="{hi:.1f}" y1="{mid - 4}" x2="{hi:.1f}" y2="{mid + 4}" stroke="{color}"/>'
            )
        parts.append(f'<text x="{end + 4:.1f}" y="{y + 15}" fill="#333">{bar.value:.1f}</text>')
    legend_y = top + row * len(bars) + 34
    kinds = sorted({b.kind for b in bars if b.low is not None})
    names = {"bootstrap": "95% bootstrap interval", "published sd": "± spread the source printed"}
    x = label_width
    for kind in kinds:
        color = WHISKER.get(kind, "#999999")
        parts.append(
            f'<line x1="{x}" y1="{legend_y - 4}" x2="{x + 18}" y2="{legend_y - 4}" stroke="{color}" stroke-width="2"/>'
        )
        text = names.get(kind, kind)
        parts.append(f'<text class="legend" x="{x + 24}" y="{legend_y}">{html_text(text)}</text>')
        x += 40 + 7 * len(text)
    parts.append("</svg>")
    return "".join(parts)


def stacked_counts(rows: Sequence[tuple[str, Sequence[int]]], names: Sequence[str], colors: Sequence[str]) -> str:
    """One horizontal stacked bar per row (label, counts per name), scaled to the largest total."""
    label_width, plot_width, row, top = 160, 520, 26, 8
    biggest = max((sum(c) for _, c in rows), default=1) or 1
    height = top + row * len(rows) + 30
    width = label_width + plot_width + 20
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" font-family="sans-serif" font-size="12">'
    ]
    for i, (label, counts) in enumerate(rows):
        y = top + row * i
        parts.append(f'<text x="{label_width - 6}" y="{y + 16}" text-anchor="end">{html_text(label)}</text>')
        x = float(label_width)
        for name, count, color in zip(names, counts, colors, strict=True):
            w = plot_width * count / biggest
            if count:
                parts.append(
                    f'<rect class="bar" x="{x:.1f}" y="{y + 4}" width="{w:.1f}" height="{row - 8}" fill="{color}">'
                    f"<title>{html_text(name)}: {count}</title></rect>"
                )
            x += w
    x = float(label_width)
    legend_y = top + row * len(rows) + 20
    for name, color in zip(names, colors, strict=True):
        parts.append(f'<rect x="{x:.1f}" y="{legend_y - 10}" width="12" height="12" fill="{color}"/>')
        parts.append(f'<text class="legend" x="{x + 16:.1f}" y="{legend_y}">{html_text(name)}</text>')
        x += 30 + 7 * len(name)
    parts.append("</svg>")
    return "".join(parts)
