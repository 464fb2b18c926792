"""Slack Web API failures as delivery errors: rate limits and outages retry, the rest fail for good."""

from __future__ import annotations

import asyncio

import aiohttp
from slack_sdk.errors import SlackApiError

from core.outbox import DeliveryError

RETRYABLE = frozenset(
    {"ratelimited", "service_unavailable", "fatal_error", "internal_error", "request_timeout"}
)


def to_delivery_error(exc: BaseException) -> DeliveryError:
    if isinstance(exc, SlackApiError):
        status = exc.response.status_code
        error = str(exc.response.get("error", "") or f"http_{status}")
        if status == 429 or error == "ratelimited":
            return DeliveryError(
                error, retry_after=float(exc.response.headers.get("Retry-After", 1) or 1)
            )
        if status >= 500 or error in RETRYABLE:
            return DeliveryError(error, retry_after=1.0)
        return DeliveryError(error)
    if isinstance(exc, aiohttp.ClientError | asyncio.TimeoutError | OSError):
        return DeliveryError(type(exc).__name__, retry_after=1.0)
    return DeliveryError(type(exc).__name__)


def slack_error(exc: SlackApiError) -> str:
    return str(exc.response.get("error", "")) if exc.response is not None else ""
