"""Fake Slack Web API on an ephemeral loopback port; usage in tests/fakes/__init__.py."""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import itertools
import json
import re
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from functools import partialmethod
from typing import Any
from zoneinfo import ZoneInfo

from aiohttp import web
from multidict import CIMultiDict

BOT_USER_ID, BOT_ID, TEAM_ID, APP_ID = "UBOT", "BBOT", "T0TEST", "A0TEST"
TEAM_NAME, TEAM_URL = "Meldpunt Test", "https://t0test.slack.com/"
JSON_FIELDS = ("blocks", "attachments", "view", "metadata")
_ID = re.compile(r"[CDGUW][A-Z0-9]+")
_NAME = re.compile(r"[a-z0-9_-]+")
_TRUE = (True, 1, "1", "true")
Args = dict[str, Any]
Reply = Args | Callable[[Args], Args]
_CHANNEL = {"is_channel": True, "is_group": False, "is_im": False, "is_mpim": False, "is_archived": False,
            "is_general": False, "is_shared": False, "is_ext_shared": False, "is_org_shared": False,
            "context_team_id": TEAM_ID, "creator": BOT_USER_ID, "is_member": True, "previous_names": []}  # fmt: skip
_VIEW = {"team_id": TEAM_ID, "blocks": [], "private_metadata": "", "callback_id": "", "state": {"values": {}},
         "title": None, "close": None, "submit": None, "clear_on_close": False, "notify_on_close": False,
         "previous_view_id": None, "external_id": "", "app_id": APP_ID, "bot_id": BOT_ID}  # fmt: skip


class SlackError(Exception):  # raise in a handler or an on() callable -> {"ok": false, ...}
    def __init__(self, error: str, *messages: str) -> None:
        super().__init__(error)
        self.error, self.messages = error, list(messages)


@dataclass
class Call:
    method: str
    args: Args  # JSON-string fields (blocks, attachments, view, metadata) decoded
    raw_args: Args  # exactly as sent (query string + form or JSON body)
    headers: Mapping[str, str]  # case-insensitive
    http_method: str = "POST"
    status: int = 200
    response: Args = field(default_factory=dict)
    failed: bool = False  # non-200 or ok:false, scripted or not
    injected: bool = False  # answered by a fail() script

    @property
    def token(self) -> str | None:
        auth = self.headers.get("Authorization", "")
        return auth[7:] if auth.startswith("Bearer ") else self.args.get("token")


def _users(v: Any) -> list[str]:
    return [u.strip() for u in (v if isinstance(v, list) else str(v or "").split(",")) if u.strip()]


def _decode(raw: Args) -> Args:
    args = dict(raw)
    for key in JSON_FIELDS:
        if isinstance(v := args.get(key), str) and v.strip()[:1] in ("[", "{"):
            with contextlib.suppress(ValueError):
                args[key] = json.loads(v)
    return args


def _check_blocks(blocks: Any, limit: int) -> None:
    """Block Kit rules our flows can trip over: block count, duplicate block_id, >10 checkboxes."""
    if not isinstance(blocks, list) or not all(isinstance(b, dict) and "type" in b for b in blocks):
        raise SlackError("invalid_blocks_format")
    ids = [b["block_id"] for b in blocks if "block_id" in b]
    boxes = [e for b in blocks for e in [*b.get("elements", []), b.get("accessory"), b.get("element")]
             if isinstance(e, dict) and e.get("type") == "checkboxes"]  # fmt: skip
    if len(blocks) > limit or len(ids) != len(set(ids)) or any(len(e.get("options", [])) > 10 for e in boxes):
        raise SlackError("invalid_blocks", f"[ERROR] max {limit} blocks, unique block_id, <=10 options per checkboxes")


