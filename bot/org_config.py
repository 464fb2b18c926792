"""Load and validate the organisation file (ORG_CONFIG) into `core.org.Organisation`."""

from __future__ import annotations

import difflib
import logging
import typing
from functools import cache
from importlib import resources
from os import PathLike
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from bot.org_checks import find_problems
from bot.org_schema import OrgFile
from bot.yaml_lines import Loc, YamlProblem, parse_yaml_with_lines
from core.org import Organisation

log = logging.getLogger(__name__)

DEMO_FILE = "demo_org.yaml"


class OrgConfigError(Exception):
    """The organisation file is unusable; says which file, which line and what is wrong."""

    def __init__(self, path: str, line: int | None, reason: str) -> None:
        self.path = path
        self.line = line
        self.reason = reason
        super().__init__(str(self))

    def __str__(self) -> str:
        where = self.path if self.line is None else f"{self.path}:{self.line}"
        return f"{where}: {self.reason}"


def load_org_file(path: str | PathLike[str]) -> Organisation:
    """Read and validate an organisation file; any problem becomes an OrgConfigError."""
    source = str(path)
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise OrgConfigError(source, None, "file not found") from None
    except UnicodeDecodeError as exc:
        raise OrgConfigError(source, None, f"not UTF-8 text ({exc.reason})") from None
    except OSError as exc:
        raise OrgConfigError(source, None, f"cannot read the file ({exc.strerror})") from None
    return parse_org_yaml(text, source=source)


def parse_org_yaml(text: str, *, source: str) -> Organisation:
    """Validate organisation YAML; `source` names the file in error messages."""
    try:
        data, lines = parse_yaml_with_lines(text)
    except YamlProblem as exc:
        raise OrgConfigError(source, exc.line, exc.reason) from None

    def line_of(loc: Loc) -> int:
        while loc not in lines:
            loc = loc[:-1]
        return lines[loc]

    if not isinstance(data, dict):
        raise OrgConfigError(source, line_of(()), "expected a mapping of keys (organisation: …)")
    try:
        org = OrgFile.model_validate(data)
    except ValidationError as exc:
        line, reason = min(
            ((line_of(err["loc"]), _describe(err)) for err in exc.errors()),
            key=lambda problem: problem[0],
        )
        raise OrgConfigError(source, line, reason) from None
    problems = find_problems(org, line_of)
    if problems:
        raise OrgConfigError(source, *problems[0])
    return org.to_organisation()


def load_organisation(path: str | PathLike[str] | None) -> Organisation:
    """The organisation file when it exists, else the built-in demo (interface.md, ORG_CONFIG)."""
    if path is not None and Path(path).exists():
        return load_org_file(path)
    log.warning("no organisation file at %s; using the built-in demo organisation", path)
    return demo_organisation()


@cache
def demo_organisation() -> Organisation:
    """A Dutch school group to try the bot with; shipped with the package."""
    text = resources.files("bot").joinpath(DEMO_FILE).read_text(encoding="utf-8")
    return parse_org_yaml(text, source=f"bot/{DEMO_FILE}")


def _describe(err: ErrorDetails) -> str:
    """One readable line for a pydantic error, naming the offending key or value."""
    loc, kind = err["loc"], err["type"]
    where = _dotted(loc)
    parent = _dotted(loc[:-1])
    if kind == "extra_forbidden":
        return f"unknown key {loc[-1]!r}{' under ' + parent if parent else ''}{_hint(loc)}"
    if kind == "missing":
        return f"{parent + ': ' if parent else ''}missing key {loc[-1]!r}"
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        return f"{where}: expected keys and values (a mapping), got {_shown(err['input'])}"
    if kind == "list_type":
        return f"{where}: expected a list, got {_shown(err['input'])}"
    if kind == "string_type":
        return f"{where}: expected text, got {_shown(err['input'])} (put it in quotes)"
    if kind == "too_short":
        return f"{where}: must not be empty"
    if kind == "value_error":
        return f"{where}: {err['msg'].removeprefix('Value error, ')}"
    return f"{where}: {err['msg'][0].lower()}{err['msg'][1:]}, got {_shown(err['input'])}"


def _dotted(loc: Loc | tuple[Any, ...]) -> str:
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else f".{part}" if text else str(part)
    return text


def _shown(value: Any) -> str:
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return repr(value)


def _hint(loc: Loc | tuple[Any, ...]) -> str:
    allowed = _allowed_keys(loc[:-1])
    close = difflib.get_close_matches(str(loc[-1]), allowed, n=1)
    if close:
        return f" (did you mean {close[0]!r}?)"
    return f" (expected one of: {', '.join(allowed)})"


def _allowed_keys(loc: Loc | tuple[Any, ...]) -> list[str]:
    """The keys the model at this path accepts, found by following the field types."""
    model: type[BaseModel] = OrgFile
    for part in loc:
        if isinstance(part, str):
            model = _model_in(model.model_fields[part].annotation) or model
    return list(model.model_fields)


def _model_in(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in typing.get_args(annotation):
        found = _model_in(arg)
        if found:
            return found
    return None
