"""The system view's PNG: the scale-up grid as a heat-map, and referrals over time (matplotlib Agg)."""

from __future__ import annotations

import io

from bot.domain.scaleup import Grid, Position
from bot.domain.scaleup_data import Domain, Stage
from bot.domain.scaleup_throughput import Throughput

# One colour per position, light to dark, distinguishable without colour by the words in each cell.
_COLOURS = ("#eeeeee", "#fdd49e", "#9ecae1", "#2171b5")
_SHORT = {
    Position.NOT_YET_EVIDENCED: "not yet\nevidenced",
    Position.LEVEL_1: "Level 1",
    Position.LEVEL_2_SEEN: "Level 2\nseen",
    Position.LEVEL_2_CONSISTENT: "Level 2\nconsistent",
}


def report_chart_alt(grid: Grid, throughput: Throughput) -> str:
    """What the chart shows, in words (posted with the image for screen readers)."""
    counts = {p: sum(c.position is p for c in grid.cells) for p in Position}
    spread = ", ".join(f"{n} {p.label.lower()}" for p, n in counts.items() if n)
    months = throughput.referrals_by_month
    trend = ", ".join(f"{m.month}: {m.total}" for m in months[-12:]) or "no referrals"
    return f"Heat-map of the 16 cells of the scale-up grid: {spread}. Referrals per month: {trend}."


def report_chart(grid: Grid, throughput: Throughput) -> bytes:
    """A PNG: the domains x stages heat-map, and referrals per month by whether a context was named."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.colors import ListedColormap
    from matplotlib.figure import Figure

    fig = Figure(figsize=(10.0, 4.0), dpi=80)
    FigureCanvasAgg(fig)
    heat, bars = fig.subplots(1, 2, gridspec_kw={"width_ratios": [1.3, 1]})
    ranks = [list(row) for _, row in grid.rows()]
    heat.imshow(ranks, cmap=ListedColormap(list(_COLOURS)), vmin=-0.5, vmax=3.5, aspect="auto")
    for y, domain in enumerate(Domain):
        for x, stage in enumerate(Stage):
            position = grid.cell(domain, stage).position
            colour = "white" if position is Position.LEVEL_2_CONSISTENT else "black"
            heat.text(x, y, _SHORT[position], ha="center", va="center", fontsize=7, color=colour)
    heat.set_xticks(range(len(Stage)))
    heat.set_xticklabels([s.label for s in Stage], fontsize=8)
    heat.set_yticks(range(len(Domain)))
    heat.set_yticklabels([d.label for d in Domain], fontsize=8)
    heat.set_title("Where the system stands (scale-up grid)", fontsize=9)
    months = throughput.referrals_by_month
    positions = list(range(len(months)))
    named = [m.total - m.without_context for m in months]
    unnamed = [m.without_context for m in months]
    bars.bar(positions, named, color="#2171b5", label="context named")
    bars.bar(positions, unnamed, bottom=named, color="#bdbdbd", label="no context named")
    bars.set_xticks(positions)
    bars.set_xticklabels([m.month for m in months], rotation=60, fontsize=7)
    bars.set_ylabel("referrals")
    bars.set_title("Referrals per month", fontsize=9)
    bars.yaxis.get_major_locator().set_params(integer=True)
    if months:
        bars.legend(fontsize=7)
    else:
        bars.text(0.5, 0.5, "no referrals in the period", ha="center", va="center", transform=bars.transAxes)
    fig.tight_layout()
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png")
    return buffer.getvalue()
