"""Outgoing messages as data: what to tell whom, written in the same transaction as the change."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

from core.org import Channel


class MessageKind(StrEnum):
    """What a message does; the platform notifier renders it from the incident's current state."""

    REVIEW_CARD = "review_card"  # post (or update) a person's card for the case
    REFRESH_CARDS = "refresh_cards"  # update every copy of the case's cards
    NOTICE = "notice"  # a short direct message to a person
    IRT_WORKSPACE = "irt_workspace"  # create the IRT channel/chat with its status message
    IRT_STATUS = "irt_status"  # update the pinned status message
    IRT_LINE = "irt_line"  # one short line in the IRT workspace (who did what)
    REMINDER = "reminder"  # a rung of the 72-hour ladder, to the DPO or the IRT workspace
    NUDGE = "nudge"  # a review step waits too long: to its reviewers (and later the DPO)


@dataclass(frozen=True)
class OutboundMessage:
    platform: Channel
    kind: MessageKind
    case_number: str
    recipient: str = ""  # the platform address of a person; "" for case-wide messages
    params: dict[str, Any] = field(default_factory=dict)
    key: str | None = None  # unique when given: the same logical message is stored once
    due_at: datetime | None = None  # None: now


class DeliveryError(Exception):
    """A delivery failed; `retry_after` set means try again later, else it failed for good."""

    def __init__(self, reason: str, *, retry_after: float | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.retry_after = retry_after

    @property
    def permanent(self) -> bool:
        return self.retry_after is None


MAX_ATTEMPTS = 12


def next_attempt(now: datetime, attempts: int, retry_after: float | None) -> datetime | None:
    """Backoff for a failed delivery: Retry-After when given, else exponential; None: give up."""
    if attempts >= MAX_ATTEMPTS:
        return None
    backoff = min(2.0**attempts, 15 * 60.0)
    return now + timedelta(seconds=max(retry_after or 0.0, backoff))


@dataclass(frozen=True)
class StoredMessage:
    """An outbox row handed to a notifier."""

    id: int
    message: OutboundMessage
    attempts: int


@dataclass(frozen=True)
class MessageRef:
    """A platform message or conversation about a case: e.g. a person's card, the IRT channel."""

    platform: str
    case_number: str
    purpose: str  # "card", "irt_channel", "irt_status"
    recipient: str  # the person's platform address, or "" for case-wide things
    conversation: str
    message_id: str = ""
