"""People by name: users.info through the stand-in, cached in the database with a refresh age."""

from __future__ import annotations

from datetime import timedelta

from bot.core.clock import ManualClock
from bot.scheduler import all_jobs
from bot.standin.harness import COORDINATOR, HEALTH, TEACHER, LocalBot
from bot.standin.server import SlackStandin
from storage import people
from storage.db import session_scope


def test_names_come_from_users_info_and_are_cached_for_a_week(
    bot: LocalBot, standin: SlackStandin, clock: ManualClock
) -> None:
    names = bot.deps.names({TEACHER.id, "system", "UNKNOWN001"})
    assert names == {TEACHER.id: "Alex", "system": "system", "UNKNOWN001": "UNKNOWN001"}
    asked = [c.params["user"] for c in standin.calls_to("users.info")]
    assert asked == ["UNKNOWN001", TEACHER.id]  # 'system' is not a Slack user: never asked about

    assert bot.deps.names({TEACHER.id}) == {TEACHER.id: "Alex"}
    assert len(standin.calls_to("users.info")) == 2  # fresh in the cache: Slack is not asked again

    standin.state.users[TEACHER.id]["profile"]["display_name"] = "Alex P"
    clock.advance(timedelta(days=8))
    standin.fail_next("users.info", status=200, error="ratelimited")
    assert bot.deps.names({TEACHER.id}) == {TEACHER.id: "Alex"}  # Slack failed: the stale name stands
    assert bot.deps.names({TEACHER.id}) == {TEACHER.id: "Alex P"}  # asked again: the new name
    with session_scope(bot.deps.engine) as s:
        row = people.cached(session=s, user_ids=[TEACHER.id])[TEACHER.id]
        assert (row.display_name, row.fetched_at) == ("Alex P", clock.now())


def test_the_hourly_job_names_everyone_the_records_mention(bot: LocalBot, standin: SlackStandin) -> None:
    bot.driver().command(COORDINATOR.id, "/efh", "report")
    bot.settle()
    (job,) = [j for j in all_jobs() if j.id == "records.names"]
    assert job.run(bot.deps) == 1
    with session_scope(bot.deps.engine) as s:
        cached = people.cached(session=s, user_ids=[COORDINATOR.id, HEALTH.id])
    assert {uid: row.display_name for uid, row in cached.items()} == {COORDINATOR.id: "Sam"}


def test_when_slack_is_unreachable_names_stay_ids_after_one_connection_is_tried(
    bot: LocalBot, standin: SlackStandin
) -> None:
    standin.fail_next("users.info", drop=True, times=2)
    wanted = {TEACHER.id, HEALTH.id, COORDINATOR.id}
    assert bot.deps.names(wanted) == {uid: uid for uid in wanted}
    # One user's connection and its one automatic retry; the others are not asked while Slack is away.
    assert len(standin.calls_to("users.info!fault")) == 2
    assert standin.calls_to("users.info") == []
    with session_scope(bot.deps.engine) as s:
        assert people.cached(session=s, user_ids=wanted) == {}

    assert bot.deps.names({TEACHER.id}) == {TEACHER.id: "Alex"}  # back: asked again
