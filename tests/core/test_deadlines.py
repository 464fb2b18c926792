"""The 72-hour clock of Art. 33(1): deadline, phases at their boundaries, when it stops, and DST."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from core.deadlines import (
    Phase,
    StopReason,
    clock,
    deadline_of,
    format_duration,
    format_local,
    is_late,
    phase_for,
)
from core.model import AuthorityNotification, NotificationKind, Step
from tests.core.builders import DISCOVERED, NOW, make_incident

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
H = timedelta(hours=1)
S = timedelta(seconds=1)


def test_the_deadline_runs_72_hours_from_discovery_by_default() -> None:
    assert deadline_of(make_incident()) == DISCOVERED + 72 * H


def test_a_corrected_awareness_time_moves_the_deadline() -> None:
    aware = DISCOVERED + 5 * H

    assert deadline_of(make_incident(aware_at=aware)) == aware + 72 * H
    assert clock(make_incident(aware_at=aware), NOW).aware_at == aware


@pytest.mark.parametrize(
    ("remaining", "phase"),
    [
        (72 * H, Phase.OK),
        (24 * H + S, Phase.OK),
        (24 * H, Phase.WARNING),
        (6 * H + S, Phase.WARNING),
        (6 * H, Phase.URGENT),
        (S, Phase.URGENT),
        (timedelta(0), Phase.URGENT),
        (-S, Phase.OVERDUE),
        (-30 * H, Phase.OVERDUE),
    ],
    ids=str,
)
def test_phase_at_its_boundaries(remaining: timedelta, phase: Phase) -> None:
    incident = make_incident()
    now = deadline_of(incident) - remaining

    running = clock(incident, now)

    assert phase_for(remaining) is phase
    assert (running.remaining, running.phase, running.stopped) == (remaining, phase, None)
    assert running.running


@pytest.mark.parametrize(
    ("changes", "stopped"),
    [
        ({}, None),
        ({"notify_authority": True}, None),
        (
            {
                "step": Step.IRT,
                "notifications": (
                    AuthorityNotification(NotificationKind.INITIAL, NOW - H, "AP-123"),
                ),
            },
            StopReason.AUTHORITY_NOTIFIED,
        ),
        ({"step": Step.IRT, "notify_authority": False}, StopReason.NO_NOTIFICATION_NEEDED),
        ({"step": Step.CLOSED}, StopReason.CLOSED),
    ],
    ids=["running", "to_notify", "notified", "no_notification_needed", "closed"],
)
def test_the_clock_stops_when_notified_when_not_needed_or_when_closed(
    changes: dict, stopped: StopReason | None
) -> None:
    running = clock(make_incident(**changes), NOW)

    assert running.stopped is stopped
    assert running.running is (stopped is None)


def test_a_notification_only_counts_from_the_initial_one() -> None:
    incident = make_incident(
        notifications=(
            AuthorityNotification(NotificationKind.INITIAL, NOW - H, "AP-1"),
            AuthorityNotification(NotificationKind.FOLLOW_UP, NOW - 2 * H, "AP-1"),
        )
    )

    assert incident.authority_notified_at == NOW - H


@pytest.mark.parametrize(("offset", "late"), [(-S, False), (timedelta(0), False), (S, True)])
def test_a_notification_is_late_only_after_the_deadline(offset: timedelta, late: bool) -> None:
    incident = make_incident()

    assert is_late(incident, deadline_of(incident) + offset) is late


# --- daylight saving time: 72 real hours, shown in local time --------------------------------

DST_CASES = [
    pytest.param(
        datetime(2026, 10, 23, 12, 0, tzinfo=AMSTERDAM),
        datetime(2026, 10, 26, 10, 0, tzinfo=UTC),
        "2026-10-26 11:00 CET",
        id="autumn_back",
    ),
    pytest.param(
        datetime(2026, 3, 27, 12, 0, tzinfo=AMSTERDAM),
        datetime(2026, 3, 30, 11, 0, tzinfo=UTC),
        "2026-03-30 13:00 CEST",
        id="spring_forward",
    ),
]


@pytest.mark.parametrize("given_in", ["utc", "local"])
@pytest.mark.parametrize(("aware_local", "deadline_utc", "shown"), DST_CASES)
def test_the_deadline_is_72_real_hours_across_a_clock_change(
    aware_local: datetime, deadline_utc: datetime, shown: str, given_in: str
) -> None:
    # Forms take times in the organisation's zone (interface.md), so core gets both kinds.
    aware = aware_local.astimezone(UTC) if given_in == "utc" else aware_local
    incident = make_incident(discovered_at=aware)

    deadline = deadline_of(incident)

    assert deadline == deadline_utc
    assert deadline.timestamp() - aware.timestamp() == 72 * 3600
    assert format_local(deadline, "Europe/Amsterdam") == shown


def test_remaining_time_counts_real_hours_across_the_clock_change() -> None:
    aware = datetime(2026, 10, 23, 12, 0, tzinfo=AMSTERDAM)
    # 72 wall-clock hours later, but 73 real hours: one hour past the deadline.
    now = datetime(2026, 10, 26, 12, 0, tzinfo=AMSTERDAM)

    running = clock(make_incident(discovered_at=aware), now.astimezone(UTC))

    assert running.remaining == -H
    assert running.phase is Phase.OVERDUE


@pytest.mark.parametrize(
    ("moment", "timezone", "shown"),
    [
        (datetime(2026, 7, 1, 8, 5, tzinfo=UTC), "Europe/Amsterdam", "2026-07-01 10:05 CEST"),
        (datetime(2026, 1, 1, 0, 30, tzinfo=UTC), "Europe/Amsterdam", "2026-01-01 01:30 CET"),
        (datetime(2025, 12, 31, 23, 30, tzinfo=UTC), "Europe/Amsterdam", "2026-01-01 00:30 CET"),
        (datetime(2026, 1, 1, 0, 30, tzinfo=UTC), "UTC", "2026-01-01 00:30 UTC"),
    ],
)
def test_format_local_shows_the_organisations_wall_clock(
    moment: datetime, timezone: str, shown: str
) -> None:
    assert format_local(moment, timezone) == shown


@pytest.mark.parametrize(
    ("delta", "shown"),
    [
        (41 * H + timedelta(minutes=5), "41 h 05 min"),
        (timedelta(0), "0 h 00 min"),
        (-(2 * H + timedelta(minutes=30)), "2 h 30 min"),
        (timedelta(minutes=59, seconds=59), "0 h 59 min"),
    ],
)
def test_format_duration(delta: timedelta, shown: str) -> None:
    assert format_duration(delta) == shown
