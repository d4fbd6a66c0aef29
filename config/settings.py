"""One settings object for the whole tool, read from ``ROADMAP_*`` environment variables."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

CONFIG_DIR = Path(__file__).resolve().parent


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="ROADMAP_", extra="ignore")

    home: Path = Field(default=Path(".roadmap"), description="Where the embedded database, reports and local Prefect server live.")
    database_url: str | None = Field(default=None, description="SQLAlchemy URL; default: SQLite file under home.")
    roadmap_dir: Path = CONFIG_DIR / "roadmaps" / "jp-ca-2026"
    sources_file: Path = CONFIG_DIR / "sources.yaml"
    entities_file: Path = CONFIG_DIR / "entities.yaml"

    # Fetching
    user_agent: str = "RoadmapMonitor/0.1 (+{contact})"
    contact_url: str = "https://github.com/roadmap-monitor/roadmap-monitor"
    connect_timeout: float = 10.0
    read_timeout: float = 30.0
    max_response_bytes: int = 10 * 1024 * 1024
    max_redirects: int = 5
    per_host_delay: float = 1.0
    fetch_retries: int = 3
    allow_private_urls: bool = Field(default=False, description="Sources may be read from private addresses "
                                     "(a local sample server); webhooks have their own switch.")

    # Linking
    link_threshold: float = 0.5

    # Alerts
    evidence_webhook_url: str | None = None
    health_webhook_url: str | None = None
    allow_private_webhook_urls: bool = Field(default=False, description="Webhooks may target private addresses "
                                             "(a receiver on the LAN); sources have their own switch.")
    unhealthy_after_failures: int = Field(default=3, ge=1, description="Failed runs in a row before a source is "
                                          "unhealthy (and alerted); a source's `unhealthy_after` overrides it.")

    # Web UI
    secret_key: str | None = None
    session_max_age: int = 8 * 3600
    secure_cookies: bool | None = Field(default=None, description="Session cookie only over HTTPS; default: "
                                        "yes unless the UI listens on loopback (or a proxy there says https).")
    password_hash_slots: int = Field(default=4, ge=1, description="Password hashes computed at once (each "
                                     "takes password_hash_memory_kib); further sign-ins wait, then get a 503.")
    password_hash_memory_kib: int = Field(default=65536, ge=8, description="Argon2 memory cost per hash.")

    @property
    def effective_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.home / 'roadmap.db').resolve()}"

    @property
    def effective_user_agent(self) -> str:
        return self.user_agent.format(contact=self.contact_url)


@lru_cache
def get_settings() -> Settings:
    return Settings()
