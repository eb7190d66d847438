"""The network of linked contexts as it leaves the panel channel: a CSV of ties, or a PNG drawn offline.

Anything here may be taken outside the panel, so ties of fewer than three shared case references are left
out, and no case reference is written: only contexts, their levels and how many references they share.
"""

from __future__ import annotations

import csv
import io
from typing import Any

from bot.domain.enums import Level
from bot.domain.links import SMALL_COUNT, Node, suppressed
from bot.records.links import Links

__all__ = ["FORMATS", "network_csv", "network_png"]

FORMATS = ("csv", "png")
CHART_DPI = 200
WIDTH_IN = 8.0  # 1,600 px wide
_COLOURS = {Level.UNIVERSAL: "#a5d6a7", Level.UNIVERSAL_PLUS: "#ffcc80", Level.COMPLEX: "#ef9a9a"}
_SHAPES = {Level.UNIVERSAL: "o", Level.UNIVERSAL_PLUS: "s", Level.COMPLEX: "D"}
CSV_HEADER = ("context_a", "level_a", "context_b", "level_b", "shared_references")


def network_csv(links: Links) -> str:
    """One row per tie of at least three shared references: the two contexts, their levels, the count."""
    levels = {n.ref: n.level for n in links.nodes}
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_HEADER)
    for tie in suppressed(links.ties):
        writer.writerow((tie.a, levels.get(tie.a, ""), tie.b, levels.get(tie.b, ""), tie.count))
    return out.getvalue()


def network_png(links: Links) -> bytes:
    """The network drawn with networkx and matplotlib (Agg): contexts coloured and shaped by level."""
    import networkx as nx
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    graph = nx.Graph()
    kept = suppressed(links.ties)
    shown = {t.a for t in kept} | {t.b for t in kept} | ({links.ref} if links.ref else set())
    nodes = {n.ref: n for n in links.nodes if n.ref in shown}
    graph.add_nodes_from(sorted(nodes))
    graph.add_edges_from((t.a, t.b, {"count": t.count}) for t in kept)
    fig = Figure(figsize=(WIDTH_IN, WIDTH_IN * 0.75), dpi=CHART_DPI, layout="constrained")
    FigureCanvasAgg(fig)
    ax = fig.add_subplot()
    ax.set_axis_off()
    ax.set_title(_title(links, len(kept)))
    if graph.number_of_nodes():
        _draw(nx, ax, graph, nodes)
    out = io.BytesIO()
    fig.savefig(out, format="png", dpi=CHART_DPI)
    return out.getvalue()


def _draw(nx: Any, ax: Any, graph: Any, nodes: dict[str, Node]) -> None:
    pos = nx.spring_layout(graph, seed=17)  # a fixed seed: the same network is drawn the same way
    for level in Level:
        members = [r for r in graph.nodes if nodes[r].level == level.value]
        nx.draw_networkx_nodes(
            graph,
            pos,
            nodelist=members,
            node_color=_COLOURS[level],
            node_shape=_SHAPES[level],
            node_size=900,
            edgecolors="#424242",
            label=level.label,
            ax=ax,
        )
    widths = [1 + graph.edges[e]["count"] / 2 for e in graph.edges]
    nx.draw_networkx_edges(graph, pos, width=widths, edge_color="#616161", ax=ax)
    nx.draw_networkx_labels(graph, pos, font_size=7, ax=ax)
    nx.draw_networkx_edge_labels(
        graph, pos, edge_labels={e: graph.edges[e]["count"] for e in graph.edges}, font_size=7, ax=ax
    )
    ax.margins(0.12)  # room for the nodes and labels at the edges
    ax.figure.legend(loc="outside lower center", ncols=3, fontsize=7, markerscale=0.4, frameon=False)


def _title(links: Links, ties: int) -> str:
    around = f" around {links.ref}" if links.ref else ""
    return (
        f"Contexts linked by shared case references{around}: {ties} tie{'s' if ties != 1 else ''} "
        f"(ties of fewer than {SMALL_COUNT} not shown)"
    )
