"""A few Prometheus counters and gauges, rendered in the text exposition format."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping


class Metrics:
    """Counters live in memory per process; gauges are read from the database at scrape time."""

    def __init__(self) -> None:
        self._counters: dict[tuple[str, tuple[tuple[str, str], ...]], float] = defaultdict(float)
        self._help: dict[str, str] = {}

    def inc(self, name: str, help_text: str, amount: float = 1, **labels: str) -> None:
        self._help[name] = help_text
        self._counters[(name, tuple(sorted(labels.items())))] += amount

    def render(
        self, gauges: Mapping[str, tuple[str, Mapping[tuple[tuple[str, str], ...], float]]]
    ) -> str:
        lines: list[str] = []
        for name in sorted(self._help):
            lines += [f"# HELP {name} {self._help[name]}", f"# TYPE {name} counter"]
            for (metric, labels), value in sorted(self._counters.items()):
                if metric == name:
                    lines.append(f"{name}{_labels(labels)} {value:g}")
        for name, (help_text, values) in sorted(gauges.items()):
            lines += [f"# HELP {name} {help_text}", f"# TYPE {name} gauge"]
            lines += [
                f"{name}{_labels(labels)} {value:g}" for labels, value in sorted(values.items())
            ]
        return "\n".join(lines) + "\n"


def _labels(labels: tuple[tuple[str, str], ...]) -> str:
    if not labels:
        return ""
    inner = ",".join(f'{k}="{_escape(v)}"' for k, v in labels)
    return "{" + inner + "}"


def _escape(value: str) -> str:
    return value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
