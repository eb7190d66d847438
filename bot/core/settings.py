"""Settings: parsed once from the environment, validated, never echoing a secret."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar
from urllib.parse import urlparse
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.core.holidays import working_hours
from bot.core.meeting_schedule import MeetingSchedule, parse_schedule
from bot.domain.agencies import Agencies, default_agencies, parse_agencies
from bot.domain.calendar import WorkingHours
from bot.domain.framework import Framework, FrameworkError, default_framework, load_framework
from bot.domain.reminders import ReminderPolicy, parse_reminder_policy
from bot.domain.retention import DEFAULT_RETENTION, RetentionSchedule, parse_retention

DEFAULT_API_URL = "https://slack.com/api/"
DEFAULT_DATABASE_URL = "sqlite:///efrp.db"
DEFAULT_TIMEZONE = "Europe/London"
DEFAULT_WORKING_HOURS = "Mon-Fri 09:00-17:00"
DEFAULT_REMINDER_POLICY = "before=3,every=2,escalate=5"
DEFAULT_CASE_REF_PATTERN = r"YP-[0-9]{6}|CS[0-9]{6}"  # the council's case-system references
DEFAULT_PROTECTIVE_MARKING = "OFFICIAL-SENSITIVE"
# Every variable read, in the order they are checked and listed: (variable, Settings attribute, is a secret).
VARIABLES: tuple[tuple[str, str, bool], ...] = (
    ("SLACK_BOT_TOKEN", "bot_token", True),
    ("SLACK_SIGNING_SECRET", "signing_secret", True),
    ("SLACK_APP_TOKEN", "app_token", True),
    ("SLACK_API_URL", "api_url", False),
    ("EFRP_DATABASE_URL", "database_url", False),
    ("EFRP_PANEL_CHANNEL", "panel_channel", False),
    ("EFRP_COORDINATORS", "coordinators", False),
    ("EFRP_TIMEZONE", "timezone", False),
    ("EFRP_MEETING_SCHEDULE", "meeting_schedule", False),
    ("EFRP_MEETING_LOCATION", "meeting_location", False),
    ("EFRP_WORKING_HOURS", "working_hours", False),
    ("EFRP_REMINDER_POLICY", "reminder_policy", False),
    ("EFRP_AGENDA_LEAD_HOURS", "agenda_lead_hours", False),
    ("EFRP_REVIEW_WEEKS", "review_weeks", False),
    ("EFRP_AGENCIES", "agencies", False),
    ("EFRP_AMBER_SCREEN_DAYS", "amber_screen_days", False),
    ("EFRP_RECURRENCE_MONTHS", "recurrence_months", False),
    ("EFRP_HOLIDAY_REGION", "holiday_region", False),
    ("EFRP_FRAMEWORK", "framework_file", False),
    ("EFRP_CASE_REF_PATTERN", "case_ref_pattern", False),
    ("EFRP_DELIVERY_PACING", "delivery_pacing", False),
    ("EFRP_PROTECTIVE_MARKING", "protective_marking", False),
    ("EFRP_LOG_FORMAT", "log_format", False),
    ("EFRP_RETENTION", "retention_spec", False),
)
LOG_FORMATS = ("text", "json")  # EFRP_LOG_FORMAT values; the first is the default
# EFRP_HOLIDAY_REGION values; bot.core.holidays maps each to the `holidays` package's subdivision.
HOLIDAY_REGIONS = ("england-and-wales", "scotland", "northern-ireland")

_CHANNEL_RE = re.compile(r"^[CG][A-Z0-9]{6,20}$")
_USER_RE = re.compile(r"^[UW][A-Z0-9]{6,20}$")


class SettingsError(Exception):
    """A setting is missing or malformed; the message names the variable, never its value."""

    def __init__(self, name: str, problem: str) -> None:
        super().__init__(f"{name}: {problem}")
        self.name = name
        self.problem = problem


class SettingsProblems(SettingsError):
    """Every setting that is missing or malformed; ``name`` and ``problem`` are the first one's."""

    def __init__(self, errors: Sequence[SettingsError]) -> None:
        super().__init__(errors[0].name, errors[0].problem)
        self.errors: tuple[SettingsError, ...] = tuple(errors)


