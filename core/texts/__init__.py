"""The one text catalogue: every sentence a person reads, in Dutch (default) and English."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from core.texts import en, en_reminders, en_teams, nl, nl_reminders, nl_teams

# One catalogue per language, kept in a few files by subject; a key may appear in only one.
CATALOGUES: Mapping[str, Mapping[str, str]] = {
    "nl": {**nl.MESSAGES, **nl_reminders.MESSAGES, **nl_teams.MESSAGES},
    "en": {**en.MESSAGES, **en_reminders.MESSAGES, **en_teams.MESSAGES},
}
DEFAULT_LANGUAGE = "nl"


def language(code: str | None, fallback: str = DEFAULT_LANGUAGE) -> str:
    """'en-GB', 'EN', 'nl_NL' → a supported language, else the fallback."""
    if code:
        short = code.strip().lower().replace("_", "-").split("-")[0]
        if short in CATALOGUES:
            return short
    return fallback if fallback in CATALOGUES else DEFAULT_LANGUAGE


def t(key: str, lang: str | None = None, /, **params: Any) -> str:
    """The text for `key` in `lang`; a missing key is a bug, so it raises KeyError."""
    template = CATALOGUES[language(lang)][key]
    return template.format(**params) if params else template


def has(key: str) -> bool:
    return key in CATALOGUES[DEFAULT_LANGUAGE]
