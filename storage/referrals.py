"""Referrals and the screening conversation about them."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Text
from sqlmodel import Column, Field, SQLModel

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
