"""The Slack messages owed about actions and reminders, rendered from their facts at delivery."""

from __future__ import annotations

from typing import Any

from jinja2 import Environment

from bot.core.owed import as_date, as_datetime
from bot.core.templating import render
from bot.domain.enums import ActionKind, ActionTarget
from handlers import blocks, metadata
from handlers.actions.views import action_buttons, coordinator_buttons, extension_buttons
from handlers.meetings.ids import AssignedButton, Button
from handlers.render import Renderer
from handlers.reviews.views import review_button

REVIEW_BUTTONS = 20  # Start review buttons on one reviews-due notice; the rest from `/efh review REF`


def _text_message(text: str, extra: list[blocks.Block] | None = None) -> dict[str, Any]:
    return blocks.message(text, [*blocks.sections(text), *(extra or [])])


def _with_dates(facts: dict[str, Any], *names: str, drop: tuple[str, ...] = ()) -> dict[str, Any]:
    kept = {k: v for k, v in facts.items() if k not in drop}
    return {**kept, **{n: as_date(facts.get(n)) for n in names}}


def done_panel(facts: dict[str, Any], jinja: Environment) -> dict[str, Any]:
    """An action marked done, in the context's panel thread."""
    return _text_message(render(jinja, "action_done_panel.j2", **facts))


def update_panel(facts: dict[str, Any], jinja: Environment) -> dict[str, Any]:
    """An owner's progress update, in the context's panel thread."""
    return _text_message(render(jinja, "action_update_panel.j2", **_with_dates(facts, "due_on")))


def extension_panel(facts: dict[str, Any], jinja: Environment) -> dict[str, Any]:
    """A request for more time, with Approve/Decline while it is pending."""
    shown = _with_dates(facts, "due_on", "proposed", drop=("extension_id",))
    text = render(jinja, "action_extension_panel.j2", **shown)
    extra = [extension_buttons(int(facts["extension_id"]))] if facts.get("state") == "pending" else []
    return _text_message(text, extra)


def extension_decided_dm(facts: dict[str, Any], jinja: Environment) -> dict[str, Any]:
    """The owner told what became of their request for more time."""
    return _text_message(render(jinja, "action_extension_decided_dm.j2", **_with_dates(facts, "due_on")))


def reminder_dm(facts: dict[str, Any], jinja: Environment) -> dict[str, Any]:
    """A reminder to an owner, with the buttons to act on the action."""
    shown = _with_dates(facts, "due_on", drop=("action_id", "reminder_kind"))
    text = render(jinja, "reminder_dm.j2", kind=facts["reminder_kind"], **shown)
    return _text_message(text, action_buttons(int(facts["action_id"])))


DIGEST_ITEM_CHARS = (
    300  # of a description, in a digest: several actions with buttons stay within Slack's size
)


def reminder_digest(facts: dict[str, Any], jinja: Environment) -> dict[str, Any]:
    """One owner's reminders of a sweep: each action with its buttons; one action reads as before."""
    items, total = facts["items"], facts["total"]
    if total == 1 and len(items) == 1:
        return reminder_dm(items[0], jinja)
    overdue = sum(1 for i in items if i["reminder_kind"] == "overdue")
    head = render(jinja, "reminder_digest.j2", total=total, overdue=overdue)
    body: list[blocks.Block] = [blocks.section(head)]
    for item in items:
        text = render(
            jinja,
            "reminder_digest_item.j2",
            kind=item["reminder_kind"],
            due_on=as_date(item["due_on"]),
            days=item["days"],
            ref=item["ref"],
            description=str(item["description"])[:DIGEST_ITEM_CHARS],
        )
        body += [blocks.section(text), *action_buttons(int(item["action_id"]))]
    if total > len(items):
        body.append(blocks.context(f"…and {total - len(items)} more: your App Home lists them all."))
    return blocks.message(f"{total} of your EFRP actions need attention", body)


def _listing(template: str, date_field: str) -> Renderer:
    def listing(facts: dict[str, Any], jinja: Environment) -> dict[str, Any]:
        items = [_with_dates(item, date_field) for item in facts["items"]]
        text = render(jinja, template, **{**facts, "items": items})
        if facts["total"] > len(items):
            text += f"\n…and {facts['total'] - len(items)} more (see the App Home)."
        return _text_message(text, _review_buttons(items))

    return listing


