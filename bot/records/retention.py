"""The retention schedule applied: purge what has expired, take its messages back from Slack, say what went.

One purge is one transaction, serialised across processes and claimed by its key: the daily job claims
the day (`daily:2026-12-01`), so a second process or a second tick that day does nothing. What was removed
is reported by record type and count only: to the audit, and by DM to each coordinator.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime

from sqlmodel import Session

from bot.actions.home import queue_refresh
from bot.core import keys
from bot.core.deps import Deps
from bot.core.owed import owed
from storage import audit, holds, outbox
from storage import retention as store
from storage.db import session_scope
from storage.retention import Purged, RetentionRun

__all__ = ["PurgeReport", "purge", "run_daily"]

# Rows that only make delivery and deduplication work: their purge alone is not worth a coordinator's DM.
HOUSEKEEPING = frozenset(
    {"outbox_message", "outbox_mention", "outbox_payload_scrubbed", "receipt", "reminder"}
)


@dataclass(frozen=True)
class PurgeReport:
    """What one purge removed (or, in a dry run, would remove), by record type; never content."""

    key: str
    as_of: datetime
    dry_run: bool
    ran: bool  # False when this run's key had already run (another process, an earlier tick)
    counts: dict[str, int] = field(default_factory=dict)
    held: int = 0  # expired records kept because they are on legal hold
    slack_messages: int = 0  # messages (and files) taken back from Slack

    @property
    def total(self) -> int:
        """How many rows in all."""
        return sum(self.counts.values())

    @property
    def records(self) -> int:
        """How many rows of the panel's records (not delivery housekeeping) went."""
        return sum(n for kind, n in self.counts.items() if kind not in HOUSEKEEPING)


def purge(
    deps: Deps, *, as_of: datetime, actor: str, dry_run: bool = False, run_key: str | None = None
) -> PurgeReport:
    """Purge (or, dry, count) what the schedule says has expired by ``as_of``; audited and reported."""
    now = deps.clock.now()
    key = run_key or f"{'dry' if dry_run else 'cli'}:{as_of.isoformat()}:{now.timestamp():.6f}"
    with session_scope(deps.engine) as s:
        store.serialise(s)
        run = RetentionRun(key=key, as_of=as_of, ran_at=now, actor=actor, dry_run=dry_run)
        if not store.claim_run(session=s, run=run):
            return PurgeReport(key, as_of, dry_run, ran=False)
        if dry_run:
            savepoint = s.begin_nested()
            try:
                report = _purge(s, deps, key, as_of, now, dry_run=True)
            finally:
                savepoint.rollback()
        else:
            report = _purge(s, deps, key, as_of, now, dry_run=False)
        _record(s, deps, report, actor=actor, now=now)
    return report


def _purge(s: Session, deps: Deps, key: str, as_of: datetime, now: datetime, *, dry_run: bool) -> PurgeReport:
    schedule = deps.settings.retention
    cut = schedule.cutoffs(as_of)
    held = holds.held_refs(session=s)
    declined = store.expired_declined(session=s, before=cut["declined"], held=held)
    contexts = store.expired_contexts(session=s, before=cut["closed"], held=held)
    kept = 0
    if held:
        kept = len(store.expired_declined(session=s, before=cut["declined"], held=set())) - len(declined)
        kept += len(store.expired_contexts(session=s, before=cut["closed"], held=set())) - len(contexts)
    people = store.people_of(session=s, context_ids=contexts, referral_ids=declined)  # before they go
    counts: Counter[str] = Counter()
    posted = []
    for done in (
        store.purge_contexts(session=s, context_ids=contexts),
        store.purge_referrals(session=s, referral_ids=declined),
    ):
        counts.update(done.counts)
        posted.extend(done.posted)
        _owe_deletions(s, done, now)
    if contexts or declined:
        queue_refresh(session=s, deps=deps, user_ids=people | set(deps.coordinator_ids()), now=now)
    counts.update(store.purge_outbox(session=s, before=cut["outbox"], now=now))
    counts["reminder"] += store.purge_reminders(session=s, before=cut["reminders"])
    counts["receipt"] += store.purge_receipts(session=s, before=cut["receipts"])
    found = {name: n for name, n in sorted(counts.items()) if n}
    return PurgeReport(key, as_of, dry_run, True, found, held=kept, slack_messages=len(posted))


def _owe_deletions(s: Session, done: Purged, now: datetime) -> None:
    """Record the deletion of each message the bot posted about a purged record (where it is, no content)."""
    for p in done.posted:
        outbox.enqueue(
            session=s,
            key=keys.retention_delete(p.row_id),
            op=outbox.Op.DELETE,
            channel=p.audience,
            payload={"channel": p.channel, "ts": p.ts, "file": p.is_file},
            now=now,
            summary="a message about a record the retention schedule removed",
        )


def _record(s: Session, deps: Deps, report: PurgeReport, *, actor: str, now: datetime) -> None:
    """The audit event and the coordinators' DMs: record types and counts only."""
    store.set_counts(session=s, key=report.key, counts=report.counts)
    audit.record(
        session=s,
        at=now,
        actor=actor,
        action="retention.previewed" if report.dry_run else "retention.purged",
        record_type="retention",
        record_id=report.key,
        detail={
            "as_of": report.as_of.isoformat(),
            "schedule": str(deps.settings.retention),
            "counts": report.counts,
            "held": report.held,
            "slack_messages": report.slack_messages,
        },
    )
    if report.dry_run or not report.records:
        return  # housekeeping alone (old deliveries, receipts, reminder claims) is in the audit only
    for user in sorted(deps.coordinator_ids()):
        outbox.enqueue(
            session=s,
            key=keys.retention_report(report.key, user),
            op=outbox.Op.DM,
            channel=user,
            payload=owed(
                "records.retention_report",
                as_of=report.as_of,
                counts=report.counts,
                held=report.held,
                slack_messages=report.slack_messages,
            ),
            now=now,
            summary="what the retention schedule removed",
        )


def run_daily(deps: Deps) -> PurgeReport:
    """The scheduled purge: once a day, in whichever process claims the day first."""
    return purge(
        deps, as_of=deps.clock.now(), actor=audit.SYSTEM, run_key=f"daily:{deps.today().isoformat()}"
    )
