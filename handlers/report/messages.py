"""The system view's owed messages as Slack payloads: the panel post and the chart uploaded in its thread."""

from __future__ import annotations

from datetime import date
from typing import Any

from jinja2 import Environment

from bot.core.owed import as_date
from bot.domain.agency_record import AgencyRecord
from bot.domain.scaleup import format_share
from handlers import blocks, mrkdwn
from handlers.render import Renderer

HEADER = "System view: the Contextual Safeguarding scale-up framework"
CHART_NOTE = (
    ":bar_chart: The heat-map and throughput chart follow in this thread; every "
    "figure in them is written out above. The full report: `efrp report --as NAME`."
)


def summary_text(facts: dict[str, Any]) -> str:
    """The panel post as mrkdwn: every figure the chart shows, written out first for screen readers."""
    since, until = as_date(facts["since"]), as_date(facts["until"])
    lines = [f"*Period:* {since:%d %b %Y} to {until:%d %b %Y}", "", "*Where the system stands*"]
    for row in facts["grid"]:
        cells = "; ".join(f"{stage}: {position}" for stage, position in row["cells"])
        lines.append(f"• *{row['domain']}*: {cells}")
    lines += ["", "*Throughput*", f"• Referrals: {facts['referrals']} in {facts['months']} month(s)"]
    for what, key in (("screening", "to_screening"), ("first panel discussion", "to_first_discussion")):
        stats = facts[key]
        lines.append(
            f"• Days from referral to {what}: median {_days(stats['median_days'])}, "
            f"90th percentile {_days(stats['p90_days'])} (over {stats['count']})"
        )
    r, a = facts["reviews"], facts["actions"]
    lines.append(
        f"• Reviews due: {r['due']}, on time {r['on_time']} ({_share(r['on_time_share'])}), "
        f"late {r['late']}, overdue {r['overdue']}"
    )
    lines.append(f"• Actions due: {a['due']}, done {a['done']}, overdue {a['overdue']}")
    return "\n".join(
        lines + agency_lines(facts.get("agencies") or []) + _outcome_lines(facts.get("outcomes"))
    )


def agency_lines(records: list[dict[str, Any]]) -> list[str]:
    """Each agency's own record over the period, one line each (agencies with nothing agreed left out)."""
    shown = [r for r in records if r["agreed"] or r["reassigned_away"]]
    lines = ["", "*Each agency's own record* (actions agreed in the period)"]
    for r in shown:
        late = "" if r["median_days_late"] is None else f" (median {r['median_days_late']:g} days late)"
        lines.append(
            f"• {mrkdwn.escape(r['agency'])}: {r['agreed']} agreed, {r['done_on_time']} done on time, "
            f"{r['done_late']} done late{late}, {r['overdue_now']} overdue now, {r['withdrawn']} withdrawn "
            f"(circumstances changed), {r['not_delivered']} not delivered, "
            f"{r['reassigned_away']} reassigned away"
        )
    if not shown:
        lines.append("• No actions agreed in the period.")
    elif len(shown) < len(records):
        lines.append(f"• {len(records) - len(shown)} other listed agencies: nothing agreed in the period.")
    return lines


def _outcome_lines(o: dict[str, Any] | None) -> list[str]:
    """The safety goals' outcome figures (absent from posts owed before goals were scaled)."""
    if not o:
        return []
    return [
        "",
        "*Outcomes: safety goals scored 0–10*",
        f"• Goals scored: {o['goals_scored']}; scored again since baseline: {o['goals_compared']}",
        f"• Panel score rose for {o['rose']}, stayed for {o['stayed']}, fell for {o['fell']}; "
        f"median change {o['median_change']}",
    ]


def summary(facts: dict[str, Any], jinja: Environment) -> dict[str, Any]:
    """`report.summary`: the headline figures, with a note that the chart follows in the thread."""
    text = summary_text(facts)
    body = [blocks.header(HEADER), *blocks.sections(text), blocks.context(CHART_NOTE)]
    return blocks.message("System view: " + text, body)


def chart(facts: dict[str, Any], jinja: Environment) -> dict[str, Any]:
    """`report.chart`: the PNG as a file upload, its words as the file's alternative text."""
    return {
        "content_b64": facts["content_b64"],
        "filename": facts["filename"],
        "title": facts["title"],
        "alt_txt": facts["alt"],
    }


def _days(value: float | None) -> str:
    return "-" if value is None else f"{value:g}"


def _share(value: float | None) -> str:
    return "-" if value is None else format_share(value)


RENDERERS: dict[str, Renderer] = {"report.summary": summary, "report.chart": chart}


def agency_record_text(record: AgencyRecord, since: date, until: date) -> str:
    """One agency's own record, as the private reply to `/efh agency` (plain text, the agency escaped)."""
    late = "" if record.median_days_late is None else f" (median {record.median_days_late:g} days late)"
    return (
        f"*{mrkdwn.escape(record.agency)}*: actions agreed from {since:%d %b %Y} to {until:%d %b %Y} "
        f"(the last 12 months unless you give `SINCE`)\n"
        f"Agreed: {record.agreed}. Done on time: {record.done_on_time}. Done late: {record.done_late}{late}. "
        f"Overdue now: {record.overdue_now}.\n"
        f"Withdrawn because circumstances changed (not counted against the agency): {record.withdrawn}. "
        f"Not delivered (withdrawn, counted against the agency): {record.not_delivered}. "
        f"Reassigned away: {record.reassigned_away}."
    )
