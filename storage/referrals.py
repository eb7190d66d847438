"""Referrals and the screening conversation about them."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Text, update
from sqlmodel import Column, Field, Session, SQLModel, col, select

from storage.types import json_field, utc_field


class Referral(SQLModel, table=True):
    """What a partner referred, when, and what screening decided."""

    __tablename__ = "referral"

    id: int | None = Field(default=None, primary_key=True)
    ref: str = Field(max_length=32, unique=True)
    view_id: str = Field(max_length=64, unique=True)  # the submitted modal: a resubmission stores nothing new
    referrer_id: str = Field(max_length=32, index=True)
    referrer_agency: str = Field(max_length=120)
    context_kind: str = Field(max_length=32)
    context_name: str = Field(max_length=200)
    area: str = Field(default="", max_length=200)
    description: str = Field(sa_column=Column(Text, nullable=False))
    concerns: str = Field(default="", sa_column=Column(Text, nullable=False))
    harm_types: list[str] = json_field()
    young_people: list[str] = json_field()  # case-system references only
    indicator_ids: list[str] = json_field()
    urgency: str = Field(max_length=8)
    sharing_basis: str = Field(max_length=16)
    sharing_reason: str = Field(default="", sa_column=Column(Text, nullable=False))
    suggested_level: str = Field(max_length=32)
    status: str = Field(default="submitted", max_length=16, index=True)
    context_id: int | None = Field(default=None, foreign_key="context.id", index=True)
    screened_by: str | None = Field(default=None, max_length=32)
    screened_at: datetime | None = utc_field(nullable=True)
    decline_reason: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    signposted_to: str | None = Field(default=None, max_length=300)
    created_at: datetime = utc_field(index=True)
    screen_by: datetime | None = utc_field(nullable=True)  # the screening deadline its urgency set


class InfoRequest(SQLModel, table=True):
    """A coordinator's question to the referrer, and the answer."""

    __tablename__ = "info_request"

    id: int | None = Field(default=None, primary_key=True)
    referral_id: int = Field(foreign_key="referral.id", index=True)
    question: str = Field(sa_column=Column(Text, nullable=False))
    asked_by: str = Field(max_length=32)
    asked_at: datetime = utc_field()
    ask_view_id: str = Field(max_length=64, unique=True)
    answer: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    answered_at: datetime | None = utc_field(nullable=True)
    answer_view_id: str | None = Field(default=None, max_length=64, unique=True)


OPEN_STATUSES = ("submitted", "info_requested")
"""Statuses in which a referral is still waiting to be screened."""


def unscreened_with_deadline(*, session: Session) -> list[tuple[int, datetime, datetime]]:
    """(id, created_at, screen_by) of every referral still waiting for screening that has a deadline."""
    rows = session.execute(
        select(col(Referral.id), col(Referral.created_at), col(Referral.screen_by)).where(
            col(Referral.status).in_(OPEN_STATUSES), col(Referral.screen_by).is_not(None)
        )
    ).all()
    return [(int(i), c, d) for i, c, d in rows]


def add_referral(*, session: Session, referral: Referral) -> Referral:
    """Insert a referral and give it its ID."""
    session.add(referral)
    session.flush()
    return referral


def get_referral(*, session: Session, referral_id: int) -> Referral | None:
    """The referral with this ID, if any."""
    return session.get(Referral, referral_id)


def lock_referral(*, session: Session, referral_id: int) -> Referral | None:
    """A referral by ID, its row locked until the transaction ends (one screening step at a time)."""
    stmt = select(Referral).where(col(Referral.id) == referral_id).with_for_update()
    return session.exec(stmt.execution_options(populate_existing=True)).first()


def latest_info_request(*, session: Session, referral_id: int) -> InfoRequest | None:
    """The most recent question asked about a referral, if any."""
    stmt = (
        select(InfoRequest).where(InfoRequest.referral_id == referral_id).order_by(col(InfoRequest.id).desc())
    )
    return session.exec(stmt).first()


def find_by_view(*, session: Session, view_id: str) -> Referral | None:
    """The referral stored from this submitted modal, if any."""
    return session.exec(select(Referral).where(Referral.view_id == view_id)).first()


def referrals_of_context(*, session: Session, context_id: int) -> list[Referral]:
    """Referrals accepted into a context, oldest first."""
    stmt = select(Referral).where(Referral.context_id == context_id).order_by(col(Referral.id))
    return list(session.exec(stmt))


def mark_screened(
    *,
    session: Session,
    referral_id: int,
    status: str,
    by: str,
    at: datetime,
    context_id: int | None = None,
    decline_reason: str | None = None,
    signposted_to: str | None = None,
) -> bool:
    """Record a screening decision, only if the referral is still unscreened; False if it was not."""
    result = session.execute(
        update(Referral)
        .where(col(Referral.id) == referral_id, col(Referral.status).in_(OPEN_STATUSES))
        .values(
            status=status,
            screened_by=by,
            screened_at=at,
            context_id=context_id,
            decline_reason=decline_reason,
            signposted_to=signposted_to,
        )
    )
    return bool(result.rowcount == 1)  # type: ignore[attr-defined]


def set_open_status(*, session: Session, referral_id: int, status: str) -> bool:
    """Move an unscreened referral between 'submitted' and 'info_requested'; False if already screened."""
    result = session.execute(
        update(Referral)
        .where(col(Referral.id) == referral_id, col(Referral.status).in_(OPEN_STATUSES))
        .values(status=status)
    )
    return bool(result.rowcount == 1)  # type: ignore[attr-defined]


def add_info_request(*, session: Session, request: InfoRequest) -> InfoRequest:
    """Insert a coordinator's question and give it its ID."""
    session.add(request)
    session.flush()
    return request


def get_info_request(*, session: Session, request_id: int) -> InfoRequest | None:
    """The information request with this ID, if any."""
    return session.get(InfoRequest, request_id)


def find_info_request_by_view(*, session: Session, ask_view_id: str) -> InfoRequest | None:
    """The question stored from this submitted modal, if any."""
    return session.exec(select(InfoRequest).where(InfoRequest.ask_view_id == ask_view_id)).first()


def info_requests_of(*, session: Session, referral_id: int) -> list[InfoRequest]:
    """Every question asked about a referral, oldest first."""
    stmt = select(InfoRequest).where(InfoRequest.referral_id == referral_id).order_by(col(InfoRequest.id))
    return list(session.exec(stmt))


def record_answer(*, session: Session, request_id: int, answer: str, at: datetime, view_id: str) -> bool:
    """Store the referrer's answer, only if the question is still unanswered; False otherwise."""
    result = session.execute(
        update(InfoRequest)
        .where(col(InfoRequest.id) == request_id, col(InfoRequest.answer).is_(None))
        .values(answer=answer, answered_at=at, answer_view_id=view_id)
    )
    return bool(result.rowcount == 1)  # type: ignore[attr-defined]
