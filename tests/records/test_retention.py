"""The retention schedule: records of every type one day either side of their period, a dry run that changes
nothing, the real run (records, their Slack messages, a count-only report), legal hold, and runs that never
purge or report twice."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import func, update
from sqlmodel import col, select

from bot.records.retention import run_daily
from bot.standin.harness import COORDINATOR, PANEL, POLICE, TEACHER, LocalBot
from bot.standin.server import Message, SlackStandin
from handlers.referrals.ids import Button, ScreenField
from storage import outbox
from storage.actions import Action
from storage.audit import AuditEvent
from storage.contexts import Context
from storage.db import session_scope
from storage.outbox import OutboxMessage
from storage.receipts import Receipt
from storage.referrals import Referral
from storage.reminders import Reminder
from storage.retention import RetentionRun
from tests.process import bot_env, run_efrp
from tests.referral.helpers import message_text, refer, settle

AS_OF = datetime(2027, 12, 1, 9, 0, tzinfo=UTC)
DAY = timedelta(days=1)
NARRATIVE = "Invented narrative MARKER-7731 about the stairwell"


@dataclass
class World:
    """Records either side of their periods: the old ones expire by AS_OF, the new ones do not."""

    declined_old: Referral
    declined_new: Referral
    closed_old: Context
    closed_new: Context
    closed_held: Context
    referrals: list[Referral]


def _screen(bot: LocalBot, standin: SlackStandin, post: Message, button: str, values: dict[str, str]) -> None:
    assert bot.driver().click(COORDINATOR.id, post, button).status == 200
    settle(bot)
    view = standin.open_view(COORDINATOR.id)
    assert view is not None
    assert bot.driver().submit(COORDINATOR.id, view, values).json() == {}
    settle(bot)


def _referral_of(bot: LocalBot, n: int) -> Referral:
    with session_scope(bot.deps.engine) as s:
        return s.exec(select(Referral).order_by(col(Referral.id)).offset(n).limit(1)).one()


def _set(bot: LocalBot, model: type, row_id: int, **values: object) -> None:
    with session_scope(bot.deps.engine) as s:
        s.execute(update(model).where(col(model.id) == row_id).values(**values))  # type: ignore[attr-defined]


def _world(bot: LocalBot, standin: SlackStandin) -> World:
    posts: dict[str, Message] = {}
    for name in ("declined_old", "declined_new", "closed_old", "closed_new", "closed_held"):
        posts[name] = refer(bot, standin, name=f"Stairwell ({name})", description=NARRATIVE)
        if name.startswith("declined"):
            decline = {
                ScreenField.DECLINE_REASON: "Not extra-familial",
                ScreenField.SIGNPOSTED_TO: "Early Help",
            }
            _screen(bot, standin, posts[name], Button.DECLINE, decline)
        else:
            _screen(bot, standin, posts[name], Button.ACCEPT, {ScreenField.TARGET: "new"})
    refs = [_referral_of(bot, n) for n in range(5)]
    year, seven = AS_OF.replace(year=2026), AS_OF.replace(year=2020)
    _set(bot, Referral, refs[0].id or 0, screened_at=year - DAY)
    _set(bot, Referral, refs[1].id or 0, screened_at=year + DAY)
    contexts = []
    for referral, closed_at in zip(refs[2:], (seven - DAY, seven + DAY, seven - DAY), strict=True):
        _set(bot, Context, referral.context_id or 0, state="closed", closed_at=closed_at, outcome="safer")
        with session_scope(bot.deps.engine) as s:
            contexts.append(s.get(Context, referral.context_id))
    _small_rows(bot)
    return World(refs[0], refs[1], contexts[0], contexts[1], contexts[2], refs)


def _small_rows(bot: LocalBot) -> None:
    """Reminder claims (90 days), receipts (30 days) and Home tab deliveries (30 days) at their edges."""
    with session_scope(bot.deps.engine) as s:
        for n, at in enumerate((AS_OF - 90 * DAY - DAY, AS_OF - 90 * DAY + DAY)):
            s.add(Reminder(subject=f"action:{900 + n}", kind="overdue", day=date(2027, 9, 1), claimed_at=at))
        for n, at in enumerate((AS_OF - 30 * DAY - DAY, AS_OF - 30 * DAY + DAY)):
            s.add(Receipt(key=f"event:Ev{n}", at=at))
            outbox.enqueue(
                session=s,
                key=f"home:{POLICE.id}:old{n}",
                slot=f"home:{POLICE.id}",
                op=outbox.Op.HOME,
                channel=POLICE.id,
                payload={"kind": "home.tab"},
                now=at,
            )
        s.execute(
            update(OutboxMessage)
            .where(col(OutboxMessage.op) == outbox.Op.HOME)
            .values(state=outbox.State.SENT, scrubbed_at=AS_OF - 60 * DAY)
        )


def _edges(bot: LocalBot) -> dict[str, bool]:
    """Whether each edge row is still there: the older of each pair expires, the newer stays."""
    with session_scope(bot.deps.engine) as s:
        return {
            "reminder_old": s.exec(select(Reminder).where(Reminder.subject == "action:900")).first()
            is not None,
            "reminder_new": s.exec(select(Reminder).where(Reminder.subject == "action:901")).first()
            is not None,
            "receipt_old": s.get(Receipt, "event:Ev0") is not None,
            "receipt_new": s.get(Receipt, "event:Ev1") is not None,
            "home_old": outbox.find(session=s, key=f"home:{POLICE.id}:old0") is not None,
            "home_new": outbox.find(session=s, key=f"home:{POLICE.id}:old1") is not None,
        }


def _counts(bot: LocalBot) -> dict[str, int]:
    with session_scope(bot.deps.engine) as s:
        return {
            m.__tablename__: s.exec(select(func.count()).select_from(m)).one()  # type: ignore[attr-defined]
            for m in (Referral, Context, Reminder, Receipt, OutboxMessage, Action)
        }


def _events(bot: LocalBot, action: str) -> list[AuditEvent]:
    with session_scope(bot.deps.engine) as s:
        return list(s.exec(select(AuditEvent).where(AuditEvent.action == action)))


def _purge(bot: LocalBot, standin: SlackStandin, database_url: str, *extra: str) -> str:
    env = bot_env(standin, database_url)
    done = run_efrp("retention", "purge", "--as-of", AS_OF.isoformat(), "--as", "Sam Jones", *extra, env=env)
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_delivered_payloads_keep_no_narrative(bot: LocalBot, standin: SlackStandin) -> None:
    refer(bot, standin, name="Stairwell MARKER-7731", description=NARRATIVE)
    with session_scope(bot.deps.engine) as s:
        rows = list(s.exec(select(OutboxMessage)))
    assert rows and all(r.state == outbox.State.SENT for r in rows)
    assert all(set(r.payload) <= {"kind"} and r.scrubbed_at is not None for r in rows)
    assert "MARKER-7731" not in str([r.payload for r in rows])
    assert any("MARKER-7731" in message_text(m) for m in standin.messages_in(PANEL))  # what Slack was sent


def test_dry_run_then_purge_at_the_edges_of_every_period(
    bot: LocalBot, standin: SlackStandin, database_url: str
) -> None:
    w = _world(bot, standin)
    bot.driver().command(POLICE.id, "/efh", f"hold {w.closed_held.ref} litigation")  # not a coordinator
    settle(bot)
    assert "coordinators" in str(standin.state.responses[-1].get("text"))
    bot.driver().command(COORDINATOR.id, "/efh", f"hold {w.closed_held.ref} Court order MARKER-7731")
    settle(bot)
    assert "on legal hold" in str(standin.state.responses[-1].get("text"))
    [held] = _events(bot, "context.held")
    assert held.actor == COORDINATOR.id and "MARKER" not in str(held.detail)
    before, messages = _counts(bot), len(standin.state.messages)

    dry = _purge(bot, standin, database_url, "--dry-run")
    assert "would remove" in dry and "referral: 2" in dry and "context: 1" in dry and "receipt: " in dry
    assert "kept on legal hold: 1" in dry and "MARKER" not in dry
    assert _counts(bot) == before and len(standin.state.messages) == messages
    [preview] = _events(bot, "retention.previewed")
    assert preview.actor == "cli:Sam Jones" and preview.detail["counts"]["referral"] == 2

    real = _purge(bot, standin, database_url)
    assert real.replace("removed", "would remove") == dry.replace(" removed", " would remove")
    assert _edges(bot) == {
        "reminder_old": False,
        "reminder_new": True,
        "receipt_old": False,
        "receipt_new": True,
        "home_old": False,
        "home_new": True,
    }
    with session_scope(bot.deps.engine) as s:
        kept = set(s.exec(select(Referral.id)))
        contexts = set(s.exec(select(Context.id)))
    assert kept == {r.id for r in w.referrals[1:2] + w.referrals[3:]}
    assert contexts == {w.closed_new.id, w.closed_held.id}
    # The bot took back its panel posts and DMs about the purged records; the others stay.
    panel = [message_text(m) for m in standin.messages_in(PANEL)]
    for gone in ("declined_old", "closed_old"):
        assert not any(f"({gone})" in t for t in panel)
    for stays in ("declined_new", "closed_new", "closed_held"):
        assert any(f"({stays})" in t for t in panel)
    assert not [m for m in standin.dms_to(TEACHER.id) if w.declined_old.ref in m.text]
    assert standin.calls_to("chat.delete")
    # The coordinators hear what went, by type and count, and so does the audit: never content.
    [report] = [m for m in standin.dms_to(COORDINATOR.id) if "Retention schedule applied" in m.text]
    assert "referral: 2" in report.text and "context: 1" in report.text
    assert "MARKER" not in report.text and w.declined_old.ref not in report.text
    [purged] = _events(bot, "retention.purged")
    assert purged.detail["counts"]["context"] == 1 and purged.detail["held"] == 1
    assert "MARKER" not in str(purged.detail)

    # Again: nothing more goes, and nobody is told twice.
    again = _purge(bot, standin, database_url)
    assert (
        "referral" not in again
        and "context:" not in again
        and "Slack messages and files to take back: 0" in again
    )
    assert len([m for m in standin.dms_to(COORDINATOR.id) if "Retention schedule" in m.text]) == 1

    # Released, the held context goes at the next purge.
    bot.driver().command(COORDINATOR.id, "/efh", f"release {w.closed_held.ref}")
    settle(bot)
    assert _events(bot, "context.released")
    assert "context: 1" in _purge(bot, standin, database_url)


def test_the_daily_job_purges_once_across_processes(
    bot: LocalBot, standin: SlackStandin, make_bot: object
) -> None:
    _world(bot, standin)
    bot.clock.set(AS_OF)  # type: ignore[attr-defined]
    results = []
    threads = [threading.Thread(target=lambda: results.append(run_daily(bot.deps))) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(r.ran for r in results) == [False, False, True]
    [done] = [r for r in results if r.ran]
    assert done.counts["referral"] == 3 and done.counts["context"] == 2  # no hold here
    assert run_daily(bot.deps).ran is False  # the next tick the same day
    settle(bot)
    assert len([m for m in standin.dms_to(COORDINATOR.id) if "Retention schedule" in m.text]) == 1
    assert len(_events(bot, "retention.purged")) == 1
    with session_scope(bot.deps.engine) as s:
        assert s.exec(select(func.count()).select_from(RetentionRun)).one() == 1


def test_a_bad_schedule_stops_the_command_naming_it(standin: SlackStandin, database_url: str) -> None:
    env = bot_env(standin, database_url, EFRP_RETENTION="declined=2x")
    done = run_efrp("retention", "purge", "--dry-run", "--as", "Sam Jones", env=env)
    assert done.returncode == 2 and "EFRP_RETENTION" in done.stderr and "2x" not in done.stderr
    refused = run_efrp("retention", "purge", "--dry-run", env=bot_env(standin, database_url))
    assert refused.returncode == 2 and "--as NAME is required" in refused.stderr


def test_a_message_already_gone_from_slack_counts_as_taken_back(
    bot: LocalBot, standin: SlackStandin, database_url: str
) -> None:
    w = _world(bot, standin)
    with standin.lock:  # someone deleted the old referral's panel post by hand
        post = next(m for m in standin.state.messages if "(declined_old)" in message_text(m))
        standin.state.messages.remove(post)
    bot.driver().command(POLICE.id, "/efh", f"release {w.closed_held.ref}")  # not a coordinator
    settle(bot)
    assert "coordinators" in str(standin.state.responses[-1].get("text"))
    _purge(bot, standin, database_url)
    with session_scope(bot.deps.engine) as s:
        deletions = list(s.exec(select(OutboxMessage).where(OutboxMessage.op == outbox.Op.DELETE)))
    assert deletions and all(d.state == outbox.State.SENT for d in deletions)
    assert not any("(declined_old)" in message_text(m) for m in standin.state.messages)


def test_a_hold_reason_naming_a_person_is_refused_and_nothing_is_held(
    bot: LocalBot, standin: SlackStandin
) -> None:
    refer(bot, standin, name="Stairwell")
    ref = _referral_of(bot, 0).ref
    bot.driver().command(
        COORDINATOR.id, "/efh", f"hold {ref} Jayden Smith's family is suing (DOB 03/04/2011)"
    )
    settle(bot)
    said = str(standin.state.responses[-1].get("text"))
    assert "Nothing was put on hold" in said
    assert not _events(bot, "referral.held")
    bot.driver().command(COORDINATOR.id, "/efh", f"hold {ref} Court order from the family court")
    settle(bot)
    assert "on legal hold" in str(standin.state.responses[-1].get("text"))
    assert len(_events(bot, "referral.held")) == 1
