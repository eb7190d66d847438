"""The system view written out: Markdown, CSV and HTML, from one set of plain rows, with how it was measured.

Every row holds figures, fixed text (labels, the seed's descriptions, thresholds and why) or an agency name
as typed by partners; nothing here can carry a young person's name or narrative.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from jinja2 import Environment

from bot.core.documents import Printed
from bot.core.errors import InvalidInput
from bot.core.settings import DEFAULT_PROTECTIVE_MARKING
from bot.domain.agency_record import AgencyRecord
from bot.domain.enums import ContextKind, HarmType
from bot.domain.scales import Outcomes
from bot.domain.scaleup import Grid, Position, SystemFigures, cell_id, format_share, format_threshold
from bot.domain.scaleup_data import Domain, Stage, get_description
from bot.domain.scaleup_thresholds import CELL_RULES, MEASURES, MIN_SAMPLE, Threshold
from bot.domain.scaleup_throughput import DurationStats, Throughput
from bot.report import outcomes as outcome_figures
from bot.report.agency import agency_csv_rows
from bot.report.board import board_context, cell_name, thresholds_appendix
from bot.report.records import Period

FORMATS = ("md", "csv", "html", "pdf")
HOW_MEASURED: tuple[tuple[str, str], ...] = (
    (
        "Period",
        "From the first day 00:00 to the end of the last day, local time; due dates compared as dates.",
    ),
    ("Referrals", "Referrals made in the period."),
    (
        "Naming a context",
        "A context name given and a kind other than 'other' (peer group, school, public "
        "space, online space).",
    ),
    ("With a baseline", "At least one Context Wellbeing Framework indicator recorded at referral."),
    ("Screened", "No longer waiting: accepted, declined, or more information asked of the referrer."),
    (
        "Children's social care",
        "An agency whose name contains 'social care' or 'children's services', or the word 'CSC' "
        "standing alone (any case). Referrals with no agency given count neither as social care nor as from "
        "outside it.",
    ),
    ("Referring agencies", "Distinct agency names of referrers (case and spacing ignored)."),
    (
        "Accepted / assessed contexts",
        "Contexts accepted in the period; assessed: the panel recorded a "
        "decision (agreed a level) by the end of the period.",
    ),
    ("Assessment using the framework", "The context has an assessment with framework indicators."),
    ("Assessment naming a focus", "A decision recorded what most needs to change."),
    (
        "Assessment with partner information",
        "A referral into the context came from outside children's "
        "social care, or a decision lists another agency among its partners.",
    ),
    ("Decisions", "Decisions recorded in the period, amendments included."),
    ("Decision with goals / context actions", "At least one safety goal / one action targeting the context."),
    (
        "Decision with young people, parents or community",
        "A partner entry containing 'young people', "
        "'young person', 'parent', 'community' or 'resident' (any case).",
    ),
    (
        "Deciding agencies",
        "Distinct partner entries of those decisions, other than young people, parents and community.",
    ),
    (
        "Actions",
        "Actions agreed in the period, by kind (builds safety / disrupts) and target; owning "
        "agencies: distinct agencies owning them. Due actions: not withdrawn, due in the period; on time: "
        "done on or before the due date.",
    ),
    (
        "Reviews due / on time",
        "The next review dates set by decisions (latest amendment) and decided "
        "reviews that fall in the period; on time: the next review was held on or before that date.",
    ),
    (
        "Reviews held / compared with baseline",
        "Reviews held in the period; compared: the context has a baseline (indicators at referral).",
    ),
    ("Outcomes", "Outcomes (safer, partly safer, not safer) recorded by review decisions in the period."),
    (
        "Each agency's own record",
        "Actions agreed in the period, by the agency that owns each now: done on or before its due date, "
        "done late (and the median days late), open past its due date today, withdrawn because circumstances "
        "changed (not counted against the agency), not delivered (withdrawn by the coordinators as not "
        "delivered by the agency: counted against it), and reassigned away (disowned, or reassigned to "
        "another agency in the period).",
    ),
    (
        "Throughput",
        "Referrals made, reviews due and actions due in the period, as of its last day; days "
        "to screening and to first panel discussion: median and 90th percentile over those that happened.",
    ),
)
"""The report's 'how measured' section: what each figure counts (``report_figures`` says the same)."""


@dataclass(frozen=True, slots=True)
class Report:
    """One period's system view."""

    period: Period
    figures: SystemFigures
    grid: Grid
    throughput: Throughput
    generated_at: datetime
    agencies: tuple[AgencyRecord, ...] = ()
    outcomes: Outcomes | None = None


# ---------------------------------------------------------------------------- plain rows for every format


