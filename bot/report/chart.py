"""The system view's charts (matplotlib Agg, print resolution): the scale-up grid, and the monthly flow.

Positions on the grid are told by words and hatching as well as colour; the flow's five series differ by
hatching as well as colour, and each bar carries its count when there are few months.
"""

from __future__ import annotations

import io
from typing import Any

from bot.domain.scaleup import Grid, Position
from bot.domain.scaleup_data import Domain, Stage
from bot.domain.scaleup_throughput import Throughput
from bot.domain.wording import lower_first

__all__ = ["CHART_DPI", "flow_chart", "grid_chart", "report_chart", "report_chart_alt"]

CHART_DPI = 200
WIDTH_IN = 8.0  # 1,600 px wide
_STYLE = {
    Position.NOT_YET_EVIDENCED: ("#f5f5f5", "..", "not yet\nevidenced"),
    Position.LEVEL_1: ("#fdd49e", "//", "Level 1"),
    Position.LEVEL_2_SEEN: ("#9ecae1", "", "Level 2\nseen"),
    Position.LEVEL_2_CONSISTENT: ("#2171b5", "", "Level 2\nconsistent"),
}
_SERIES = (
    ("referrals", "Referrals made", "#1565c0", ""),
    ("screened", "Screened", "#90caf9", "//"),
    ("discussed", "First discussed", "#2e7d32", ".."),
    ("actions_due", "Actions due", "#ffb74d", "xx"),
    ("actions_done", "Actions done", "#5d4037", "\\\\"),
)


def report_chart_alt(grid: Grid, throughput: Throughput) -> str:
    """What the chart shows, in words (attached to the uploaded file for screen readers)."""
    counts = {p: sum(c.position is p for c in grid.cells) for p in Position}
    spread = ", ".join(f"{n} {lower_first(p.label)}" for p, n in counts.items() if n)
    flow = throughput.flow[-12:]
    months = "; ".join(
        f"{m.month}: {m.referrals} referred, {m.screened} screened, {m.discussed} discussed, "
        f"{m.actions_due} actions due, {m.actions_done} done"
        for m in flow
    )
    return f"Scale-up grid, 16 cells: {spread}. By month: {months or 'nothing in the period'}."


def _figure(height: float) -> Any:
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=(WIDTH_IN, height), dpi=CHART_DPI, layout="constrained")
    FigureCanvasAgg(fig)
    return fig


def _png(fig: Any) -> bytes:
    out = io.BytesIO()
    fig.savefig(out, format="png", dpi=CHART_DPI)
    return out.getvalue()


def _draw_grid(ax: Any, grid: Grid) -> None:
    from matplotlib.patches import Rectangle

    for y, domain in enumerate(Domain):
        for x, stage in enumerate(Stage):
            position = grid.cell(domain, stage).position
            colour, hatch, words = _STYLE[position]
            ax.add_patch(
                Rectangle((x, y), 1, 1, facecolor=colour, hatch=hatch, edgecolor="#616161", linewidth=1)
            )
            ink = "white" if position is Position.LEVEL_2_CONSISTENT else "black"
            ax.text(
                x + 0.5,
                y + 0.5,
                words,
                ha="center",
                va="center",
                fontsize=12,
                color=ink,
                bbox={"facecolor": colour, "edgecolor": "none", "pad": 1} if hatch else None,
            )
    ax.set_xlim(0, len(Stage))
    ax.set_ylim(len(Domain), 0)
    ax.set_xticks([i + 0.5 for i in range(len(Stage))], [s.label for s in Stage], fontsize=12)
    ax.set_yticks([i + 0.5 for i in range(len(Domain))], [d.label for d in Domain], fontsize=12)
    ax.xaxis.tick_top()
    ax.tick_params(length=0)
    ax.set_title("Where the system stands (scale-up grid)", fontsize=14, loc="left")


def _draw_flow(ax: Any, throughput: Throughput) -> None:
    flow = throughput.flow
    width = 0.16
    for i, (attr, label, colour, hatch) in enumerate(_SERIES):
        offset = (i - (len(_SERIES) - 1) / 2) * width
        values = [getattr(m, attr) for m in flow]
        bars = ax.bar(
            [x + offset for x in range(len(flow))],
            values,
            width,
            label=label,
            color=colour,
            hatch=hatch,
            edgecolor="#212121",
            linewidth=0.8,
        )
        if len(flow) <= 6:
            ax.bar_label(bars, padding=2, fontsize=11)
    ax.set_xticks(range(len(flow)), [m.month for m in flow], fontsize=12)
    ax.tick_params(axis="y", labelsize=11)
    ax.yaxis.get_major_locator().set_params(integer=True)
    top = max([getattr(m, a) for m in flow for a, *_ in _SERIES] + [1])
    ax.set_ylim(0, top * 1.45)
    ax.set_title("The panel's work, month by month", fontsize=14, loc="left")
    ax.spines[["top", "right"]].set_visible(False)
    ax.grid(axis="y", color="#e0e0e0")
    ax.set_axisbelow(True)
    if flow:
        ax.legend(fontsize=11, loc="upper left", ncols=3, frameon=False)
    else:
        ax.text(
            0.5, 0.5, "nothing in the period", ha="center", va="center", transform=ax.transAxes, fontsize=13
        )


def grid_chart(grid: Grid) -> bytes:
    """A PNG of the 4 x 4 grid, 1,600 px wide."""
    fig = _figure(4.6)
    _draw_grid(fig.add_subplot(), grid)
    return _png(fig)


def flow_chart(throughput: Throughput) -> bytes:
    """A PNG of referrals, screenings, first discussions and actions due and done per month."""
    fig = _figure(3.4)
    _draw_flow(fig.add_subplot(), throughput)
    return _png(fig)


def report_chart(grid: Grid, throughput: Throughput) -> bytes:
    """The panel channel's PNG: the grid above the monthly flow, 1,600 px wide."""
    fig = _figure(9.6)
    top, bottom = fig.subplots(2, 1, height_ratios=[1, 1])
    _draw_grid(top, grid)
    _draw_flow(bottom, throughput)
    return _png(fig)
