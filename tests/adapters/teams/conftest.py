"""Fixtures: the fake Bot Connector/Graph/login and the real app wired to it over HTTP."""

from __future__ import annotations

import pytest

from bot.bootstrap import build_app
from bot.org_config import parse_org_yaml
from bot.settings import Settings
from bot.teams_wiring import TeamsSeams
from storage.migrate import upgrade_async
from tests.adapters.teams.world import ORG_YAML, TENANT, TeamsWorld
from tests.fakes.teams_api import FakeTeams

APP_ID = "00000000-0000-0000-0000-00000000b07"


@pytest.fixture
async def fake_teams():
    async with FakeTeams() as fake:
        yield fake


async def _world(database_url, fake, aiohttp_client, *, credentials: bool, org_yaml: str = ORG_YAML,
                 sdk_auth: bool = False) -> TeamsWorld:
    await upgrade_async(database_url)
    org = parse_org_yaml(org_yaml, source="test-org.yaml")
    extra = {}
    seams = None
    if credentials:
        extra = {"microsoft_app_id": APP_ID, "microsoft_app_password": "secret",
                 "microsoft_app_tenant_id": TENANT, "microsoft_app_type": "SingleTenant"}  # fmt: skip
        seams = TeamsSeams(msal_http_client=fake.msal_http_client(),
                           authenticate=None if sdk_auth else _bearer_test)
    settings = Settings(database_url=database_url, graph_api_url=fake.graph_url,
                        org_config="does-not-exist.yaml", _env_file=None, **extra)  # fmt: skip
    app = build_app(settings, org=org, dispatch_poll_seconds=0.2, teams=seams)
    headers = {"Authorization": "Bearer from-teams"} if credentials else {}
    return TeamsWorld(client=await aiohttp_client(app), fake=fake, org=org, headers=headers)


async def _bearer_test(request) -> bool:
    """Stands in for the Bot Framework JWT check: Microsoft's signing keys are not reachable here."""
    return request.headers.get("Authorization") == "Bearer from-teams"


@pytest.fixture
async def world(database_url, fake_teams, aiohttp_client) -> TeamsWorld:
    """Emulator mode: no app id, no Graph; the IRT works in personal chats."""
    return await _world(database_url, fake_teams, aiohttp_client, credentials=False)


@pytest.fixture
async def world_with_credentials(database_url, fake_teams, aiohttp_client) -> TeamsWorld:
    return await _world(database_url, fake_teams, aiohttp_client, credentials=True)


@pytest.fixture
def make_world(database_url, fake_teams, aiohttp_client):
    """For tests that need their own organisation file (e.g. with teams.irt_team_id)."""

    async def make(org_yaml: str = ORG_YAML, *, credentials: bool = True, sdk_auth: bool = False) -> TeamsWorld:
        return await _world(database_url, fake_teams, aiohttp_client, credentials=credentials, org_yaml=org_yaml,
                            sdk_auth=sdk_auth)

    return make