def days_text(stats: DurationStats) -> tuple[str, str, str]:
    """Count, median and 90th percentile as text."""
    fmt = lambda v: "-" if v is None else f"{v:g}"  # noqa: E731
    return str(stats.count), fmt(stats.median_days), fmt(stats.p90_days)


def share_text(value: float | None) -> str:
    """A share as text, or a dash when there is nothing to share."""
    return "-" if value is None else format_share(value)


def threshold_text(t: Threshold) -> str:
    """In words, e.g. 'Referrals naming a context, for Level 2 seen: at least 25%'."""
    if not t.measure:
        return f"Records under the measure: at least {format_threshold(t)}"
    role = {"seen": "for Level 2 seen", "consistent": "for consistently Level 2"}.get(
        t.key.rsplit(".", 1)[-1], "also needed"
    )
    return f"{MEASURES[t.measure].label}, {role}: at least {format_threshold(t)}"


def cell_rows(report: Report) -> list[dict[str, Any]]:
    """One row per cell: its position, figures, thresholds, explanation and the seed's description."""
    rows = []
    for c in report.grid.cells:
        seed = get_description(c.descriptor_id).text if c.descriptor_id else ""
        rows.append(
            {
                "cell_id": c.cell_id,
                "name": f"{c.domain.label}, {c.stage.label.lower()}",
                "measure": cell_name(c),
                "domain": c.domain.label,
                "stage": c.stage.label,
                "position": c.position.label,
                "rank": c.position.rank,
                "figures": [f"{m.label}: {m.text}" for m in c.figures],
                "thresholds": [threshold_text(t) for t in c.thresholds_used],
                "explanation": c.explanation,
                "descriptor_id": c.descriptor_id or "",
                "descriptor": seed,
            }
        )
    return rows


def grid_rows(report: Report) -> list[tuple[str, list[str]]]:
    """The heat-map as text: each domain with its position labels in stage order."""
    return [(d.label, [report.grid.cell(d, s).position.label for s in Stage]) for d in Domain]


def throughput_tables(report: Report) -> dict[str, Any]:
    """The throughput as header + rows tables (strings only)."""
    t = report.throughput
    kinds, harms = list(ContextKind), list(HarmType)
    months = [
        [
            m.month,
            str(m.total),
            str(m.without_context),
            *(str(n) for _, n in m.by_kind),
            *(str(n) for _, n in m.by_harm),
        ]
        for m in t.referrals_by_month
    ]
    return {
        "months_header": [
            "Month",
            "Referrals",
            "No context named",
            *(k.label for k in kinds),
            *(h.label for h in harms),
        ],
        "months": months,
        "durations": [
            ["Referral to screening", *days_text(t.to_screening)],
            ["Referral to first panel discussion", *days_text(t.to_first_discussion)],
        ],
        "reviews": [
            [
                str(t.reviews.due),
                str(t.reviews.on_time),
                str(t.reviews.late),
                str(t.reviews.overdue),
                share_text(t.reviews.on_time_share),
            ]
        ],
        "agencies": [
            [
                a.agency,
                str(a.total),
                str(a.done),
                str(a.done_on_time),
                str(a.overdue),
                share_text(a.completion_share),
                share_text(a.overdue_share),
                str(a.withdrawn),
            ]
            for a in t.actions_by_agency
        ],
    }


def judged_rules() -> dict[str, Any]:
    """The 'how this was judged' section: the rule, each cell's evidence, every threshold with its reason."""
    thresholds: list[Threshold] = [MIN_SAMPLE]
    for rule in CELL_RULES.values():
        thresholds += [rule.seen, rule.consistent, *rule.supporting]
    return {
        "steps": [
            f"Fewer than {MIN_SAMPLE.minimum:g} records under a cell's main figure: "
            f"{Position.NOT_YET_EVIDENCED.label.lower()}.",
            f"Main figure below its 'seen' threshold: {Position.LEVEL_1.label}.",
            f"At or above 'seen' but below 'consistent': {Position.LEVEL_2_SEEN.label}.",
            f"At or above 'consistent', and every supporting figure at or above its threshold on at least "
            f"{MIN_SAMPLE.minimum:g} records: {Position.LEVEL_2_CONSISTENT.label}.",
            "Shares are compared exactly ('at or above'); a share of nothing is 'no evidence', never 0%.",
        ],
        "evidence": [
            (f"{d.label}, {s.label.lower()}", CELL_RULES[cell_id(d, s)].evidence)
            for d in Domain
            for s in Stage
        ],
        "thresholds": [(t.key, format_threshold(t), t.why) for t in thresholds],
        "appendix": thresholds_appendix(),
    }


