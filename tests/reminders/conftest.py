"""The real app over HTTP with a fake Slack, on a settable clock: travel through the 72 hours."""

from __future__ import annotations

import asyncio
import itertools
import time
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest

from bot.bootstrap import build_app
from bot.clock import SettableClock
from bot.org_config import parse_org_yaml
from bot.services import SERVICES, Services
from bot.settings import Settings
from core.checklist import ChecklistUpdate
from core.commands import Decide, UpdateChecklist
from core.model import ChecklistKey, Decision, ItemState
from storage.migrate import upgrade_async
from tests.adapters.slack.world import ORG_YAML, REPORTER, SECRET, SlackWorld, report_state
from tests.fakes import FakeSlack

_VIEWS = itertools.count(1)
DPO_DM = "DU0DAVE"  # the fake's conversations.open answers "D" + the user id


@dataclass
class ReminderWorld(SlackWorld):
    clock: SettableClock | None = None

    @property
    def services(self) -> Services:
        return self.client.app[SERVICES]

    async def report(self, *, discovered: datetime) -> str:
        """A Slack report of an incident discovered at `discovered`; returns its case number."""
        state = report_state(discovered=int(discovered.timestamp()))
        view_id = f"V0REPORT{next(_VIEWS)}"  # Slack's view id makes a repeated submit idempotent
        response = await self.submit(
            "report", state, user=REPORTER, metadata={"lang": "nl"}, view_id=view_id
        )
        assert response.status == 200, await response.text()
        return (await self.services.handlers.incidents())[-1].case_number

    async def escalate(self, case: str) -> None:
        """Contact and handler forward, the DPO escalates; then the IRT channel is made."""
        for actor, decision in (("bob", "forward"), ("carol", "forward"), ("dave", "escalate")):
            await self.services.handlers.decide(Decide(case, Decision(decision), actor))
        await self.deliver()  # another replica's dispatcher may hold the message: wait for the pin

        def pinned() -> bool:
            channel = self.fake.channels.get(f"inc-{case}")
            return bool(channel and self.fake.pins.get(channel["id"]))

        await until(pinned)

    async def record_notification(self, case: str, *, actor: str = "erin") -> None:
        assert self.clock is not None
        change = ChecklistUpdate(
            ChecklistKey.NOTIFY_AUTHORITY,
            ItemState.DONE,
            notified_at=self.clock.now(),
            authority_reference="AP-2026-1",
            delay_reason="Pas laat ontdekt hoe groot het was.",
        )
        await self.services.handlers.update_checklist(UpdateChecklist(case, actor, change))

    async def travel(self, **delta: float) -> None:
        """Move the clock, run one sweep, and deliver what it wrote."""
        assert self.clock is not None
        self.clock.advance(**delta)
        await self.services.sweeper.run_once()
        await self.deliver()

    async def deliver(self) -> None:
        await self.services.dispatcher.run_once()

    def irt_channel(self, case: str) -> str:
        return self.fake.channels[f"inc-{case}"]["id"]


def reminders(fake: FakeSlack, prefix: str = "reminder:") -> Counter[tuple[str, str]]:
    """(channel, block id) of every reminder Slack accepted, counted."""
    found: Counter[tuple[str, str]] = Counter()
    for call in fake.calls_to("chat.postMessage"):
        for block in call.args.get("blocks") or []:
            if not call.failed and block.get("block_id", "").startswith(prefix):
                found[(call.args["channel"], block["block_id"])] += 1
    return found


def rungs_in(found: Counter[tuple[str, str]], channel: str, case: str) -> list[str]:
    """The rung names that reached `channel` for `case`, in the order they arrived."""
    start = f"reminder:{case}:"
    return [b[len(start) :] for c, b in found if c == channel and b.startswith(start)]


async def until(predicate, timeout: float = 20.0) -> None:
    """Bolt acknowledges first and works after: poll briefly for the effect."""
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, "condition not reached"
        await asyncio.sleep(0.02)


@pytest.fixture
def clock() -> SettableClock:
    # Real now: Slack signatures and the report form's "not in the future" use it too.
    return SettableClock(datetime.now(UTC).replace(microsecond=0) - timedelta(seconds=1))


@pytest.fixture
async def fake_slack():
    async with FakeSlack() as fake:
        yield fake


@pytest.fixture
def start_app(database_url, fake_slack, aiohttp_client, clock):
    """Start another app (a replica, or the same after a restart) on the same database."""
    org = parse_org_yaml(ORG_YAML, source="test-org.yaml")

    async def start(*, sweep_seconds: float = 3600) -> ReminderWorld:
        await upgrade_async(database_url)
        settings = Settings(
            database_url=database_url,
            slack_bot_token="xoxb-test",
            slack_signing_secret=SECRET,
            slack_api_url=fake_slack.api_url,
            org_config="does-not-exist.yaml",
            reminder_sweep_seconds=sweep_seconds,  # by default the tests sweep themselves
            _env_file=None,
        )
        app = build_app(settings, org=org, clock=clock, dispatch_poll_seconds=0.2)
        client = await aiohttp_client(app)
        return ReminderWorld(client=client, fake=fake_slack, org=org, clock=clock)

    return start


@pytest.fixture
async def world(start_app) -> ReminderWorld:
    return await start_app()
