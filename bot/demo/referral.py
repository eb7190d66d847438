"""Demo stage: a teacher refers a stairwell, a coordinator screens it, a second referral joins the context."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from bot.demo.scene import Demo
from bot.standin.harness import COORDINATOR, OUTSIDER, PANEL, POLICE, TEACHER, YOUTH, Person
from bot.standin.server import Message
from handlers.referrals.ids import COMMAND, Button, FormField, ScreenField
from storage.contexts import get_context
from storage.db import session_scope
from storage.referrals import find_by_view

STAIRWELL: dict[str, Any] = {
    FormField.KIND: "public_space",
    FormField.AREA: "Fields Estate, Hackney E8 (block C, ground to 3rd floor)",
    FormField.DESCRIPTION: (
        "Since half-term a group of 6-8 pupils from Years 9-10 gather in the block C stairwell after school. "
        "Two adults who are not residents sell cannabis there most afternoons and have been seen giving the "
        "younger ones small packages to carry to the bus stop."
    ),
    FormField.CONCERNS: (
        "Pupils are being drawn into running packages (possible criminal exploitation). The stairwell lights "
        "are broken and the door entry system is propped open; residents say they no longer challenge anyone."
    ),
    FormField.INDICATORS_UP: ["UP-B-04", "UP-RA-04", "UP-S-06"],
    FormField.INDICATORS_COMPLEX: ["C-B-20"],
    FormField.INDICATORS_PROTECTIVE: ["U-RA-04"],
    FormField.HARM_TYPES: ["cce", "substance"],
    FormField.YOUNG_PEOPLE: "YP-104233, YP-104871, CS230419",
    FormField.AGENCY: "Education (Hackney Wick Academy, DSL)",
    FormField.URGENCY: "amber",
    FormField.SHARING_BASIS: "safeguarding",
    FormField.SHARING_REASON: (
        "Seeking consent from families could alert the adults involved and put the pupils at greater risk."
    ),
}

BIKE_STORE: dict[str, Any] = {
    **STAIRWELL,
    FormField.DESCRIPTION: (
        "Youth club staff hear that the block C stairwell and the bike store next to it "
        "are where older males meet younger boys after 6pm."
    ),
    FormField.CONCERNS: "Boys from our Tuesday session say they are offered money to 'hold' things.",
    FormField.INDICATORS_UP: ["UP-B-04", "UP-S-06"],
    FormField.INDICATORS_COMPLEX: [],
    FormField.INDICATORS_PROTECTIVE: ["U-B-03"],
    FormField.HARM_TYPES: ["cce"],
    FormField.YOUNG_PEOPLE: "YP-104233, YP-110052",
    FormField.AGENCY: "Youth service",
    FormField.URGENCY: "green",
    FormField.SHARING_BASIS: "consent",
    FormField.SHARING_REASON: "",
}

GROUP_CHAT: dict[str, Any] = {
    FormField.KIND: "online",
    FormField.AREA: "A Snapchat group shared between two schools",
    FormField.DESCRIPTION: "One unkind post about a pupil was shared in a class group chat last week.",
    FormField.CONCERNS: "A single incident; the school has already spoken to the pupils involved.",
    FormField.INDICATORS_UP: ["UP-B-03"],
    FormField.HARM_TYPES: ["online"],
    FormField.AGENCY: "Police (Safer Schools officer)",
    FormField.URGENCY: "green",
    FormField.SHARING_BASIS: "consent",
}


def _refer(demo: Demo, person: Person, name: str, answers: dict[str, Any]) -> Message:
    demo.narrate(f"{person.name} types `{COMMAND} {name}`; the form opens at once with the name filled in.")
    demo.driver.command(person.id, COMMAND, name)
    view = demo.show_view(person.id) if person is TEACHER else _quiet_view(demo, person)
    values = {str(k): v for k, v in answers.items() if v not in ("", [], None)} | {FormField.NAME: name}
    demo.driver.submit(person.id, view, values)
    demo.state["last_referral_view"] = str(view["id"])
    demo.show_new()
    return [m for m in demo.standin.messages_in(PANEL) if m.thread_ts is None][-1]


def _quiet_view(demo: Demo, person: Person) -> dict[str, Any]:
    demo.settle()
    view = demo.standin.open_view(person.id)
    assert view is not None
    return view


def _screen(demo: Demo, post: Message, button: str, values: dict[str, Any]) -> None:
    demo.driver.click(COORDINATOR.id, post, button)
    view = demo.show_view(COORDINATOR.id)
    demo.driver.submit(COORDINATOR.id, view, values)
    demo.show_new()


def run(demo: Demo) -> None:
    """Refer, refuse an outsider, ask and answer, accept, join a second referral, decline a third."""
    post = _first_referral(demo)
    first_view_id = demo.state["last_referral_view"]
    _outsider(demo, post)
    _question(demo, post)
    _accept(demo, post, first_view_id)
    _second_referral(demo)
    _declined(demo)


def _first_referral(demo: Demo) -> Message:
    """A designated safeguarding lead refers the stairwell; returns the panel post."""
    demo.stage("Referral: a designated safeguarding lead refers a stairwell")
    return _refer(demo, TEACHER, "Stairwell, block C, Fields Estate", STAIRWELL)


def _outsider(demo: Demo, post: Message) -> None:
    """Someone who is not a coordinator tries to accept and is refused."""
    demo.narrate(
        f"{OUTSIDER.name} sees the post forwarded to them and clicks Accept: only coordinators screen."
    )
    demo.driver.click(OUTSIDER.id, post, Button.ACCEPT)
    demo.show_new()


def _question(demo: Demo, post: Message) -> None:
    """The coordinator asks the referrer a question, and the referrer answers it."""
    demo.advance(timedelta(hours=1, minutes=15))
    demo.stage("Screening: the coordinator asks the referrer a question")
    _screen(
        demo,
        post,
        Button.ASK,
        {
            ScreenField.QUESTION: "Which days and times are the adults there? "
            "Has anyone reported the broken lights and door to Housing?"
        },
    )
    question = demo.standin.dms_to(TEACHER.id)[-1]
    demo.advance(timedelta(hours=3))
    demo.narrate(f"{TEACHER.name} clicks Answer in the direct message.")
    demo.driver.click(TEACHER.id, question, Button.ANSWER)
    view = demo.show_view(TEACHER.id)
    demo.driver.submit(
        TEACHER.id,
        view,
        {
            ScreenField.ANSWER: (
                "Mostly Monday to Thursday, 15:30-17:30. I reported the lights to the housing officer "
                "on 16 November; "
                "no repair date yet."
            )
        },
    )
    demo.show_new()


def _accept(demo: Demo, post: Message, first_view_id: str) -> None:
    """The coordinator accepts the referral as a new context, remembered for the later stages."""
    demo.advance(timedelta(minutes=40))
    demo.stage("Screening: the coordinator accepts; a new context goes on the next agenda")
    _screen(demo, post, Button.ACCEPT, {ScreenField.TARGET: "new"})
    demo.show_edits(post.ts)
    with session_scope(demo.bot.deps.engine) as s:
        referral = find_by_view(session=s, view_id=first_view_id)
        context = (
            get_context(session=s, context_id=referral.context_id)
            if referral and referral.context_id
            else None
        )
    assert context is not None
    demo.state["context_ref"] = context.ref
    demo.state["context_id"] = context.id
    demo.state["referral_post_ts"] = post.ts


def _second_referral(demo: Demo) -> None:
    """A second referral about the same place joins the open context."""
    demo.advance(timedelta(days=1))
    demo.stage("A second referral about the same place joins the open context")
    second = _refer(demo, YOUTH, "Fields Estate block C stairwell and bike store", BIKE_STORE)
    demo.driver.click(COORDINATOR.id, second, Button.ACCEPT)
    view = demo.show_view(COORDINATOR.id)
    joins = [o["value"] for o in view["blocks"][1]["element"]["options"] if o["value"] != "new"]
    demo.narrate("The bot offers the open context with a similar name; the coordinator joins it.")
    if "is also linked to" in str(view["blocks"]):
        demo.narrate(
            "A link found at screening: a young person named here is already linked to that context, "
            "shown to the coordinator only (panel members see it in Details and on the record too)."
        )
    demo.driver.submit(COORDINATOR.id, view, {ScreenField.TARGET: joins[0]})
    demo.show_new()
    demo.show_edits(second.ts)
    demo.state["second_referral_ts"] = second.ts
    demo.state["second_referral_view"] = demo.state["last_referral_view"]


def _declined(demo: Demo) -> None:
    """A third referral is declined, with signposting."""
    demo.advance(timedelta(hours=2))
    demo.stage("A referral that the panel declines, with signposting")
    third = _refer(demo, POLICE, "Year 8 class group chat", GROUP_CHAT)
    _screen(
        demo,
        third,
        Button.DECLINE,
        {
            ScreenField.DECLINE_REASON: "A single incident that the school has already addressed; "
            "no pattern of "
            "harm in the group at present.",
            ScreenField.SIGNPOSTED_TO: "The school's DSL and the online safety lead; re-refer if it recurs.",
        },
    )
    demo.show_edits(third.ts)
