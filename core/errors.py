"""One error hierarchy: each carries a catalogue key so every adapter can say it in the person's language."""

from __future__ import annotations

from typing import Any


class DomainError(Exception):
    """A command that cannot be carried out; `key` names the text in core.texts."""

    key = "error.generic"

    def __init__(self, key: str | None = None, /, **params: Any) -> None:
        self.key = key or type(self).key
        self.params = params
        super().__init__(f"{self.key} {params}" if params else self.key)


class NotAllowed(DomainError):
    """The actor may not take this decision or action (logged as a refusal)."""

    key = "error.not_allowed"


class InvalidTransition(DomainError):
    """The decision is not possible in the incident's current step."""

    key = "error.invalid_transition"


class ValidationFailed(DomainError):
    """One or more fields are invalid; `fields` maps field name to a catalogue key."""

    key = "error.validation"

    def __init__(self, fields: dict[str, str], **params: Any) -> None:
        self.fields = fields
        super().__init__(type(self).key, **params)


class NotFound(DomainError):
    """Unknown case, or one the caller may not see (existence does not leak)."""

    key = "error.not_found"


class Duplicate(DomainError):
    """The same submission (idempotency key) was stored by a concurrent request."""

    key = "error.generic"
