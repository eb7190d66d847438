"""The system view: where the local system stands on the scale-up framework, with the panel's throughput.

``build_report`` computes the figures for a period (``report_figures``), judges the grid and summarises
throughput; ``report_formats`` writes it as Markdown, CSV or HTML; ``post_report`` owes the panel channel a
text post and, threaded under it, the heat-map PNG. The report holds figures, fixed text (labels, the seed's
descriptions, thresholds and why) and agency names as typed by partners: never a young person, never
narrative, so it can go to the safeguarding partnership board.
"""

from __future__ import annotations

import base64
from datetime import date, datetime, timedelta

from bot.core.deps import Deps
from bot.core.errors import InvalidInput
from bot.domain.scaleup import judge_grid
from bot.domain.scaleup_data import Stage
from bot.domain.scaleup_throughput import summarise_throughput
from bot.report.figures import system_figures
from bot.report.formats import FORMATS, Report, days_text, grid_rows, render, share_text
from bot.report.records import Period, throughput_records
from handlers import blocks
from storage import audit, outbox
from storage.db import session_scope


def default_period(today: date) -> tuple[date, date]:
    """The 365 days ending today."""
    return today - timedelta(days=364), today


def parse_day(text: str, what: str) -> date:
    """A YYYY-MM-DD date typed by a person."""
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise InvalidInput(f"{what} must be a date like 2026-04-01, not `{text[:20]}`.") from None


def period_of(deps: Deps, since: date | None, until: date | None, now: datetime) -> Period:
    """The period asked for (defaults: the year to today), checked."""
    today = now.astimezone(deps.settings.tz).date()
    until = until or today
    since = since or default_period(until)[0]
    if since > until:
        raise InvalidInput("The start of the period must be on or before its end.")
    return Period.of(since, until, deps.settings.tz)


def build_report(deps: Deps, *, since: date | None, until: date | None, now: datetime) -> Report:
    """Compute the figures, the grid and the throughput for a period, reading in one transaction."""
    period = period_of(deps, since, until, now)
    with session_scope(deps.engine) as s:
        records = throughput_records(session=s, period=period, tz=deps.settings.tz)
        figures = system_figures(session=s, period=period, records=records)
    throughput = summarise_throughput(records.referrals, records.reviews, records.actions, period.until)
    return Report(period, figures, judge_grid(figures), throughput, now)


# ---------------------------------------------------------------------------- Slack


def slack_text(report: Report) -> str:
    """The panel post as mrkdwn: every figure the chart shows, written out first for screen readers."""
    p, t = report.period, report.throughput
    lines = [f"*Period:* {p.since:%d %b %Y} to {p.until:%d %b %Y}", "", "*Where the system stands*"]
    for domain, labels in grid_rows(report):
        cells = "; ".join(f"{s.label}: {label}" for s, label in zip(Stage, labels, strict=True))
        lines.append(f"• *{domain}*: {cells}")
    lines += [
        "",
        "*Throughput*",
        f"• Referrals: {report.figures.referrals_total} in {len(t.referrals_by_month)} month(s)",
    ]
    for what, stats in (("screening", t.to_screening), ("first panel discussion", t.to_first_discussion)):
        count, median, p90 = days_text(stats)
        lines.append(f"• Days from referral to {what}: median {median}, 90th percentile {p90} (over {count})")
    r = t.reviews
    lines.append(
        f"• Reviews due: {r.due}, on time {r.on_time} ({share_text(r.on_time_share)}), late {r.late}, "
        f"overdue {r.overdue}"
    )
    done = sum(a.done for a in t.actions_by_agency)
    total = sum(a.total for a in t.actions_by_agency)
    overdue = sum(a.overdue for a in t.actions_by_agency)
    lines.append(f"• Actions due: {total}, done {done}, overdue {overdue}")
    return "\n".join(lines)


def post_report(deps: Deps, *, user: str, since: date | None, until: date | None, now: datetime) -> str:
    """Owe the panel the report (text first) and its chart threaded under it; returns the post's key."""
    from bot.report.chart import report_chart, report_chart_alt

    report = build_report(deps, since=since, until=until, now=now)
    channel = deps.settings.panel_channel
    assert channel is not None
    key = f"report:{report.period.since}:{report.period.until}:{int(now.timestamp())}"
    text = slack_text(report)
    body = [blocks.header("System view: the Contextual Safeguarding scale-up framework")]
    body += blocks.sections(text)
    body.append(
        blocks.context(
            ":bar_chart: The heat-map and throughput chart follow in this thread; every "
            "figure in them is written out above. The full report: `efrp report`."
        )
    )
    png = report_chart(report.grid, report.throughput)
    with session_scope(deps.engine) as s:
        outbox.enqueue(
            session=s,
            key=key,
            op=outbox.Op.POST,
            channel=channel,
            payload=blocks.message("System view: " + text, body),
            now=now,
            summary=f"system view {report.period.since} to {report.period.until}",
        )
        outbox.enqueue(
            session=s,
            key=f"{key}:chart",
            op=outbox.Op.FILE,
            channel=channel,
            thread_of=key,
            now=now,
            payload={
                "content_b64": base64.b64encode(png).decode(),
                "filename": f"efrp-system-view-{report.period.since}-{report.period.until}.png",
                "title": "Scale-up grid and throughput",
                "initial_comment": report_chart_alt(report.grid, report.throughput),
            },
            summary="system view chart",
        )
        audit.record(
            session=s,
            at=now,
            actor=user,
            action="report.posted",
            record_type="report",
            record_id=key,
            detail={"since": report.period.since.isoformat(), "until": report.period.until.isoformat()},
        )
    return key


def export_report(deps: Deps, *, since: date | None, until: date | None, fmt: str, now: datetime) -> str:
    """The report in one format, for `efrp report`; the export is audited."""
    if fmt not in FORMATS:
        raise InvalidInput(f"The format must be one of {', '.join(FORMATS)}.")
    report = build_report(deps, since=since, until=until, now=now)
    text = render(deps.jinja, report, fmt)
    with session_scope(deps.engine) as s:
        audit.record(
            session=s,
            at=now,
            actor=audit.SYSTEM,
            action="report.exported",
            record_type="report",
            record_id=f"{report.period.since}:{report.period.until}",
            detail={
                "format": fmt,
                "since": report.period.since.isoformat(),
                "until": report.period.until.isoformat(),
            },
        )
    return text
