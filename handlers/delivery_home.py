"""Publishing a person's App Home: skipped when a later Home owed to them will be delivered anyway."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from slack_sdk import WebClient
from sqlalchemy.engine import Engine

from storage import outbox
from storage.db import session_scope
from storage.outbox import OutboxMessage


def publish_home(
    client: WebClient, engine: Engine, row: OutboxMessage, payload: Callable[[OutboxMessage], dict[str, Any]]
) -> tuple[str | None, str | None]:
    """views.publish of the Home this row owes, unless a later row owes it too (after a retry, say)."""
    # A later Home row was claimed after this one was owed, so it is built from a record at least as new:
    # publishing this one as well would only show the same tab twice.
    with session_scope(engine) as session:
        later = outbox.superseded(session=session, row=row)
    if not later:
        client.views_publish(user_id=row.channel, view=payload(row)["view"])
    return row.channel, None
