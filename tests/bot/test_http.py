"""The server's operational routes over HTTP: /healthz and /metrics."""

from __future__ import annotations

from bot.bootstrap import build_app
from bot.settings import Settings
from storage.migrate import upgrade_async


async def test_healthz_and_metrics(database_url, aiohttp_client):
    await upgrade_async(database_url)
    settings = Settings(database_url=database_url, org_config="absent.yaml", _env_file=None)
    client = await aiohttp_client(build_app(settings))

    health = await client.get("/healthz")
    metrics = await client.get("/metrics")
    slack = await client.post("/slack/events", data="{}")

    assert health.status == 200 and await health.json() == {"status": "ok"}
    assert metrics.status == 200 and metrics.content_type == "text/plain"
    assert 'meldpunt_incidents{step="irt"} 0' in await metrics.text()
    assert slack.status == 404  # Slack is off without its settings


async def test_healthz_says_unavailable_when_the_database_does_not_answer(tmp_path, aiohttp_client):
    settings = Settings(database_url=f"sqlite+aiosqlite:///{tmp_path}/missing/dir/x.db",
                        org_config="absent.yaml", _env_file=None)
    client = await aiohttp_client(build_app(settings))
    response = await client.get("/healthz")
    assert response.status == 503
