"""The review chart's goals panel: one line per safety goal, the panel's 0–10 score at each occasion."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from bot.domain.scales import HIGH, LOW, GoalSeries

_MARKERS = ("o", "s", "^", "D", "v", "P", "X", "*")
_STYLES = ("-", "--", "-.", ":")


def scored(scales: Sequence[GoalSeries]) -> list[GoalSeries]:
    """The goals the panel has scored (the only ones the panel draws)."""
    return [s for s in scales if s.panel()]


def goal_lines(ax: Any, scales: Sequence[GoalSeries]) -> None:
    """One line per goal (marker and dash differ as well as colour) over the dates its scores were given,
    every point labelled with its score: a goal added at a later review starts where it was first scored."""
    from matplotlib.dates import DateFormatter

    for n, one in enumerate(scales):
        points, times = one.panel(), one.panel_times()
        label = one.text if len(one.text) <= 60 else one.text[:57] + "…"
        ax.plot(
            times,
            points,
            marker=_MARKERS[n % len(_MARKERS)],
            linestyle=_STYLES[n % len(_STYLES)],
            linewidth=2.2,
            markersize=8,
            label=f"{n + 1}. {label}",
        )
        for x, y in zip(times, points, strict=True):
            ax.annotate(str(y), (x, y), textcoords="offset points", xytext=(0, 7), ha="center", fontsize=10)
    occasions = sorted({t for one in scales for t in one.panel_times()})
    if len(occasions) <= 8:  # the decision and each review, dated; more and the axis picks its own dates
        ax.set_xticks(occasions)
    ax.xaxis.set_major_formatter(DateFormatter("%d %b %y"))
    ax.tick_params(axis="x", labelsize=11, rotation=30)
    ax.set_ylim(LOW - 0.5, HIGH + 1)
    ax.set_yticks(list(range(LOW, HIGH + 1, 2)))
    ax.set_title(
        "Safety goals: the panel's score, 0 (harm, nothing protects) to 10 (met and holding)", loc="left"
    )
    ax.grid(axis="y", color="#e0e0e0")
    ax.legend(fontsize=9, loc="upper left", bbox_to_anchor=(0, -0.2), ncol=1, frameon=False)
    ax.spines[["top", "right"]].set_visible(False)


def alt_text(scales: Sequence[GoalSeries]) -> str:
    """The goals panel in words."""
    if not scales:
        return ""
    each = "; ".join(f"{s.text}: " + " → ".join(str(p) for p in s.panel()) for s in scales)
    return f" Safety goals, the panel's score from baseline to now (0–10): {each}."
