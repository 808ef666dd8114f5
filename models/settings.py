"""All configuration, read from the environment (prefix DUTHAO_) in one place."""

from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

DEV_SECRET = "dev-secret-change-me"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="DUTHAO_", env_file=".env", extra="ignore")

    data_dir: Path = Path("data")
    # Empty means an SQLite file under data_dir.
    database_url: str = ""
    # Connections each process (web worker, flow run) keeps, and as many more under load: size
    # web workers x 2 x this within PostgreSQL's max_connections. A web worker admits this many
    # requests to the database at once (web/admission.py); the overflow is for flows.
    db_pool_size: int = Field(default=10, ge=1, le=100)
    # A request waits this long for a free connection (web/admission.py), then answers 503.
    db_wait_seconds: float = Field(default=30.0, gt=0, le=300)
    base_url: str = "http://127.0.0.1:8000"
    secret_key: str = DEV_SECRET
    production: bool = False

    smtp_host: str = "127.0.0.1"
    smtp_port: int = 8025
    smtp_username: str = ""
    smtp_password: str = ""
    smtp_security: str = Field(default="plain", pattern="^(plain|starttls|tls)$")
    smtp_timeout: float = 30.0
    mail_from: str = "Ban Dân vận Tỉnh ủy <duthao@localhost>"
    mail_batch_size: int = 100
    mail_concurrency: int = 4
    mail_max_attempts: int = 8
    # make run starts a local aiosmtpd sink on smtp_port and shows it at /mail.
    mail_sink: bool = False
    # Where the sink also writes each message as NNNN-<slug>.eml (empty: memory only).
    mail_sink_dir: Path | None = None
    smtp_validate_certs: bool = True
    # Retry of a transient failure: base * 2^(attempts-1), at most mail_retry_max_seconds.
    mail_retry_seconds: float = 60.0
    mail_retry_max_seconds: float = 3600.0
    # A row left in 'sending' this long belongs to a crashed deliverer and is claimed again:
    # longer than the slowest batch can take (batch size × timeout ÷ concurrency = 750 s).
    mail_stale_seconds: float = 900.0
    # Daily digests are gathered by the first delivery run after this hour (Vietnam time).
    mail_digest_hour: int = Field(default=16, ge=0, le=23)

    sweep_interval_seconds: float = 60.0
    sweep_enabled: bool = True
    default_reply_days: int = 15
    default_reminder_days: str = "3,1"
    token_grace_days: int = 7

    # "embedded" runs flows in-process; "distributed" calls Prefect deployments.
    topology: str = Field(default="embedded", pattern="^(embedded|distributed)$")

    @property
    def db_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.data_dir / 'duthao.sqlite3').resolve()}"

    @property
    def prefect_home(self) -> Path:
        return (self.data_dir / "prefect").resolve()

    def check_production(self) -> None:
        if self.production and (self.secret_key == DEV_SECRET or len(self.secret_key) < 32):
            raise RuntimeError(
                "DUTHAO_SECRET_KEY còn là giá trị mặc định hoặc quá ngắn (cần ít nhất 32 ký tự):"
                " không chạy chế độ production."
            )
