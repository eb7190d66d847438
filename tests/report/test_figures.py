"""The system view's figures from real records: hand-counted, in a fixed number of queries, per period."""

from __future__ import annotations

from dataclasses import asdict
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import event, update
from sqlmodel import col

from bot.domain.enums import ContextKind, HarmType
from bot.domain.scaleup import Position
from bot.domain.scaleup_data import Domain, Stage
from bot.report import report
from bot.report.figures import is_community_voice, is_social_care
from storage.actions import Action
from storage.db import session_scope
from tests.factories import make_action, make_context, make_decision
from tests.report.system import EXPECTED, SINCE, UNTIL, add_referral, add_review, at, deps_for, seed


def test_figures_match_the_hand_count(database_url: str) -> None:
    deps = deps_for(database_url, at(date(2026, 11, 23)))
    seed(deps.engine)
    built = report.build_report(deps, since=SINCE, until=UNTIL, now=deps.clock.now())
    assert asdict(built.figures) == EXPECTED


def test_throughput_matches_the_hand_count(database_url: str) -> None:
    deps = deps_for(database_url, at(date(2026, 11, 23)))
    seed(deps.engine)
    t = report.build_report(deps, since=SINCE, until=UNTIL, now=deps.clock.now()).throughput
    months = {m.month: m for m in t.referrals_by_month}
    assert list(months) == ["2026-01", "2026-02", "2026-03", "2026-04", "2026-05"]
    assert dict(months["2026-01"].by_kind)[ContextKind.OTHER] == 1
    assert months["2026-05"].without_context == 1
    assert dict(months["2026-05"].by_harm)[HarmType.CSE] == 1
    assert dict(months["2026-03"].by_kind)[ContextKind.SCHOOL] == 1
    assert (t.to_screening.count, t.to_screening.median_days, t.to_screening.p90_days) == (4, 0.0, 2.0)
    first = t.to_first_discussion
    assert (first.count, first.median_days, first.p90_days) == (2, 5.5, 8.0)
    assert (t.reviews.due, t.reviews.on_time, t.reviews.late, t.reviews.overdue) == (3, 1, 1, 1)
    agencies = {a.agency: a for a in t.actions_by_agency}
    assert set(agencies) == {"Children's Social Care", "Education", "Housing", "Police"}
    assert (agencies["Police"].total, agencies["Police"].done_on_time) == (2, 2)
    assert (agencies["Education"].done, agencies["Education"].done_on_time) == (1, 0)
    assert agencies["Children's Social Care"].overdue == 1
    assert (agencies["Housing"].total, agencies["Housing"].withdrawn) == (0, 1)


def test_the_period_filters_every_figure(database_url: str) -> None:
    deps = deps_for(database_url, at(date(2026, 11, 23)))
    seed(deps.engine)
    spring = report.build_report(deps, since=date(2026, 3, 1), until=date(2026, 3, 31), now=deps.clock.now())
    f = spring.figures
    assert (f.referrals_total, f.contexts_accepted, f.decisions_total, f.actions_total) == (1, 1, 1, 1)
    assert (f.actions_due, f.actions_done_by_due, f.reviews_due, f.reviews_on_time) == (2, 1, 1, 1)
    assert (f.reviews_done, f.contexts_reviewed) == (0, 0)
    later = report.build_report(deps, since=date(2026, 7, 1), until=date(2026, 7, 31), now=deps.clock.now())
    assert later.figures.referrals_total == 1 and later.figures.referrals_naming_context == 1
    assert later.figures.decisions_total == 0
    # The last day is included up to midnight, local time (BST in summer: 23:30 UTC is already the next day).
    edge = report.build_report(deps, since=date(2026, 5, 10), until=date(2026, 5, 10), now=deps.clock.now())
    assert edge.figures.referrals_total == 1 and edge.figures.reviews_done == 1


def test_an_empty_period_is_not_yet_evidenced_everywhere(database_url: str) -> None:
    deps = deps_for(database_url, at(date(2026, 11, 23)))
    built = report.build_report(deps, since=None, until=None, now=deps.clock.now())
    assert all(v == 0 for v in asdict(built.figures).values())
    assert {c.position for c in built.grid.cells} == {Position.NOT_YET_EVIDENCED}
    assert built.period.until == date(2026, 11, 23) and built.period.since == date(2025, 11, 24)


def test_a_system_at_level_2_is_judged_so_from_its_records(database_url: str) -> None:
    deps = deps_for(database_url, at(date(2026, 11, 23)))
    for n in range(4):
        ctx = make_context(deps.engine, now=at(date(2026, 2, 2 + n)), name=f"Park {n}")
        make_decision(deps.engine, ctx, now=at(date(2026, 2, 10 + n)))
    built = report.build_report(deps, since=SINCE, until=UNTIL, now=deps.clock.now())
    assert built.grid.cell(Domain.TARGET, Stage.REFERRAL).position is Position.LEVEL_2_CONSISTENT
    assert built.grid.cell(Domain.WELFARE, Stage.PLANNING).position is Position.LEVEL_1  # no social care


