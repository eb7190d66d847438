"""Names, dates of birth and home addresses in free text are refused on every form, over real HTTP: the form
stays open with a field error saying what was found and how to write it, and nothing is stored."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from sqlmodel import select

from bot.core.clock import ManualClock
from bot.standin.harness import COORDINATOR, PANEL, TEACHER, LocalBot
from bot.standin.server import SlackStandin
from handlers.actions.ids import ActionId
from handlers.meetings.ids import Button as MeetingButton
from handlers.meetings.ids import Field, row_field
from handlers.referrals.ids import Button, FormField, ScreenField
from storage.actions import ActionUpdate, ExtensionRequest
from storage.contexts import Context
from storage.db import session_scope
from storage.decisions import Decision
from storage.referrals import InfoRequest
from storage.reviews import Review
from tests.actions.helpers import context_with_action, swept, with_button
from tests.factories import make_context
from tests.meetings.helpers import agenda_message, decision_values, fitted, post_thursday_agenda
from tests.referral.helpers import open_form, refer, referrals, settle, snapshot, submit
from tests.reviews.conftest import Ready, open_review, review_values, summary_post
from tests.reviews.conftest import ready as ready  # the fixture: a context due for review

NAME = "Jayden Smith's group"
HOME = "home of Jayden Smith, 12 Acacia Ave"
DOB = "Seen with an older boy (DOB 03/04/2011)"


def _errors(reply: Any) -> dict[str, str]:
    body = reply.json()
    assert body.get("response_action") == "errors", body
    return dict(body["errors"])


def test_the_referral_form_refuses_names_dates_of_birth_and_addresses_in_every_text(
    bot: LocalBot, standin: SlackStandin
) -> None:
    view = open_form(bot, standin)
    reply = submit(bot, TEACHER.id, view, name=NAME, area=HOME, description=DOB, concerns="Born 2011.")
    errors = _errors(reply)
    assert set(errors) == {FormField.NAME, FormField.AREA, FormField.DESCRIPTION, FormField.CONCERNS}
    assert "full name (\u201cJayden Smith's\u201d)" in errors[FormField.NAME]
    assert "case reference, e.g. YP-100234" in errors[FormField.NAME]
    assert "home address (\u201c12 Acacia Ave\u201d)" in errors[FormField.AREA]
    assert "date of birth (\u201cDOB 03/04/2011" in errors[FormField.DESCRIPTION]
    assert "date of birth" in errors[FormField.CONCERNS]
    reply = submit(bot, TEACHER.id, view, agency="Ms Amara Okafor", sharing_reason="Flat 3, 4 Mill Road")
    assert set(_errors(reply)) == {FormField.AGENCY, FormField.SHARING_REASON}
    assert referrals(bot) == [] and standin.messages_in(PANEL) == []

    # Places and event dates are not personal data: the same form goes through.
    reply = submit(
        bot,
        TEACHER.id,
        view,
        name="St Mary's School gates and Victoria Park",
        area="London Fields, Mile End",
        description="Seen on 03/11/2026 near Burger King on the High Street and the skate park.",
        concerns="Year 9 pupils take the 254 bus to Westfield shopping centre after school.",
    )
    assert reply.json() == {}
    assert len(referrals(bot)) == 1


def test_screening_forms_refuse_personal_data(bot: LocalBot, standin: SlackStandin) -> None:
    post = refer(bot, standin)
    driver = bot.driver()
    before = snapshot(bot)
    driver.click(COORDINATOR.id, post, Button.DECLINE)
    settle(bot)
    decline = standin.open_view(COORDINATOR.id)
    assert decline is not None
    reply = driver.submit(
        COORDINATOR.id,
        decline,
        {ScreenField.DECLINE_REASON: NAME, ScreenField.SIGNPOSTED_TO: "Early help, 12 Acacia Ave"},
    )
    assert set(_errors(reply)) == {ScreenField.DECLINE_REASON, ScreenField.SIGNPOSTED_TO}

    driver.click(COORDINATOR.id, post, Button.ASK)
    settle(bot)
    ask = standin.open_view(COORDINATOR.id)
    assert ask is not None
    assert (
        "date of birth"
        in _errors(driver.submit(COORDINATOR.id, ask, {ScreenField.QUESTION: DOB}))[ScreenField.QUESTION]
    )
    assert snapshot(bot) == before

    assert driver.submit(COORDINATOR.id, ask, {ScreenField.QUESTION: "When are they there?"}).json() == {}
    settle(bot)
    driver.click(TEACHER.id, standin.dms_to(TEACHER.id)[-1], Button.ANSWER)
    settle(bot)
    answer = standin.open_view(TEACHER.id)
    assert answer is not None
    reply = driver.submit(TEACHER.id, answer, {ScreenField.ANSWER: "After school; Kyle McDonald drives them"})
    assert "full name" in _errors(reply)[ScreenField.ANSWER]
    with session_scope(bot.deps.engine) as s:
        assert [r.answer for r in s.exec(select(InfoRequest))] == [None]


def test_action_forms_refuse_personal_data(bot: LocalBot, standin: SlackStandin) -> None:
    _, action = context_with_action(bot, due_on=date(2026, 11, 26))
    swept(bot)
    owner = "UPOLICE001"
    driver = bot.driver()
    for button, field, text in (
        (ActionId.MARK_DONE, "note", "Visited 12 Acacia Ave with housing"),
        (ActionId.POST_UPDATE, "update", "Spoke to Amara Okafor's mother"),
        (ActionId.ASK_MORE_TIME, "reason", "Waiting for DOB checks"),
    ):
        driver.click(owner, with_button(standin.dms_to(owner), button), button)
        bot.settle()
        view = standin.open_view(owner)
        assert view is not None
        values = {field: text, "new_due": "2026-12-10"} if field == "reason" else {field: text}
        errors = _errors(driver.submit(owner, view, values))
        assert list(errors) == [field] and "This looks like a" in errors[field]
    with session_scope(bot.deps.engine) as s:
        assert list(s.exec(select(ActionUpdate).where(ActionUpdate.action_id == action.id))) == []
        assert list(s.exec(select(ExtensionRequest))) == []


def test_review_close_and_reopen_refuse_personal_data(
    bot: LocalBot, standin: SlackStandin, ready: Ready
) -> None:
    driver = bot.driver()
    view = open_review(bot, standin, ready.context.ref)
    reply = driver.submit(COORDINATOR.id, view, review_values(ready, indicators={}, narrative=HOME))
    assert "home address" in _errors(reply)["review_narrative"]
    good = review_values(ready, indicators={"universal": ["U-RA-02"]}, narrative="Safer since the lights.")
    driver.submit(COORDINATOR.id, view, good)  # stored (drawing its chart may take a loaded machine > 3 s)
    bot.settle()
    with session_scope(bot.deps.engine) as s:
        assert [r.narrative for r in s.exec(select(Review))] == ["Safer since the lights."]

    driver.click(COORDINATOR.id, summary_post(standin), "review_close")
    bot.settle()
    close = standin.open_view(COORDINATOR.id)
    assert close is not None
    reply = driver.submit(COORDINATOR.id, close, {"review_outcome": "safer", "review_reason": DOB})
    assert "date of birth" in _errors(reply)["review_reason"]
    closing = {"review_outcome": "safer", "review_reason": "Safe now."}
    assert driver.submit(COORDINATOR.id, close, closing).json() == {}
    bot.settle()

    driver.command(COORDINATOR.id, "/efh", f"reopen {ready.context.ref} Jayden Smith was seen there again")
    bot.settle()
    refusal = standin.state.responses[-1]
    assert "full name" in str(refusal.get("text"))
    with session_scope(bot.deps.engine) as s:
        ctx = s.get(Context, ready.context.id)
        assert ctx is not None and ctx.state == "closed"
        assert [r.narrative for r in s.exec(select(Review))] == ["Safer since the lights."]


def test_the_decision_form_refuses_personal_data_in_goals_and_actions(
    make_bot: Callable[..., LocalBot], standin: SlackStandin, clock: ManualClock
) -> None:
    bot = make_bot(EFRP_MEETING_SCHEDULE="THU 10:00", EFRP_MEETING_LOCATION="Room 2")
    make_context(bot.deps.engine, now=clock.now() - timedelta(days=3))
    post_thursday_agenda(bot, clock)
    driver = bot.driver()
    driver.click(COORDINATOR.id, agenda_message(standin), MeetingButton.RECORD_DECISION)
    bot.settle()
    view = standin.open_view(COORDINATOR.id)
    assert view is not None
    values = decision_values(rows=1)
    values[Field.GOALS] = "Jayden Smith stops going to the flat"
    values[row_field(Field.WHAT, 1)] = "Visit Flat 3, 4 Mill Road"
    errors = _errors(driver.submit(COORDINATOR.id, view, fitted(view, values)))
    assert set(errors) == {Field.GOALS, row_field(Field.WHAT, 1)}
    with session_scope(bot.deps.engine) as s:
        assert list(s.exec(select(Decision))) == []
