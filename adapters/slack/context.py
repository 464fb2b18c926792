"""What every Slack listener shares: the core handlers, the org, the clock, languages, refusals."""

from __future__ import annotations

import logging
import secrets
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from core.errors import NotAllowed, ValidationFailed
from core.explain import explain
from core.handlers import Handlers
from core.org import Channel, Organisation
from core.ports import Clock
from core.routing import person_ref
from core.texts import language, t

log = logging.getLogger("meldpunt.slack")
FirstTime = Callable[[str, str], Awaitable[bool]]


@dataclass
class SlackContext:
    client: AsyncWebClient
    handlers: Handlers
    org: Organisation
    clock: Clock
    first_time: FirstTime
    command: str = "/incident"
    default_language: str = "nl"
    _languages: dict[str, str] = field(default_factory=dict)

    def person_id(self, user_id: str) -> str | None:
        person = self.org.person_by_address(Channel.SLACK, user_id)
        return person.id if person else None

    def viewer(self, user_id: str) -> str:
        """Who is asking: the organisation's id, or 'slack:U…' for someone outside the file."""
        return self.person_id(user_id) or person_ref(Channel.SLACK, user_id)

    def actor(self, user_id: str) -> str:
        """The organisation's person behind a Slack user; strangers may decide nothing."""
        person = self.person_id(user_id)
        if person is None:
            raise NotAllowed()
        return person

    async def lang(self, user_id: str) -> str:
        """The person's Slack locale when Slack tells it, else the organisation's language."""
        if user_id not in self._languages:
            try:
                info = await self.client.users_info(user=user_id, include_locale=True)
                locale = info["user"].get("locale")
            except (SlackApiError, KeyError, OSError):
                locale = None
            self._languages[user_id] = language(locale, self.default_language)
        return self._languages[user_id]


def friendly(exc: Exception, lang: str, **context: str) -> str:
    """A known error as a sentence; an unknown one logged with a reference the person also sees."""
    known = explain(exc, lang, **context)
    if known is not None:
        return known
    ref = secrets.token_hex(4)
    log.exception("slack listener failed", extra={"ref": ref, "case": context.get("case", "")})
    return t("error.unexpected", lang, ref=ref)


def field_errors(
    exc: Exception, lang: str, *, known: set[str], fallback: str, **context: str
) -> dict[str, str]:
    """Errors for a modal: each invalid field on its block, everything else on the fallback block."""
    if isinstance(exc, ValidationFailed):
        errors: dict[str, str] = {}
        for name, key in exc.fields.items():
            block = name if name in known else fallback
            errors[block] = (errors.get(block, "") + " " + t(key, lang)).strip()
        return errors
    return {fallback: friendly(exc, lang, **context)}
