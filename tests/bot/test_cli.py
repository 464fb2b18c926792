"""The command line as a new user runs it: demo, export-register, check-config, bad settings."""

from __future__ import annotations

import csv
import io
import json
from importlib import resources

import pytest

from bot.cli import main


@pytest.fixture
def env(monkeypatch, database_url, tmp_path):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DATABASE_URL", database_url)
    monkeypatch.setenv("ORG_CONFIG", str(tmp_path / "absent.yaml"))
    return tmp_path


def test_demo_then_export_lists_the_incidents_with_case_numbers_and_lead_times(env, capsys):
    assert main(["demo"]) == 0
    assert main(["demo"]) == 0  # loading twice adds nothing
    capsys.readouterr()

    assert main(["export-register", "--format", "csv"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))

    assert len(rows) == 12
    assert all(r["case_number"].endswith(f"-{i:04d}") for i, r in enumerate(rows, 1))
    notified = [r for r in rows if r["authority_reference"]]
    assert notified and all(r["hours_to_authority_notified"] for r in notified)
    closed = [r for r in rows if r["step"] == "closed"]
    assert closed and all(float(r["hours_to_closed"]) > 0 for r in closed)
    assert {r["kind"] for r in rows} >= {"phishing", "wrong_recipient", "hacking_malware"}


def test_export_json_to_a_file(env):
    main(["demo"])
    out = env / "register.json"
    assert main(["export-register", "--format", "json", "--out", str(out)]) == 0
    data = json.loads(out.read_text())
    assert data["organisation"] == "Stichting Voorbeeld Scholengroep"
    assert len(data["incidents"]) == 12


def test_check_config_names_file_line_and_problem(env, capsys):
    broken = env / "broken.yaml"
    broken.write_text("organisation: X\npeople:\n  - id: a\n    name: A\nunits:\n  - id: u\n    name: U\n"
                      "roles:\n  dpo: [zed]\n")
    assert main(["check-config", str(broken)]) == 2
    assert capsys.readouterr().err.strip() == f"meldpunt: {broken}:9: role dpo names unknown person 'zed'"


def test_check_config_accepts_the_demo(env, capsys):
    demo = env / "org.yaml"
    demo.write_text((resources.files("bot") / "demo_org.yaml").read_text())
    assert main(["check-config", str(demo)]) == 0
    assert "OK" in capsys.readouterr().out


def test_a_bad_setting_stops_with_one_line_naming_the_variable(env, monkeypatch, capsys):
    monkeypatch.setenv("REMINDER_SWEEP_SECONDS", "soon")
    assert main(["migrate"]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("meldpunt: invalid setting REMINDER_SWEEP_SECONDS:")
    assert "\n" not in err


def test_backup_writes_every_table(env):
    main(["demo"])
    out = env / "backup.json"
    assert main(["backup", "--out", str(out)]) == 0
    data = json.loads(out.read_text())
    assert data["format"] == "meldpunt-backup-1"
    assert len(data["tables"]["incidents"]) == 12
    assert len(data["tables"]["timeline_entries"]) > 12
