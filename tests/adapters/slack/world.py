"""A running Meldpunt app with Slack on, a fake Slack Web API, and signed-request helpers."""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from typing import Any

from aiohttp.test_utils import TestClient

from core.org import Organisation
from tests.fakes import (
    FakeSlack,
    block_actions_body,
    event_body,
    signed_headers,
    slash_command_body,
    view_submission_body,
)

SECRET = "test-signing-secret"
ORG_YAML = """
organisation: Test School
timezone: Europe/Amsterdam
language: nl
people:
  - {id: bob, name: Bob Contact, slack: U0BOB}
  - {id: carol, name: Carol Handler, slack: U0CAROL}
  - {id: dave, name: Dave DPO, slack: U0DAVE}
  - {id: erin, name: Erin IRT, slack: U0ERIN}
  - {id: frank, name: Frank IRT, slack: U0FRANK}
  - {id: grace, name: Grace Board, slack: U0GRACE}
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
REPORTER = "U0REPORTER"


@dataclass
class SlackWorld:
    client: TestClient
    fake: FakeSlack
    org: Organisation
    secret: str = SECRET

    async def post(self, body: str, *, timestamp: int | None = None, secret: str | None = None,
                   headers: dict[str, str] | None = None):
        signed = signed_headers(body, secret or self.secret, timestamp or int(time.time()))
        return await self.client.post("/slack/events", data=body.encode(), headers={**signed, **(headers or {})})

    async def command(self, text: str = "", *, user: str = REPORTER, response_id: str = "cmd") -> Any:
        body = slash_command_body(text=text, user_id=user, response_url=self.fake.response_url(response_id))
        return await self.post(body)

    async def click(self, action_id: str, value: str = "", *, user: str, block_id: str = "b",
                    selected: str | None = None, response_id: str = "act", message: dict | None = None):
        action: dict[str, Any] = {"action_id": action_id, "block_id": block_id, "type": "button",
                                  "value": value, "action_ts": str(time.time())}
        if selected is not None:
            action = {**action, "type": "overflow", "selected_option": {"value": selected}}
            action.pop("value")
        payload = {"user": {"id": user, "name": user.lower()}, "actions": [action],
                   "response_url": self.fake.response_url(response_id),
                   "container": {"type": "message"}, "message": message or {"blocks": []},
                   "channel": {"id": "D0TEST"}}
        return await self.post(block_actions_body(payload))

    async def submit(self, callback_id: str, state: dict, *, user: str, metadata: dict | None = None,
                     view_id: str = "V0TEST1"):
        view = {"id": view_id, "callback_id": callback_id, "type": "modal",
                "private_metadata": json.dumps(metadata or {}), "state": {"values": state}}
        return await self.post(view_submission_body({"user": {"id": user, "name": user.lower()}, "view": view}))

    async def event(self, event: dict, *, event_id: str | None = None, retry: int | None = None):
        headers = {"X-Slack-Retry-Num": str(retry), "X-Slack-Retry-Reason": "http_timeout"} if retry else None
        return await self.post(event_body(event, event_id), headers=headers)


def text_value(text: str) -> dict:
    return {"value": {"type": "plain_text_input", "value": text}}


def select_value(value: str | None) -> dict:
    return {"value": {"type": "static_select", "selected_option": {"value": value} if value else None}}


def multi_value(*values: str) -> dict:
    return {"value": {"type": "multi_static_select", "selected_options": [{"value": v} for v in values]}}


def time_value(epoch: int | None) -> dict:
    return {"value": {"type": "datetimepicker", "selected_date_time": epoch}}


def report_state(*, description="Laptop lost on the train with pupil records", unit="north-admin",
                 discovered: int | None = None, kind="lost_or_stolen_device", **extra) -> dict:
    """The first screen of the report modal as Slack sends its state."""
    state = {
        "description": text_value(description),
        "unit": select_value(unit),
        "discovered_at": time_value(discovered if discovered is not None else int(time.time()) - 3600),
        "kind": select_value(kind),
        "confidential": {"value": {"type": "checkboxes", "selected_options": []}},
    }
    state.update(extra)
    return state


def details_state(*, count="", encrypted="no") -> dict:
    """The second screen: the optional questions."""
    return {
        "personal_data": multi_value("name_address"),
        "subjects": multi_value("pupils"),
        "subjects_count": text_value(count),
        "special_categories": {"value": {"type": "radio_buttons", "selected_option": {"value": "no"}}},
        "encrypted": {"value": {"type": "radio_buttons", "selected_option": {"value": encrypted}}},
        "measures": text_value(""),
    }
