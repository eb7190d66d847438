"""Legal holds: a context (or a declined referral) that nothing may purge until a coordinator releases it."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Text, delete
from sqlmodel import Column, Field, Session, SQLModel, col, select

from storage.actions import insert_ignore
from storage.types import utc_field


class LegalHold(SQLModel, table=True):
    """A record kept whatever the retention schedule says, while the hold stands."""

    __tablename__ = "legal_hold"

    ref: str = Field(primary_key=True, max_length=32)  # a context's reference, or a declined referral's
    held_by: str = Field(max_length=32)
    held_at: datetime = utc_field()
    reason: str = Field(sa_column=Column(Text, nullable=False))  # kept here, never in the audit


def hold(*, session: Session, ref: str, by: str, reason: str, now: datetime) -> bool:
    """Put a reference on hold; False if it already was (the first hold and its reason stand)."""
    table = LegalHold.__table__  # type: ignore[attr-defined]
    values = {"ref": ref, "held_by": by, "held_at": now, "reason": reason}
    return insert_ignore(session, table, values, ["ref"], returning=[table.c.ref]).first() is not None


def release(*, session: Session, ref: str) -> bool:
    """Lift a hold; False if there was none."""
    result = session.execute(delete(LegalHold).where(col(LegalHold.ref) == ref))
    return bool(result.rowcount)  # type: ignore[attr-defined]


def held_refs(*, session: Session) -> set[str]:
    """Every reference on hold."""
    return set(session.exec(select(LegalHold.ref)))


def get(*, session: Session, ref: str) -> LegalHold | None:
    """The hold on a reference, if any."""
    return session.get(LegalHold, ref)