@dataclass(frozen=True)
class Settings:
    """Every setting the bot reads, already validated."""

    bot_token: str | None = field(default=None, repr=False)
    signing_secret: str | None = field(default=None, repr=False)
    app_token: str | None = field(default=None, repr=False)
    api_url: str = DEFAULT_API_URL
    database_url: str = DEFAULT_DATABASE_URL
    panel_channel: str | None = None
    coordinators: frozenset[str] = frozenset()  # the initial list only: Deps.coordinator_ids() is the truth
    timezone: str = DEFAULT_TIMEZONE
    meeting_schedule: MeetingSchedule | None = None
    meeting_location: str = ""
    agenda_lead_hours: int = 24
    review_weeks: int = 12
    amber_screen_days: int = 2  # working days to screen an Amber referral in
    recurrence_months: int = 6  # how far back a place referred again is shown at screening
    working_hours: str = DEFAULT_WORKING_HOURS
    reminder_policy: str = DEFAULT_REMINDER_POLICY
    holiday_region: str = HOLIDAY_REGIONS[0]
    framework_file: str | None = None
    case_ref_pattern: str = DEFAULT_CASE_REF_PATTERN
    delivery_pacing: bool = True  # pace calls to Slack's rate limits; off only for a local stand-in
    protective_marking: str = DEFAULT_PROTECTIVE_MARKING
    log_format: str = LOG_FORMATS[0]
    retention_spec: str = DEFAULT_RETENTION
    # Parsed once, from the values above, and used everywhere as they are.
    hours: WorkingHours = field(default_factory=lambda: _default_hours(), repr=False, compare=False)
    policy: ReminderPolicy = field(
        default_factory=lambda: parse_reminder_policy(DEFAULT_REMINDER_POLICY), repr=False, compare=False
    )
    framework: Framework = field(default_factory=lambda: default_framework(), repr=False, compare=False)
    agencies: Agencies = field(default_factory=lambda: default_agencies(), repr=False, compare=False)
    retention: RetentionSchedule = field(default_factory=RetentionSchedule, repr=False, compare=False)

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


def is_user_id(value: str) -> bool:
    """Whether a value looks like a Slack user ID (U… or W…)."""
    return bool(_USER_RE.match(value))


def _get(env: Mapping[str, str], name: str) -> str:
    return env.get(name, "").strip()


def _int(env: Mapping[str, str], name: str, lo: int, hi: int) -> int | None:
    raw = _get(env, name)
    if not raw:
        return None
    if not raw.isdigit() or not lo <= int(raw) <= hi:
        raise SettingsError(name, f"must be a whole number from {lo} to {hi}")
    return int(raw)


def _token(env: Mapping[str, str], name: str, prefix: str, what: str) -> str | None:
    value = _get(env, name) or None
    if value is not None and not value.startswith(prefix):
        raise SettingsError(name, f"must be {what} starting with '{prefix}'")
    return value


def _signing_secret(env: Mapping[str, str]) -> str | None:
    secret = _get(env, "SLACK_SIGNING_SECRET") or None
    if secret is not None and not re.fullmatch(r"[0-9a-fA-F]{16,128}", secret):
        raise SettingsError("SLACK_SIGNING_SECRET", "must be the app's signing secret (hexadecimal)")
    return secret


def _api_url(env: Mapping[str, str]) -> str:
    api_url = _get(env, "SLACK_API_URL") or DEFAULT_API_URL
    parsed = urlparse(api_url)
    if parsed.scheme not in ("http", "https") or not parsed.netloc:
        raise SettingsError("SLACK_API_URL", "must be an http(s) URL such as https://slack.com/api/")
    return api_url if api_url.endswith("/") else api_url + "/"


def _database_url(env: Mapping[str, str]) -> str:
    db_url = _get(env, "EFRP_DATABASE_URL") or DEFAULT_DATABASE_URL
    if not (db_url.startswith("sqlite:///") or db_url.startswith("postgresql+psycopg://")):
        raise SettingsError(
            "EFRP_DATABASE_URL", "must start with sqlite:/// or postgresql+psycopg:// (psycopg 3 driver)"
        )
    return db_url


def _panel_channel(env: Mapping[str, str]) -> str | None:
    channel = _get(env, "EFRP_PANEL_CHANNEL") or None
    if channel is not None and not _CHANNEL_RE.match(channel):
        raise SettingsError("EFRP_PANEL_CHANNEL", "must be a Slack channel ID such as C0123ABCD")
    return channel


