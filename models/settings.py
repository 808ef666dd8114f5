"""All configuration, read from the environment (prefix DUTHAO_) in one place."""

from pathlib import Path

from pydantic import Field, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

DEV_SECRET = "dev-secret-change-me"
# The sink keeps every message, with the units' personal links: a development tool only.
SINK_IN_PRODUCTION = (
    "DUTHAO_MAIL_SINK=1 bật hộp thư thử nghiệm, nơi lưu mọi thư kèm liên kết riêng của các"
    " đơn vị: không chạy chế độ production. Hãy tắt DUTHAO_MAIL_SINK và đặt DUTHAO_SMTP_*"
    " trỏ tới máy chủ thư thật."
)


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="DUTHAO_", env_file=".env", extra="ignore")

    data_dir: Path = Path("data")
    # Empty means an SQLite file under data_dir.
    database_url: str = ""
    # PostgreSQL connections each process (web worker, flow run) keeps, and as many more under
    # load: size web workers x 2 x this within the server's max_connections.
    db_pool_size: int = Field(default=10, ge=1, le=100)
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
    # make run starts a local aiosmtpd sink on smtp_port and shows it at /mail (to
    # administrators); production mode refuses it.
    mail_sink: bool = False
    # Where the sink also writes each message as NNNN-<slug>.eml (empty: memory only).
    mail_sink_dir: Path | None = None
    smtp_validate_certs: bool = True
    # Retry of a transient failure: base * 2^(attempts-1), at most mail_retry_max_seconds.
    mail_retry_seconds: float = 60.0
    mail_retry_max_seconds: float = 3600.0
    # A live deliverer renews its claims every mail_heartbeat_seconds, however long its batch
    # takes; a row whose last renewal is mail_stale_seconds old belongs to a dead deliverer
    # and is claimed again. The stale time must cover a few missed heartbeats.
    mail_heartbeat_seconds: float = Field(default=15.0, gt=0)
    mail_stale_seconds: float = Field(default=60.0, gt=0)
    # Daily digests are gathered by the first delivery run after this hour (Vietnam time).
    mail_digest_hour: int = Field(default=16, ge=0, le=23)

    sweep_interval_seconds: float = 60.0
    sweep_enabled: bool = True
    default_reply_days: int = 15
    default_reminder_days: str = "3,1"
    token_grace_days: int = 7

    # "embedded" runs flows in-process; "distributed" calls Prefect deployments.
    topology: str = Field(default="embedded", pattern="^(embedded|distributed)$")

    @model_validator(mode="after")
    def _heartbeat_within_stale(self) -> "Settings":
        if self.mail_heartbeat_seconds * 3 > self.mail_stale_seconds:
            raise ValueError(
                "DUTHAO_MAIL_HEARTBEAT_SECONDS phải nhỏ hơn một phần ba"
                " DUTHAO_MAIL_STALE_SECONDS (để một lần gia hạn bị lỡ không làm mất thư đang gửi)."
            )
        return self

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
        if self.production and self.mail_sink:
            raise RuntimeError(SINK_IN_PRODUCTION)
