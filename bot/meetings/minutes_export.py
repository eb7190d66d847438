"""A meeting's minutes for the case record: Markdown, HTML or a PDF, with people by name."""

from __future__ import annotations

import dataclasses

from bot.core.deps import Deps
from bot.core.documents import DocumentFormat, Printed, to_pdf
from bot.core.templating import render
from bot.meetings.minutes import Minutes, load_minutes
from storage import audit
from storage.db import session_scope
from storage.meetings import Meeting

__all__ = ["FORMATS", "export_minutes", "minutes_document"]

FORMATS = (DocumentFormat.MARKDOWN, DocumentFormat.HTML, DocumentFormat.PDF)


def _when(deps: Deps, meeting: Meeting) -> str:
    return meeting.starts_at.astimezone(deps.settings.tz).strftime("%A %d %B %Y, %H:%M")


def _people(minutes: Minutes) -> set[str]:
    """Everyone the minutes name: who was there, who decided, who owns each action, who closed it."""
    ids = {*minutes.present, *minutes.apologies, minutes.chair or "", minutes.meeting.closed_by or ""}
    ids |= {a.by for a in minutes.addenda}
    for d in minutes.decided:
        ids |= {d.decided_by, *(a.owner_id for a in d.actions)}
    return {i for i in ids if i}


def minutes_document(deps: Deps, minutes: Minutes, fmt: DocumentFormat) -> str:
    """The minutes as Markdown or HTML, people named through the chat directory."""
    m = minutes.meeting
    named = dataclasses.replace(minutes, names=deps.names(_people(minutes)))
    when = _when(deps, m)
    return render(
        deps.jinja,
        "minutes.html.j2" if fmt is not DocumentFormat.MARKDOWN else "minutes.md.j2",
        m=m,
        when=when,
        present=named.present,
        chair=named.chair,
        apologies=named.apologies,
        guests=named.guests,
        addenda=named.addenda,
        decided=named.decided,
        not_reached=named.not_reached,
        names=named.names,
        printed=Printed(deps.settings.protective_marking, f"EFRP minutes, meeting {m.id}, {when}"),
    )


def export_minutes(deps: Deps, *, meeting_id: int, fmt: str = "md", actor: str = "cli") -> str | bytes:
    """The minutes of a meeting in the format asked for; the export is audited."""
    chosen = DocumentFormat.parse(fmt, FORMATS)
    now = deps.clock.now()
    with session_scope(deps.engine) as s:
        minutes = load_minutes(s, meeting_id)
        audit.record(
            session=s,
            at=now,
            actor=actor,
            action="minutes.exported",
            record_type="meeting",
            record_id=meeting_id,
            detail={"format": chosen.value},
        )
    text = minutes_document(deps, minutes, chosen) + "\n"
    return to_pdf(text) if chosen is DocumentFormat.PDF else text
