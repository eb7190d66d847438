"""A screening form used after the referral changed writes nothing: it says what changed, who and when.

Screening steps lock the referral's row first (`storage.referrals.lock_referral`), so of an accept and a
question (or two of anything) at once, the second sees the first and is told so by name.
"""

from __future__ import annotations

from sqlmodel import Session

from bot.core.changed import at, by, name, refusal
from bot.core.deps import Deps
from bot.core.templating import render
from bot.domain.enums import ReferralStatus
from storage.referrals import OPEN_STATUSES, InfoRequest, Referral, latest_info_request

__all__ = ["check_answerable", "check_no_new_question"]


def check_no_new_question(
    deps: Deps, session: Session, referral: Referral, last_question_id: int | None
) -> None:
    """Refuse (Conflict) when someone asked the referrer a question after the form was opened."""
    latest = latest_info_request(session=session, referral_id=referral.id or 0)
    if latest is None or latest.id == last_question_id:
        return
    when = at(latest.asked_at, tz=deps.settings.tz, now=deps.clock.now())
    raise refusal(
        deps,
        f"{name(latest.asked_by)} asked the referrer a question about {referral.ref}{when} "
        "after you opened this form, so nothing was changed. "
        "Close this form and open it again to see the referral as it is.",
    )


def check_answerable(deps: Deps, referral: Referral, request: InfoRequest) -> None:
    """Refuse (Conflict) an answer to a question already answered, or about a referral screened since."""
    now = deps.clock.now()
    if request.answer is not None:
        raise refusal(
            deps,
            render(
                deps.jinja,
                "screening_refusal_answered.mrkdwn.j2",
                ref=referral.ref,
                by=name(referral.referrer_id),  # only the referrer answers
                when=at(request.answered_at, tz=deps.settings.tz, now=now),
            ),
        )
    if referral.status in OPEN_STATUSES:
        return
    verb = "accepted" if referral.status == ReferralStatus.ACCEPTED else "declined"
    when = at(referral.screened_at, tz=deps.settings.tz, now=now)
    raise refusal(
        deps,
        f"Referral {referral.ref} was {verb}{by(referral.screened_by)}{when} after this question was asked, "
        "so your answer was not added. If it still matters, please send it to the panel coordinators.",
    )
