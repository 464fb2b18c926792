"""A thin Microsoft Graph client: IRT channels, group chats and installing the app in a chat."""

from __future__ import annotations

from typing import Any

import aiohttp

from adapters.teams.auth import GRAPH_SCOPE, TokenProvider

CHANNEL_NAME_MAX = 50  # Graph refuses longer displayName values
TIMEOUT = aiohttp.ClientTimeout(total=30)


class GraphError(Exception):
    """A Graph call failed; `status` 401/403 means the app may not do this (no consent)."""

    def __init__(self, status: int, code: str = "", *, retry_after: float | None = None) -> None:
        super().__init__(f"graph {status} {code}".strip())
        self.status, self.code, self.retry_after = status, code, retry_after

    @property
    def transient(self) -> bool:
        return self.status in (429, 412) or self.status >= 500


class GraphClient:
    def __init__(self, base_url: str, tokens: TokenProvider) -> None:
        self.base_url = base_url if base_url.endswith("/") else base_url + "/"
        self.tokens = tokens

    async def create_channel(self, team_id: str, name: str, description: str) -> str:
        """A standard channel in the IRT team; returns its id (a Bot Framework conversation id)."""
        body = {
            "displayName": name[:CHANNEL_NAME_MAX],
            "description": description[:1024],
            "membershipType": "standard",
        }
        return (await self._call("POST", f"teams/{team_id}/channels", body))["id"]

    async def create_group_chat(self, topic: str, member_object_ids: list[str]) -> str:
        """A group chat named after the case with these Entra users as owners; returns its id."""
        members = [
            {
                "@odata.type": "#microsoft.graph.aadUserConversationMember",
                "roles": ["owner"],
                "user@odata.bind": f"{self.base_url}users('{oid}')",
            }
            for oid in member_object_ids
        ]
        body = {"chatType": "group", "topic": topic, "members": members}
        return (await self._call("POST", "chats", body))["id"]

    async def catalog_app_id(self, manifest_id: str) -> str | None:
        """The org catalog's id of our app package (its manifest id is the bot id)."""
        query = f"appCatalogs/teamsApps?$filter=externalId eq '{manifest_id}'"
        found = (await self._call("GET", query)).get("value") or []
        return found[0]["id"] if found else None

    async def install_in_chat(self, chat_id: str, catalog_id: str) -> None:
        body = {"teamsApp@odata.bind": f"{self.base_url}appCatalogs/teamsApps/{catalog_id}"}
        await self._call("POST", f"chats/{chat_id}/installedApps", body)

    async def _call(self, method: str, path: str, body: dict | None = None) -> dict[str, Any]:
        token = await self.tokens.token(GRAPH_SCOPE)
        headers = {"Authorization": f"Bearer {token}"}
        async with (
            aiohttp.ClientSession(timeout=TIMEOUT) as session,  # a few calls per escalation
            session.request(method, self.base_url + path, json=body, headers=headers) as response,
        ):
            data = await _json(response)
            if response.status >= 300:
                code = str((data.get("error") or {}).get("code", "")) if data else ""
                retry = response.headers.get("Retry-After")
                raise GraphError(response.status, code, retry_after=float(retry) if retry else None)
            return data


async def _json(response: aiohttp.ClientResponse) -> dict[str, Any]:
    try:
        data = await response.json(content_type=None)
    except (ValueError, aiohttp.ContentTypeError):
        return {}
    return data if isinstance(data, dict) else {}
