"""Build inbound Slack requests (bodies + signature headers) exactly as Slack sends them.

Pure helpers, stdlib only (hmac, hashlib, urllib, json). Bolt rejects a timestamp more than
five minutes from its clock, so pass ``int(time.time())`` as the timestamp for live dispatches.

Signing (https://api.slack.com/authentication/verifying-requests-from-slack): the base string
is ``v0:<timestamp>:<raw body>``, HMAC-SHA256 keyed with the signing secret, hex digest,
prefixed with ``v0=``.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from typing import Any
from urllib.parse import urlencode

TEAM_ID = "T0TEST"
TEAM_DOMAIN = "t0test"
API_APP_ID = "A0TEST"
BOT_USER_ID = "UBOT"
VERIFICATION_TOKEN = "verification-token-test"
FORM_CONTENT_TYPE = "application/x-www-form-urlencoded"
JSON_CONTENT_TYPE = "application/json"

_counter = [0]


def _next() -> int:
    """Process-wide counter: trigger ids and event ids never repeat."""
    _counter[0] += 1
    return _counter[0]


def new_trigger_id() -> str:
    n = _next()
    return f"{1000000000 + n}.{2000000000 + n}.{hashlib.sha256(str(n).encode()).hexdigest()[:32]}"


def new_event_id() -> str:
    return f"Ev0{_next():09d}"


def signature(body: str | bytes, secret: str, timestamp: int | str) -> str:
    raw = body.decode("utf-8") if isinstance(body, bytes) else body
    base = f"v0:{timestamp}:{raw}".encode()
    return "v0=" + hmac.new(secret.encode(), base, hashlib.sha256).hexdigest()


def sign(body: str | bytes, secret: str, timestamp: int) -> dict[str, str]:
    """The two headers Slack adds to every request it sends to the app."""
    return {
        "X-Slack-Request-Timestamp": str(timestamp),
        "X-Slack-Signature": signature(body, secret, timestamp),
    }


def signed_headers(body: str, secret: str, timestamp: int) -> dict[str, str]:
    """``sign()`` plus the Content-Type Slack uses for this kind of body."""
    content_type = JSON_CONTENT_TYPE if body.lstrip().startswith("{") else FORM_CONTENT_TYPE
    return {"Content-Type": content_type, **sign(body, secret, timestamp)}


def slash_command_body(
    command: str = "/incident",
    text: str = "",
    user_id: str = "U1",
    channel_id: str = "C0GENERAL",
    trigger_id: str | None = None,
    response_url: str = "https://hooks.slack.com/commands/T0TEST/1/x",
    team_id: str = TEAM_ID,
    *,
    user_name: str = "user",
    channel_name: str = "general",
) -> str:
    """Form-encoded slash command body, fields in the order Slack sends them."""
    return urlencode(
        {
            "token": VERIFICATION_TOKEN,
            "team_id": team_id,
            "team_domain": TEAM_DOMAIN,
            "channel_id": channel_id,
            "channel_name": channel_name,
            "user_id": user_id,
            "user_name": user_name,
            "command": command,
            "text": text,
            "api_app_id": API_APP_ID,
            "is_enterprise_install": "false",
            "response_url": response_url,
            "trigger_id": trigger_id or new_trigger_id(),
        }
    )


def _interaction(kind: str, payload: dict[str, Any]) -> str:
    data = dict(payload)
    data.setdefault("type", kind)
    data.setdefault("team", {"id": TEAM_ID, "domain": TEAM_DOMAIN})
    data.setdefault("api_app_id", API_APP_ID)
    data.setdefault("token", VERIFICATION_TOKEN)
    data.setdefault("trigger_id", new_trigger_id())
    data.setdefault("is_enterprise_install", False)
    return urlencode({"payload": json.dumps(data, separators=(",", ":"))})


def block_actions_body(payload: dict[str, Any]) -> str:
    """``payload=<json>``; fills type/team/api_app_id/token/trigger_id when missing."""
    return _interaction("block_actions", payload)


def view_submission_body(payload: dict[str, Any]) -> str:
    """``payload=<json>``; fills type/team/api_app_id/token/trigger_id when missing."""
    return _interaction("view_submission", payload)


def event_body(
    event: dict[str, Any],
    event_id: str | None = None,
    *,
    team_id: str = TEAM_ID,
    event_time: int = 1700000000,
) -> str:
    """JSON ``event_callback`` envelope as the Events API posts it."""
    event_id = event_id or new_event_id()
    return json.dumps(
        {
            "token": VERIFICATION_TOKEN,
            "team_id": team_id,
            "api_app_id": API_APP_ID,
            "event": event,
            "type": "event_callback",
            "event_id": event_id,
            "event_time": event_time,
            "authorizations": [
                {
                    "enterprise_id": None,
                    "team_id": team_id,
                    "user_id": BOT_USER_ID,
                    "is_bot": True,
                    "is_enterprise_install": False,
                }
            ],
            "is_ext_shared_channel": False,
            "event_context": f"4-{event_id}",
        }
    )


def url_verification_body(challenge: str) -> str:
    return json.dumps(
        {"token": VERIFICATION_TOKEN, "challenge": challenge, "type": "url_verification"}
    )