def _coordinators(env: Mapping[str, str]) -> frozenset[str]:
    parts = {part.strip() for part in env.get("EFRP_COORDINATORS", "").split(",")} - {""}
    if any(not _USER_RE.match(part) for part in parts):
        raise SettingsError("EFRP_COORDINATORS", "must be comma-separated Slack user IDs such as U0123ABCD")
    return frozenset(parts)


def _timezone(env: Mapping[str, str]) -> str:
    tz = _get(env, "EFRP_TIMEZONE") or DEFAULT_TIMEZONE
    try:
        ZoneInfo(tz)
    except (ZoneInfoNotFoundError, ValueError):
        raise SettingsError("EFRP_TIMEZONE", "must be an IANA time zone such as Europe/London") from None
    return tz


def _case_ref_pattern(env: Mapping[str, str]) -> str:
    raw = _get(env, "EFRP_CASE_REF_PATTERN") or DEFAULT_CASE_REF_PATTERN
    try:
        re.compile(raw)
    except re.error as exc:
        raise SettingsError(
            "EFRP_CASE_REF_PATTERN",
            f"is not a regular expression ({exc.msg}); e.g. {DEFAULT_CASE_REF_PATTERN}",
        ) from None
    if re.fullmatch(raw, ""):
        raise SettingsError("EFRP_CASE_REF_PATTERN", "must not match empty text")
    return raw


def _schedule(env: Mapping[str, str]) -> MeetingSchedule | None:
    raw = _get(env, "EFRP_MEETING_SCHEDULE")
    if not raw:
        return None
    try:
        return parse_schedule(raw)
    except ValueError as exc:
        raise SettingsError("EFRP_MEETING_SCHEDULE", str(exc)) from None


def _working_hours(env: Mapping[str, str], tz: str, region: str) -> str:
    value = _get(env, "EFRP_WORKING_HOURS") or DEFAULT_WORKING_HOURS
    try:
        working_hours(value, tz, region)  # cached: Settings.hours is this same object
    except ValueError as exc:
        raise SettingsError("EFRP_WORKING_HOURS", str(exc)) from None
    return value


def _reminder_policy(env: Mapping[str, str]) -> str:
    value = _get(env, "EFRP_REMINDER_POLICY") or DEFAULT_REMINDER_POLICY
    try:
        parse_reminder_policy(value)
    except ValueError as exc:
        raise SettingsError("EFRP_REMINDER_POLICY", str(exc)) from None
    return value


def _agencies(env: Mapping[str, str]) -> Agencies | None:
    raw = _get(env, "EFRP_AGENCIES")
    try:
        return parse_agencies(raw) if raw else None
    except ValueError as exc:
        raise SettingsError("EFRP_AGENCIES", str(exc)) from None


def _retention(env: Mapping[str, str]) -> RetentionSchedule:
    value = _get(env, "EFRP_RETENTION") or DEFAULT_RETENTION
    try:
        return parse_retention(value)
    except ValueError as exc:
        raise SettingsError("EFRP_RETENTION", str(exc)) from None


def _default_hours() -> WorkingHours:
    return working_hours(DEFAULT_WORKING_HOURS, DEFAULT_TIMEZONE, HOLIDAY_REGIONS[0])


def _framework(env: Mapping[str, str]) -> tuple[str | None, Framework]:
    raw = _get(env, "EFRP_FRAMEWORK")
    if not raw:
        return None, default_framework()
    path = Path(raw)
    if not path.is_file():
        raise SettingsError("EFRP_FRAMEWORK", "must be the path of a readable framework file (TOML)")
    try:
        return raw, load_framework(path)
    except FrameworkError as exc:
        problems = "; ".join(exc.problems[:5]) or "it could not be read"
        raise SettingsError("EFRP_FRAMEWORK", f"is not a valid framework file: {problems}") from None


def _holiday_region(env: Mapping[str, str]) -> str:
    region = _get(env, "EFRP_HOLIDAY_REGION").lower() or HOLIDAY_REGIONS[0]
    if region not in HOLIDAY_REGIONS:
        raise SettingsError("EFRP_HOLIDAY_REGION", f"must be one of {', '.join(HOLIDAY_REGIONS)}")
    return region


def _pacing(env: Mapping[str, str]) -> bool:
    value = _get(env, "EFRP_DELIVERY_PACING").lower() or "slack"
    if value not in ("slack", "off"):
        raise SettingsError("EFRP_DELIVERY_PACING", "must be slack (the default) or off")
    return value == "slack"


