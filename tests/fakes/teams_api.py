"""Fake Bot Connector, Microsoft Graph and Entra login on one ephemeral loopback port."""

from __future__ import annotations

import asyncio
import itertools
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import unquote

import requests
from aiohttp import web

LOGIN_HOST = "https://login.microsoftonline.com"


@dataclass
class Call:
    """One request the bot made: which service (connector, graph, login), route and JSON body."""

    service: str
    method: str
    path: str
    body: Any
    headers: dict[str, str]
    status: int = 200
    injected: bool = False

    @property
    def token(self) -> str | None:
        auth = self.headers.get("Authorization", "")
        return auth[7:] if auth.startswith("Bearer ") else None


@dataclass
class Fault:
    status: int
    times: int | None
    retry_after: float | None = None


@dataclass
class FakeTeams:
    """Records everything; `conversations` holds each conversation's activities by id."""

    url: str = ""
    calls: list[Call] = field(default_factory=list)
    conversations: dict[str, dict[str, Any]] = field(default_factory=dict)
    channels: dict[str, list[dict]] = field(default_factory=dict)  # team id -> created channels
    chats: dict[str, dict] = field(default_factory=dict)
    installed: dict[str, list[str]] = field(default_factory=dict)  # chat id -> catalog app ids
    catalog: dict[str, str] = field(default_factory=dict)  # manifest id -> catalog id
    tokens_issued: int = 0
    _faults: dict[str, list[Fault]] = field(default_factory=dict)
    _seq: Any = field(default_factory=lambda: itertools.count(1))
    _runner: web.AppRunner | None = None
    _cond: asyncio.Condition = field(default_factory=asyncio.Condition)

    @property
    def service_url(self) -> str:
        return self.url + "/connector/"

    @property
    def graph_url(self) -> str:
        return self.url + "/graph/v1.0/"

    async def __aenter__(self) -> FakeTeams:
        app = web.Application()
        app.router.add_route("*", "/connector/{path:.*}", self._connector)
        app.router.add_route("*", "/graph/v1.0/{path:.*}", self._graph)
        app.router.add_route("*", "/login/{path:.*}", self._login)
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=1)
        await self._runner.setup()
        await web.TCPSite(self._runner, "127.0.0.1", 0).start()
        self.url = f"http://127.0.0.1:{self._runner.addresses[0][1]}"
        return self

    async def __aexit__(self, *exc: object) -> None:
        if self._runner is not None:
            await self._runner.cleanup()

    # ---- scripting and inspection ------------------------------------------------------------

    def fail(self, route: str, status: int, *, times: int | None = 1, retry_after: float | None = None) -> None:
        """route: 'create_conversation', 'send', 'update', 'reply', 'channel', 'chat', 'install', 'token'."""
        self._faults.setdefault(route, []).append(Fault(status, times, retry_after))

    def clear_failures(self) -> None:
        self._faults.clear()

    def sent(self, conversation: str | None = None) -> list[Call]:
        """Successful posts of new activities (proactive or replies), optionally in one conversation."""
        return [c for c in self.calls if c.service == "connector" and c.method == "POST" and c.status < 300
                and "/activities" in c.path and (conversation is None or _conv(c.path) == conversation)]

    def updates(self, conversation: str | None = None) -> list[Call]:
        return [c for c in self.calls if c.service == "connector" and c.method == "PUT" and c.status < 300
                and (conversation is None or _conv(c.path) == conversation)]

    def personal(self, user: str) -> str | None:
        """The 1:1 conversation the bot opened (or was given) with a user."""
        return next((cid for cid, c in self.conversations.items() if c.get("user") == user), None)

    def activity(self, conversation: str, activity_id: str) -> dict | None:
        return self.conversations.get(conversation, {}).get("activities", {}).get(activity_id)

    async def wait_for(self, predicate: Callable[[], Any], timeout: float = 20, what: str = "condition") -> Any:
        try:
            async with asyncio.timeout(timeout), self._cond:
                await self._cond.wait_for(predicate)
        except TimeoutError:
            raise AssertionError(f"fake Teams: {what} not reached in {timeout}s") from None
        return predicate()

    # ---- Bot Connector ---------------------------------------------------------------------------

    async def _connector(self, request: web.Request) -> web.Response:
        path = "/" + request.match_info["path"]
        body = await _body(request)
        parts = [unquote(p) for p in path.strip("/").split("/")]
        if request.method == "POST" and parts == ["v3", "conversations"]:
            route = "create_conversation"
        elif request.method == "PUT":
            route = "update"
        else:
            route = "reply" if len(parts) == 5 else "send"
        return await self._answer("connector", route, request, path, body, lambda: self._connect(route, parts, body))

    def _connect(self, route: str, parts: list[str], body: Any) -> dict:
        if route == "create_conversation":
            user = (body.get("members") or [{}])[0].get("id")
            existing = self.personal(user) if not body.get("isGroup") else None
            cid = existing or f"a:personal-{next(self._seq)}"
            self.conversations.setdefault(cid, {"user": user, "activities": {}, "tenant": body.get("tenantId")})
            return {"id": cid, "serviceUrl": self.service_url}
        conversation = self.conversations.setdefault(parts[2], {"activities": {}})
        if route == "update":
            conversation["activities"][parts[4]] = body
            return {"id": parts[4]}
        aid = f"act-{next(self._seq)}"
        conversation["activities"][aid] = body
        return {"id": aid}

    # ---- Graph and login -------------------------------------------------------------------------

    async def _graph(self, request: web.Request) -> web.Response:
        path = "/" + request.match_info["path"]
        body = await _body(request)
        parts = path.strip("/").split("/")
        if parts[0] == "teams" and parts[-1] == "channels":
            return await self._answer("graph", "channel", request, path, body, lambda: self._channel(parts[1], body))
        if parts == ["chats"]:
            return await self._answer("graph", "chat", request, path, body, lambda: self._chat(body))
        if parts[0] == "chats" and parts[-1] == "installedApps":
            return await self._answer("graph", "install", request, path, body, lambda: self._install(parts[1], body))
        if parts[0] == "appCatalogs":
            wanted = request.query.get("$filter", "").split("'")[1:2]
            found = [{"id": self.catalog[w], "externalId": w} for w in wanted if w in self.catalog]
            return await self._answer("graph", "catalog", request, path, body, lambda: {"value": found})
        return web.json_response({"error": {"code": "NotFound"}}, status=404)

    def _channel(self, team: str, body: dict) -> dict:
        channel = {"id": f"19:channel-{next(self._seq)}@thread.tacv2", **body}
        self.channels.setdefault(team, []).append(channel)
        return channel

    def _chat(self, body: dict) -> dict:
        chat = {"id": f"19:chat-{next(self._seq)}@thread.v2", **body}
        self.chats[chat["id"]] = chat
        return chat

    def _install(self, chat: str, body: dict) -> dict:
        self.installed.setdefault(chat, []).append(body["teamsApp@odata.bind"].rsplit("/", 1)[-1])
        return {}

    async def _login(self, request: web.Request) -> web.Response:
        path = "/" + request.match_info["path"]
        body = dict(await request.post()) if request.method == "POST" else {}
        tenant = path.strip("/").split("/")[0]
        if path.endswith("openid-configuration"):
            issuer = f"{LOGIN_HOST}/{tenant}"
            return web.json_response({"authorization_endpoint": f"{issuer}/oauth2/v2.0/authorize",
                                      "token_endpoint": f"{issuer}/oauth2/v2.0/token", "issuer": f"{issuer}/v2.0"})
        return await self._answer("login", "token", request, path, body, lambda: self._token(body))

    def _token(self, body: dict) -> dict:
        self.tokens_issued += 1
        scope = str(body.get("scope", ""))
        return {"token_type": "Bearer", "expires_in": 3600, "access_token": f"token-{self.tokens_issued}:{scope}"}

    # ---- plumbing -------------------------------------------------------------------------------

    async def _answer(self, service, route, request, path, body, make: Callable[[], dict]) -> web.Response:
        call = Call(service, request.method, path, body, dict(request.headers))
        self.calls.append(call)
        fault = self._take(route)
        if fault is not None:
            call.status, call.injected = fault.status, True
            headers = {"Retry-After": str(fault.retry_after)} if fault.retry_after is not None else {}
            response = web.json_response({"error": {"code": f"Fault{fault.status}", "message": "injected"}},
                                         status=fault.status, headers=headers)
        else:
            response = web.json_response(make(), status=201 if route in ("channel", "chat") else 200)
        async with self._cond:
            self._cond.notify_all()
        return response

    def _take(self, route: str) -> Fault | None:
        for fault in self._faults.get(route, []):
            if fault.times is None or fault.times > 0:
                if fault.times is not None:
                    fault.times -= 1
                return fault
        return None

    def msal_http_client(self) -> requests.Session:
        """msal's injected HTTP client: login.microsoftonline.com is served by this fake."""
        return _LoopbackSession(LOGIN_HOST, self.url + "/login")


class _LoopbackSession(requests.Session):
    def __init__(self, real: str, fake: str) -> None:
        super().__init__()
        self._real, self._fake = real, fake

    def request(self, method, url, *args, **kwargs):  # type: ignore[override]
        return super().request(method, url.replace(self._real, self._fake, 1), *args, **kwargs)


def _conv(path: str) -> str:
    parts = [unquote(p) for p in path.strip("/").split("/")]
    return parts[2] if len(parts) > 2 else ""


async def _body(request: web.Request) -> Any:
    raw = await request.read()
    if not raw:
        return {}
    try:
        return json.loads(raw)
    except ValueError:
        return {}
