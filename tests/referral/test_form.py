"""`/efh-refer`: the form's shape within Slack's limits, field refusals, one referral per form."""

from __future__ import annotations

import copy
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

from sqlmodel import select

from bot.domain import catalogue
from bot.domain.enums import Level
from bot.referrals.forms import INDICATOR_FIELDS
from bot.standin.harness import PANEL, TEACHER, LocalBot
from bot.standin.limits import check_view
from bot.standin.server import SlackStandin
from handlers.referrals.ids import COMMAND, Callback, FormField
from storage.contexts import Assessment
from storage.db import session_scope
from tests.referral.helpers import GOOD, audit_actions, open_form, refer, referrals, settle, submit


def _inputs(view: dict) -> dict[str, dict]:  # type: ignore[type-arg]
    return {b["block_id"]: b for b in view["blocks"] if b["type"] == "input"}


def test_command_acks_at_once_and_opens_the_form_with_the_name_given(
    bot: LocalBot, standin: SlackStandin
) -> None:
    reply = bot.driver().command(TEACHER.id, COMMAND, "Stairwell, block C")
    assert reply.status == 200 and reply.body == ""
    settle(bot)
    view = standin.open_view(TEACHER.id)
    assert view is not None and view["callback_id"] == Callback.REFER
    assert _inputs(view)[FormField.NAME]["element"]["initial_value"] == "Stairwell, block C"
    assert not standin.messages_in(PANEL)


def test_form_offers_every_indicator_grouped_within_slacks_limits(
    bot: LocalBot, standin: SlackStandin
) -> None:
    view = open_form(bot, standin)
    assert check_view(view) == []
    assert (
        len(view["blocks"]) <= 100 and len(view["title"]["text"]) <= 24 and len(view["submit"]["text"]) <= 24
    )
    inputs = _inputs(view)
    offered: list[str] = []
    for level, field in INDICATOR_FIELDS.items():
        element = inputs[field]["element"]
        assert element["type"] == "multi_static_select" and inputs[field]["optional"] is True
        options = [o for g in element["option_groups"] for o in g["options"]]
        assert 0 < len(options) <= 100 and len(element["option_groups"]) <= 100
        assert all(len(g["label"]["text"]) <= 75 for g in element["option_groups"])
        assert all(len(o["text"]["text"]) <= 75 and len(o["value"]) <= 150 for o in options)
        assert {catalogue.get(o["value"]).level for o in options} == {level}  # type: ignore[union-attr]
        offered += [o["value"] for o in options]
    assert sorted(offered) == sorted(i.id for i in catalogue.all_indicators())
    assert len(offered) == len(set(offered)) == 73
    urgency = [o["text"]["text"] for o in inputs[FormField.URGENCY]["element"]["options"]]
    assert [u.split(":")[0] for u in urgency] == ["Red", "Amber", "Green"] and all(
        len(u) > 20 for u in urgency
    )
    basis = [o["value"] for o in inputs[FormField.SHARING_BASIS]["element"]["options"]]
    assert basis == ["consent", "safeguarding"]
    assert len(inputs[FormField.KIND]["element"]["options"]) == 5
    assert all(
        b["element"].get("max_length", 0) <= 3000
        for b in inputs.values()
        if b["element"]["type"] == "plain_text_input"
    )


def test_an_empty_form_is_refused_field_by_field_and_nothing_is_stored(
    bot: LocalBot, standin: SlackStandin
) -> None:
    view = open_form(bot, standin)
    reply = bot.driver().submit(TEACHER.id, view, {})
    settle(bot)
    answer = reply.json()
    assert answer["response_action"] == "errors"
    assert set(answer["errors"]) == {
        FormField.KIND,
        FormField.NAME,
        FormField.AREA,
        FormField.DESCRIPTION,
        FormField.CONCERNS,
        FormField.INDICATORS_UP,
        FormField.HARM_TYPES,
        FormField.AGENCY,
        FormField.URGENCY,
        FormField.SHARING_BASIS,
    }
    assert referrals(bot) == [] and audit_actions(bot) == []
    assert standin.messages_in(PANEL) == [] and standin.dms_to(TEACHER.id) == []


def test_sharing_without_consent_needs_a_reason_but_consent_does_not(
    bot: LocalBot, standin: SlackStandin
) -> None:
    view = open_form(bot, standin)
    reply = submit(bot, TEACHER.id, view, sharing_reason=None)
    assert list(reply.json()["errors"]) == [FormField.SHARING_REASON]
    assert "DPA 2018" in reply.json()["errors"][FormField.SHARING_REASON]
    assert referrals(bot) == []
    reply = submit(bot, TEACHER.id, view, sharing_reason=None, sharing_basis="consent")
    assert reply.json() == {}
    assert len(referrals(bot)) == 1


def test_young_people_only_as_case_references(bot: LocalBot, standin: SlackStandin) -> None:
    view = open_form(bot, standin)
    refused = {
        "Jayden Smith": "looks like a name",
        "YP-104233, Amara": "looks like a name",
        "YP-104233 12/03/2011": "date of birth",
        "born 2011-03-12": "date of birth",
        "3rd March 2011": "date of birth",
        "YP-12": "not a case-system reference",
        "<@U123>": "not a case-system reference",
        "03042011": "date of birth",
        "AMY-03042011": "not a case-system reference",
        "TOM2011": "not a case-system reference",
        "MOLL-20110403": "not a case-system reference",
        "KYLE-12345": "not a case-system reference",
        "YP-104233, 0045512": "not a case-system reference",
    }
    for text, why in refused.items():
        reply = submit(bot, TEACHER.id, view, young_people=text)
        errors = reply.json()["errors"]
        assert list(errors) == [FormField.YOUNG_PEOPLE], text
        assert why in errors[FormField.YOUNG_PEOPLE], (text, errors)
    assert referrals(bot) == [] and standin.messages_in(PANEL) == []
    reply = submit(bot, TEACHER.id, view, young_people="yp-104233  cs123456;YP-104233,CS123456")
    assert reply.json() == {}
    assert referrals(bot)[0].young_people == ["YP-104233", "CS123456"]


