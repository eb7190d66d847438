"""The delivery gateway: retries that honour Slack, resumption after restart, never twice."""

from __future__ import annotations

import threading
from datetime import timedelta

from sqlmodel import select

from bot.core.clock import ManualClock
from bot.standin.harness import PANEL, local_settings
from bot.standin.server import SlackStandin
from bot.wiring import build_deps, make_deliverer
from handlers.delivery import Deliverer
from storage import outbox
from storage.db import make_engine, session_scope
from storage.outbox import Op, OutboxMessage, State


def _deliverer(standin: SlackStandin, database_url: str, clock: ManualClock) -> Deliverer:
    deps = build_deps(local_settings(standin, database_url), clock=clock, engine=make_engine(database_url))
    return make_deliverer(deps)


def _owe(
    d: Deliverer, key: str, *, op: Op = Op.POST, channel: str = PANEL, text: str = "hello", **kw: object
) -> None:
    with session_scope(d.engine) as s:
        outbox.enqueue(
            session=s, key=key, op=op, channel=channel, payload={"text": text}, now=d.clock.now(), **kw
        )  # type: ignore[arg-type]


def _row(d: Deliverer, key: str) -> OutboxMessage:
    with session_scope(d.engine) as s:
        row = outbox.find(session=s, key=key)
        assert row is not None
        return row


def test_delivers_once_and_records_the_ts(
    standin: SlackStandin, database_url: str, clock: ManualClock
) -> None:
    d = _deliverer(standin, database_url, clock)
    _owe(d, "t:1")
    _owe(d, "t:1", text="a second enqueue with the same key changes nothing")
    d.drain()
    d.drain()
    msgs = standin.messages_in(PANEL)
    assert [m.text for m in msgs] == ["hello"]
    row = _row(d, "t:1")
    assert row.state == State.SENT and row.slack_ts == msgs[0].ts and row.attempts == 1
    assert msgs[0].metadata == {"event_type": "efrp_message", "event_payload": {"key": "t:1"}}


def test_429_waits_for_retry_after(standin: SlackStandin, database_url: str, clock: ManualClock) -> None:
    d = _deliverer(standin, database_url, clock)
    standin.fail_next("chat.postMessage", status=429, retry_after=30)
    _owe(d, "t:429")
    d.drain()
    row = _row(d, "t:429")
    assert row.state == State.PENDING and row.last_error == "rate limited"
    assert row.next_attempt_at == clock.now() + timedelta(seconds=30)
    clock.advance(timedelta(seconds=29))
    d.drain()
    assert standin.messages_in(PANEL) == []
    clock.advance(timedelta(seconds=1))
    d.drain()
    assert len(standin.messages_in(PANEL)) == 1
    assert _row(d, "t:429").state == State.SENT


def test_500_that_did_post_is_not_posted_again(
    standin: SlackStandin, database_url: str, clock: ManualClock
) -> None:
    d = _deliverer(standin, database_url, clock)
    # Slack posted the message but answered 500: the retry must find it instead of posting twice.
    standin.fail_next("chat.postMessage", status=500, after_effect=True)
    _owe(d, "t:500")
    d.drain()
    assert _row(d, "t:500").uncertain
    clock.advance(timedelta(seconds=5))
    d.drain()
    assert len(standin.messages_in(PANEL)) == 1
    row = _row(d, "t:500")
    assert row.state == State.SENT and row.slack_ts == standin.messages_in(PANEL)[0].ts
    assert standin.calls_to("conversations.history")


def test_500_that_did_not_post_is_retried(
    standin: SlackStandin, database_url: str, clock: ManualClock
) -> None:
    d = _deliverer(standin, database_url, clock)
    standin.fail_next("chat.postMessage", status=503, times=2)
    _owe(d, "t:503")
    for _ in range(3):
        d.drain()
        clock.advance(timedelta(seconds=10))
    assert len(standin.messages_in(PANEL)) == 1
    assert _row(d, "t:503").attempts == 3


def test_dropped_connection_is_retried_without_duplicates(
    standin: SlackStandin, database_url: str, clock: ManualClock
) -> None:
    d = _deliverer(standin, database_url, clock)
    standin.fail_next("chat.postMessage", drop=True, after_effect=True)
    _owe(d, "t:drop", op=Op.DM, channel="UPOLICE001")
    d.drain()
    assert _row(d, "t:drop").state == State.PENDING
    clock.advance(timedelta(seconds=5))
    d.drain()
    assert len(standin.dms_to("UPOLICE001")) == 1
    assert _row(d, "t:drop").state == State.SENT


