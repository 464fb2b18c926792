"""The Teams app package: manifest v1.17 and two icons drawn in code, zipped for upload."""

from __future__ import annotations

import io
import json
import struct
import zipfile
import zlib
from urllib.parse import urlparse

SCHEMA = "https://developer.microsoft.com/en-us/json-schemas/teams/v1.17/MicrosoftTeams.schema.json"
ACCENT = (0xC4, 0x31, 0x4B)  # Meldpunt red
COMMANDS = (("meld", "Report an incident / Incident melden"), ("status", "status 2026-0001"),
            ("list", "Open incidents / Open meldingen"), ("help", "What Meldpunt can do / Wat Meldpunt kan"))  # fmt: skip


def build_manifest(app_id: str, *, base_url: str, version: str = "1.0.0") -> dict:
    """Personal, team and group-chat scopes; the manifest id is the bot id so Graph can find it."""
    site = base_url if base_url.startswith("https://") else "https://meldpunt.example.org"
    host = urlparse(site).hostname or "meldpunt.example.org"
    return {
        "$schema": SCHEMA,
        "manifestVersion": "1.17",
        "version": version,
        "id": app_id,
        "developer": {"name": "Meldpunt", "websiteUrl": site, "privacyUrl": site, "termsOfUseUrl": site},
        "name": {"short": "Meldpunt", "full": "Meldpunt – incidenten en datalekken"},
        "description": {
            "short": "Report security incidents and data breaches in two minutes.",
            "full": "Meldpunt takes reports of security incidents and personal-data breaches, routes them past "
                    "the unit contact, the privacy officer and the DPO, and runs the incident response team's "
                    "checklist with the 72-hour clock of GDPR Art. 33.",
        },
        "icons": {"color": "color.png", "outline": "outline.png"},
        "accentColor": "#{:02X}{:02X}{:02X}".format(*ACCENT),
        "bots": [
            {
                "botId": app_id,
                "scopes": ["personal", "team", "groupChat"],
                "supportsFiles": False,
                "isNotificationOnly": False,
                "commandLists": [
                    {"scopes": ["personal"], "commands": [{"title": c, "description": d} for c, d in COMMANDS]}
                ],
            }
        ],
        "permissions": ["identity", "messageTeamMembers"],
        "validDomains": [host],
    }


def build_package(app_id: str, *, base_url: str) -> bytes:
    """The zip Teams accepts as is: manifest.json, color.png (192×192), outline.png (32×32)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("manifest.json", json.dumps(build_manifest(app_id, base_url=base_url), indent=2))
        package.writestr("color.png", color_icon())
        package.writestr("outline.png", outline_icon())
    return buffer.getvalue()


def color_icon(size: int = 192) -> bytes:
    """A white exclamation mark on the accent colour, full bleed (Teams rounds the corners)."""
    white, accent = (255, 255, 255, 255), (*ACCENT, 255)
    return png(size, lambda x, y: white if _mark(x / size, y / size) else accent)


def outline_icon(size: int = 32) -> bytes:
    """Only white and transparency, as Teams requires of the outline icon."""
    return png(size, lambda x, y: (255, 255, 255, 255) if _mark(x / size, y / size) else (0, 0, 0, 0))


def png(size: int, pixel) -> bytes:
    """An RGBA PNG from a pixel function, with zlib and struct only."""
    rows = b"".join(b"\x00" + b"".join(bytes(pixel(x, y)) for x in range(size)) for y in range(size))
    header = struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header) + _chunk(b"IDAT", zlib.compress(rows, 9)) + _chunk(b"IEND", b"")


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def _mark(u: float, v: float) -> bool:
    """An exclamation mark in unit coordinates: a bar and a dot."""
    bar = 0.42 <= u <= 0.58 and 0.15 <= v <= 0.62
    dot = (u - 0.5) ** 2 + (v - 0.78) ** 2 <= 0.085**2
    return bar or dot
