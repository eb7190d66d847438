"""Subject access and correction through the real CLI: every record naming a case reference, escaped, audited;
a mistyped reference corrected everywhere; who ran it is required."""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import select

from bot.core.clock import ManualClock
from bot.standin.harness import LocalBot
from bot.standin.server import SlackStandin
from storage.audit import AuditEvent
from storage.contexts import Context
from storage.db import session_scope
from storage.referrals import Referral
from tests.factories import make_context, make_decision
from tests.process import bot_env, run_efrp

HOSTILE = "[click](javascript:alert(1)) <b>bold</b> & ![x](http://evil.example/p.png)"


def _records(bot: LocalBot, clock: ManualClock) -> tuple[Context, Context, Context, Referral]:
    engine = bot.deps.engine
    named = make_context(engine, now=clock.now(), name=f"Stairwell {HOSTILE}")  # young people: YP-100234
    other = make_context(engine, now=clock.now(), name="Bus route 38")
    make_decision(engine, other, now=clock.now(), goals=("Check on YP-100234 weekly",))  # names it in text
    unrelated = make_context(engine, now=clock.now(), name="Victoria Park")
    with session_scope(engine) as s:
        s.get(Referral, 3).young_people = ["YP-100235"]  # type: ignore[union-attr]
        declined = Referral(
            ref="EFRP-2026-0099",
            view_id="VDECLINED1",
            referrer_id="UTEACH0001",
            referrer_agency="Education",
            context_kind="online",
            context_name="A group chat",
            description="Invented description.",
            concerns="Invented concerns.",
            harm_types=["online"],
            young_people=["CS123456", "YP-100234"],
            indicator_ids=[],
            urgency="green",
            sharing_basis="consent",
            suggested_level="universal",
            status="declined",
            screened_by="UCOORD0001",
            screened_at=clock.now() + timedelta(days=1),
            decline_reason="Not extra-familial",
            created_at=clock.now(),
        )
        s.add(declined)
        s.add(s.get(Referral, 3))
    return named, other, unrelated, declined


def test_subject_access_finds_every_record_naming_the_reference(
    bot: LocalBot, standin: SlackStandin, database_url: str, clock: ManualClock
) -> None:
    named, other, unrelated, declined = _records(bot, clock)
    env = bot_env(standin, database_url)
    refused = run_efrp("subject", "YP-100234", env=env)
    assert refused.returncode == 2 and "--as" in refused.stderr

    md = run_efrp("subject", "yp-100234", "--as", "Sam Jones", env=env)
    assert md.returncode == 0, md.stderr
    out = md.stdout
    assert out.startswith("# EFRP subject access: YP-100234")
    assert named.ref in out and other.ref in out and declined.ref in out and unrelated.ref not in out
    assert "Check on YP-100234 weekly" in out and "Not extra-familial" in out
    assert "[click](javascript:" not in out and "<b>" not in out and "![x](" not in out  # text, escaped
    assert r"\[click\](javascript:" in out

    html = run_efrp("subject", "YP-100234", "--format", "html", "--as", "Sam Jones", env=env)
    assert html.returncode == 0, html.stderr
    assert "&lt;b&gt;bold&lt;/b&gt;" in html.stdout and "<b>bold" not in html.stdout
    assert html.stdout.count('<section class="context">') == 2

    with session_scope(bot.deps.engine) as s:
        events = list(s.exec(select(AuditEvent).where(AuditEvent.actor == "cli:Sam Jones")))
    assert sorted({(e.action, e.ref) for e in events}) == sorted(
        {
            ("context.exported", named.ref),
            ("context.exported", other.ref),
            ("referral.exported", declined.ref),
        }
    )
    assert all(e.detail["subject_access"] for e in events)
    assert "YP-100234" not in str([(e.ref, e.detail) for e in events])  # the audit never holds it


def test_a_mistyped_reference_is_corrected_everywhere_and_audited(
    bot: LocalBot, standin: SlackStandin, database_url: str, clock: ManualClock
) -> None:
    named, other, _, declined = _records(bot, clock)
    env = bot_env(standin, database_url)
    bad = run_efrp("subject", "YP-100234", "--replace", "Jayden", "--as", "Sam Jones", env=env)
    assert bad.returncode == 1 and "case-reference format" in bad.stderr and "Jayden" not in bad.stderr

    fixed = run_efrp("subject", "YP-100234", "--replace", "YP-100999", "--as", "Sam Jones", env=env)
    assert fixed.returncode == 0, fixed.stderr
    assert "corrected in 4 record(s)" in fixed.stdout  # three referrals' young people, and one goal
    with session_scope(bot.deps.engine) as s:
        people = {r.ref: r.young_people for r in s.exec(select(Referral))}
        corrected = list(s.exec(select(AuditEvent).where(AuditEvent.action == "case_reference.corrected")))
    assert people[declined.ref] == ["CS123456", "YP-100999"]
    assert "YP-100234" not in str(people)
    assert {e.record_type for e in corrected} == {"referral", "safety_goal"}
    assert all(e.actor == "cli:Sam Jones" for e in corrected)
    assert "YP-100" not in str([e.detail for e in corrected])

    gone = run_efrp("subject", "YP-100234", "--as", "Sam Jones", env=env)
    assert "0 referral(s) not in a context, and 0 context record(s)" in gone.stdout
    found = run_efrp("subject", "YP-100999", "--as", "Sam Jones", env=env)
    assert (
        named.ref in found.stdout
        and other.ref in found.stdout
        and "Check on YP-100999 weekly" in found.stdout
    )
