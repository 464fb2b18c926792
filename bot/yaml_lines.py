"""Turn YAML text into plain data plus the line of every key and list item."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import yaml

Loc = tuple[str | int, ...]
Node = Any  # a composed yaml.Node, or an Alias standing for one

MAX_NODES = 100_000  # aliases can blow a small file up exponentially ("billion laughs")
_MAP_TAG = "tag:yaml.org,2002:map"
_SEQ_TAG = "tag:yaml.org,2002:seq"


class YamlProblem(Exception):
    """Something wrong with the YAML itself, with the (1-based) line where it is."""

    def __init__(self, line: int | None, reason: str) -> None:
        super().__init__(reason)
        self.line = line
        self.reason = reason


def parse_yaml_with_lines(text: str) -> tuple[Any, dict[Loc, int]]:
    """The document as dicts/lists/scalars, and a map from each path to its 1-based line.

    A path is a tuple of mapping keys and list indexes, like pydantic's error `loc`,
    so validation errors can be pointed at the line they come from.
    """
    try:
        root = yaml.compose(text, Loader=_AliasMarkingLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        raise YamlProblem(mark.line + 1 if mark else None, _yaml_reason(exc)) from exc
    except yaml.YAMLError as exc:
        raise YamlProblem(None, f"not valid YAML: {exc}") from exc
    if root is None:
        raise YamlProblem(None, "the file is empty")
    builder = _Builder()
    return builder.build(root, (), (), None), builder.lines


@dataclass(frozen=True)
class Alias:
    """An alias (`*name`) as written: where it stands and the node it refers to."""

    target: yaml.Node
    line: int
    anchor: str


class _AliasMarkingLoader(yaml.SafeLoader):
    """A safe loader whose composer keeps each alias' own line (PyYAML forgets it)."""

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            node = super().compose_node(parent, index)
            return Alias(node, event.start_mark.line + 1, event.anchor)
        return super().compose_node(parent, index)


class _Builder:
    """Builds plain data from composed nodes, refusing recursive aliases and duplicate keys.

    Inside an alias every line is the alias' own line: a problem it brings in (a duplicate
    id, say) is reported where the alias stands, not where its anchor was first written.
    """

    def __init__(self) -> None:
        self.lines: dict[Loc, int] = {}
        self._constructor = yaml.constructor.SafeConstructor()
        self._count = 0

    def build(self, node: Node, loc: Loc, open_nodes: tuple[yaml.Node, ...], at: int | None) -> Any:
        """Plain data for a node; `at` is the line of the alias being expanded, if any."""
        line = at or _own_line(node)
        self.lines.setdefault(loc, line)
        self._count += 1
        if self._count > MAX_NODES:
            raise YamlProblem(line, f"too many values (over {MAX_NODES}); check the aliases")
        target = node.target if isinstance(node, Alias) else node
        if any(target is n for n in open_nodes):
            raise YamlProblem(line, _recursion_reason(node, loc))
        at = line if isinstance(node, Alias) else at
        if isinstance(target, yaml.MappingNode):
            return self._mapping(target, loc, (*open_nodes, target), at)
        if isinstance(target, yaml.SequenceNode):
            _require_tag(target, _SEQ_TAG, line)
            return [
                self.build(item, (*loc, i), (*open_nodes, target), at)
                for i, item in enumerate(target.value)
            ]
        try:
            return self._constructor.construct_object(target)
        except yaml.MarkedYAMLError as exc:
            raise YamlProblem(line, _yaml_reason(exc)) from exc

    def _mapping(
        self, node: yaml.MappingNode, loc: Loc, open_nodes: tuple[yaml.Node, ...], at: int | None
    ) -> dict[str, Any]:
        _require_tag(node, _MAP_TAG, at or _own_line(node))
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            line = at or _own_line(key_node)
            if not isinstance(key_node, yaml.ScalarNode):
                raise YamlProblem(line, "a key must be a plain name, not a list or mapping")
            key = str(key_node.value)
            if key == "<<":
                raise YamlProblem(line, "merge keys ('<<') are not supported; write the keys out")
            if key in result:
                raise YamlProblem(line, f"duplicate key {key!r}")
            self.lines[(*loc, key)] = line  # the key's line, not its value's
            result[key] = self.build(value_node, (*loc, key), open_nodes, at)
        return result


def _own_line(node: Node) -> int:
    return node.line if isinstance(node, Alias) else node.start_mark.line + 1


def _require_tag(node: yaml.Node, tag: str, line: int) -> None:
    if node.tag != tag:
        raise YamlProblem(line, f"unsupported tag {node.tag!r}")


def _recursion_reason(node: Node, loc: Loc) -> str:
    alias = f"alias *{node.anchor}" if isinstance(node, Alias) else "an alias"
    if "units" in loc:
        unit_id = _scalar_id(node.target if isinstance(node, Alias) else node)
        what = f"unit {unit_id!r}" if unit_id else "the units"
        return f"cycle in units: {alias} makes {what} contain itself"
    return f"{alias} refers to a value that contains it (a cycle)"


def _scalar_id(node: yaml.Node) -> str | None:
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if getattr(key, "value", None) == "id" and isinstance(value, yaml.ScalarNode):
                return str(value.value)
    return None


def _yaml_reason(exc: yaml.MarkedYAMLError) -> str:
    parts = [p for p in (exc.context, exc.problem) if p]
    return "YAML syntax error: " + (", ".join(parts) if parts else "cannot parse")
