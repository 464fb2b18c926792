"""On SQLite only one server may run: a second one would send reminders twice (no SKIP LOCKED)."""

from __future__ import annotations

import fcntl
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy.engine import make_url

from bot.settings import SettingsError


def sqlite_file(database_url: str) -> Path | None:
    """The database file of a SQLite URL; None for PostgreSQL or an in-memory database."""
    url = make_url(database_url)
    if not url.drivername.startswith("sqlite") or url.database in (None, "", ":memory:"):
        return None
    return Path(url.database)


@contextmanager
def only_server(database_url: str) -> Iterator[None]:
    """Hold an exclusive lock beside the SQLite file while serving; PostgreSQL needs none."""
    path = sqlite_file(database_url)
    if path is None:
        yield
        return
    lock_path = path.with_name(path.name + ".server-lock")
    with open(lock_path, "a+") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise SettingsError(
                f"DATABASE_URL: another Meldpunt server already uses {path}; "
                "run one server per SQLite file, or use PostgreSQL for several replicas"
            ) from None
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
