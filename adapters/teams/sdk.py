"""The Microsoft 365 Agents SDK behind our interfaces: hosting /api/messages and proactive sends."""

from __future__ import annotations

import logging
import warnings
from collections.abc import Awaitable, Callable
from typing import Any, Protocol

from aiohttp import web
from microsoft_agents.activity import (
    Activity,
    ChannelAccount,
    ConversationAccount,
    ConversationParameters,
    InvokeResponse,
)
from microsoft_agents.hosting.aiohttp import CloudAdapter, jwt_authorization_decorator
from microsoft_agents.hosting.core import ChannelServiceClientFactoryBase, TurnContext
from microsoft_agents.hosting.core.authorization import (
    AgentAuthConfiguration,
    AuthenticationConstants,
    ClaimsIdentity,
)
from microsoft_agents.hosting.core.connector.client import UserTokenClient
from microsoft_agents.hosting.core.connector.teams import TeamsConnectorClient

from adapters.teams.auth import BOT_SCOPE, TokenProvider
from adapters.teams.connector import Conversation

log = logging.getLogger("meldpunt.teams")
CHANNEL_ID = "msteams"


class Turn(Protocol):
    """One inbound activity as plain JSON, with a way to answer in its conversation."""

    activity: dict[str, Any]

    async def reply(self, activity: dict[str, Any]) -> str: ...

    async def update(self, activity_id: str, activity: dict[str, Any]) -> None: ...


TurnHandler = Callable[[Turn], Awaitable[dict[str, Any] | None]]  # returns an invoke body
Authenticate = Callable[[web.Request], Awaitable[bool]]  # a test seam in place of the JWT check


class _Clients(ChannelServiceClientFactoryBase):
    """Connector clients signed with our TokenProvider (msal, injectable) instead of the SDK's."""

    def __init__(self, tokens: TokenProvider) -> None:
        self._tokens = tokens

    async def create_connector_client(
        self, context, claims_identity, service_url, audience, scopes=None, use_anonymous=False
    ):
        token = "" if use_anonymous else await self._tokens.token(BOT_SCOPE)
        return TeamsConnectorClient(endpoint=service_url, token=token)

    async def create_user_token_client(self, context, claims_identity, use_anonymous=False):
        # We use no user sign-in; the client exists because the SDK wants one on every turn.
        app_id = claims_identity.get_app_id() or "meldpunt"
        return UserTokenClient(AuthenticationConstants.AGENTS_SDK_OAUTH_URL, "", app_id=app_id)


class _SdkTurn:
    def __init__(self, context: TurnContext) -> None:
        self._context = context
        self.activity = context.activity.model_dump(by_alias=True, exclude_none=True, mode="json")

    async def reply(self, activity: dict[str, Any]) -> str:
        response = await self._context.send_activity(Activity.model_validate(activity))
        return (response.id if response else "") or ""

    async def update(self, activity_id: str, activity: dict[str, Any]) -> None:
        await self._context.update_activity(Activity.model_validate({**activity, "id": activity_id}))


class _Agent:
    """The SDK's Agent protocol: hands every turn to our handler and returns its invoke body."""

    def __init__(self, handler: TurnHandler) -> None:
        self._handler = handler

    async def on_turn(self, context: TurnContext) -> None:
        body = await self._handler(_SdkTurn(context))
        if context.activity.type == "invoke":
            response = InvokeResponse(status=200, body=body or {})
            await context.send_activity(Activity(type="invokeResponse", value=response))


class TeamsHost:
    """CloudAdapter plus our handler; also the proactive Connector (same clients, same tokens)."""

    def __init__(self, *, app_id: str | None, tenant: str | None, tokens: TokenProvider) -> None:
        self.app_id = app_id or ""
        self.tenant = tenant
        self._clients = _Clients(tokens)
        self.adapter = CloudAdapter(channel_service_client_factory=self._clients)
        self.adapter.on_turn_error = None  # errors reach our own translator and the dispatcher
        self.auth_config = AgentAuthConfiguration(
            client_id=app_id, tenant_id=tenant, anonymous_allowed=not app_id
        )

    def mount(self, app: web.Application, handler: TurnHandler, *, authenticate: Authenticate | None = None) -> None:
        """POST /api/messages: the SDK's JWT check (or a test's `authenticate`), then the CloudAdapter."""
        agent = _Agent(handler)

        async def process(request: web.Request) -> web.StreamResponse:
            return await self.adapter.process(request, agent)

        if authenticate is None:
            with warnings.catch_warnings():  # the SDK reads this plain string key off the app
                warnings.simplefilter("ignore")
                app["agent_configuration"] = self.auth_config
            app.router.add_post("/api/messages", jwt_authorization_decorator(process))
            return

        async def vouched(request: web.Request) -> web.StreamResponse:
            if not await authenticate(request):
                return web.json_response({"error": "unauthorized"}, status=401)
            request["claims_identity"] = self.adapter.create_claims_identity(self.app_id)
            return await process(request)

        app.router.add_post("/api/messages", vouched)

    # ---- core of the Connector interface -----------------------------------------------------

    async def send(self, conversation: Conversation, activity: dict) -> str:
        result: list[str] = []

        async def send(context: TurnContext) -> None:
            out = self._outgoing(conversation, activity)
            responses = await self.adapter.send_activities(context, [out])
            result.append((responses[0].id if responses else "") or "")

        await self._continue(conversation, send)
        return result[0] if result else ""

    async def update(self, conversation: Conversation, activity_id: str, activity: dict) -> None:
        async def update(context: TurnContext) -> None:
            out = self._outgoing(conversation, activity)
            out.id = activity_id
            await self.adapter.update_activity(context, out)

        await self._continue(conversation, update)

    async def create_personal(self, *, service_url: str, tenant: str | None, user: str) -> str:
        tenancy = {"tenant_id": tenant, "channel_data": {"tenant": {"id": tenant}}} if tenant else {}
        params = ConversationParameters(
            is_group=False, agent=ChannelAccount(id=self._bot_id()), members=[ChannelAccount(id=user)], **tenancy
        )
        # The client is made and closed here: the SDK's create_conversation leaks it on errors.
        identity = self.adapter.create_claims_identity(self.app_id) if self.app_id else ClaimsIdentity()
        client = await self._clients.create_connector_client(
            None, identity, service_url, AuthenticationConstants.AGENTS_SDK_SCOPE,
            use_anonymous=identity.allow_anonymous,
        )  # fmt: skip
        try:
            created = await client.conversations.create_conversation(params)
        finally:
            await client.close()
        return created.id

    async def _continue(self, conversation: Conversation, callback) -> None:
        reference = Activity(
            type="event",
            name="ContinueConversation",
            channel_id=CHANNEL_ID,
            service_url=conversation.service_url,
            conversation=ConversationAccount(id=conversation.id, tenant_id=conversation.tenant),
            recipient=ChannelAccount(id=self._bot_id()),
        )
        identity = self.adapter.create_claims_identity(self.app_id) if self.app_id else ClaimsIdentity()
        await self.adapter.continue_conversation_with_claims(
            identity, reference, callback, AuthenticationConstants.AGENTS_SDK_SCOPE
        )

    def _outgoing(self, conversation: Conversation, activity: dict) -> Activity:
        address = {
            "channelId": CHANNEL_ID,
            "serviceUrl": conversation.service_url,
            "conversation": {"id": conversation.id, "tenantId": conversation.tenant},
            "from": {"id": self._bot_id()},
        }
        return Activity.model_validate({"type": "message", **activity, **address})

    def _bot_id(self) -> str:
        return f"28:{self.app_id}" if self.app_id else "28:meldpunt"
