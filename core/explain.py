"""Known errors as a sentence in the person's language; adapters handle the unknown ones."""

from __future__ import annotations

from core.errors import DomainError, ValidationFailed
from core.texts import t


def explain(exc: Exception, lang: str, **context: str) -> str | None:
    """The sentence for a domain error, or None when the error is not one of ours (a bug)."""
    if isinstance(exc, ValidationFailed):
        return " ".join(t(key, lang) for key in exc.fields.values())
    if isinstance(exc, DomainError):
        return t(exc.key, lang, **{"case": "", **exc.params, **context})
    return None
