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
    """One line per goal (marker and dash differ as well as colour), every point labelled with its score."""
    longest = max(len(s.panel()) for s in scales)
    for n, one in enumerate(scales):
        points = one.panel()
        xs = list(range(len(points)))
        label = one.text if len(one.text) <= 60 else one.text[:57] + "…"
        ax.plot(
            xs,
            points,
            marker=_MARKERS[n % len(_MARKERS)],
            linestyle=_STYLES[n % len(_STYLES)],
            linewidth=2.2,
            markersize=8,
            label=f"{n + 1}. {label}",
        )
        for x, y in zip(xs, points, strict=True):
            ax.annotate(str(y), (x, y), textcoords="offset points", xytext=(0, 7), ha="center", fontsize=10)
    ax.set_xticks(list(range(longest)))
    ax.set_xticklabels(["Baseline"] + [f"Score {i + 1}" for i in range(1, longest)], fontsize=11)
    ax.set_ylim(LOW - 0.5, HIGH + 1)
    ax.set_yticks(list(range(LOW, HIGH + 1, 2)))
    ax.set_title(
        "Safety goals: the panel's score, 0 (harm, nothing protects) to 10 (met and holding)", loc="left"
    )
    ax.grid(axis="y", color="#e0e0e0")
    ax.legend(fontsize=9, loc="upper left", bbox_to_anchor=(0, -0.12), ncol=1, frameon=False)
    ax.spines[["top", "right"]].set_visible(False)


def alt_text(scales: Sequence[GoalSeries]) -> str:
    """The goals panel in words."""
    if not scales:
        return ""
    each = "; ".join(f"{s.text}: " + " → ".join(str(p) for p in s.panel()) for s in scales)
    return f" Safety goals, the panel's score from baseline to now (0–10): {each}."
