"""The IRT workspace in Teams: a channel in the IRT team, else a group chat, else personal chats."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable

from adapters.teams.cards import Json
from adapters.teams.connector import Connector, Conversation
from adapters.teams.conversations import PLATFORM, Conversations
from adapters.teams.graph import GraphClient, GraphError
from core.model import Incident
from core.org import Organisation
from core.outbox import MessageRef
from core.ports import UnitOfWorkFactory

log = logging.getLogger("meldpunt.teams")
WORKSPACE, STATUS = "irt_workspace", "irt_status"
Record = Callable[..., Awaitable[None]]
Render = Callable[[str | None, str], Awaitable[Json]]  # (recipient address or None, kind) -> message


class Workspaces:
    """Interface.md 'Teams IRT workspace'; without credentials always the personal chats."""

    def __init__(
        self, *, connector: Connector, conversations: Conversations, graph: GraphClient | None,
        uow: UnitOfWorkFactory, org: Organisation, app_id: str | None, record: Record,
    ) -> None:  # fmt: skip
        self.connector, self.conversations, self.graph = connector, conversations, graph
        self.uow, self.org, self.app_id, self.record = uow, org, app_id, record

    async def open(self, incident: Incident, name: str, purpose: str, render: Render) -> str:
        """Create the workspace once, then post the checklist card to every place it lives."""
        case = incident.case_number or ""
        workspace = await self._ref(case, WORKSPACE)
        if workspace is None:
            kind, conversation = await self._create(name, purpose)
            workspace = MessageRef(PLATFORM, case, WORKSPACE, "", conversation, kind)
            await self._put(workspace)
            await self.record(case, platform=PLATFORM, kind=kind)
            log.info("irt workspace opened", extra={"case": case, "event": f"irt_{kind}", "platform": PLATFORM})
        targets = [""] if workspace.conversation else []
        if workspace.message_id != "channel":  # a channel is seen by the whole IRT team
            targets += await self._personal_targets(workspace)
        posted = ""
        for recipient in targets:
            posted = await self._post_or_update(case, recipient, workspace, render) or posted
        return posted or workspace.conversation

    async def refresh(self, case: str, render: Render) -> None:
        """Update every copy of the checklist card (one per place it was posted)."""
        workspace = await self._ref(case, WORKSPACE)
        if workspace is None:
            return
        async with self.uow() as uow:
            copies = await uow.refs.for_case(PLATFORM, case, STATUS)
        for ref in copies:
            conversation = await self._where(ref.recipient, workspace)
            await self.connector.update(conversation, ref.message_id, await render(ref.recipient or None, workspace.message_id))

    async def shared(self, case: str) -> Conversation | None:
        """The channel or group chat, where lines about who did what go; None for personal chats."""
        workspace = await self._ref(case, WORKSPACE)
        if workspace is None or not workspace.conversation:
            return None
        return await self._where("", workspace)

    async def _create(self, name: str, purpose: str) -> tuple[str, str]:
        if self.graph is not None and self.org.teams_irt_team_id:
            try:
                return "channel", await self.graph.create_channel(self.org.teams_irt_team_id, name, purpose)
            except GraphError as exc:
                if exc.transient:
                    raise
                log.warning("irt channel not permitted", extra={"status": exc.status, "error": exc.code})
        if self.graph is not None and self.app_id:
            try:
                return "chat", await self._group_chat(name)
            except GraphError as exc:
                if exc.transient:
                    raise
                log.warning("irt group chat not permitted", extra={"status": exc.status, "error": exc.code})
        return "personal", ""

    async def _group_chat(self, name: str) -> str:
        assert self.graph is not None and self.app_id
        members = [oid for oid in [await self.conversations.object_id(a) for a in self._addresses()] if oid]
        if len(members) < 2:
            raise GraphError(400, "too_few_known_members")
        catalog = await self.graph.catalog_app_id(self.app_id)
        if catalog is None:
            raise GraphError(404, "app_not_in_catalog")
        chat = await self.graph.create_group_chat(name, members)
        await self.graph.install_in_chat(chat, catalog)
        return chat

    async def _personal_targets(self, workspace: MessageRef) -> list[str]:
        """Personal chats: everyone for the fallback; in a group chat those Graph could not add."""
        addresses = self._addresses()
        if workspace.message_id == "chat":
            addresses = [a for a in addresses if not await self.conversations.object_id(a)]
        return addresses

    def _addresses(self) -> list[str]:
        people = [self.org.person(p) for p in self.org.irt_members()]
        return [p.teams for p in people if p is not None and p.teams]

    async def _post_or_update(self, case: str, recipient: str, workspace: MessageRef, render: Render) -> str:
        conversation = await self._where(recipient, workspace)
        activity = await render(recipient or None, workspace.message_id)
        existing = await self._ref(case, STATUS, recipient)
        if existing is not None:
            await self.connector.update(conversation, existing.message_id, activity)
            return existing.message_id
        activity_id = await self.connector.send(conversation, activity)
        await self._put(MessageRef(PLATFORM, case, STATUS, recipient, conversation.id, activity_id))
        return activity_id

    async def _where(self, recipient: str, workspace: MessageRef) -> Conversation:
        if recipient:
            return await self.conversations.personal(recipient)
        return Conversation(workspace.conversation, await self.conversations.service_url())

    async def _ref(self, case: str, purpose: str, recipient: str = "") -> MessageRef | None:
        async with self.uow() as uow:
            return await uow.refs.get(PLATFORM, case, purpose, recipient)

    async def _put(self, ref: MessageRef) -> None:
        async with self.uow() as uow:
            await uow.refs.put(ref)
            await uow.commit()

