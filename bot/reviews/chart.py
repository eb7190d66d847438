"""Small PNG charts for review summaries, drawn with matplotlib's Agg backend (imported lazily)."""

from __future__ import annotations

import io

from bot.domain.compare import Comparison, Trend
from bot.domain.enums import IndicatorKind, Level

_KIND_SHORT = {
    IndicatorKind.BEHAVIOUR: "behaviours",
    IndicatorKind.ROLE_OF_ADULTS: "adults",
    IndicatorKind.STRUCTURAL: "structural",
}
_LEVEL_SHORT = {Level.UNIVERSAL: "Universal", Level.UNIVERSAL_PLUS: "Univ. Plus", Level.COMPLEX: "Complex"}


def chart_alt_text(comparison: Comparison, history: Trend) -> str:
    """What the chart shows, in words (for screen readers and the upload's title)."""
    then = sum(comparison.counts_then.values())
    now = sum(comparison.counts_now.values())
    return (
        f"Indicators by level and kind: {then} at baseline, {now} now; level "
        f"{comparison.level_then.label} then, {comparison.level_now.label} now; "
        f"{len(history.points)} assessments, trend {history.direction.label.lower()}."
    )


def review_chart(comparison: Comparison, history: Trend, *, title: str) -> bytes:
    """A PNG: baseline against now by indicator level and kind, and the level over time."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=(9.0, 3.4), dpi=80)
    FigureCanvasAgg(fig)
    bars, line = fig.subplots(1, 2, gridspec_kw={"width_ratios": [2.2, 1]})
    keys = list(comparison.counts_then)
    positions = list(range(len(keys)))
    width = 0.4
    bars.bar(
        [p - width / 2 for p in positions],
        [comparison.counts_then[k] for k in keys],
        width,
        label="Baseline",
        color="#9e9e9e",
    )
    bars.bar(
        [p + width / 2 for p in positions],
        [comparison.counts_now[k] for k in keys],
        width,
        label="Now",
        color="#1565c0",
    )
    bars.set_xticks(positions)
    bars.set_xticklabels([f"{_LEVEL_SHORT[level]}\n{_KIND_SHORT[kind]}" for level, kind in keys], fontsize=7)
    bars.set_ylabel("indicators")
    bars.set_title("Protective (Universal) and concerns, then and now", fontsize=9)
    bars.legend(fontsize=8)
    bars.yaxis.get_major_locator().set_params(integer=True)
    for boundary in (2.5, 5.5):
        bars.axvline(boundary, color="#dddddd", linewidth=0.8)

    times = [p.at for p in history.points]
    ranks = [p.level.rank for p in history.points]
    line.step(times, ranks, where="post", color="#1565c0", marker="o")
    line.set_yticks([level.rank for level in Level])
    line.set_yticklabels([_LEVEL_SHORT[level] for level in Level], fontsize=8)
    line.set_ylim(-0.5, 2.5)
    line.set_title("Level over time", fontsize=9)
    line.tick_params(axis="x", labelsize=7, rotation=30)
    if len(times) <= 6:
        line.set_xticks(times)
    line.xaxis.set_major_formatter(_date_formatter())
    fig.suptitle(title, fontsize=10)
    fig.tight_layout()
    out = io.BytesIO()
    fig.savefig(out, format="png")
    return out.getvalue()


def _date_formatter() -> object:
    """Short day-month-year tick labels."""
    from matplotlib.dates import DateFormatter

    return DateFormatter("%d %b %y")
