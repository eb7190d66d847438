"""Review charts, drawn with matplotlib's Agg backend (imported lazily) at print resolution.

Concerns and protective signs sit on separate panels, because a taller bar is bad in one and good in the
other; baseline and now differ by pattern and label as well as colour, and every bar carries its count.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

from bot.domain.compare import Comparison, Trend
from bot.domain.enums import IndicatorKind, Level
from bot.domain.scales import GoalSeries
from bot.reviews import goals_chart

__all__ = ["CHART_DPI", "CHART_WIDTH_IN", "chart_alt_text", "review_chart"]

CHART_DPI = 200
CHART_WIDTH_IN = 8.0  # 1,600 px: sharp when printed on A4, legible when a phone shrinks it to its width
_KIND_SHORT = {
    IndicatorKind.BEHAVIOUR: "Behaviours",
    IndicatorKind.ROLE_OF_ADULTS: "Adults",
    IndicatorKind.STRUCTURAL: "Structural",
}
_LEVEL_SHORT = {Level.UNIVERSAL: "Universal", Level.UNIVERSAL_PLUS: "Univ. Plus", Level.COMPLEX: "Complex"}
_THEN = {"color": "#bdbdbd", "hatch": "///", "edgecolor": "#424242", "label": "Baseline"}
_NOW = {"color": "#1565c0", "edgecolor": "#0d47a1", "label": "Now"}


def chart_alt_text(comparison: Comparison, history: Trend, scales: Sequence[GoalSeries] = ()) -> str:
    """What the chart shows, in words (attached to the uploaded file for screen readers)."""
    concerns_then, concerns_now = (
        sum(n for (level, _), n in counts.items() if level is not Level.UNIVERSAL)
        for counts in (comparison.counts_then, comparison.counts_now)
    )
    protective_then, protective_now = (
        sum(n for (level, _), n in counts.items() if level is Level.UNIVERSAL)
        for counts in (comparison.counts_then, comparison.counts_now)
    )
    return (
        f"Concerns: {concerns_then} at baseline, {concerns_now} now. Protective signs: {protective_then} at "
        f"baseline, {protective_now} now. Level {comparison.level_then.label} then, "
        f"{comparison.level_now.label} now; {len(history.points)} assessments, trend "
        f"{history.direction.label.lower()}." + goals_chart.alt_text(goals_chart.scored(scales))
    )


def _pairs(ax: Any, labels: list[str], then: list[int], now: list[int], title: str) -> None:
    """Baseline and now side by side for each label, each bar with its count written on it."""
    positions = list(range(len(labels)))
    width = 0.38
    for offset, values, style in ((-width / 2, then, _THEN), (width / 2, now, _NOW)):
        bars = ax.bar([p + offset for p in positions], values, width, linewidth=1.2, **style)
        ax.bar_label(bars, padding=2, fontsize=12)
    ax.set_xticks(positions)
    ax.set_xticklabels(labels, fontsize=12)
    ax.set_title(title, fontsize=14, loc="left")
    ax.yaxis.get_major_locator().set_params(integer=True)
    ax.tick_params(axis="y", labelsize=11)
    ax.set_ylim(0, max([*then, *now, 1]) * 1.3)
    ax.spines[["top", "right"]].set_visible(False)


def review_chart(
    comparison: Comparison, history: Trend, *, title: str, scales: Sequence[GoalSeries] = ()
) -> bytes:
    """A PNG 1,600 px wide: concerns, protective signs (baseline against now), the level over time and,
    once goals are scored, a panel with one line per goal."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    goals = goals_chart.scored(scales)
    height = 9.0 + (3.2 + 0.2 * len(goals) if goals else 0.0)
    fig = Figure(figsize=(CHART_WIDTH_IN, height), dpi=CHART_DPI, layout="constrained")
    FigureCanvasAgg(fig)
    ratios = [1, 1, 1 + 0.06 * len(goals)] if goals else [1, 1]
    grid = fig.add_gridspec(len(ratios), 2, height_ratios=ratios, width_ratios=[1, 1.2])
    if goals:
        goals_chart.goal_lines(fig.add_subplot(grid[2, :]), goals)
    concerns = fig.add_subplot(grid[0, :])
    protective, line = fig.add_subplot(grid[1, 0]), fig.add_subplot(grid[1, 1])
    then, now = comparison.counts_then, comparison.counts_now
    concern_keys = [k for k in then if k[0] is not Level.UNIVERSAL]
    _pairs(
        concerns,
        [f"{_LEVEL_SHORT[level]}\n{_KIND_SHORT[kind]}" for level, kind in concern_keys],
        [then[k] for k in concern_keys],
        [now[k] for k in concern_keys],
        "Concerns (fewer is better)",
    )
    concerns.legend(fontsize=12, loc="upper right")
    protective_keys = [k for k in then if k[0] is Level.UNIVERSAL]
    _pairs(
        protective,
        [_KIND_SHORT[kind] for _, kind in protective_keys],
        [then[k] for k in protective_keys],
        [now[k] for k in protective_keys],
        "Protective signs (more is better)",
    )
    _level_over_time(line, history)
    fig.suptitle(title, fontsize=15)
    return _small_png(fig)


def _small_png(fig: Any) -> bytes:
    """The figure as a PNG of at most 128 colours: a chart has few, and Slack's upload stays small."""
    from PIL import Image

    raw = io.BytesIO()
    fig.savefig(raw, format="png", dpi=CHART_DPI)
    raw.seek(0)
    with Image.open(raw) as image:
        out = io.BytesIO()
        small = image.convert("RGB").quantize(colors=128)
        small.save(out, format="PNG", optimize=True, dpi=(CHART_DPI, CHART_DPI))
    return out.getvalue()


def _level_over_time(line: Any, history: Trend) -> None:
    """The agreed level at each assessment, as steps with a marker and the level's name."""
    from matplotlib.dates import DateFormatter

    times = [p.at for p in history.points]
    ranks = [p.level.rank for p in history.points]
    line.step(times, ranks, where="post", color="#1565c0", marker="o", markersize=9, linewidth=2.5)
    line.set_yticks([level.rank for level in Level])
    line.set_yticklabels([_LEVEL_SHORT[level] for level in Level], fontsize=12)
    line.set_ylim(-0.5, len(Level) - 0.5)
    line.set_title("Level over time (lower is safer)", fontsize=14, loc="left")
    line.tick_params(axis="x", labelsize=11, rotation=30)
    if len(times) <= 6:
        line.set_xticks(times)
    line.xaxis.set_major_formatter(DateFormatter("%d %b %y"))
    line.grid(axis="y", color="#e0e0e0")
    line.spines[["top", "right"]].set_visible(False)
