"""App-only tokens from Microsoft Entra ID through msal, for the Bot Connector and Graph."""

from __future__ import annotations

import asyncio
from typing import Any, Protocol

import msal

LOGIN_URL = "https://login.microsoftonline.com"
BOT_SCOPE = "https://api.botframework.com/.default"
GRAPH_SCOPE = "https://graph.microsoft.com/.default"


class TokenError(Exception):
    """No token: wrong secret, unknown app, or the login service is unreachable."""


class TokenProvider(Protocol):
    async def token(self, scope: str) -> str:
        """A bearer token for `scope`; "" when the bot runs without credentials."""
        ...


class NoTokens:
    """Emulator mode: nothing is signed and Graph is never called."""

    enabled = False

    async def token(self, scope: str) -> str:
        return ""


class MsalTokens:
    """Client credentials (single-tenant: the tenant's authority; else botframework.com).

    msal is synchronous and does its own caching, so each call runs in a thread. `http_client`
    is msal's own injection point (a requests-like object); tests route it to a local fake.
    """

    enabled = True

    def __init__(
        self, app_id: str, password: str, *, tenant: str | None, http_client: Any = None
    ) -> None:
        self._args: dict[str, Any] = {
            "client_id": app_id,
            "client_credential": password,
            "authority": f"{LOGIN_URL}/{tenant or 'botframework.com'}",
            "instance_discovery": False,
        }
        if http_client is not None:
            self._args["http_client"] = http_client
        self._app: msal.ConfidentialClientApplication | None = None
        self._lock = asyncio.Lock()

    async def token(self, scope: str) -> str:
        async with self._lock:
            if self._app is None:
                self._app = await asyncio.to_thread(self._build)
        result = await asyncio.to_thread(self._app.acquire_token_for_client, scopes=[scope])
        if not isinstance(result, dict) or "access_token" not in result:
            error = (
                (result or {}).get("error", "no_token") if isinstance(result, dict) else "no_token"
            )
            raise TokenError(str(error))
        return str(result["access_token"])

    def _build(self) -> msal.ConfidentialClientApplication:
        try:
            return msal.ConfidentialClientApplication(**self._args)
        except (ValueError, OSError) as exc:  # tenant discovery failed
            raise TokenError(type(exc).__name__) from exc
