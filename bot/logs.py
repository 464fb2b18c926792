"""Structured logs: one JSON object per line, with case numbers and event names, never report contents."""

from __future__ import annotations

import json
import logging
import sys
from datetime import UTC, datetime

# Attributes a log call may add through `extra=`; anything else is dropped so that no
# description, name or e-mail address can slip into a log line by accident (style.md 13).
ALLOWED_EXTRA = frozenset(
    {
        "case",
        "event",
        "decision",
        "step",
        "platform",
        "method",
        "status",
        "ref",
        "duration_ms",
        "error",
        "count",
        "item",
        "attempt",
        "outbox_id",
        "variable",
        "path",
        "peer",
    }
)


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        data = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
        }
        data |= {k: v for k, v in record.__dict__.items() if k in ALLOWED_EXTRA}
        if record.exc_info:
            data["exception"] = self.formatException(record.exc_info)
        return json.dumps(data, default=str, ensure_ascii=False)


def configure_logging(level: str = "INFO") -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonFormatter())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level.upper())
    logging.getLogger("aiohttp.access").setLevel(logging.WARNING)
    logging.getLogger("apscheduler").setLevel(logging.WARNING)  # a line per sweep is noise
