"""Invented contexts tied together by shared case references, for the links tests."""

from __future__ import annotations

from datetime import datetime

from dateutil.relativedelta import relativedelta
from sqlalchemy import Engine
from sqlmodel import select

from storage.contexts import Context
from storage.db import session_scope
from storage.referrals import Referral
from tests.factories import make_context


def with_people(engine: Engine, ctx: Context, people: list[str]) -> Context:
    """Give the referral behind a factory context these case references."""
    with session_scope(engine) as s:
        referral = s.exec(select(Referral).where(Referral.context_id == ctx.id)).one()
        referral.young_people = people
        s.add(referral)
    return ctx


def closed(engine: Engine, now: datetime, name: str, months_ago: int, **fields: object) -> Context:
    """A context closed as safer a number of months (and a day) ago."""
    at = now - relativedelta(months=months_ago, days=1)
    return make_context(engine, now=at, name=name, state="closed", closed_at=at, outcome="safer", **fields)
