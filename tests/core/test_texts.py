"""Both languages carry the same keys and the same placeholders."""

import string

import pytest

from core.model import ChecklistKey, Decision, Kind, Step
from core.texts import CATALOGUES, language, t


def placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def test_same_keys_in_every_language():
    nl, en = CATALOGUES["nl"], CATALOGUES["en"]
    assert set(nl) == set(en)


@pytest.mark.parametrize("key", sorted(CATALOGUES["nl"]))
def test_same_placeholders(key):
    assert placeholders(CATALOGUES["nl"][key]) == placeholders(CATALOGUES["en"][key])


@pytest.mark.parametrize(
    "prefix, members",
    [("step", Step), ("decision", Decision), ("kind", Kind), ("item", ChecklistKey)],
)
def test_every_enum_value_has_a_label(prefix, members):
    for member in members:
        for lang in CATALOGUES:
            assert t(f"{prefix}.{member.value}", lang).strip()


def test_language_negotiation():
    assert language("en-GB") == "en"
    assert language("NL_nl") == "nl"
    assert language("fr") == "nl"
    assert language(None, "en") == "en"
    assert t("error.not_found", "en", case="2026-0001") == "Incident 2026-0001 not found."


def test_every_key_the_code_names_exists():
    """Literal keys in the adapters and bot must be in the catalogue (a missing key is a crash)."""
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    pattern = re.compile(r"""["']((?:slack|teams|web|error|field|clock)\.[a-z0-9_.]+[a-z0-9_])["']""")
    missing = set()
    for folder in ("adapters", "bot", "core"):
        for path in (root / folder).rglob("*.py"):
            missing |= {k for k in pattern.findall(path.read_text()) if k not in CATALOGUES["nl"]}
    assert not missing
