"""Where each Teams user is reached: conversation references kept through core.ports.MessageRefs."""

from __future__ import annotations

import json

from adapters.teams.connector import DEFAULT_SERVICE_URL, Connector, Conversation
from adapters.teams.inbound import is_personal, user_addresses
from core.outbox import MessageRef
from core.ports import UnitOfWorkFactory

PLATFORM = "teams"
PERSONAL = "conversation"  # purpose of a user's 1:1 chat, keyed by '29:…' and 'aad:<object id>'
SERVICE = "service_url"  # the last service URL Teams used, for chats we open ourselves
MAX_FIELD = 255


class Conversations:
    """References are stored when people first talk to the bot and refreshed on every turn."""

    def __init__(
        self, uow: UnitOfWorkFactory, connector: Connector, *, tenant: str | None = None
    ) -> None:
        self.uow, self.connector, self.tenant = uow, connector, tenant

    async def remember(self, activity: dict) -> None:
        service_url = activity.get("serviceUrl") or ""
        conversation = activity.get("conversation") or {}
        tenant = conversation.get("tenantId") or (activity.get("channelData") or {}).get("tenant", {}).get("id")
        refs = []
        if service_url:
            refs.append(MessageRef(PLATFORM, "", SERVICE, "", service_url[:MAX_FIELD], tenant or ""))
        account = activity.get("from") or {}
        if is_personal(activity) and conversation.get("id") and account.get("id"):
            meta = _meta(service_url, tenant, activity.get("locale"), account.get("aadObjectId"))
            for address in user_addresses(account):
                refs.append(MessageRef(PLATFORM, "", PERSONAL, address, conversation["id"], meta))
        async with self.uow() as uow:
            for ref in refs:
                await uow.refs.put(ref)
            await uow.commit()

    async def personal(self, address: str) -> Conversation:
        """The user's 1:1 chat with the bot; opened through the Bot Connector when not known yet."""
        ref = await self._get(PERSONAL, address)
        if ref is not None:
            meta = _load(ref.message_id)
            return Conversation(ref.conversation, meta.get("u") or await self.service_url(), meta.get("t"))
        service_url, tenant = await self.service_url(), await self._tenant()
        user = address.removeprefix("aad:")
        conversation_id = await self.connector.create_personal(service_url=service_url, tenant=tenant, user=user)
        async with self.uow() as uow:
            meta = _meta(service_url, tenant, None, None)
            await uow.refs.put(MessageRef(PLATFORM, "", PERSONAL, address, conversation_id, meta))
            await uow.commit()
        return Conversation(conversation_id, service_url, tenant)

    async def send_personal(self, address: str, activity: dict) -> str:
        return await self.connector.send(await self.personal(address), activity)

    async def locale(self, address: str) -> str | None:
        ref = await self._get(PERSONAL, address)
        return _load(ref.message_id).get("l") if ref else None

    async def object_id(self, address: str) -> str | None:
        """The Entra object id Graph needs for chat members, when the user has talked to the bot."""
        if address.startswith("aad:"):
            return address[4:]
        ref = await self._get(PERSONAL, address)
        return _load(ref.message_id).get("a") if ref else None

    async def service_url(self) -> str:
        ref = await self._get(SERVICE, "")
        return ref.conversation if ref else DEFAULT_SERVICE_URL

    async def _tenant(self) -> str | None:
        ref = await self._get(SERVICE, "")
        return self.tenant or (ref.message_id if ref and ref.message_id else None)

    async def _get(self, purpose: str, recipient: str) -> MessageRef | None:
        async with self.uow() as uow:
            return await uow.refs.get(PLATFORM, "", purpose, recipient)


def _meta(service_url: str, tenant: str | None, locale: str | None, aad: str | None) -> str:
    """Compact JSON in the ref's message_id column (255 characters): dropped parts are optional."""
    data = {"u": service_url, "t": tenant, "l": locale, "a": aad}
    for optional in ("l", "a", "u"):
        text = json.dumps({k: v for k, v in data.items() if v}, separators=(",", ":"))
        if len(text) <= MAX_FIELD:
            return text
        data[optional] = None
    return "{}"


def _load(text: str) -> dict:
    try:
        data = json.loads(text or "{}")
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}
