"""The system view written for a safeguarding partnership board (HTML and PDF).

The grid first, each cell named by what it measures; one short paragraph per domain; the panel's monthly
work with its chart; the thresholds once, in an appendix. No internal identifiers reach the prose: cells
are named by domain, stage and measure, thresholds by what they count.
"""

from __future__ import annotations

import base64
from collections import Counter
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup

from bot.domain.scaleup import CellJudgement, Grid, Position, cell_id, format_threshold
from bot.domain.scaleup_data import Domain, Stage
from bot.domain.scaleup_thresholds import CELL_RULES, MEASURES, MIN_SAMPLE, Threshold
from bot.domain.wording import lower_first

__all__ = [
    "DOMAIN_QUESTIONS",
    "board_context",
    "cell_name",
    "data_uri",
    "domain_paragraph",
    "thresholds_appendix",
]

DOMAIN_QUESTIONS: dict[Domain, str] = {
    Domain.TARGET: "Does the work target the places and groups where young people are harmed, not only "
    "the young people?",
    Domain.WELFARE: "Is the response one of welfare and safety, built with partners beyond children's "
    "social care, rather than enforcement alone?",
    Domain.PARTNERSHIPS: "Do the agencies and communities that hold those places share in the work?",
    Domain.OUTCOMES: "Are the places and groups the panel works on becoming safer?",
}


@dataclass(frozen=True)
class ThresholdRow:
    """One cell's thresholds, as the appendix states them."""

    cell: str
    measure: str
    seen: str
    consistent: str
    also: str
    why: tuple[int, ...]


def data_uri(png: bytes) -> Markup:
    """A PNG as a data URI for an <img src> (trusted: base64 text only)."""
    return Markup("data:image/png;base64," + base64.b64encode(png).decode("ascii"))


def cell_name(cell: CellJudgement) -> str:
    """What the cell measures, in words: its main measure's label."""
    return MEASURES[CELL_RULES[cell.cell_id].seen.measure].label


def _plain(explanation: str) -> str:
    """A cell's explanation without its leading position (the paragraph already says where it sits)."""
    head, sep, rest = explanation.partition(": ")
    return rest if sep and head in {p.label for p in Position} else explanation


def domain_paragraph(grid: Grid, domain: Domain) -> str:
    """One short paragraph: the domain's question, its spread over the stages, its weakest stage and why."""
    cells = [grid.cell(domain, s) for s in Stage]
    spread = Counter(c.position for c in cells)
    parts = [f"{n} {lower_first(p.label)}" for p in reversed(Position) if (n := spread[p])]
    weakest = min(cells, key=lambda c: c.position.rank)
    strongest = max(cells, key=lambda c: c.position.rank)
    text = f"{DOMAIN_QUESTIONS[domain]} Of its four stages: {', '.join(parts)}."
    if strongest.position.rank > weakest.position.rank:
        text += f" Strongest at {strongest.stage.label.lower()}: {_plain(strongest.explanation)}"
    return text + f" Weakest at {weakest.stage.label.lower()}: {_plain(weakest.explanation)}"


def thresholds_appendix() -> tuple[list[ThresholdRow], list[str]]:
    """Each cell's thresholds, and each distinct reason stated once (numbered from 1)."""
    whys: list[str] = [MIN_SAMPLE.why]

    def number(t: Threshold) -> int:
        if t.why not in whys:
            whys.append(t.why)
        return whys.index(t.why) + 1

    rows = []
    for domain in Domain:
        for stage in Stage:
            rule = CELL_RULES[cell_id(domain, stage)]
            also = [f"{MEASURES[t.measure].label}: at least {format_threshold(t)}" for t in rule.supporting]
            refs = tuple(dict.fromkeys(number(t) for t in (rule.seen, rule.consistent, *rule.supporting)))
            rows.append(
                ThresholdRow(
                    f"{domain.label}, {stage.label.lower()}",
                    MEASURES[rule.seen.measure].label,
                    format_threshold(rule.seen),
                    format_threshold(rule.consistent),
                    "; ".join(also),
                    refs,
                )
            )
    return rows, whys


def board_context(report: Any, *, flow_png: bytes) -> dict[str, Any]:
    """What the board template shows, beyond the tables every format shares."""
    grid: Grid = report.grid
    rows, whys = thresholds_appendix()
    return {
        "board_grid": [(d, [(grid.cell(d, s), cell_name(grid.cell(d, s))) for s in Stage]) for d in Domain],
        "paragraphs": [(d.label, domain_paragraph(grid, d)) for d in Domain],
        "flow": report.throughput.flow,
        "flow_chart": data_uri(flow_png),
        "threshold_rows": rows,
        "whys": whys,
        "min_sample": f"{MIN_SAMPLE.minimum:g}",
    }