def log_format(env: Mapping[str, str]) -> str:
    """EFRP_LOG_FORMAT: 'text' (the default) or 'json'."""
    value = _get(env, "EFRP_LOG_FORMAT").lower() or LOG_FORMATS[0]
    if value not in LOG_FORMATS:
        raise SettingsError("EFRP_LOG_FORMAT", f"must be one of {', '.join(LOG_FORMATS)}")
    return value


_T = TypeVar("_T")


def collect_settings(env: Mapping[str, str]) -> tuple[Settings, tuple[SettingsError, ...]]:
    """Parse every setting, collecting every problem; a malformed setting keeps its default."""
    errors: list[SettingsError] = []

    def take(parse: Callable[[], _T], default: _T) -> _T:
        try:
            return parse()
        except SettingsError as exc:
            errors.append(exc)
            return default

    base = Settings()
    tz = take(lambda: _timezone(env), base.timezone)
    region = take(lambda: _holiday_region(env), base.holiday_region)
    values: dict[str, object] = {
        "bot_token": take(lambda: _token(env, "SLACK_BOT_TOKEN", "xoxb-", "a bot token"), None),
        "signing_secret": take(lambda: _signing_secret(env), None),
        "app_token": take(lambda: _token(env, "SLACK_APP_TOKEN", "xapp-", "an app-level token"), None),
        "api_url": take(lambda: _api_url(env), base.api_url),
        "database_url": take(lambda: _database_url(env), base.database_url),
        "panel_channel": take(lambda: _panel_channel(env), None),
        "coordinators": take(lambda: _coordinators(env), base.coordinators),
        "timezone": tz,
        "meeting_schedule": take(lambda: _schedule(env), None),
        "meeting_location": _get(env, "EFRP_MEETING_LOCATION"),
        "working_hours": take(lambda: _working_hours(env, tz, region), base.working_hours),
        "reminder_policy": take(lambda: _reminder_policy(env), base.reminder_policy),
        "agenda_lead_hours": take(lambda: _int(env, "EFRP_AGENDA_LEAD_HOURS", 1, 24 * 14), None),
        "review_weeks": take(lambda: _int(env, "EFRP_REVIEW_WEEKS", 1, 104), None),
        "amber_screen_days": take(lambda: _int(env, "EFRP_AMBER_SCREEN_DAYS", 0, 20), None),
        "recurrence_months": take(lambda: _int(env, "EFRP_RECURRENCE_MONTHS", 1, 120), None),
        "holiday_region": region,
        "case_ref_pattern": take(lambda: _case_ref_pattern(env), base.case_ref_pattern),
        "delivery_pacing": take(lambda: _pacing(env), base.delivery_pacing),
        "protective_marking": take(lambda: _marking(env), None),
        "log_format": take(lambda: log_format(env), None),
        "agencies": take(lambda: _agencies(env), None),
    }
    no_file: tuple[str | None, Framework] = (None, default_framework())
    framework_file, framework = take(lambda: _framework(env), no_file)
    values["framework_file"] = framework_file
    values["framework"] = framework
    values["hours"] = take(
        lambda: working_hours(str(values["working_hours"]), tz, str(values["holiday_region"])), None
    )
    values["policy"] = parse_reminder_policy(str(values["reminder_policy"]))
    retention = take(lambda: _retention(env), base.retention)
    values["retention"], values["retention_spec"] = retention, str(retention)
    settings = Settings(**{k: v for k, v in values.items() if v is not None})  # type: ignore[arg-type]
    order = [name for name, _, _ in VARIABLES]
    return settings, tuple(sorted(errors, key=lambda e: order.index(e.name)))


def _marking(env: Mapping[str, str]) -> str | None:
    """The protective marking printed on every page of an export (Government Security Classifications)."""
    value = _get(env, "EFRP_PROTECTIVE_MARKING")
    if not value:
        return None
    if len(value) > 60 or not value.isprintable():
        raise SettingsError("EFRP_PROTECTIVE_MARKING", "must be one printable line of at most 60 characters")
    return value


def load_settings(env: Mapping[str, str]) -> Settings:
    """Parse and validate every EFRP setting; raise SettingsProblems (a SettingsError) if any is bad."""
    settings, errors = collect_settings(env)
    if errors:
        raise SettingsProblems(errors)
    return settings
