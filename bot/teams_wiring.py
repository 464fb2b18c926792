"""Wires the Teams adapter into the app: POST /api/messages, tokens, Graph and the notifier."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from aiohttp import web

from adapters.teams.auth import MsalTokens, NoTokens, TokenProvider
from adapters.teams.bot import turn_handler
from adapters.teams.context import TeamsContext
from adapters.teams.conversations import Conversations
from adapters.teams.graph import GraphClient
from adapters.teams.manifest import build_package
from adapters.teams.notifier import TeamsNotifier
from adapters.teams.sdk import TeamsHost
from adapters.teams.workspace import Workspaces
from bot.services import Services
from bot.settings import Settings, SettingsError

log = logging.getLogger("meldpunt.teams")


@dataclass(frozen=True)
class TeamsSeams:
    """Test seams, like build_app's clock: never set in production.

    `msal_http_client` is msal's own injection point (a requests-like object) so tokens can come
    from a loopback fake; `authenticate` stands in for the Bot Framework JWT check, whose signing
    keys live on Microsoft's servers.
    """

    msal_http_client: Any = None
    authenticate: Callable[[web.Request], Awaitable[bool]] | None = None


def add_teams(app: web.Application, services: Services, seams: TeamsSeams | None = None) -> TeamsNotifier:
    """Mount POST /api/messages; without an app id, unauthenticated (Bot Framework Emulator)."""
    settings, seams = services.settings, seams or TeamsSeams()
    tenant = _tenant(settings)
    tokens = _tokens(settings, tenant, seams)
    host = TeamsHost(app_id=settings.microsoft_app_id, tenant=tenant, tokens=tokens)
    conversations = Conversations(services.uow, host, tenant=tenant)
    default_language = settings.meldpunt_language or services.org.language
    ctx = TeamsContext(
        handlers=services.handlers,
        org=services.org,
        clock=services.clock,
        first_time=services.first_time,
        conversations=conversations,
        default_language=default_language,
    )
    host.mount(app, turn_handler(ctx), authenticate=seams.authenticate)
    graph = GraphClient(settings.graph_api_url, tokens) if settings.microsoft_app_id else None
    workspaces = Workspaces(
        connector=host,
        conversations=conversations,
        graph=graph,
        uow=services.uow,
        org=services.org,
        app_id=settings.microsoft_app_id,
        record=services.handlers.record_workspace,
    )
    return TeamsNotifier(
        host,
        conversations=conversations,
        workspaces=workspaces,
        org=services.org,
        clock=services.clock,
        uow=services.uow,
        load=services.handlers.get,
        default_language=default_language,
    )


def write_teams_manifest(settings: Settings, out: Path) -> str:
    """`python -m bot teams-manifest --out FILE`: the app package to upload to Teams as is."""
    if not settings.microsoft_app_id:
        raise SettingsError("invalid setting MICROSOFT_APP_ID: the Teams app package needs the bot's app id")
    out.write_bytes(build_package(settings.microsoft_app_id, base_url=settings.public_base_url))
    return f"Teams app package written to {out}: upload it in Teams (Apps → Manage your apps → Upload an app)"


def _tenant(settings: Settings) -> str | None:
    """Single-tenant bots sign in at their tenant; MultiTenant ones at botframework.com."""
    if (settings.microsoft_app_type or "SingleTenant").lower() == "multitenant":
        return None
    return settings.microsoft_app_tenant_id


def _tokens(settings: Settings, tenant: str | None, seams: TeamsSeams) -> TokenProvider:
    if not settings.microsoft_app_id:
        log.warning(
            "Teams runs WITHOUT authentication (Bot Framework Emulator mode): set MICROSOFT_APP_ID, "
            "MICROSOFT_APP_PASSWORD and MICROSOFT_APP_TENANT_ID before connecting real Teams"
        )
        return NoTokens()
    if (settings.microsoft_app_type or "").lower() == "userassignedmsi":
        raise SettingsError("invalid setting MICROSOFT_APP_TYPE: UserAssignedMSI is not supported; use SingleTenant")
    if not settings.microsoft_app_password:
        raise SettingsError("invalid setting MICROSOFT_APP_PASSWORD: required when MICROSOFT_APP_ID is set")
    if tenant is None and (settings.microsoft_app_type or "SingleTenant").lower() != "multitenant":
        raise SettingsError("invalid setting MICROSOFT_APP_TENANT_ID: required for a SingleTenant bot")
    return MsalTokens(
        settings.microsoft_app_id,
        settings.microsoft_app_password,
        tenant=tenant,
        http_client=seams.msal_http_client,
    )