def test_delivery_resumes_after_restart(standin: SlackStandin, database_url: str, clock: ManualClock) -> None:
    first = _deliverer(standin, database_url, clock)
    standin.fail_next("chat.postMessage", status=500, times=5)
    _owe(first, "t:restart")
    first.drain()
    assert standin.messages_in(PANEL) == []
    first.engine.dispose()  # the process dies
    standin.state.faults.clear()  # Slack is back
    clock.advance(timedelta(minutes=1))
    second = _deliverer(standin, database_url, clock)
    second.drain()
    assert len(standin.messages_in(PANEL)) == 1


def test_crash_while_sending_is_picked_up_after_the_lease(
    standin: SlackStandin, database_url: str, clock: ManualClock
) -> None:
    d = _deliverer(standin, database_url, clock)
    _owe(d, "t:lease")
    with session_scope(d.engine) as s:  # a process claimed it and died before sending
        assert len(outbox.claim(session=s, now=clock.now(), lease=timedelta(seconds=90))) == 1
    d.drain()
    assert standin.messages_in(PANEL) == []
    clock.advance(timedelta(seconds=91))
    d.drain()
    assert len(standin.messages_in(PANEL)) == 1


def test_two_deliverers_at_once_never_send_twice(
    standin: SlackStandin, database_url: str, clock: ManualClock
) -> None:
    a = _deliverer(standin, database_url, clock)
    b = _deliverer(standin, database_url, clock)
    for i in range(30):
        _owe(a, f"t:race:{i}", text=f"message {i}")
    barrier = threading.Barrier(2)

    def run(d: Deliverer) -> None:
        barrier.wait()
        d.drain()

    threads = [threading.Thread(target=run, args=(x,)) for x in (a, b)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    texts = sorted(m.text for m in standin.messages_in(PANEL))
    assert texts == sorted(f"message {i}" for i in range(30))


def test_updates_use_chat_update_and_wait_for_the_post(
    standin: SlackStandin, database_url: str, clock: ManualClock
) -> None:
    d = _deliverer(standin, database_url, clock)
    with session_scope(d.engine) as s:
        outbox.put_message(
            session=s, slot="agenda:1", op=Op.POST, channel=PANEL, payload={"text": "v1"}, now=clock.now()
        )
        outbox.put_message(
            session=s, slot="agenda:1", op=Op.POST, channel=PANEL, payload={"text": "v2"}, now=clock.now()
        )
    d.drain()
    assert [m.text for m in standin.messages_in(PANEL)] == ["v2"]  # still pending: replaced, not repeated
    with session_scope(d.engine) as s:
        outbox.put_message(
            session=s, slot="agenda:1", op=Op.POST, channel=PANEL, payload={"text": "v3"}, now=clock.now()
        )
    d.drain()
    msgs = standin.messages_in(PANEL)
    assert [m.text for m in msgs] == ["v3"] and msgs[0].edits == 1
    assert len(standin.calls_to("chat.postMessage")) == 1 and len(standin.calls_to("chat.update")) == 1


def test_thread_replies_wait_for_their_parent(
    standin: SlackStandin, database_url: str, clock: ManualClock
) -> None:
    d = _deliverer(standin, database_url, clock)
    standin.fail_next("chat.postMessage", status=500)
    _owe(d, "t:parent")
    _owe(d, "t:child", thread_of="t:parent", text="reply")
    d.drain()
    clock.advance(timedelta(seconds=10))
    d.drain()
    parent, child = standin.messages_in(PANEL)
    assert child.thread_ts == parent.ts and child.text == "reply"


def test_an_update_waits_for_one_in_flight_elsewhere_without_waiting_on_the_clock(
    standin: SlackStandin, database_url: str, clock: ManualClock
) -> None:
    d = _deliverer(standin, database_url, clock)
    other = _deliverer(standin, database_url, clock)  # a second process delivering at the same time
    with session_scope(d.engine) as s:
        outbox.put_message(
            session=s, slot="agenda:7", op=Op.POST, channel=PANEL, payload={"text": "v1"}, now=clock.now()
        )
    d.drain()
    with session_scope(d.engine) as s:
        outbox.put_message(
            session=s, slot="agenda:7", op=Op.POST, channel=PANEL, payload={"text": "v2"}, now=clock.now()
        )
    with session_scope(d.engine) as s:
        (in_flight,) = outbox.claim(session=s, now=clock.now(), lease=timedelta(minutes=1))
    with session_scope(d.engine) as s:
        outbox.put_message(
            session=s, slot="agenda:7", op=Op.POST, channel=PANEL, payload={"text": "v3"}, now=clock.now()
        )
    d.drain()  # v3 must not overtake v2, which the other process is still sending
    assert len(standin.calls_to("chat.update")) == 0
    assert _row(d, "agenda:7#u2").state == State.PENDING
    other.deliver([in_flight])
    d.drain()  # no time has passed: v3 goes as soon as v2 is done
    msgs = standin.messages_in(PANEL)
    assert [m.text for m in msgs] == ["v3"]
    assert [c.params["text"] for c in standin.calls_to("chat.update")][-1] == "v3"


def test_a_reply_waits_for_a_parent_in_flight_elsewhere_without_waiting_on_the_clock(
    standin: SlackStandin, database_url: str, clock: ManualClock
) -> None:
    d = _deliverer(standin, database_url, clock)
    other = _deliverer(standin, database_url, clock)
    _owe(d, "t:parent")
    with session_scope(d.engine) as s:
        (in_flight,) = outbox.claim(session=s, now=clock.now(), lease=timedelta(minutes=1))
    _owe(d, "t:child", thread_of="t:parent", text="reply")
    d.drain()
    assert not standin.messages_in(PANEL) and _row(d, "t:child").state == State.PENDING
    other.deliver([in_flight])
    d.drain()
    parent, child = standin.messages_in(PANEL)
    assert child.thread_ts == parent.ts and child.text == "reply"


def test_permanent_errors_are_recorded_and_reported_to_coordinators(
    standin: SlackStandin, database_url: str, clock: ManualClock
) -> None:
    d = _deliverer(standin, database_url, clock)
    standin.deactivate("UHEALTH001")
    _owe(d, "t:gone", op=Op.DM, channel="UHEALTH001", summary="action reminder")
    _owe(d, "t:nochan", channel="CNOWHERE01", summary="a post")
    d.drain()
    d.drain()
    assert _row(d, "t:gone").state == State.FAILED and _row(d, "t:gone").last_error == "user_disabled"
    assert _row(d, "t:nochan").last_error == "channel_not_found"
    notices = [m.text for m in standin.messages_in(PANEL)]
    assert any("action reminder" in t and "<@UHEALTH001>" in t and "user_disabled" in t for t in notices)
    assert any("channel_not_found" in t for t in notices)
    with session_scope(d.engine) as s:
        failed = list(s.exec(select(OutboxMessage).where(OutboxMessage.state == State.FAILED)))
    assert {r.key for r in failed} == {"t:gone", "t:nochan"}
    d.drain()
    assert len(standin.messages_in(PANEL)) == 2  # never retried, never reported twice


def test_files_are_uploaded_in_three_steps(
    standin: SlackStandin, database_url: str, clock: ManualClock
) -> None:
    import base64

    d = _deliverer(standin, database_url, clock)
    _owe(d, "t:post")
    with session_scope(d.engine) as s:
        outbox.enqueue(
            session=s,
            key="t:file",
            op=Op.FILE,
            channel=PANEL,
            thread_of="t:post",
            now=clock.now(),
            payload={
                "content_b64": base64.b64encode(b"\x89PNG fake").decode(),
                "filename": "c.png",
                "title": "Chart",
            },
        )
    d.drain()
    d.drain()
    (file_info,) = standin.state.files.values()
    assert file_info["content"] == b"\x89PNG fake"
    assert file_info["shared"]["thread_ts"] == standin.messages_in(PANEL)[0].ts
    assert _row(d, "t:file").state == State.SENT


def test_two_updates_of_one_message_at_once_neither_is_dropped(
    standin: SlackStandin, database_url: str, clock: ManualClock
) -> None:
    d = _deliverer(standin, database_url, clock)
    with session_scope(d.engine) as s:
        outbox.put_message(
            session=s, slot="agenda:9", op=Op.POST, channel=PANEL, payload={"text": "v1"}, now=clock.now()
        )
    d.drain()
    first_put, second_done = threading.Event(), threading.Event()

    def second() -> None:
        first_put.wait(10)
        with session_scope(d.engine) as s:
            outbox.put_message(
                session=s, slot="agenda:9", op=Op.POST, channel=PANEL, payload={"text": "v3"}, now=clock.now()
            )
        second_done.set()

    other = threading.Thread(target=second)
    other.start()
    with session_scope(d.engine) as s:
        outbox.put_message(
            session=s, slot="agenda:9", op=Op.POST, channel=PANEL, payload={"text": "v2"}, now=clock.now()
        )
        first_put.set()
        assert not second_done.wait(0.3)  # the second waits for this transaction rather than race it
    other.join(10)
    d.drain()
    msgs = standin.messages_in(PANEL)
    assert [m.text for m in msgs] == ["v3"]