def _build(n: int, database_url: str, total: int) -> int:
    """Statements the report runs after adding n contexts, each with a decision, two actions, a review."""
    deps = deps_for(database_url, at(date(2026, 11, 23)))
    for i in range(n):
        day = date(2026, 1, 5) + timedelta(days=i % 150)
        ctx = make_context(deps.engine, now=at(day), name=f"Place {i}")
        decision = make_decision(
            deps.engine, ctx, now=at(day + timedelta(days=1)), review_on=day + timedelta(30)
        )
        make_action(deps.engine, ctx, now=at(day), due_on=day + timedelta(days=9), decision_id=decision.id)
        make_action(deps.engine, ctx, now=at(day), due_on=day + timedelta(days=9), agency=f"Agency {i % 7}")
        add_review(
            deps.engine,
            ctx.id or 0,
            held=at(day + timedelta(days=20)),
            decision="continue",
            next_review_on=day + timedelta(days=60),
        )
    statements: list[str] = []

    def count(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        statements.append(statement)

    event.listen(deps.engine, "before_cursor_execute", count)
    try:
        built = report.build_report(deps, since=SINCE, until=UNTIL, now=deps.clock.now())
    finally:
        event.remove(deps.engine, "before_cursor_execute", count)
    assert built.figures.contexts_accepted == total and built.figures.actions_total == 2 * total
    assert built.figures.reviews_done == total
    deps.engine.dispose()
    return len(statements)


def test_the_query_count_does_not_grow_with_the_records(database_url: str) -> None:
    few = _build(5, database_url, 5)
    many = _build(45, database_url, 50)  # the same database, now holding 50 contexts
    assert few == many
    assert few <= 20


def test_agency_and_partner_names_are_recognised_as_documented() -> None:
    assert is_social_care("Children's Social Care") and is_social_care("LBH children’s services")
    assert is_social_care("CHILDRENS SERVICES") and not is_social_care("Police")
    assert is_community_voice("Parents and carers") and is_community_voice("Community members and residents")
    assert is_community_voice("Young people") and not is_community_voice("Youth service")


def test_done_by_the_due_date_is_judged_on_the_local_day(database_url: str) -> None:
    # 23:30 UTC on 10 May is 00:30 on 11 May in London (BST): a day late, though the UTC day is the due day.
    deps = deps_for(database_url, at(date(2026, 11, 23)))
    due = date(2026, 5, 10)
    late_by_minutes = datetime(2026, 5, 10, 23, 30, tzinfo=UTC)
    just_in_time = datetime(2026, 5, 10, 22, 30, tzinfo=UTC)  # 23:30 BST on the due day
    ctx = make_context(deps.engine, now=at(date(2026, 4, 1)), name="Canal towpath")
    make_decision(deps.engine, ctx, now=at(date(2026, 4, 2)), review_on=due)
    late = make_action(deps.engine, ctx, now=at(date(2026, 4, 2)), due_on=due)
    prompt = make_action(deps.engine, ctx, now=at(date(2026, 4, 2)), due_on=due)
    with session_scope(deps.engine) as s:
        for action, done_at in ((late, late_by_minutes), (prompt, just_in_time)):
            s.execute(update(Action).where(col(Action.id) == action.id).values(state="done", done_at=done_at))
    add_review(deps.engine, ctx.id or 0, held=late_by_minutes, decision="continue")
    f = report.build_report(deps, since=due, until=due, now=deps.clock.now()).figures
    assert (f.actions_due, f.actions_done_by_due) == (2, 1)
    assert (f.reviews_due, f.reviews_on_time) == (1, 0)
    deps.engine.dispose()


def test_csc_as_a_word_means_social_care_in_python_and_in_sql(database_url: str) -> None:
    names = {
        "LBH CSC": True,
        "Hackney (CSC)": True,
        "csc": True,
        "CSC/Early Help": True,
        "CSCS Construction Training": False,
        "Disc Youth Club": False,
        "Police": False,
    }
    assert {n: is_social_care(n) for n in names} == names
    deps = deps_for(database_url, at(date(2026, 11, 23)))
    for i, name in enumerate(names):
        add_referral(
            deps.engine, created=at(date(2026, 3, 2 + i)), agency=name, kind="school", name="A school"
        )
    f = report.build_report(deps, since=SINCE, until=UNTIL, now=deps.clock.now()).figures
    assert (f.referrals_total, f.referrals_from_outside_social_care) == (7, 3)
    deps.engine.dispose()
