"""The referral form's parts that are the same for every referral are built once and shared, never changed."""

from __future__ import annotations

import json

from bot.domain.framework import default_framework
from handlers.referrals.views import referral_modal


def test_forms_share_their_static_parts_and_differ_only_in_the_name() -> None:
    first = referral_modal(default_framework(), name="Mill Lane arcade")
    second = referral_modal(default_framework(), name="Bus station")
    before = json.dumps(first, sort_keys=True)
    assert first["blocks"] is not second["blocks"]
    shared = [a for a, b in zip(first["blocks"], second["blocks"], strict=True) if a is b]
    assert len(shared) >= len(first["blocks"]) - 6  # the indicator lists and sharing questions
    assert referral_modal(default_framework(), name="Mill Lane arcade") == first
    assert json.dumps(first, sort_keys=True) == before
    names = [b for b in first["blocks"] if b.get("block_id") == "name"]
    assert "Mill Lane arcade" in json.dumps(names) and "Mill Lane arcade" not in json.dumps(second)
