"""On SQLite a second server refuses to start; PostgreSQL takes as many replicas as you like."""

from __future__ import annotations

import pytest

from bot.settings import SettingsError
from bot.single_server import only_server


def test_a_second_server_on_the_same_sqlite_file_is_refused(tmp_path):
    url = f"sqlite+aiosqlite:///{tmp_path / 'meldpunt.db'}"
    refused = pytest.raises(SettingsError, match=r"^DATABASE_URL: another Meldpunt server already uses")
    with only_server(url), refused, only_server(url):
        pass
    with only_server(url):  # free again once the first one stopped
        pass


def test_postgresql_needs_no_lock():
    url = "postgresql+asyncpg://postgres@127.0.0.1/test"
    with only_server(url), only_server(url):
        pass