def test_young_people_take_the_councils_own_reference_format(
    make_bot: Callable[..., LocalBot], standin: SlackStandin
) -> None:
    bot = make_bot(EFRP_CASE_REF_PATTERN=r"[0-9]{7}")
    view = open_form(bot, standin)
    reply = submit(bot, TEACHER.id, view, young_people="YP-104233")
    assert "not a case-system reference" in reply.json()["errors"][FormField.YOUNG_PEOPLE]
    reply = submit(bot, TEACHER.id, view, young_people="0045512, 0045513")
    assert reply.json() == {}
    assert referrals(bot)[0].young_people == ["0045512", "0045513"]


def test_over_long_and_unknown_values_are_refused(bot: LocalBot, standin: SlackStandin) -> None:
    view = open_form(bot, standin)
    reply = submit(bot, TEACHER.id, view, name="x" * 201, agency="y" * 121, description="z" * 3001)
    assert set(reply.json()["errors"]) == {FormField.NAME, FormField.AGENCY, FormField.DESCRIPTION}
    reply = submit(bot, TEACHER.id, view, indicators_up=[], indicators_protective=[])
    assert list(reply.json()["errors"]) == [FormField.INDICATORS_UP]
    assert "at least one indicator" in reply.json()["errors"][FormField.INDICATORS_UP]
    forged = copy.deepcopy(view)  # a tampered payload: values the form never offered
    for block in forged["blocks"]:
        if block.get("block_id") == FormField.INDICATORS_UP:
            block["element"]["option_groups"][0]["options"] += [
                {"text": {"type": "plain_text", "text": "x"}, "value": "C-B-01"},
                {"text": {"type": "plain_text", "text": "y"}, "value": "ZZ-9"},
            ]
        if block.get("block_id") == FormField.URGENCY:
            block["element"]["options"].append(
                {"text": {"type": "plain_text", "text": "z"}, "value": "purple"}
            )
    for picked in (["C-B-01"], ["ZZ-9"]):
        reply = submit(bot, TEACHER.id, forged, indicators_up=picked, urgency="purple")
        assert set(reply.json()["errors"]) == {FormField.INDICATORS_UP, FormField.URGENCY}
    assert referrals(bot) == [] and standin.messages_in(PANEL) == []


def test_a_valid_referral_gets_a_reference_a_baseline_a_panel_post_and_a_receipt(
    bot: LocalBot, standin: SlackStandin
) -> None:
    post = refer(bot, standin)
    [referral] = referrals(bot)
    assert referral.ref == "EFRP-2026-0001" and referral.status == "submitted"
    assert referral.suggested_level == Level.UNIVERSAL_PLUS
    assert referral.indicator_ids == ["U-RA-02", "UP-B-04", "UP-RA-04"]
    with session_scope(bot.deps.engine) as s:
        [baseline] = s.exec(select(Assessment)).all()
    assert (baseline.source, baseline.referral_id, baseline.context_id) == ("referral", referral.id, None)
    assert baseline.indicator_ids == referral.indicator_ids and baseline.level == "universal_plus"
    assert baseline.catalogue_version == catalogue.CATALOGUE_VERSION
    assert post.channel == PANEL and "EFRP-2026-0001" in post.blocks[0]["text"]["text"]  # type: ignore[index]
    [dm] = standin.dms_to(TEACHER.id)
    assert "EFRP-2026-0001" in dm.text
    assert audit_actions(bot) == ["referral.submitted"]
    second = refer(bot, standin, name="Chicken shop, Mare Street")
    assert second.ts != post.ts and referrals(bot)[1].ref == "EFRP-2026-0002"


def test_the_same_form_submitted_twice_stores_one_referral(bot: LocalBot, standin: SlackStandin) -> None:
    view = open_form(bot, standin)
    assert submit(bot, TEACHER.id, view).json() == {}
    assert submit(bot, TEACHER.id, view).json() == {}
    assert len(referrals(bot)) == 1
    assert len(standin.messages_in(PANEL)) == 1 and len(standin.dms_to(TEACHER.id)) == 1
    assert audit_actions(bot) == ["referral.submitted"]


def test_concurrent_double_submission_stores_one_referral(bot: LocalBot, standin: SlackStandin) -> None:
    view = open_form(bot, standin)
    values = {str(k): v for k, v in GOOD.items()}
    driver = bot.driver()
    with ThreadPoolExecutor(6) as pool:
        replies = list(pool.map(lambda _: driver.submit(TEACHER.id, view, values), range(6)))
    settle(bot)
    assert [r.status for r in replies] == [200] * 6
    assert len(referrals(bot)) == 1
    assert len(standin.messages_in(PANEL)) == 1 and len(standin.dms_to(TEACHER.id)) == 1
    assert audit_actions(bot) == ["referral.submitted"]