def _review_buttons(items: list[dict[str, Any]]) -> list[blocks.Block]:
    """Start review for each context listed as due (coordinators; an older notice has no context IDs)."""
    buttons = [
        review_button(int(it["context_id"]), f"Start review: {it['ref']}")
        for it in items[:REVIEW_BUTTONS]
        if it.get("context_id")
    ]
    return [blocks.actions(buttons, block_id="reviews-due-start")] if buttons else []


def owner_gone(facts: dict[str, Any], jinja: Environment) -> dict[str, Any]:
    """The coordinators told that an action's owner can no longer be reached: Reassign or Withdraw it."""
    text = render(jinja, "reminder_owner_gone.j2", **_with_dates(facts, "due_on", drop=("action_id",)))
    action_id = facts.get("action_id")
    return _text_message(text, [coordinator_buttons(int(action_id))] if action_id else None)


def reassigned_dm(facts: dict[str, Any], jinja: Environment) -> dict[str, Any]:
    """The owner an action was taken from, told who has it now."""
    return _text_message(render(jinja, "action_reassigned_dm.j2", **_with_dates(facts, "due_on")))


def withdrawn_dm(facts: dict[str, Any], jinja: Environment) -> dict[str, Any]:
    """The owner told their action was withdrawn, and why."""
    return _text_message(render(jinja, "action_withdrawn_dm.j2", **_with_dates(facts, "due_on")))


ITEM_CHARS = (
    500  # an action's description in a DM listing several: the whole message stays within Slack's size
)


def _assigned_item(item: dict[str, Any], jinja: Environment, clip: int | None) -> list[blocks.Block]:
    """One action in an owner's assignment DM: what, when, which agency; Accept / Not mine until answered."""
    action_id = int(item["action_id"])
    text = render(
        jinja,
        "actions_assigned_item.j2",
        description=str(item["description"])[:clip] if clip else item["description"],
        due_on=as_date(item["due_on"]),
        agency=item["agency"],
        kind=ActionKind(item["action_kind"]),
        target=ActionTarget(item["target"]),
        accepted_at=as_datetime(item["accepted_at"]),
        disowned_at=as_datetime(item["disowned_at"]),
        state=item.get("state", "open"),
    )
    out = [blocks.section(text, block_id=f"assigned-{action_id}")]
    if _waiting(item):
        value = metadata.dump(AssignedButton(action_id=action_id))
        buttons = [
            blocks.button("Accept", Button.ACCEPT_ACTION, value, style="primary"),
            blocks.button("Not mine", Button.NOT_MINE, value),
        ]
        out.append(blocks.actions(buttons, block_id=f"assigned-buttons-{action_id}"))
    return out


def _waiting(item: dict[str, Any]) -> bool:
    return item.get("state", "open") == "open" and not item["accepted_at"] and not item["disowned_at"]


def assigned_dm(facts: dict[str, Any], jinja: Environment) -> dict[str, Any]:
    """One owner's new actions (a decision's, or one reassigned to them), each answered on its own."""
    items = facts["items"]
    waiting = any(_waiting(i) for i in items)
    head = render(jinja, "actions_assigned_dm.j2", **{**facts, "waiting": waiting})
    body: list[blocks.Block] = [blocks.section(head)]
    for item in items:
        body += _assigned_item(item, jinja, ITEM_CHARS if len(items) > 1 else None)
    word = "action" if len(items) == 1 else f"{len(items)} actions"
    return blocks.message(f"New EFRP {word} on {facts['ref']}", body)


RENDERERS: dict[str, Renderer] = {
    "actions.assigned_dm": assigned_dm,
    "actions.done_panel": done_panel,
    "actions.update_panel": update_panel,
    "actions.extension_panel": extension_panel,
    "actions.extension_decided_dm": extension_decided_dm,
    "reminders.dm": reminder_dm,
    "reminders.digest": reminder_digest,
    "reminders.escalation": _listing("reminder_escalation.j2", "due_on"),
    "reminders.reviews_due": _listing("reminder_reviews.j2", "review_on"),
    "reminders.owner_gone": owner_gone,
    "actions.reassigned_dm": reassigned_dm,
    "actions.withdrawn_dm": withdrawn_dm,
}