def agency_rows(records: tuple[AgencyRecord, ...]) -> list[tuple[str, ...]]:
    """One row per agency: its own record, the median days late as '-' when none was late."""
    return [
        (
            r.agency,
            str(r.agreed),
            str(r.done_on_time),
            str(r.done_late),
            "-" if r.median_days_late is None else f"{r.median_days_late:g}",
            str(r.overdue_now),
            str(r.withdrawn),
            str(r.not_delivered),
            str(r.reassigned_away),
        )
        for r in records
    ]


def context_for_templates(report: Report) -> dict[str, Any]:
    """Everything the Markdown and HTML templates show (each output's escaping is the environment's)."""
    tables = throughput_tables(report)
    return {
        "since": report.period.since.isoformat(),
        "until": report.period.until.isoformat(),
        "generated": report.generated_at.strftime("%Y-%m-%d %H:%M UTC"),
        "stages": [s.label for s in Stage],
        "grid": [
            (
                d.label,
                [
                    (report.grid.cell(d, s).position.label, report.grid.cell(d, s).position.rank)
                    for s in Stage
                ],
            )
            for d in Domain
        ],
        "cells": cell_rows(report),
        "t": tables,
        "agency_rows": agency_rows(report.agencies),
        "how_measured": HOW_MEASURED,
        "judged": judged_rules(),
        **outcome_figures.template_context(report.outcomes),
    }


# ---------------------------------------------------------------------------- formats


def render(env: Environment, report: Report, fmt: str, *, marking: str = DEFAULT_PROTECTIVE_MARKING) -> str:
    """The report as Markdown, CSV or HTML (the board's version, its chart embedded; PDF is made from it)."""
    if fmt == "md":
        return env.get_template("report.md.j2").render(**context_for_templates(report))
    if fmt in ("html", "pdf"):
        from bot.report.chart import flow_chart

        p = report.period
        return env.get_template("report.html.j2").render(
            **context_for_templates(report),
            **board_context(report, flow_png=flow_chart(report.throughput)),
            printed=Printed(marking, f"EFRP system view {p.since} to {p.until}"),
        )
    if fmt == "csv":
        return render_csv(report)
    raise InvalidInput(f"The format must be one of {', '.join(FORMATS)}.")


CSV_HEADER = ("section", "key", "domain", "stage", "position", "value", "detail")


def render_csv(report: Report) -> str:
    """One row per cell, per throughput figure, then per agency figure; machine-readable, no narrative."""
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow(CSV_HEADER)
    w.writerow(("period", "since", "", "", "", report.period.since.isoformat(), ""))
    w.writerow(("period", "until", "", "", "", report.period.until.isoformat(), ""))
    for c in report.grid.cells:
        figures = "; ".join(f"{m.name}={m.text}" for m in c.figures)
        thresholds = "; ".join(f"{t.key}>={format_threshold(t)}" for t in c.thresholds_used)
        w.writerow(
            (
                "cell",
                c.cell_id,
                c.domain.value,
                c.stage.value,
                c.position.value,
                c.position.rank,
                f"{figures} | {thresholds}",
            )
        )
    for name in SystemFigures.__dataclass_fields__:
        w.writerow(("figure", name, "", "", "", getattr(report.figures, name), ""))
    t = report.throughput
    for m in t.referrals_by_month:
        w.writerow(("referrals_month", f"{m.month}.total", "", "", "", m.total, ""))
        w.writerow(("referrals_month", f"{m.month}.no_context", "", "", "", m.without_context, ""))
        for kind, n in m.by_kind:
            w.writerow(("referrals_month", f"{m.month}.kind.{kind.value}", "", "", "", n, ""))
        for harm, n in m.by_harm:
            w.writerow(("referrals_month", f"{m.month}.harm.{harm.value}", "", "", "", n, ""))
    for key, stats in (("to_screening", t.to_screening), ("to_first_discussion", t.to_first_discussion)):
        for part, value in zip(("count", "median_days", "p90_days"), days_text(stats), strict=True):
            w.writerow(("duration", f"{key}.{part}", "", "", "", value, ""))
    r = t.reviews
    for name, count in (("due", r.due), ("on_time", r.on_time), ("late", r.late), ("overdue", r.overdue)):
        w.writerow(("reviews", name, "", "", "", count, ""))
    for a in t.actions_by_agency:
        for name, count in (
            ("total", a.total),
            ("done", a.done),
            ("done_on_time", a.done_on_time),
            ("overdue", a.overdue),
            ("withdrawn", a.withdrawn),
        ):
            w.writerow(("actions_agency", name, "", "", "", count, a.agency))
    w.writerows(agency_csv_rows(report.agencies))
    w.writerows(outcome_figures.csv_rows(report.outcomes))
    return out.getvalue()
