"""Settings from the environment and `.env`, parsed once (interface.md, 'Settings')."""

from __future__ import annotations

from ipaddress import ip_network
from pathlib import Path
from typing import Literal

from pydantic import Field, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict


class SettingsError(Exception):
    """A bad setting: one line that names the variable."""


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", extra="ignore", case_sensitive=False)

    host: str = Field("0.0.0.0", description="Address the server listens on.")
    port: int = Field(3978, ge=1, le=65535, description="Port the server listens on.")
    database_url: str = Field(
        "sqlite+aiosqlite:///./meldpunt.db", description="SQLAlchemy async URL of the database."
    )
    org_config: Path = Field(
        Path("./org.yaml"), description="The organisation file; demo org when absent."
    )
    slack_bot_token: str | None = Field(
        None, description="Slack bot token (xoxb-…); unset: Slack off."
    )
    slack_signing_secret: str | None = Field(None, description="Slack signing secret.")
    slack_app_token: str | None = Field(None, description="Slack app token (xapp-…): Socket Mode.")
    slack_api_url: str = Field(
        "https://slack.com/api/", description="Base URL of the Slack Web API."
    )
    slack_command: str = Field("/incident", description="The slash command.")
    microsoft_app_id: str | None = Field(
        None, description="Bot Framework app id; unset: emulator mode."
    )
    microsoft_app_password: str | None = Field(None, description="Bot Framework app secret.")
    microsoft_app_tenant_id: str | None = Field(None, description="Tenant of a single-tenant bot.")
    microsoft_app_type: str | None = Field(
        None, description="SingleTenant, MultiTenant or UserAssignedMSI."
    )
    graph_api_url: str = Field(
        "https://graph.microsoft.com/v1.0/", description="Microsoft Graph base URL."
    )
    reminder_sweep_seconds: float = Field(
        60, gt=0, description="How often the deadline sweep runs."
    )
    trusted_proxies: str | None = Field(
        None, description="Comma-separated proxy addresses/networks."
    )
    smtp_url: str | None = Field(None, description="smtp://host:port for e-mail; unset: no e-mail.")
    mail_from: str | None = Field(None, description="Sender address of e-mail.")
    public_base_url: str = Field(
        "http://localhost:3978", description="Base of links the bot posts."
    )
    meldpunt_language: Literal["nl", "en"] | None = Field(
        None, description="Default language; else the organisation file's."
    )
    log_level: str = Field("INFO", description="Python log level.")

    @field_validator("database_url")
    @classmethod
    def _async_driver(cls, value: str) -> str:
        if not value.startswith(("sqlite+aiosqlite://", "postgresql+asyncpg://")):
            raise ValueError("use sqlite+aiosqlite://… or postgresql+asyncpg://…")
        return value

    @field_validator("trusted_proxies")
    @classmethod
    def _networks(cls, value: str | None) -> str | None:
        for part in (value or "").split(","):
            if part.strip():
                ip_network(part.strip(), strict=False)
        return value

    @field_validator("slack_command")
    @classmethod
    def _slash(cls, value: str) -> str:
        if not value.startswith("/") or " " in value:
            raise ValueError("must start with / and hold no spaces, e.g. /incident")
        return value

    @property
    def slack_enabled(self) -> bool:
        return bool(self.slack_bot_token and (self.slack_signing_secret or self.slack_app_token))

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")


def load_settings(**overrides: object) -> Settings:
    """Parse the environment once; a bad value becomes one SettingsError line naming the variable."""
    try:
        return Settings(**overrides)  # type: ignore[arg-type]
    except ValidationError as exc:
        error = exc.errors()[0]
        name = str(error["loc"][0]).upper() if error["loc"] else "settings"
        raise SettingsError(f"invalid setting {name}: {error['msg']}") from None
