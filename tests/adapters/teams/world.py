"""A running Meldpunt app with Teams on, the fake Bot Connector/Graph/login, and activity builders."""

from __future__ import annotations

import asyncio
import itertools
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from aiohttp.test_utils import TestClient

from bot.services import SERVICES
from core.org import Organisation
from tests.fakes.teams_api import FakeTeams

TENANT = "tenant-0001"
BOT = "28:meldpunt-app"
ORG_YAML = """
organisation: Test School
timezone: Europe/Amsterdam
language: nl
people:
  - {id: bob, name: Bob Contact, teams: "29:bob"}
  - {id: carol, name: Carol Handler, teams: "29:carol"}
  - {id: dave, name: Dave DPO, teams: "aad:oid-dave"}
  - {id: erin, name: Erin IRT, teams: "29:erin"}
  - {id: frank, name: Frank IRT, teams: "29:frank"}
  - {id: grace, name: Grace Board, teams: "29:grace"}
units:
  - id: north
    name: Location North
    contacts: [bob]
    units:
      - {id: north-admin, name: Administration}
  - {id: south, name: Location South}
roles:
  handlers: [carol]
  dpo: [dave]
  irt: [erin, frank]
  irt_lead: [erin]
  board: [grace]
"""
REPORTER = "29:reporter"
# Teams user id -> Entra object id, as Teams sends them on activities
OBJECT_IDS = {"29:bob": "oid-bob", "29:carol": "oid-carol", "29:dave": "oid-dave", "29:erin": "oid-erin",
              "29:frank": "oid-frank", "29:grace": "oid-grace", REPORTER: "oid-reporter"}  # fmt: skip
_ids = itertools.count(1)


@dataclass
class TeamsWorld:
    client: TestClient
    fake: FakeTeams
    org: Organisation
    locales: dict[str, str] = field(default_factory=dict)
    headers: dict[str, str] = field(default_factory=dict)  # e.g. the Authorization Teams sends

    def activity(self, user: str, kind: str = "message", **extra: Any) -> dict:
        """An activity as Teams posts it from `user`'s personal chat with the bot."""
        return {
            "type": kind,
            "id": extra.pop("id", None) or f"f:{next(_ids)}",
            "timestamp": datetime.now(UTC).isoformat(),
            "channelId": "msteams",
            "serviceUrl": self.fake.service_url,
            "from": {"id": user, "name": user.split(":")[-1].title(), "aadObjectId": OBJECT_IDS.get(user, f"oid-{user}")},
            "recipient": {"id": BOT, "name": "Meldpunt"},
            "conversation": {"id": dm(user), "conversationType": "personal", "tenantId": TENANT},
            "channelData": {"tenant": {"id": TENANT}},
            "locale": self.locales.get(user, "nl-NL"),
            **extra,
        }

    async def post(self, activity: dict, headers: dict | None = None):
        return await self.client.post("/api/messages", json=activity, headers={**self.headers, **(headers or {})})

    async def say(self, user: str, text: str, **extra: Any):
        return await self.post(self.activity(user, text=text, **extra))

    async def hello(self, user: str):
        """The app is installed in the user's personal scope (Teams' conversationUpdate)."""
        return await self.post(self.activity(user, "conversationUpdate", membersAdded=[{"id": BOT}]))

    async def execute(self, user: str, verb: str, data: dict, **extra: Any) -> dict:
        """A card button as Action.Execute (Universal Actions): an invoke answered with a card."""
        value = {"action": {"type": "Action.Execute", "verb": verb, "data": data}, "trigger": "manual"}
        response = await self.post(self.activity(user, "invoke", name="adaptiveCard/action", value=value, **extra))
        assert response.status == 200, await response.text()
        return await response.json()

    async def submit(self, user: str, verb: str, data: dict, *, reply_to: str | None = None):
        """The same button as Action.Submit (hosts without Universal Actions): a message with value."""
        extra = {"replyToId": reply_to} if reply_to else {}
        return await self.post(self.activity(user, value={**data, "verb": verb}, **extra))

    async def settled(self, timeout: float = 20.0) -> dict[str, int]:
        """Wait until the outbox has nothing pending (delivered, or failed for good)."""
        services = self.client.app[SERVICES]
        for _ in range(int(timeout / 0.02)):
            async with services.uow() as uow:
                counts = await uow.outbox.counts()
            if counts["pending"] == 0:
                return counts
            services.dispatcher.kick()
            await asyncio.sleep(0.02)
        raise AssertionError(f"outbox not settled: {counts}")

    def inbox(self, user: str) -> list[dict]:
        """Every activity posted to the user's personal chat, oldest first (replies and proactive)."""
        return [c.body for c in self.fake.sent() if _conversation(c.path) in self._personal(user)]

    def updated(self, user: str) -> list[dict]:
        """Every activity replaced in place (PUT) in the user's personal chat, oldest first."""
        return [c.body for c in self.fake.updates() if _conversation(c.path) in self._personal(user)]

    def reply_to(self, activity_id: str) -> list[dict]:
        """The bot's replies to one inbound activity."""
        return [c.body for c in self.fake.sent() if c.path.endswith(f"/activities/{activity_id}")]

    def _personal(self, user: str) -> set[str]:
        same = [u for u, oid in OBJECT_IDS.items() if f"aad:{oid}" == user]  # one person, two ids
        return {dm(user), *map(dm, same), self.fake.personal(user) or "",
                self.fake.personal(user.removeprefix("aad:")) or ""}  # fmt: skip

    def cards(self, user: str) -> list[dict]:
        return [a["attachments"][0]["content"] for a in self.inbox(user) if a.get("attachments")]


def dm(user: str) -> str:
    return f"a:dm-{user}"


def card_of(activity: dict) -> dict:
    return activity["attachments"][0]["content"]


def invoked_card(answer: dict) -> dict:
    assert answer["type"] == "application/vnd.microsoft.card.adaptive", answer
    return answer["value"]


def verbs(card: dict) -> list[tuple[str, dict]]:
    """(verb, data) of every Action.Execute anywhere in the card."""
    found: list[tuple[str, dict]] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if node.get("type") == "Action.Execute":
                found.append((node["verb"], node.get("data", {})))
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(card.get("body", []))
    walk(card.get("actions", []))
    return found


def decisions(card: dict) -> list[str]:
    return [d["decision"] for verb, d in verbs(card) if verb == "decide"]


def texts(card: dict) -> str:
    """All visible text of a card, for 'does it say X' checks."""
    out: list[str] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            for key in ("text", "title", "value", "label"):
                if isinstance(node.get(key), str):
                    out.append(node[key])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(card)
    return "\n".join(out)


def report_data(**changes: Any) -> dict:
    data = {"form": "form-1", "lang": "nl", "description": "Laptop lost on the train with pupil records",
            "unit": "north-admin", "discovered_date": datetime.now(UTC).strftime("%Y-%m-%d"),
            "discovered_time": "00:00", "kind": "lost_or_stolen_device", "personal_data": "name_address",
            "subjects": "pupils", "subjects_count": "", "special_categories": "no", "encrypted": "no",
            "measures": "", "confidential": "false"}  # fmt: skip
    data.update(changes)
    return data


def _conversation(path: str) -> str:
    parts = path.strip("/").split("/")
    return parts[2] if len(parts) > 2 else ""
