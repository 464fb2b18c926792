"""`python -m bot teams-manifest`: a zip Teams accepts as is (manifest v1.17, two valid icons)."""

from __future__ import annotations

import json
import struct
import zipfile
import zlib

from bot.cli import main

APP_ID = "11111111-2222-3333-4444-555555555555"


def pixels(png: bytes) -> tuple[int, int, list[tuple[int, int, int, int]]]:
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    width, height, depth, color = struct.unpack(">IIBB", png[16:26])
    assert (depth, color) == (8, 6)  # 8-bit RGBA
    data, offset = b"", 8
    while offset < len(png):
        length, kind = struct.unpack(">I4s", png[offset:offset + 8])
        if kind == b"IDAT":
            data += png[offset + 8:offset + 8 + length]
        offset += length + 12
    raw = zlib.decompress(data)
    stride = width * 4 + 1
    rgba = [tuple(raw[y * stride + 1 + x * 4:y * stride + 5 + x * 4]) for y in range(height) for x in range(width)]
    return width, height, rgba


def test_the_cli_writes_an_uploadable_package(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("MICROSOFT_APP_ID", APP_ID)
    monkeypatch.setenv("PUBLIC_BASE_URL", "https://meldpunt.example.nl")
    monkeypatch.setenv("ORG_CONFIG", str(tmp_path / "none.yaml"))
    out = tmp_path / "meldpunt-teams.zip"

    assert main(["teams-manifest", "--out", str(out)]) == 0
    assert "meldpunt-teams.zip" in capsys.readouterr().out

    with zipfile.ZipFile(out) as package:
        assert sorted(package.namelist()) == ["color.png", "manifest.json", "outline.png"]
        manifest = json.loads(package.read("manifest.json"))
        color, outline = package.read("color.png"), package.read("outline.png")
    assert float(manifest["manifestVersion"]) >= 1.17 and "v1.17" in manifest["$schema"]
    assert manifest["id"] == APP_ID and manifest["bots"][0]["botId"] == APP_ID
    assert {"personal", "team"} <= set(manifest["bots"][0]["scopes"])
    assert manifest["validDomains"] == ["meldpunt.example.nl"]
    assert len(manifest["name"]["short"]) <= 30 and len(manifest["description"]["short"]) <= 80
    w, h, _ = pixels(color)
    assert (w, h) == (192, 192)
    w, h, rgba = pixels(outline)
    assert (w, h) == (32, 32)
    assert set(rgba) == {(255, 255, 255, 255), (0, 0, 0, 0)}  # white on transparent only


def test_without_an_app_id_one_clear_line(monkeypatch, tmp_path, capsys):
    monkeypatch.delenv("MICROSOFT_APP_ID", raising=False)
    monkeypatch.setenv("ORG_CONFIG", str(tmp_path / "none.yaml"))
    assert main(["teams-manifest", "--out", str(tmp_path / "x.zip")]) == 2
    assert "MICROSOFT_APP_ID" in capsys.readouterr().err
