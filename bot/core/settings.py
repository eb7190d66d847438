"""Settings: parsed once from the environment, validated, never echoing a secret."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import time
from urllib.parse import urlparse
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

DEFAULT_API_URL = "https://slack.com/api/"
DEFAULT_DATABASE_URL = "sqlite:///efrp.db"

_CHANNEL_RE = re.compile(r"^[CG][A-Z0-9]{6,20}$")
_USER_RE = re.compile(r"^[UW][A-Z0-9]{6,20}$")
_SCHEDULE_RE = re.compile(r"^(MON|TUE|WED|THU|FRI|SAT|SUN)\s+([01]\d|2[0-3]):([0-5]\d)$", re.IGNORECASE)
WEEKDAYS = ("MON", "TUE", "WED", "THU", "FRI", "SAT", "SUN")


class SettingsError(Exception):
    """A setting is missing or malformed; the message names the variable, never its value."""

    def __init__(self, name: str, problem: str) -> None:
        super().__init__(f"{name}: {problem}")
        self.name = name
        self.problem = problem


@dataclass(frozen=True)
class MeetingSchedule:
    """A weekly recurring panel meeting slot, in the panel's time zone."""

    weekday: int  # 0 = Monday
    at: time

    def __str__(self) -> str:
        return f"{WEEKDAYS[self.weekday]} {self.at:%H:%M}"


def parse_schedule(value: str) -> MeetingSchedule:
    """Parse 'THU 10:00' into a MeetingSchedule."""
    m = _SCHEDULE_RE.match(value.strip())
    if not m:
        raise ValueError("expected a weekday and a time, e.g. 'THU 10:00'")
    return MeetingSchedule(WEEKDAYS.index(m.group(1).upper()), time(int(m.group(2)), int(m.group(3))))


@dataclass(frozen=True)
class Settings:
    """Every setting the bot reads, already validated."""

    bot_token: str | None = field(default=None, repr=False)
    signing_secret: str | None = field(default=None, repr=False)
    app_token: str | None = field(default=None, repr=False)
    api_url: str = DEFAULT_API_URL
    database_url: str = DEFAULT_DATABASE_URL
    panel_channel: str | None = None
    coordinators: frozenset[str] = frozenset()
    timezone: str = "Europe/London"
    meeting_schedule: MeetingSchedule | None = None
    meeting_location: str = ""
    agenda_lead_hours: int = 24
    review_weeks: int = 12
    working_hours: str = "Mon-Fri 09:00-17:00"
    reminder_policy: str = "before=3,every=2,escalate=5"

    @property
    def tz(self) -> ZoneInfo:
        """The panel's time zone."""
        return ZoneInfo(self.timezone)

    def require(self, *names: str) -> None:
        """Raise SettingsError for the first named variable that is not set."""
        present = {
            "SLACK_BOT_TOKEN": self.bot_token,
            "SLACK_SIGNING_SECRET": self.signing_secret,
            "SLACK_APP_TOKEN": self.app_token,
            "EFRP_PANEL_CHANNEL": self.panel_channel,
            "EFRP_COORDINATORS": self.coordinators or None,
        }
        for name in names:
            if not present[name]:
                raise SettingsError(name, "is required for this command but is not set")

    def is_coordinator(self, user_id: str) -> bool:
        """Whether a Slack user is one of the panel's coordinators."""
        return user_id in self.coordinators


def _int(env: Mapping[str, str], name: str, default: int, lo: int, hi: int) -> int:
    raw = env.get(name, "").strip()
    if not raw:
        return default
    if not raw.isdigit() or not lo <= int(raw) <= hi:
        raise SettingsError(name, f"must be a whole number from {lo} to {hi}")
    return int(raw)


