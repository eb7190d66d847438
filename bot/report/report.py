"""The system view: where the local system stands on the scale-up framework, with the panel's throughput.

``build_report`` computes the figures for a period (``report_figures``), judges the grid and summarises
throughput; ``report_formats`` writes it as Markdown, CSV or HTML; ``post_report`` owes the panel channel
a post of the headline figures (``report.summary``) and, threaded under it, the heat-map PNG
(``report.chart``). The report holds figures, fixed text (labels, the seed's descriptions, thresholds and
why) and agency names as typed by partners: never a young person, never narrative, so it can go to the
safeguarding partnership board.
"""

from __future__ import annotations

import base64
from datetime import date, datetime, timedelta
from typing import Any

from bot.core import keys
from bot.core.deps import Deps
from bot.core.documents import to_pdf
from bot.core.errors import InvalidInput
from bot.core.owed import owed
from bot.domain.calendar import DAY_RANGE_WORDS, local_date, plausible_day
from bot.domain.scaleup import judge_grid
from bot.domain.scaleup_data import Stage
from bot.domain.scaleup_throughput import DurationStats, summarise_throughput
from bot.meetings.agenda_inputs import bulk_records
from bot.report.agency import agency_facts, records_in
from bot.report.figures import system_figures
from bot.report.formats import FORMATS, Report, grid_rows, render
from bot.report.outcomes import outcomes_in
from bot.report.outcomes import summary as outcome_summary
from bot.report.records import Period, throughput_records
from storage import audit, outbox
from storage.db import session_scope


def default_period(today: date) -> tuple[date, date]:
    """The 365 days ending today."""
    return today - timedelta(days=364), today


def parse_day(text: str, what: str) -> date:
    """A YYYY-MM-DD date typed by a person."""
    try:
        day = date.fromisoformat(text.strip())
    except ValueError:
        raise InvalidInput(f"{what} must be a date like 2026-04-01, not `{text[:20]}`.") from None
    if not plausible_day(day):
        raise InvalidInput(f"{what} must be a date {DAY_RANGE_WORDS}.")
    return day


def period_of(deps: Deps, since: date | None, until: date | None, now: datetime) -> Period:
    """The period asked for (defaults: the year to today), checked."""
    today = local_date(now, deps.settings.tz)
    until = until or today
    since = since or default_period(until)[0]
    if since > until:
        raise InvalidInput("The start of the period must be on or before its end.")
    return Period.of(since, until, deps.settings.tz)


def build_report(deps: Deps, *, since: date | None, until: date | None, now: datetime) -> Report:
    """Compute the figures, the grid and the throughput for a period, reading in one transaction."""
    period = period_of(deps, since, until, now)
    with bulk_records(), session_scope(deps.engine) as s:
        records = throughput_records(session=s, period=period, tz=deps.settings.tz)
        figures = system_figures(session=s, period=period, records=records)
        agencies = records_in(session=s, deps=deps, period=period, today=local_date(now, deps.settings.tz))
        outcomes = outcomes_in(session=s, period=period)
    with bulk_records():
        throughput = summarise_throughput(records.referrals, records.reviews, records.actions, period.until)
    return Report(period, figures, judge_grid(figures), throughput, now, agencies, outcomes)


def summary_facts(report: Report) -> dict[str, Any]:
    """What the panel post shows: the period, the grid, the headline throughput, each agency's record."""
    t = report.throughput
    return {
        "since": report.period.since,
        "until": report.period.until,
        "grid": [
            {"domain": domain, "cells": [[s.label, label] for s, label in zip(Stage, labels, strict=True)]}
            for domain, labels in grid_rows(report)
        ],
        "referrals": report.figures.referrals_total,
        "months": len(t.referrals_by_month),
        "to_screening": _duration(t.to_screening),
        "to_first_discussion": _duration(t.to_first_discussion),
        "reviews": {
            "due": t.reviews.due,
            "on_time": t.reviews.on_time,
            "on_time_share": t.reviews.on_time_share,
            "late": t.reviews.late,
            "overdue": t.reviews.overdue,
        },
        "actions": {
            "due": sum(a.total for a in t.actions_by_agency),
            "done": sum(a.done for a in t.actions_by_agency),
            "overdue": sum(a.overdue for a in t.actions_by_agency),
        },
        "agencies": agency_facts(report.agencies),
        "outcomes": outcome_summary(report.outcomes),
    }


def _duration(stats: DurationStats) -> dict[str, Any]:
    return {"count": stats.count, "median_days": stats.median_days, "p90_days": stats.p90_days}


def post_report(deps: Deps, *, user: str, since: date | None, until: date | None, now: datetime) -> str:
    """Owe the panel the report (text first) and its chart threaded under it; returns the post's key."""
    from bot.report.chart import report_chart, report_chart_alt

    report = build_report(deps, since=since, until=until, now=now)
    p = report.period
    key = keys.report_post(p.since, p.until, now)
    png = report_chart(report.grid, report.throughput)
    chart = owed(
        "report.chart",
        filename=f"efrp-system-view-{p.since}-{p.until}.png",
        title="Scale-up grid and throughput",
        content_b64=base64.b64encode(png).decode(),
        alt=report_chart_alt(report.grid, report.throughput),
    )
    with session_scope(deps.engine) as s:
        outbox.enqueue(
            session=s,
            key=key,
            op=outbox.Op.POST,
            channel=outbox.PANEL,
            payload=owed("report.summary", **summary_facts(report)),
            now=now,
            summary=f"system view {p.since} to {p.until}",
        )
        outbox.enqueue(
            session=s,
            key=keys.report_chart(key),
            op=outbox.Op.FILE,
            channel=outbox.PANEL,
            thread_of=key,
            now=now,
            payload=chart,
            summary="system view chart",
        )
        audit.record(
            session=s,
            at=now,
            actor=user,
            action="report.posted",
            record_type="report",
            record_id=key,
            detail={"since": p.since.isoformat(), "until": p.until.isoformat()},
        )
    return key


def export_report(
    deps: Deps, *, since: date | None, until: date | None, fmt: str, now: datetime, actor: str = audit.SYSTEM
) -> str | bytes:
    """The report in one format, for `efrp report` (PDF as bytes); the export is audited."""
    if fmt not in FORMATS:
        raise InvalidInput(f"The format must be one of {', '.join(FORMATS)}.")
    report = build_report(deps, since=since, until=until, now=now)
    text = render(deps.jinja, report, fmt, marking=deps.settings.protective_marking)
    with session_scope(deps.engine) as s:
        audit.record(
            session=s,
            at=now,
            actor=actor,
            action="report.exported",
            record_type="report",
            record_id=f"{report.period.since}:{report.period.until}",
            detail={
                "format": fmt,
                "since": report.period.since.isoformat(),
                "until": report.period.until.isoformat(),
            },
        )
    return to_pdf(text) if fmt == "pdf" else text
