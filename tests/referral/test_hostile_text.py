"""Hostile text in every field that lands in a message or modal: escaped, never a ping, mention or link."""

from __future__ import annotations

import re

from bot.standin.harness import COORDINATOR, PANEL, PEOPLE, TEACHER, LocalBot
from bot.standin.limits import check_blocks, check_view
from bot.standin.server import Message, SlackStandin
from handlers.referrals.ids import Button, ScreenField
from tests.referral.helpers import fresh, message_text, refer, settle

HOSTILE = "<!channel> <!here> <!everyone> <@U123> <https://evil|click> &<> 🚨 مرحبا بالعالم "
KNOWN_USERS = {p.id for p in PEOPLE}
_ENTITY = re.compile(r"<([^>]*)>")


def _long(limit: int) -> str:
    return (HOSTILE * (limit // len(HOSTILE) + 1))[:limit]


def assert_safe(text: str) -> None:
    """Only entities the bot made itself: mentions of real members and dates."""
    for entity in _ENTITY.findall(text):
        assert entity.startswith("!date^") or (entity[1:] in KNOWN_USERS and entity[0] == "@"), entity
    for raw in ("<!channel>", "<!here>", "<!everyone>", "<@U123>", "<https://evil"):
        assert raw not in text


def _sections(view: dict) -> str:  # type: ignore[type-arg]
    return "\n".join(b["text"]["text"] for b in view["blocks"] if b["type"] in ("section",) and "text" in b)


def test_hostile_text_in_every_field_is_escaped_everywhere(bot: LocalBot, standin: SlackStandin) -> None:
    post = refer(
        bot,
        standin,
        name=_long(200),
        area=_long(200),
        description=_long(3000),
        concerns=_long(3000),
        agency=_long(120),
        sharing_reason=_long(3000),
    )
    panel_text = message_text(post)
    assert_safe(panel_text)
    assert "&lt;!channel&gt;" in panel_text and "&lt;@U123&gt;" in panel_text
    assert "&lt;https://evil|click&gt;" in panel_text and "&amp;&lt;&gt;" in panel_text
    assert "🚨" in panel_text and "مرحبا بالعالم" in panel_text
    assert check_blocks(post.blocks, surface="message") == []
    assert post.blocks[-1]["type"] == "actions"  # the buttons survive however long the text  # type: ignore[index]
    receipt = standin.dms_to(TEACHER.id)[-1]
    assert_safe(message_text(receipt))
    assert "&lt;!channel&gt;" in message_text(receipt)

    driver = bot.driver()
    for button in (Button.ACCEPT, Button.DECLINE, Button.ASK):  # every screening modal shows the referral
        driver.click(COORDINATOR.id, post, button)
        settle(bot)
        view = standin.open_view(COORDINATOR.id)
        assert view is not None and check_view(view) == []
        assert_safe(_sections(view))
        assert "&lt;!channel&gt;" in _sections(view)
    ask = standin.open_view(COORDINATOR.id)
    assert ask is not None
    assert driver.submit(COORDINATOR.id, ask, {ScreenField.QUESTION: _long(3000)}).json() == {}
    settle(bot)
    question_dm = standin.dms_to(TEACHER.id)[-1]
    driver.click(TEACHER.id, question_dm, Button.ANSWER)
    settle(bot)
    answer_form = standin.open_view(TEACHER.id)
    assert answer_form is not None and check_view(answer_form) == []
    assert_safe(_sections(answer_form))
    assert driver.submit(TEACHER.id, answer_form, {ScreenField.ANSWER: _long(3000)}).json() == {}
    settle(bot)
    driver.click(COORDINATOR.id, fresh(standin, post), Button.DECLINE)
    settle(bot)
    decline = standin.open_view(COORDINATOR.id)
    assert decline is not None
    assert (
        driver.submit(
            COORDINATOR.id,
            decline,
            {ScreenField.DECLINE_REASON: _long(3000), ScreenField.SIGNPOSTED_TO: _long(300)},
        ).json()
        == {}
    )
    settle(bot)

    everything: list[Message] = standin.messages_in(PANEL) + standin.dms_to(TEACHER.id)
    assert len(standin.messages_in(PANEL, thread_ts=post.ts)) == 2
    assert len(standin.dms_to(TEACHER.id)) == 3  # receipt, question (updated once answered), decline
    for message in everything:
        text = message_text(message)
        assert_safe(text)
        assert check_blocks(message.blocks, surface="message") == []
    declined = message_text(standin.dms_to(TEACHER.id)[-1])
    assert "&lt;!here&gt;" in declined and "&amp;&lt;&gt;" in declined
    final = message_text(fresh(standin, post))
    assert "*Declined*" in final and "&lt;!everyone&gt;" in final
    for call in standin.calls_to("chat.update") + standin.calls_to("chat.postMessage"):
        assert_safe(str(call.params.get("text", "")))