def load_settings(env: Mapping[str, str]) -> Settings:
    """Parse and validate every EFRP setting from an environment mapping."""
    bot_token = env.get("SLACK_BOT_TOKEN", "").strip() or None
    if bot_token is not None and not bot_token.startswith("xoxb-"):
        raise SettingsError("SLACK_BOT_TOKEN", "must be a bot token starting with 'xoxb-'")
    secret = env.get("SLACK_SIGNING_SECRET", "").strip() or None
    if secret is not None and not re.fullmatch(r"[0-9a-fA-F]{16,128}", secret):
        raise SettingsError("SLACK_SIGNING_SECRET", "must be the app's signing secret (hexadecimal)")
    app_token = env.get("SLACK_APP_TOKEN", "").strip() or None
    if app_token is not None and not app_token.startswith("xapp-"):
        raise SettingsError("SLACK_APP_TOKEN", "must be an app-level token starting with 'xapp-'")

    api_url = env.get("SLACK_API_URL", "").strip() or DEFAULT_API_URL
    parsed = urlparse(api_url)
    if parsed.scheme not in ("http", "https") or not parsed.netloc:
        raise SettingsError("SLACK_API_URL", "must be an http(s) URL such as https://slack.com/api/")
    if not api_url.endswith("/"):
        api_url += "/"

    db_url = env.get("EFRP_DATABASE_URL", "").strip() or DEFAULT_DATABASE_URL
    if not (db_url.startswith("sqlite:///") or db_url.startswith("postgresql+psycopg://")):
        raise SettingsError(
            "EFRP_DATABASE_URL", "must start with sqlite:/// or postgresql+psycopg:// (psycopg 3 driver)"
        )

    channel = env.get("EFRP_PANEL_CHANNEL", "").strip() or None
    if channel is not None and not _CHANNEL_RE.match(channel):
        raise SettingsError("EFRP_PANEL_CHANNEL", "must be a Slack channel ID such as C0123ABCD")

    coordinators: set[str] = set()
    for part in env.get("EFRP_COORDINATORS", "").split(","):
        part = part.strip()
        if not part:
            continue
        if not _USER_RE.match(part):
            raise SettingsError(
                "EFRP_COORDINATORS", "must be comma-separated Slack user IDs such as U0123ABCD"
            )
        coordinators.add(part)

    tz = env.get("EFRP_TIMEZONE", "").strip() or "Europe/London"
    try:
        ZoneInfo(tz)
    except (ZoneInfoNotFoundError, ValueError):
        raise SettingsError("EFRP_TIMEZONE", "must be an IANA time zone such as Europe/London") from None

    schedule = None
    raw_schedule = env.get("EFRP_MEETING_SCHEDULE", "").strip()
    if raw_schedule:
        try:
            schedule = parse_schedule(raw_schedule)
        except ValueError as exc:
            raise SettingsError("EFRP_MEETING_SCHEDULE", str(exc)) from None

    working_hours = env.get("EFRP_WORKING_HOURS", "").strip() or "Mon-Fri 09:00-17:00"
    reminder_policy = env.get("EFRP_REMINDER_POLICY", "").strip() or "before=3,every=2,escalate=5"
    _check_parsable("EFRP_WORKING_HOURS", working_hours, tz)
    _check_parsable("EFRP_REMINDER_POLICY", reminder_policy, tz)

    return Settings(
        bot_token=bot_token,
        signing_secret=secret,
        app_token=app_token,
        api_url=api_url,
        database_url=db_url,
        panel_channel=channel,
        coordinators=frozenset(coordinators),
        timezone=tz,
        meeting_schedule=schedule,
        meeting_location=env.get("EFRP_MEETING_LOCATION", "").strip(),
        agenda_lead_hours=_int(env, "EFRP_AGENDA_LEAD_HOURS", 24, 1, 24 * 14),
        review_weeks=_int(env, "EFRP_REVIEW_WEEKS", 12, 1, 104),
        working_hours=working_hours,
        reminder_policy=reminder_policy,
    )


def _check_parsable(name: str, value: str, tz: str) -> None:
    # Imported lazily: the domain parsers live beside the rest of the pure logic.
    from bot.domain.calendar import parse_working_hours
    from bot.domain.reminders import parse_reminder_policy

    try:
        if name == "EFRP_WORKING_HOURS":
            parse_working_hours(value, tz)
        else:
            parse_reminder_policy(value)
    except ValueError as exc:
        raise SettingsError(name, str(exc)) from None
