"""Our own small interface to the Bot Connector, so the SDK behind it can be swapped in one folder."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import Protocol

import aiohttp

from adapters.teams.auth import TokenError
from adapters.teams.graph import GraphError
from core.outbox import DeliveryError

DEFAULT_SERVICE_URL = "https://smba.trafficmanager.net/teams/"
RETRYABLE = frozenset({412, 429, 502, 503, 504})


@dataclass(frozen=True)
class Conversation:
    """Where to send: a Teams conversation (1:1, group chat or channel) and its service URL."""

    id: str
    service_url: str
    tenant: str | None = None


class Connector(Protocol):
    async def send(self, conversation: Conversation, activity: dict) -> str:
        """Post a new activity; returns its id."""
        ...

    async def update(self, conversation: Conversation, activity_id: str, activity: dict) -> None:
        """Replace an activity in place (cards kept current)."""
        ...

    async def create_personal(self, *, service_url: str, tenant: str | None, user: str) -> str:
        """Open (or find) the 1:1 chat of the bot with a user; returns the conversation id."""
        ...


def to_delivery_error(exc: BaseException) -> DeliveryError:
    """Teams 429/412/5xx and network trouble retry with backoff; other errors fail for good."""
    if isinstance(exc, aiohttp.ClientResponseError):
        retry = _retry_after(exc.headers)
        if exc.status in RETRYABLE or exc.status >= 500:
            return DeliveryError(f"teams_http_{exc.status}", retry_after=retry or 1.0)
        return DeliveryError(f"teams_http_{exc.status}")
    if isinstance(exc, GraphError):
        if exc.transient:
            return DeliveryError(f"graph_http_{exc.status}", retry_after=exc.retry_after or 1.0)
        return DeliveryError(f"graph_http_{exc.status}")
    if isinstance(exc, TokenError):
        return DeliveryError("token_unavailable", retry_after=30.0)
    if isinstance(exc, aiohttp.ClientError | asyncio.TimeoutError | OSError):
        return DeliveryError(type(exc).__name__, retry_after=1.0)
    return DeliveryError(type(exc).__name__)


def _retry_after(headers) -> float | None:
    value = (headers or {}).get("Retry-After") if headers is not None else None
    try:
        return float(value) if value else None
    except ValueError:
        return None
