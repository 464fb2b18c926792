"""What every Teams handler shares: core handlers, the org, the clock, languages, refusals."""

from __future__ import annotations

import logging
import secrets
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from adapters.teams.conversations import Conversations
from adapters.teams.inbound import org_person
from core.errors import NotAllowed, ValidationFailed
from core.explain import explain
from core.handlers import Handlers
from core.org import Organisation
from core.ports import Clock
from core.texts import language, t

log = logging.getLogger("meldpunt.teams")
FirstTime = Callable[[str, str], Awaitable[bool]]


@dataclass
class TeamsContext:
    handlers: Handlers
    org: Organisation
    clock: Clock
    first_time: FirstTime
    conversations: Conversations
    default_language: str = "nl"

    def lang(self, activity: dict) -> str:
        """Teams sends the person's locale on every activity; else the organisation's language."""
        return language(activity.get("locale"), self.default_language)

    def person_id(self, account: dict) -> str | None:
        person = org_person(account, self.org)
        return person.id if person else None

    def viewer(self, account: dict) -> str:
        """Who is asking, for visibility checks: the org's id or 'teams:29:…'."""
        return self.person_id(account) or f"teams:{account.get('id', '')}"

    def actor(self, account: dict) -> str:
        """The organisation's person behind a Teams user; strangers may decide nothing."""
        person = self.person_id(account)
        if person is None:
            raise NotAllowed()
        return person

    async def lang_of(self, address: str) -> str:
        """A person's language for proactive messages: the locale Teams last told us."""
        return language(await self.conversations.locale(address), self.default_language)


def friendly(exc: Exception, lang: str, **context: str) -> str:
    """A known error as a sentence; an unknown one logged with a reference the person also sees."""
    known = explain(exc, lang, **context)
    if known is not None:
        return known
    ref = secrets.token_hex(4)
    log.exception("teams handler failed", extra={"ref": ref, "case": context.get("case", "")})
    return t("error.unexpected", lang, ref=ref)


def field_errors(exc: Exception, lang: str) -> dict[str, str]:
    """Each invalid field's sentence, keyed by the core field name."""
    if isinstance(exc, ValidationFailed):
        return {name: t(key, lang) for name, key in exc.fields.items()}
    return {}


def refused(case: str, what: str) -> None:
    """Refusals are logged without personal data (interface.md, 'Refusals')."""
    log.info("action refused", extra={"case": case, "event": "refused", "decision": what})
