"""`export-register`: the Art. 33(5) register as CSV or JSON."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence

from core.org import Organisation
from core.ports import UnitOfWorkFactory
from core.register import COLUMNS, register_row


async def register_rows(uow_factory: UnitOfWorkFactory, org: Organisation) -> list[dict[str, str]]:
    async with uow_factory() as uow:
        incidents = await uow.incidents.list()
        return [register_row(i, await uow.incidents.timeline(i), org) for i in incidents]


def to_csv(rows: Sequence[dict[str, str]]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


def to_json(rows: Sequence[dict[str, str]], org: Organisation) -> str:
    return (
        json.dumps(
            {"organisation": org.name, "timezone": org.timezone, "incidents": list(rows)},
            ensure_ascii=False,
            indent=2,
        )
        + "\n"
    )
