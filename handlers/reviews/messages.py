"""Slack renderers of what reviews owe the panel: the summary, its chart, the decision and a reopening."""

from __future__ import annotations

from typing import Any

from jinja2 import Environment

from bot.core.owed import as_date, as_datetime
from bot.core.templating import render
from bot.domain.compare import TrendDirection, Verdict
from bot.domain.enums import ContextKind, GoalStatus, Level, Outcome, ReviewDecision
from handlers import blocks, metadata
from handlers.mrkdwn import escape, mention
from handlers.render import Renderer
from handlers.reviews.ids import ReviewAction, ReviewModal

__all__ = ["RENDERERS"]

LIST_LIMIT = 12
"""Indicators listed per heading in the Slack summary (the export lists them all)."""


def summary(facts: dict[str, Any], env: Environment) -> dict[str, Any]:
    """The summary message: the full text, then the decision buttons (or the decision once made)."""
    text = render(
        env,
        "review_summary.mrkdwn.j2",
        f=_summary_view(facts),
        limit=LIST_LIMIT,
        kind_label=ContextKind(facts["context_kind"]).label,
    )
    decided = _decided_text(env, facts)
    body = [blocks.header(f"Review of {facts['ref']}: {facts['name']}")]
    body += blocks.sections(text)
    if decided:
        body.append(blocks.divider())
        body += blocks.sections(decided)
    else:
        body.append(_decision_buttons(metadata.dump(ReviewModal(review_id=facts["review_id"]))))
    full = text + ("\n\n" + decided if decided else "")
    return blocks.message(full, body)


def chart(facts: dict[str, Any], env: Environment) -> dict[str, Any]:
    """The chart's upload: the PNG, its file name and title, and its alternative text attached to the file."""
    return {
        "content_b64": facts["content_b64"],
        "title": facts["title"],
        "alt_txt": facts["alt_text"],
        "filename": facts["filename"],
    }


def decided(facts: dict[str, Any], env: Environment) -> dict[str, Any]:
    """The note in the summary's thread saying who recorded the panel's decision."""
    outcome = f" ({Outcome(facts['outcome']).label})" if facts.get("outcome") else ""
    label = ReviewDecision(facts["decision"]).label
    return {"text": f"{mention(facts['user'])} recorded the panel's decision: *{label}*{outcome}."}


def reopened(facts: dict[str, Any], env: Environment) -> dict[str, Any]:
    """The panel is told a context was reopened, and why."""
    why = f" Why: {escape(facts['reason'])}" if facts.get("reason") else ""
    return {
        "text": f"{mention(facts['user'])} reopened *{escape(facts['ref'])}* (it was "
        f"{escape(facts['was'])}). Next review by "
        f"{as_date(facts['next_review_on']):%a %d %b %Y}.{why}"
    }


RENDERERS: dict[str, Renderer] = {
    "reviews.summary": summary,
    "reviews.chart": chart,
    "reviews.decided": decided,
    "reviews.reopened": reopened,
}


def _summary_view(facts: dict[str, Any]) -> dict[str, Any]:
    """The facts as the template reads them: dates, times and enums read back."""
    c = dict(facts["comparison"])
    c.update(
        verdict=Verdict(c["verdict"]),
        level_then=Level(c["level_then"]),
        level_now=Level(c["level_now"]),
        level_referred=Level(c["level_referred"]) if c.get("level_referred") else None,
        level_agreed=Level(c["level_agreed"]) if c.get("level_agreed") else None,
        then_at=as_datetime(c["then_at"]),
    )
    trend = facts["trend"]
    points = [{**p, "at": as_datetime(p["at"]), "level": Level(p["level"])} for p in trend["points"]]
    return {
        **facts,
        "reviewed_at": as_datetime(facts["reviewed_at"]),
        "comparison": c,
        "goals": [{"text": g["text"], "status": GoalStatus(g["status"])} for g in facts["goals"]],
        "overdue": [{**a, "due_on": as_date(a["due_on"])} for a in facts["overdue"]],
        "trend": {"direction": TrendDirection(trend["direction"]), "points": points},
        "scales": facts.get("scales") or [],  # absent from summaries owed before goals were scaled
    }


def _decided_text(env: Environment, facts: dict[str, Any]) -> str:
    """The panel's decision on the review, as mrkdwn ('' while undecided)."""
    d = facts.get("decision")
    if not d:
        return ""
    return render(
        env,
        "review_decided.mrkdwn.j2",
        number=facts["number"],
        ref=facts["ref"],
        decision=ReviewDecision(d["decision"]),
        next_review_on=as_date(d["next_review_on"]),
        outcome=Outcome(d["outcome"]) if d["outcome"] else None,
        reason=d["reason"],
        decided_by=d["decided_by"],
        decided_at=as_datetime(d["decided_at"]),
    )


def _decision_buttons(review_id: str) -> dict[str, Any]:
    return blocks.actions(
        [
            blocks.button("Continue", ReviewAction.CONTINUE, review_id, style="primary"),
            blocks.button(
                "Step down to universal",
                ReviewAction.STEP_DOWN,
                review_id,
                confirm={
                    "title": blocks.plain("Step down?", 100),
                    "text": blocks.plain(
                        "The context leaves the panel's caseload for universal services.", 300
                    ),
                    "confirm": blocks.plain("Step down", 30),
                    "deny": blocks.plain("Cancel", 30),
                },
            ),
            blocks.button("Close with outcome", ReviewAction.CLOSE, review_id, style="danger"),
        ],
        block_id=f"review_decide_{review_id}",
    )
