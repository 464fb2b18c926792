"""Fixtures: a fake Slack Web API and the real app wired to it over HTTP, on a migrated database."""

from __future__ import annotations

import pytest

from bot.bootstrap import build_app
from bot.org_config import parse_org_yaml
from bot.settings import Settings
from storage.migrate import upgrade_async
from tests.adapters.slack.world import ORG_YAML, SECRET, SlackWorld
from tests.fakes import FakeSlack


@pytest.fixture
async def fake_slack():
    async with FakeSlack() as fake:
        yield fake


@pytest.fixture
async def world(database_url, fake_slack, aiohttp_client) -> SlackWorld:
    await upgrade_async(database_url)
    org = parse_org_yaml(ORG_YAML, source="test-org.yaml")
    settings = Settings(database_url=database_url, slack_bot_token="xoxb-test",
                        slack_signing_secret=SECRET, slack_api_url=fake_slack.api_url,
                        org_config="does-not-exist.yaml", _env_file=None)
    app = build_app(settings, org=org, dispatch_poll_seconds=0.2)
    client = await aiohttp_client(app)
    return SlackWorld(client=client, fake=fake_slack, org=org)
