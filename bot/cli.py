"""The command line: serve, migrate, check-config, export-register, demo, backup."""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys
from collections.abc import Sequence
from pathlib import Path

from aiohttp import web

from bot.bootstrap import build_app
from bot.clock import SystemClock
from bot.demo import load_demo
from bot.export import register_rows, to_csv, to_json
from bot.logs import configure_logging
from bot.org_config import OrgConfigError, load_org_file, load_organisation
from bot.settings import Settings, SettingsError, load_settings
from bot.single_server import only_server
from bot.teams_wiring import write_teams_manifest
from core.org import Organisation
from storage.backup import write_backup
from storage.database import create_engine, create_sessionmaker
from storage.migrate import upgrade
from storage.unit_of_work import SqlUnitOfWorkFactory

log = logging.getLogger("meldpunt")


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        settings = load_settings()
        configure_logging(settings.log_level)
        return args.run(args, settings)
    except (SettingsError, OrgConfigError) as exc:
        print(f"meldpunt: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="meldpunt", description="Meldpunt incident bot")
    parser.set_defaults(run=_serve)
    sub = parser.add_subparsers(title="commands")
    sub.add_parser("serve", help="start the server (default)").set_defaults(run=_serve)
    sub.add_parser("migrate", help="create or upgrade the database").set_defaults(run=_migrate)
    check = sub.add_parser("check-config", help="validate an organisation file")
    check.add_argument("file", nargs="?", type=Path, help="default: ORG_CONFIG")
    check.set_defaults(run=_check_config)
    export = sub.add_parser("export-register", help="write the breach register")
    export.add_argument("--format", choices=("csv", "json"), default="csv")
    export.add_argument("--out", type=Path, help="file to write (default: standard output)")
    export.set_defaults(run=_export)
    sub.add_parser("demo", help="load the demo organisation's incidents").set_defaults(run=_demo)
    teams = sub.add_parser("teams-manifest", help="write the Teams app package (zip)")
    teams.add_argument("--out", type=Path, default=Path("meldpunt-teams.zip"))
    teams.set_defaults(run=_teams_manifest)
    backup = sub.add_parser("backup", help="write a JSON dump of the whole database")
    backup.add_argument("--out", type=Path, required=True, help="file to write")
    backup.set_defaults(run=_backup)
    return parser


def _serve(args: argparse.Namespace, settings: Settings) -> int:
    org = load_organisation(settings.org_config)
    with only_server(settings.database_url):
        upgrade(settings.database_url)
        source = settings.org_config if settings.org_config.exists() else "built-in demo organisation"
        log.info("starting Meldpunt on %s:%s with %s", settings.host, settings.port, source)
        app = build_app(settings, org=org)
        web.run_app(
            app,
            host=settings.host,
            port=settings.port,
            shutdown_timeout=10,
            print=None,
            access_log=None,
        )
    return 0


def _migrate(args: argparse.Namespace, settings: Settings) -> int:
    upgrade(settings.database_url)
    print("database is up to date")
    return 0


def _check_config(args: argparse.Namespace, settings: Settings) -> int:
    path = args.file or settings.org_config
    org = load_org_file(path)
    units = sum(1 for _ in org.walk_units())
    print(f"{path}: OK — {org.name}: {len(org.people)} people, {units} units")
    return 0


def _export(args: argparse.Namespace, settings: Settings) -> int:
    org = load_organisation(settings.org_config)
    upgrade(settings.database_url)
    rows = asyncio.run(_with_uow(settings, org, lambda uow: register_rows(uow, org)))
    text = to_csv(rows) if args.format == "csv" else to_json(rows, org)
    if args.out:
        args.out.write_text(text, encoding="utf-8")
        print(f"{len(rows)} incidents written to {args.out}", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return 0


def _teams_manifest(args: argparse.Namespace, settings: Settings) -> int:
    print(write_teams_manifest(settings, args.out))
    return 0


def _demo(args: argparse.Namespace, settings: Settings) -> int:
    org = load_organisation(settings.org_config)
    upgrade(settings.database_url)
    created = asyncio.run(
        _with_uow(settings, org, lambda uow: load_demo(uow, org, now=SystemClock().now()))
    )
    print(f"demo: {created} incidents loaded for {org.name}")
    return 0


def _backup(args: argparse.Namespace, settings: Settings) -> int:
    upgrade(settings.database_url)
    rows = asyncio.run(_with_engine(settings, lambda engine: write_backup(engine, args.out)))
    print(f"backup: {rows} rows written to {args.out}", file=sys.stderr)
    return 0


async def _with_engine(settings: Settings, work):
    engine = create_engine(settings.database_url)
    try:
        return await work(engine)
    finally:
        await engine.dispose()


async def _with_uow(settings: Settings, org: Organisation, work):
    return await _with_engine(
        settings, lambda engine: work(SqlUnitOfWorkFactory(create_sessionmaker(engine), timezone=org.timezone))
    )
