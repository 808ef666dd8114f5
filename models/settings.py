"""All configuration, read from the environment (prefix DUTHAO_) in one place."""

from pathlib import Path
from urllib.parse import urlsplit

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
    # How often the app's reactor looks for events another process recorded (flows/drainer.py);
    # its own requests wake it at once.
    react_poll_seconds: float = Field(default=5.0, gt=0)
    default_reply_days: int = 15
    default_reminder_days: str = "3,1"
    token_grace_days: int = 7

    # Officers' sessions: ended after this long without a request, and this long after
    # sign-in whatever happens (the cookie's max age follows session_max_hours).
    session_idle_minutes: int = Field(default=60, ge=1, le=24 * 60)
    session_max_hours: int = Field(default=12, ge=1, le=24 * 30)
    # API bearer tokens expire this many days after they are issued.
    api_token_days: int = Field(default=90, ge=1, le=3650)
    # Failed logins within login_window_minutes: this many for one username from one
    # address blocks that pair only (the real user elsewhere still signs in); this many
    # from one address, whatever the usernames, blocks the address (password spraying).
    login_max_failures: int = Field(default=5, ge=1, le=1000)
    login_max_failures_per_address: int = Field(default=20, ge=1, le=100_000)
    login_window_minutes: int = Field(default=15, ge=1, le=24 * 60)

    # Uploads (drafts, CSV): the file itself, and what a .docx may expand to (its parsing
    # costs about 8x that in memory). Requests larger than the file limit + 1 MB get a 413.
    upload_max_mb: int = Field(default=10, ge=1, le=100)
    upload_expanded_max_mb: int = Field(default=12, ge=1, le=100)
    # /api/docs (Swagger UI, served locally) and /openapi.json; off is advised in production.
    api_docs: bool = True

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
    def https(self) -> bool:
        """Reached over https: cookies are Secure and HSTS is sent."""
        return urlsplit(self.base_url.strip()).scheme.lower() == "https"

    def production_warnings(self) -> list[str]:
        """What production mode starts with but should not (logged at start)."""
        if not self.production:
            return []
        out = []
        if not self.https:
            out.append(
                f"CẢNH BÁO: DUTHAO_BASE_URL={self.base_url} không dùng https: mật khẩu, phiên"
                " đăng nhập và liên kết của đơn vị đi qua mạng không mã hóa; cookie phiên không"
                " được đánh dấu Secure. Hãy đặt máy chủ sau HTTPS và dùng địa chỉ https://."
            )
        if self.api_docs:
            out.append(
                "Lưu ý: /api/docs và /openapi.json đang bật (DUTHAO_API_DOCS); nên tắt trong"
                " chế độ production."
            )
        return out

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