def _check_view(view: Any, kind: str) -> Args:
    if not isinstance(view, dict) or view.get("type") != kind:
        raise SlackError("invalid_arguments", "[ERROR] failed to match all allowed schemas [json-pointer:/view]")
    _check_blocks(view.get("blocks", []), 100)
    title, inputs = (view.get("title") or {}).get("text", ""), any(b["type"] == "input" for b in view.get("blocks", []))
    if kind == "modal" and not (0 < len(title) <= 24 and (view.get("submit") or not inputs)):
        raise SlackError("invalid_arguments", "[ERROR] title.text 1-24 chars; submit required with input blocks")
    if len(view.get("private_metadata", "")) > 3000 or len(view.get("callback_id", "")) > 255:
        raise SlackError("invalid_arguments", "[ERROR] private_metadata <= 3000, callback_id <= 255 chars")
    return view


def _check_content(a: Args) -> None:
    if not (a.get("text") or a.get("blocks") or a.get("attachments")):
        raise SlackError("no_text")
    _check_blocks(a.get("blocks", []), 50)


def _public(ch: Args) -> Args:
    return {k: v for k, v in ch.items() if k != "members"}


class FakeSlack:
    def __init__(self, token: str = "xoxb-test") -> None:
        self.token = token
        self.url = self.api_url = ""  # "http://127.0.0.1:PORT" and url + "/api/" once started
        self.calls: list[Call] = []
        self.responses: list[tuple[str, Any]] = []  # (response_url id, posted JSON)
        self.channels: dict[str, Args] = {}  # name -> channel object + "members"
        self.messages: dict[str, list[Args]] = {}  # channel id -> messages, updated in place
        self.views: dict[str, Args] = {}  # view id -> view
        self.pins: dict[str, list[str]] = {}  # channel id -> pinned ts
        self.dms: dict[str, list[str]] = {}  # D…/G… id -> users
        self.users: dict[str, Args] = {BOT_USER_ID: {"name": "meldpunt", "is_bot": True}}
        self._faults: dict[str, list[list[Any]]] = {}  # method -> [[error, status, retry_after, times]]
        self._custom: dict[str, Reply] = {}
        self._seq = itertools.count(1)
        self._runner: web.AppRunner | None = None
        self._cond = asyncio.Condition()

    async def start(self) -> FakeSlack:
        app = web.Application()
        app.router.add_route("*", "/api/{method}", self._handle_api)
        app.router.add_post("/response/{rid}", self._handle_response)
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=1)
        await self._runner.setup()
        await web.TCPSite(self._runner, "127.0.0.1", 0).start()
        self.url = f"http://127.0.0.1:{self._runner.addresses[0][1]}"
        self.api_url = self.url + "/api/"
        return self

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> FakeSlack:
        return await self.start()

    async def __aexit__(self, *exc: object) -> None:
        await self.stop()

    def calls_to(self, method: str) -> list[Call]:
        return [c for c in self.calls if c.method == method]

    def last(self, method: str) -> Call:
        if not (calls := self.calls_to(method)):
            raise AssertionError(f"no call to {method}; calls: {[c.method for c in self.calls]}")
        return calls[-1]

    async def wait_for(self, method: str, count: int = 1, timeout: float = 20, *, ok: bool | None = None) -> list[Call]:
        calls = lambda: [c for c in self.calls_to(method) if ok is None or c.failed is not ok]  # noqa: E731
        await self._wait(lambda: len(calls()) >= count, timeout, f"{count} call(s) to {method}")
        return calls()

    async def wait_for_response(self, count: int = 1, timeout: float = 20) -> list[tuple[str, Any]]:
        await self._wait(lambda: len(self.responses) >= count, timeout, f"{count} response_url post(s)")
        return self.responses

    async def _wait(self, pred: Callable[[], bool], timeout: float, what: str) -> None:
        try:
            async with asyncio.timeout(timeout), self._cond:
                await self._cond.wait_for(pred)
        except TimeoutError:
            seen = [c.method for c in self.calls]
            raise AssertionError(f"timed out after {timeout}s waiting for {what}; calls: {seen}") from None

    def response_url(self, rid: str = "1") -> str:
        return f"{self.url}/response/{rid}"

    def fail(self, method: str, error: str | None = None, *, status: int | None = None,
             retry_after: int | None = None, times: int | None = 1) -> None:  # fmt: skip
        """Script the next ``times`` calls (None: all) to fail. No error / "ratelimited": 429 +
        Retry-After (default 1); ``status=5xx``: internal_error; any other error: HTTP 200."""
        status = status or (429 if error in (None, "ratelimited") else 200)
        error = error or ("ratelimited" if status == 429 else "internal_error" if status >= 500 else "fatal_error")
        retry_after = 1 if retry_after is None and status == 429 else retry_after
        self._faults.setdefault(method, []).append([error, status, retry_after, times or float("inf")])

    def clear_failures(self) -> None:
        self._faults.clear()

    def on(self, method: str, reply: Reply) -> None:
        self._custom[method] = reply

    def add_channel(self, name: str, *, id: str | None = None, members: list[str] | None = None,
                    is_private: bool = False) -> Args:  # fmt: skip
        ch = self._new_channel(name, is_private, id)
        ch["members"] = list(members) if members is not None else [BOT_USER_ID]
        return ch

    def channel_by_id(self, cid: str) -> Args | None:
        return next((c for c in self.channels.values() if c["id"] == cid), None)

    def message(self, channel: str, ts: str) -> Args | None:
        return next((m for m in self.messages.get(channel, []) if m["ts"] == ts), None)

    async def _handle_api(self, request: web.Request) -> web.Response:
        raw: Args = dict(request.query)
        if request.method == "POST" and request.content_type == "application/json":
            with contextlib.suppress(ValueError):
                raw.update(await request.json())
        elif request.method == "POST":
            raw.update({k: v for k, v in (await request.post()).items() if isinstance(v, str)})
        call = Call(request.match_info["method"], _decode(raw), raw, CIMultiDict(request.headers), request.method)
        headers: dict[str, str] = {}
        if fault := self._take_fault(call.method):
            error, call.status, retry_after, _ = fault
            call.injected, call.response = True, {"ok": False, "error": error}
            headers = {"Retry-After": str(retry_after)} if retry_after is not None else {}
        else:
            call.response = self._dispatch(call)
        call.failed = call.status != 200 or not call.response.get("ok")
        self.calls.append(call)
        await self._notify()
        return web.json_response(call.response, status=call.status, headers=headers)

    async def _handle_response(self, request: web.Request) -> web.Response:
        json_body = request.content_type == "application/json"
        body = await request.json() if json_body else json.loads(str((await request.post())["payload"]))
        self.responses.append((request.match_info["rid"], body))
        await self._notify()
        return web.Response(text="ok")

    async def _notify(self) -> None:
        async with self._cond:
            self._cond.notify_all()

    def _take_fault(self, method: str) -> list[Any] | None:
        if not (queue := self._faults.get(method)):
            return None
        queue[0][3] -= 1
        return queue.pop(0) if queue[0][3] <= 0 else queue[0]

    def _dispatch(self, call: Call) -> Args:
        handler = self._custom.get(call.method) or getattr(self, "_api_" + call.method.replace(".", "_"), None)
        if handler is None:
            return {"ok": False, "error": "unknown_method", "req_method": call.method}
        if call.token != self.token:
            return {"ok": False, "error": "invalid_auth" if call.token else "not_authed"}
        try:
            return {"ok": True, **(handler(call.args) if callable(handler) else handler)}
        except SlackError as e:
            return {"ok": False, "error": e.error, **({"response_metadata": {"messages": e.messages}} if e.messages else {})}

    def _next_ts(self) -> str:
        micros = next(self._seq) * 100
        return f"{1700000000 + micros // 1_000_000}.{micros % 1_000_000:06d}"

    def _target(self, channel: Any, *, post: bool = True) -> str:
        ch = str(channel or "").lstrip("#")
        if not _ID.fullmatch(ch):
            if ch not in self.channels:
                raise SlackError("channel_not_found")
            ch = self.channels[ch]["id"]
        if ch[0] in "UW":
            return "D" + ch
        if post and (known := self.channel_by_id(ch)) is not None and BOT_USER_ID not in known["members"]:
            raise SlackError("not_in_channel")
        return ch  # unknown ids are accepted: tests need not seed every channel

    def _known(self, channel: Any) -> Args:
        if (known := self.channel_by_id(str(channel or ""))) is None:
            raise SlackError("channel_not_found")
        return known

    def _new_channel(self, name: str, is_private: bool, cid: str | None = None) -> Args:
        now, empty = int(time.time()), {"value": "", "creator": "", "last_set": 0}
        self.channels[name] = {"id": cid or f"C{next(self._seq):07d}", "name": name, "name_normalized": name,
                               "is_private": is_private, "created": now, "updated": now * 1000, **json.loads(json.dumps(_CHANNEL)),
                               "topic": dict(empty), "purpose": dict(empty), "members": [BOT_USER_ID]}  # fmt: skip
        return self.channels[name]

    def _make_view(self, view: Args, vid: str | None = None) -> Args:
        n = next(self._seq)
        vid, digest = vid or f"V{n:07d}", hashlib.sha256(str(n).encode()).hexdigest()[:8]
        self.views[vid] = {**json.loads(json.dumps(_VIEW)), "root_view_id": vid, **view, "id": vid, "hash": f"{1700000000 + n}.{digest}"}
        return self.views[vid]

    # ---- Web API methods: _api_<method with "." -> "_"> ----
    def _api_auth_test(self, a: Args) -> Args:
        return {"url": TEAM_URL, "team": TEAM_NAME, "user": "meldpunt", "team_id": TEAM_ID,
                "user_id": BOT_USER_ID, "bot_id": BOT_ID, "is_enterprise_install": False}  # fmt: skip

    def _api_chat_postMessage(self, a: Args) -> Args:
        channel = self._target(a.get("channel"))
        _check_content(a)
        msg = {"type": "message", "user": BOT_USER_ID, "bot_id": BOT_ID, "app_id": APP_ID, "team": TEAM_ID,
               "text": a.get("text", ""), "ts": self._next_ts()}  # fmt: skip
        msg.update({k: a[k] for k in ("blocks", "attachments", "thread_ts", "metadata") if a.get(k) is not None})
        self.messages.setdefault(channel, []).append(msg)
        return {"channel": channel, "ts": msg["ts"], "message": dict(msg)}

    def _api_chat_update(self, a: Args) -> Args:
        channel = self._target(a.get("channel"))
        if (msg := self.message(channel, str(a.get("ts", "")))) is None:
            raise SlackError("message_not_found")
        _check_content(a)
        # omitted text/blocks/attachments are kept; [] removes them (as documented)
        msg.update({k: a[k] for k in ("text", "blocks", "attachments") if k in a})
        msg["edited"] = {"user": BOT_USER_ID, "ts": self._next_ts()}
        return {"channel": channel, "ts": msg["ts"], "text": msg["text"], "message": dict(msg)}

    def _api_chat_postEphemeral(self, a: Args) -> Args:
        channel, user = self._target(a.get("channel")), str(a.get("user") or "")
        if not user or ((known := self.channel_by_id(channel)) is not None and user not in known["members"]):
            raise SlackError("user_not_in_channel")
        _check_content(a)
        return {"message_ts": self._next_ts()}

    def _api_chat_getPermalink(self, a: Args) -> Args:
        channel, ts = self._target(a.get("channel"), post=False), str(a.get("message_ts", ""))
        if not ts or (channel in self.messages and self.message(channel, ts) is None):
            raise SlackError("message_not_found")
        return {"channel": channel, "permalink": f"{TEAM_URL}archives/{channel}/p{ts.replace('.', '')}"}

    def _api_views_open(self, a: Args) -> Args:
        if not a.get("trigger_id"):
            raise SlackError("invalid_arguments", "[ERROR] missing required field: trigger_id")
        return {"view": self._make_view(_check_view(a.get("view"), "modal"))}

    _api_views_push = _api_views_open

    def _api_views_update(self, a: Args) -> Args:
        if (old := self.views.get(str(a.get("view_id")))) is None:
            raise SlackError("not_found")
        view = _check_view(a.get("view"), old["type"])
        return {"view": self._make_view({**view, "root_view_id": old["root_view_id"]}, old["id"])}

    def _api_conversations_open(self, a: Args) -> Args:
        if not (users := _users(a.get("users"))) or len(users) > 8:
            raise SlackError("too_many_users" if users else "users_list_not_supplied")
        digest = hashlib.sha256(",".join(sorted(users)).encode()).hexdigest()[:10].upper()
        cid = "D" + users[0] if len(users) == 1 else "G" + digest
        already, self.dms[cid] = cid in self.dms, users
        return {"channel": {"id": cid}, "no_op": already, "already_open": already}

    def _api_conversations_create(self, a: Args) -> Args:
        name = str(a.get("name") or "")
        for bad, error in ((not name, "invalid_name_required"), (len(name) > 80, "invalid_name_maxlength"),
                           (not _NAME.fullmatch(name), "invalid_name_specials"),
                           (not name.strip("-_"), "invalid_name_punctuation"), (name in self.channels, "name_taken")):
            if bad:
                raise SlackError(error)
        return {"channel": _public(self._new_channel(name, a.get("is_private") in _TRUE))}

    def _api_conversations_invite(self, a: Args) -> Args:
        ch, users = self._known(a.get("channel")), _users(a.get("users"))
        for bad, error in ((not users, "no_user"), (ch["is_archived"], "is_archived"),
                           (BOT_USER_ID in users, "cant_invite_self"), (len(users) > 1000, "too_many_users"),
                           (all(u in ch["members"] for u in users), "already_in_channel")):
            if bad:
                raise SlackError(error)
        ch["members"].extend(u for u in dict.fromkeys(users) if u not in ch["members"])
        return {"channel": _public(ch)}

    def _set_text(self, a: Args, key: str) -> Args:
        ch, value = self._known(a.get("channel")), str(a.get(key) or "")
        if len(value) > 250:
            raise SlackError("too_long")
        ch[key] = {"value": value, "creator": BOT_USER_ID, "last_set": int(time.time())}
        return {"channel": _public(ch)}

    _api_conversations_setTopic = partialmethod(_set_text, key="topic")
    _api_conversations_setPurpose = partialmethod(_set_text, key="purpose")

    def _api_conversations_members(self, a: Args) -> Args:
        cid = str(a.get("channel") or "")
        members = self.dms[cid] if cid in self.dms else self._known(cid)["members"]
        return {"members": list(members), "response_metadata": {"next_cursor": ""}}

    def _api_pins_add(self, a: Args) -> Args:
        channel, ts = self._target(a.get("channel")), str(a.get("timestamp") or "")
        if not ts or (channel in self.messages and self.message(channel, ts) is None):
            raise SlackError("no_item_specified" if not ts else "message_not_found")
        if ts in self.pins.setdefault(channel, []):
            raise SlackError("already_pinned")
        self.pins[channel].append(ts)
        return {}

    def _api_users_info(self, a: Args) -> Args:
        if (uid := str(a.get("user") or "")) not in self.users:
            raise SlackError("user_not_found")
        p = self.users[uid]
        tz, real = p.get("tz", "Europe/Amsterdam"), p.get("real_name", uid)
        offset = datetime.now(UTC).astimezone(ZoneInfo(tz)).utcoffset() or timedelta()
        user = {"id": uid, "team_id": TEAM_ID, "name": uid.lower(), "deleted": False, "real_name": real, "tz": tz,
                "tz_label": tz, "tz_offset": int(offset.total_seconds()), "is_admin": False, "is_bot": False,
                "updated": 1700000000, "profile": {"real_name": real, "display_name": p.get("display_name", real),
                "email": p.get("email", f"{uid.lower()}@example.test"), "team": TEAM_ID}}  # fmt: skip
        user.update({k: v for k, v in p.items() if k not in ("locale", "display_name", "email")})
        if a.get("include_locale") in _TRUE:
            user["locale"] = p.get("locale", "en-US")
        return {"user": user}
