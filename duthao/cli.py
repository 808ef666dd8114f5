"""`duthao`: serve the app, migrate, replay the demo, run the sweep, and script a directive.

Every officer action here calls the same commands as the web pages, goes through the same
policy table (models/policy.py), and ends the same way: the events the command stored are
drained inline (duthao/wiring.drain_inline), so documents and mail follow as after a page.
The unit and directive commands name the acting account with `--by USERNAME`, which must be
an active user allowed the action.
"""

import asyncio
import json
import sys
import uuid
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any, NoReturn, TypeVar

import typer
from sqlmodel import Session, col, select

from flows.runtime import prefect_environment
from models.clock import utcnow
from models.db import make_engine, session_scope
from models.errors import DomainError
from models.ids import id_of
from models.settings import Settings
from models.text import parse_date

T = TypeVar("T")

app = typer.Typer(help="duthao — soạn thảo chỉ thị và lấy ý kiến góp ý.", no_args_is_help=True)
user_app = typer.Typer(help="Tài khoản cán bộ.", no_args_is_help=True)
unit_app = typer.Typer(help="Đơn vị.", no_args_is_help=True)
directive_app = typer.Typer(help="Dự thảo chỉ thị.", no_args_is_help=True)
round_app = typer.Typer(help="Đợt lấy ý kiến.", no_args_is_help=True)
comment_app = typer.Typer(help="Ý kiến góp ý.", no_args_is_help=True)
app.add_typer(user_app, name="user")
app.add_typer(unit_app, name="unit")
app.add_typer(directive_app, name="directive")
app.add_typer(round_app, name="round")
app.add_typer(comment_app, name="comment")

ACTOR = typer.Option("cli", "--by", help="Người thực hiện (ghi vào nhật ký).")
# The unit and directive commands act as an account, checked like a page or an API call.
USER = typer.Option(
    ...,
    "--by",
    help="Tên đăng nhập của người thực hiện (quyền theo bảng phân quyền, ghi vào nhật ký).",
)


def _settings() -> Settings:
    settings = Settings()
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    prefect_environment(settings)
    return settings


def _fail(message: str) -> NoReturn:
    typer.secho(message, fg=typer.colors.RED, err=True)
    raise typer.Exit(1)


def _command(fn: Callable[[Session], T]) -> T:
    """One command in its own session; then its events' reactions, in this process."""
    from duthao.wiring import drain_inline
    from models.event_log import RECORDED

    settings = _settings()
    engine = make_engine(settings.db_url)
    try:
        with session_scope(engine) as session:
            result = fn(session)
            recorded = session.info.pop(RECORDED, False)
        if recorded:
            drain_inline(settings, engine)
        return result
    except DomainError as exc:
        _fail(exc.message)
    finally:
        engine.dispose()


def _actor(session: Session, username: str) -> Any:
    from models.tables import User

    user = session.exec(select(User).where(User.username == username.strip().lower())).first()
    if user is None or not user.active:
        raise DomainError(f"Không có tài khoản “{username}” đang hoạt động.")
    return user


def _authorized(username: str, action: str, **ids: int) -> str:
    """The policy table's verdict before anything runs (as the web guards give it): the
    record the ids name must be one this account may do `action` on. Returns the username
    to record as the actor."""
    from models.access import authorize

    def run(s: Session) -> str:
        user = _actor(s, username)
        authorize(s, user, action, ids)
        return user.username

    return _command(run)


def _day(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return parse_date(value)
    except ValueError as exc:
        _fail(str(exc))
    return None


@app.command()
def migrate() -> None:
    """Đưa cơ sở dữ liệu lên phiên bản mới nhất (Alembic)."""
    from models.migrate import upgrade

    settings = _settings()
    upgrade(settings.db_url)
    typer.echo(f"Đã cập nhật cơ sở dữ liệu: {settings.db_url.split('@')[-1]}")


def setup_hint(db_url: str, address: str) -> str | None:
    """What to do first on an install with no account: open /setup (web/routes/setup.py).
    None once an account exists, or when the database is not migrated yet (the app says)."""
    from sqlalchemy.exc import SQLAlchemyError

    from models.queries.people import any_user

    engine = make_engine(db_url)
    try:
        with session_scope(engine, read_only=True) as s:
            if any_user(s):
                return None
    except SQLAlchemyError:
        return None
    finally:
        engine.dispose()
    return (
        "Chưa có tài khoản nào. Mở trình duyệt tại "
        f"{address}/setup để tạo tài khoản quản trị viên đầu tiên."
    )


@app.command()
def serve(
    host: str = typer.Option("127.0.0.1", help="Địa chỉ lắng nghe."),
    port: int = typer.Option(8000, help="Cổng."),
    workers: int = typer.Option(1, help="Số tiến trình web (chế độ phân tán)."),
    demo_out: Path | None = typer.Option(
        None, "--demo", help="Trước khi chạy: dựng dữ liệu mẫu vào thư mục này nếu chưa có."
    ),
) -> None:
    """Chạy ứng dụng web (mặc định: SQLite, Prefect tạm thời, quét định kỳ mỗi phút)."""
    import uvicorn

    from duthao.processes import exit_on_sigterm
    from web.log_masking import install_log_masking

    settings = _settings()
    try:
        settings.check_production()  # before anything starts: a clear message, no traceback
    except RuntimeError as exc:
        _fail(str(exc))
    if demo_out is not None:
        # `make run`: the demo in this process, so its imports are paid once, not twice.
        _demo(settings, demo_out, if_empty=True, as_json=False, address=f"http://{host}:{port}")
        typer.echo("Đang khởi động máy chủ…")
    install_log_masking()
    exit_on_sigterm()  # SIGTERM runs the cleanup below and Prefect's, as Ctrl-C does
    hint = setup_hint(settings.db_url, f"http://{host}:{port}")
    if hint:
        typer.secho(hint, fg=typer.colors.YELLOW)
    if workers > 1:
        uvicorn.run(
            "duthao.asgi:create",
            factory=True,
            host=host,
            port=port,
            workers=workers,
            log_level="warning",
        )
        return
    from duthao.asgi import compose

    application = compose(settings)
    sink = None
    if settings.mail_sink:
        from notifications.sink import start_sink_thread

        sink = start_sink_thread(settings)
        application.state.mail_sink = sink
    typer.echo(f"duthao đang chạy tại http://{host}:{port} (dữ liệu: {settings.data_dir})")
    try:
        uvicorn.run(application, host=host, port=port, log_level="warning")
    finally:
        if sink is not None:
            sink.stop()


@app.command()
def demo(
    out: Path = typer.Option(Path("out/demo"), help="Thư mục kết quả."),
    if_empty: bool = typer.Option(False, "--if-empty", help="Bỏ qua nếu đã có dữ liệu."),
    as_json: bool = typer.Option(False, "--json", help="In bản tóm tắt (JSON) thay cho lời dẫn."),
    address: str = typer.Option("http://127.0.0.1:8000", help="Địa chỉ in trong lời dẫn."),
) -> None:
    """Dựng lại quá trình xây dựng Chỉ thị 22-CT/TU (Bình Phước, 2023) và để sẵn một đợt
    lấy ý kiến đang mở để dùng thử."""
    _demo(_settings(), out, if_empty=if_empty, as_json=as_json, address=address)


def _demo(settings: Settings, out: Path, *, if_empty: bool, as_json: bool, address: str) -> None:
    """The demo in place (built unless `if_empty` finds data), then its banner or summary.
    `settings` come from _settings(): Prefect's environment is set before the demo modules
    import Prefect."""
    from duthao.demo.banner import demo_banner
    from models.migrate import upgrade

    typer.echo("Đang cập nhật cơ sở dữ liệu…")
    upgrade(settings.db_url)
    engine = make_engine(settings.db_url)
    try:
        if if_empty:
            from models.tables import Directive

            with session_scope(engine) as s:
                if s.exec(select(Directive.id)).first() is not None:
                    typer.echo("Dữ liệu mẫu đã có: bỏ qua phần dựng lại.")
                    if not as_json:
                        typer.echo(demo_banner(s, address))
                    return
        from duthao.demo.replay import run_demo
        from duthao.demo.world import check_demo_password

        try:
            check_demo_password()  # before anything is replayed: a weak one would stop midway
        except DomainError as exc:
            _fail(exc.message)
        typer.echo(
            "Đang dựng dữ liệu mẫu: hồ sơ Chỉ thị 22-CT/TU năm 2023 và một đợt lấy ý kiến đang"
            " mở (lần đầu mất khoảng một phút)…"
        )
        summary = asyncio.run(run_demo(settings, out))
        if as_json:
            typer.echo(json.dumps(summary, ensure_ascii=False, indent=2))
            return
        typer.echo(f"Đã ghi văn bản, thư và bản tóm tắt vào {out}/.")
        with session_scope(engine) as s:
            typer.echo(demo_banner(s, address))
    finally:
        engine.dispose()


@app.command()
def sweep(now: str = typer.Option("", help="Thời điểm (ISO 8601), mặc định bây giờ.")) -> None:
    """Chạy một lượt quét: nhắc hạn, quá hạn, kết thúc đợt đã hết hạn, gửi thư."""
    from duthao.wiring import drain_inline, flow_extras
    from flows.runtime import configure
    from flows.sweep import sweep_flow

    settings = _settings()
    configure(settings, **flow_extras(settings))
    try:
        totals = asyncio.run(sweep_flow(now=now or None))
    except DomainError as exc:
        _fail(exc.message)
    totals["reacted"] = drain_inline(settings)
    typer.echo(json.dumps(totals, ensure_ascii=False, default=str))


@app.command()
def react() -> None:
    """Xử lý mọi sự kiện còn chờ (tài liệu, thư) — như ứng dụng tự làm sau mỗi thao tác."""
    from duthao.wiring import drain_inline

    typer.echo(f"Đã xử lý {drain_inline(_settings())} sự kiện.")


@user_app.command("create")
def user_create(
    username: str,
    password: str = typer.Option(..., prompt=True, hide_input=True),
    full_name: str = typer.Option(""),
    role: str = typer.Option("officer"),
    unit_id: int = typer.Option(None),
    email: str = typer.Option(""),
    by: str = ACTOR,
) -> None:
    """Tạo tài khoản (officer | leader | clerk | admin)."""
    from models.commands.users import user_create as cmd

    user = _command(
        lambda s: cmd(
            s,
            username=username,
            password=password,
            full_name=full_name,
            role=role,
            unit_id=unit_id,
            email=email,
            by=by,
            now=utcnow(),
        )
    )
    typer.echo(f"Đã tạo tài khoản #{user.id} {user.username}")


@user_app.command("token")
def user_token(username: str, name: str = typer.Option("cli"), by: str = ACTOR) -> None:
    """Cấp mã truy cập API cho một tài khoản (in ra một lần, kèm ngày hết hạn)."""
    from datetime import timedelta

    from models.commands.users import api_token_create
    from models.queries.people import user_by_name
    from models.text import short_datetime

    days = _settings().api_token_days

    def run(s: Session) -> tuple[str, str]:
        user = user_by_name(s, username)
        token, raw = api_token_create(
            s,
            user_id=id_of(user),
            name=name,
            by=by,
            now=utcnow(),
            lifetime=timedelta(days=days),
        )
        return raw, short_datetime(token.expires_at)

    raw, expires = _command(run)
    typer.echo(raw)  # alone on stdout, so TOKEN=$(duthao user token NAME) works
    typer.echo(f"Hết hạn: {expires} (sau {days} ngày)", err=True)


@user_app.command("tokens")
def user_tokens(username: str = typer.Argument("", help="Bỏ trống: mọi tài khoản.")) -> None:
    """Liệt kê mã truy cập API: số, tài khoản, tên, hạn, lần dùng gần nhất, trạng thái."""
    from models.commands.users import token_status
    from models.queries.people import api_tokens_list, user_by_name
    from models.text import short_datetime

    def run(s: Session) -> list[str]:
        owner = user_by_name(s, username).id if username else None
        now = utcnow()
        return [
            f"{t.id:>5}  {u.username}  {t.name}  hết hạn {short_datetime(t.expires_at)}  "
            f"dùng {short_datetime(t.last_used_at) if t.last_used_at else '-'}  "
            f"{token_status(t, now)}"
            for t, u in api_tokens_list(s, user_id=owner)
        ]

    for line in _command(run):
        typer.echo(line)


@user_app.command("revoke-token")
def user_revoke_token(token_id: int, by: str = ACTOR) -> None:
    """Thu hồi một mã truy cập API (theo số)."""
    from models.commands.users import api_token_revoke

    _command(lambda s: api_token_revoke(s, token_id=token_id, by=by, now=utcnow()))
    typer.echo(f"Đã thu hồi mã truy cập #{token_id}")


@user_app.command("reset")
def user_reset(
    username: str,
    set_password: bool = typer.Option(
        False, "--set-password", help="Đặt kèm một mật khẩu tạm (được hỏi, không hiện)."
    ),
    by: str = ACTOR,
) -> None:
    """Buộc đặt lại mật khẩu ở lần đăng nhập tới; mọi phiên và mã truy cập API kết thúc."""
    from models.commands.users import user_password_reset
    from models.queries.people import user_by_name

    password = (
        typer.prompt("Mật khẩu tạm", hide_input=True, confirmation_prompt=True)
        if set_password
        else None
    )
    user = _command(
        lambda s: user_password_reset(
            s, user_id=id_of(user_by_name(s, username)), password=password, by=by, now=utcnow()
        )
    )
    typer.echo(f"Đã buộc {user.username} đặt mật khẩu mới ở lần đăng nhập tới")


def _set_active(username: str, *, active: bool, by: str) -> str:
    from models.commands.users import user_set_active
    from models.queries.people import user_by_name

    user = _command(
        lambda s: user_set_active(
            s, user_id=id_of(user_by_name(s, username)), active=active, by=by, now=utcnow()
        )
    )
    return user.username


@user_app.command("deactivate")
def user_deactivate(username: str, by: str = ACTOR) -> None:
    """Vô hiệu hóa tài khoản: mọi phiên kết thúc, mã truy cập API không còn dùng được."""
    typer.echo(f"Đã vô hiệu hóa tài khoản {_set_active(username, active=False, by=by)}")


@user_app.command("activate")
def user_activate(username: str, by: str = ACTOR) -> None:
    """Kích hoạt lại tài khoản (các phiên cũ không sống lại)."""
    typer.echo(f"Đã kích hoạt lại tài khoản {_set_active(username, active=True, by=by)}")


@app.command("term")
def term_add(
    name: str,
    starts_on: str = typer.Option(..., "--starts"),
    ends_on: str = typer.Option(..., "--ends"),
    by: str = ACTOR,
) -> None:
    """Khai báo nhiệm kỳ (số văn bản bắt đầu lại từ 01 mỗi nhiệm kỳ)."""
    from models.commands.terms import term_create

    starts, ends = _day(starts_on), _day(ends_on)
    if starts is None or ends is None:
        _fail("Vui lòng nhập ngày bắt đầu và ngày kết thúc nhiệm kỳ.")
    term = _command(
        lambda s: term_create(
            s,
            name=name,
            starts_on=starts,
            ends_on=ends,
            by=by,
            now=utcnow(),
        )
    )
    typer.echo(f"Đã khai báo nhiệm kỳ {term.name}")


@unit_app.command("list")
def unit_list(by: str = USER) -> None:
    """Liệt kê đơn vị."""
    from models.tables import Unit
    from models.text import sort_key

    _authorized(by, "unit.view")
    units = _command(lambda s: list(s.exec(select(Unit)).all()))
    for u in sorted(units, key=lambda u: sort_key(u.name)):
        typer.echo(f"{u.id:>4}  {u.name}  {u.symbol or ''}  {u.email}")


@unit_app.command("add")
def unit_add(
    name: str,
    parent_id: int = typer.Option(None),
    email: str = typer.Option(""),
    symbol: str = typer.Option(""),
    category: str = typer.Option(""),
    by: str = USER,
) -> None:
    """Thêm đơn vị (của cơ quan người thêm; quản trị thêm: đơn vị dùng chung)."""
    from models.access import authorize, owner_for
    from models.commands.units import unit_create

    def run(s: Session) -> Any:
        user = _actor(s, by)
        authorize(s, user, "unit.create", {})
        return unit_create(
            s,
            name=name,
            parent_id=parent_id,
            email=email,
            symbol=symbol or None,
            category=category,
            owner_id=owner_for(user),
            by=user.username,
            now=utcnow(),
        )

    unit = _command(run)
    typer.echo(f"Đã thêm đơn vị #{unit.id} {unit.name}")


@unit_app.command("edit")
def unit_edit(
    unit_id: int,
    name: str = typer.Option(None, help="Tên mới."),
    email: str = typer.Option(None, help="Địa chỉ thư mới."),
    active: bool = typer.Option(None, "--active/--inactive", help="Kích hoạt lại / ngừng dùng."),
    superior: str = typer.Option(None, help="Dòng cấp trên (quản trị), vd. ĐẢNG BỘ TỈNH …"),
    place: str = typer.Option(None, help="Địa danh nơi ban hành (quản trị)."),
    symbol: str = typer.Option(None, help='Ký hiệu, khi chưa được dùng (quản trị; "": bỏ).'),
    valid_from: str = typer.Option(None, help='Hoạt động từ ngày dd/mm/yyyy ("": bỏ).'),
    valid_to: str = typer.Option(None, help='Hoạt động đến hết ngày dd/mm/yyyy ("": bỏ).'),
    successor_id: int = typer.Option(None, help="Mã đơn vị kế thừa (0: bỏ)."),
    by: str = USER,
) -> None:
    """Sửa tên, thư điện tử, thời gian hoạt động, đơn vị kế thừa, ngừng hay kích hoạt lại
    một đơn vị (đơn vị của cơ quan mình; đơn vị dùng chung: quản trị); dòng cấp trên, địa
    danh, ký hiệu: quản trị, như trang /admin/units."""
    from models.commands.units import UNSET, unit_update

    actor = _authorized(by, "unit.edit", unit_id=unit_id)
    if superior is not None or place is not None or symbol is not None:
        _authorized(by, "unit.admin")
    unit = _command(
        lambda s: unit_update(
            s,
            unit_id=unit_id,
            name=name,
            email=email,
            active=active,
            superior=superior,
            place=place,
            symbol=UNSET if symbol is None else symbol,
            valid_from=UNSET if valid_from is None else _day(valid_from),
            valid_to=UNSET if valid_to is None else _day(valid_to),
            successor_id=UNSET if successor_id is None else (successor_id or None),
            by=actor,
            now=utcnow(),
        )
    )
    typer.echo(f"Đã sửa đơn vị #{unit.id} {unit.name} ({unit.email or 'chưa có thư'})")


@unit_app.command("reorganise")
def unit_reorganise(
    unit_ids: list[int] = typer.Argument(..., help="Mã các đơn vị thôi hoạt động."),
    on: str = typer.Option(..., help="Ngày sắp xếp dd/mm/yyyy: đơn vị kế thừa hoạt động từ đó."),
    successor_id: int = typer.Option(None, help="Mã đơn vị kế thừa đã có."),
    new_name: str = typer.Option(None, help="Hoặc tên đơn vị kế thừa mới."),
    new_parent_id: int = typer.Option(None, help="Cấp trên của đơn vị mới."),
    new_email: str = typer.Option("", help="Thư điện tử của đơn vị mới."),
    confirm_open: bool = typer.Option(
        False, help="Vẫn sắp xếp khi còn liên kết đang mở (vẫn dùng được đến khi đợt kết thúc)."
    ),
    by: str = USER,
) -> None:
    """Sắp xếp, sáp nhập: các đơn vị thôi hoạt động từ ngày --on, một đơn vị kế thừa (như
    trang /units/reorganise; chỉ đơn vị mình được sửa)."""
    from models.commands.reorganise import NewUnit, reorganise

    day = _day(on)
    assert day is not None
    if (successor_id is None) == (new_name is None):
        _fail("Chọn --successor-id hoặc --new-name (một trong hai).")
    heir: int | NewUnit = (
        NewUnit(name=new_name, parent_id=new_parent_id, email=new_email)
        if new_name is not None
        else successor_id
    )
    done = _command(
        lambda s: reorganise(
            s,
            list(unit_ids),
            successor=heir,
            on=day,
            by=_actor(s, by),
            now=utcnow(),
            confirm_open=confirm_open,
        )
    )
    names = ", ".join(u.name for u in done.abolished)
    typer.echo(f"Đã sắp xếp: {names} → #{done.successor.id} {done.successor.name}")


@directive_app.command("list")
def directive_list(by: str = USER) -> None:
    """Liệt kê các dự thảo người thực hiện được xem."""
    from models.access import visible_directives
    from models.lifecycle import STAGE_LABELS, Stage
    from models.tables import Directive

    def run(s: Session) -> list[Any]:
        user = _actor(s, by)
        stmt = select(Directive).where(visible_directives(user)).order_by(col(Directive.id))
        return list(s.exec(stmt).all())

    _authorized(by, "directive.list")
    for d in _command(run):
        typer.echo(f"{d.id:>4}  [{STAGE_LABELS[Stage(d.stage)]}]  {d.number or '—'}  {d.title}")


@directive_app.command("create")
def directive_create(
    title: str,
    issuer_id: int = typer.Option(...),
    drafting_unit_id: int = typer.Option(...),
    assignment_number: str = typer.Option(""),
    assignment_date: str = typer.Option(""),
    record_mode: bool = typer.Option(
        False, "--record-mode", help="Nhập hồ sơ đã thực hiện: giữ ngày đã qua, không gửi thư."
    ),
    by: str = USER,
) -> None:
    """Tạo dự thảo từ văn bản giao nhiệm vụ."""
    from models.access import authorize, drafting_body
    from models.commands.directives import directive_create as cmd

    assigned = _day(assignment_date)

    def run(s: Session) -> Any:
        user = _actor(s, by)
        authorize(s, user, "directive.create", {})
        return cmd(
            s,
            title=title,
            issuer_id=issuer_id,
            drafting_unit_id=drafting_body(user, drafting_unit_id),
            assignment_number=assignment_number,
            assignment_date=assigned,
            record_mode=record_mode,
            by=user.username,
            now=utcnow(),
        )

    d, _ = _command(run)
    typer.echo(f"Đã tạo dự thảo #{d.id}{' (nhập hồ sơ đã thực hiện)' if record_mode else ''}")


@directive_app.command("draft")
def directive_draft(
    directive_id: int,
    file: Path = typer.Option(..., exists=True, readable=True),
    note: str = typer.Option(""),
    by: str = USER,
) -> None:
    """Thêm bản dự thảo mới từ một tệp văn bản."""
    from models.commands.drafts import draft_add

    by = _authorized(by, "directive.edit", directive_id=directive_id)
    text = file.read_text(encoding="utf-8")
    version, _ = _command(
        lambda s: draft_add(s, directive_id=directive_id, text=text, note=note, by=by, now=utcnow())
    )
    typer.echo(f"Đã thêm dự thảo lần {version.number}")


@directive_app.command("advance")
def directive_advance(
    directive_id: int,
    action: str = typer.Argument(..., help="finalise | submit | return | issue"),
    by: str = USER,
) -> None:
    """Chuyển giai đoạn: hoàn chỉnh, trình, trả lại, ban hành (sau khi đã ký)."""
    from models.commands import directives as d

    commands = {
        "finalise": d.directive_finalise,
        "submit": d.directive_submit,
        "return": d.directive_return,
        "issue": d.directive_issue,
    }
    if action not in commands:
        _fail(f"Thao tác không hợp lệ: {action} (finalise | submit | return | issue).")
    by = _authorized(by, f"directive.{action}", directive_id=directive_id)
    directive, _ = _command(
        lambda s: commands[action](s, directive_id=directive_id, by=by, now=utcnow())
    )
    typer.echo(f"Dự thảo #{directive.id}: {directive.stage}")


@directive_app.command("final")
def directive_final(directive_id: int, version_id: int, by: str = USER) -> None:
    """Chọn bản dự thảo hoàn chỉnh để trình."""
    from models.commands.drafts import draft_set_final

    by = _authorized(by, "directive.edit", directive_id=directive_id)
    _command(
        lambda s: draft_set_final(
            s, directive_id=directive_id, version_id=version_id, by=by, now=utcnow()
        )
    )
    typer.echo("Đã chọn bản hoàn chỉnh.")


@directive_app.command("sign")
def directive_sign(
    directive_id: int,
    signed_on: str = typer.Option(...),
    form: str = typer.Option("T/M"),
    signer_title: str = typer.Option(...),
    signer_name: str = typer.Option(...),
    on_behalf_of: str = typer.Option(""),
    number: str = typer.Option(""),
    recipient: list[int] = typer.Option([], help="Mã đơn vị nhận (lặp lại)."),
    issue: bool = typer.Option(True, help="Ban hành ngay sau khi ký."),
    by: str = USER,
) -> None:
    """Ghi nhận ký (cấp số) và ban hành (lãnh đạo ghi nhận ký)."""
    by = _authorized(by, "directive.sign", directive_id=directive_id)
    if issue:
        _authorized(by, "directive.issue", directive_id=directive_id)
    day = _day(signed_on)
    if day is None:
        _fail("Vui lòng nhập ngày ký.")
    from models.commands.directives import directive_issue
    from models.commands.signing import directive_sign as sign_command

    def run(s: Session) -> str | None:
        directive, _ = sign_command(
            s,
            directive_id=directive_id,
            signed_on=day,
            form=form,
            signer_title=signer_title,
            signer_name=signer_name,
            on_behalf_of=on_behalf_of,
            recipient_ids=recipient,
            number=number or None,
            by=by,
            now=utcnow(),
        )
        return directive.number

    given = _command(run)
    if issue:
        _command(lambda s: directive_issue(s, directive_id=directive_id, by=by, now=utcnow()))
    typer.echo(f"Số hiệu: {given}")


@directive_app.command("follow-up-plan")
def directive_follow_up_plan(
    directive_id: int,
    file: Path | None = typer.Option(
        None,
        exists=True,
        readable=True,
        help="Tệp JSON của kế hoạch (như PUT /api/v1/directives/{id}/follow-up/plan): lưu "
        "thành phiên bản mới. Không có: in kế hoạch đang áp dụng, hoặc đề xuất từ văn bản.",
    ),
    by: str = USER,
) -> None:
    """Kế hoạch theo dõi thực hiện chỉ thị đã ban hành: xem (JSON) hoặc lưu phiên bản mới."""
    from pydantic import ValidationError

    from models.clock import local_date
    from models.commands.follow_up import NOT_ISSUED, plan_save
    from models.follow_up.plan import PlanIn
    from models.queries.follow_up_plan import plan_start
    from models.queries.records import get
    from models.tables import Directive

    if file is None:
        _authorized(by, "directive.view", directive_id=directive_id)

        def show(s: Session) -> dict[str, Any]:
            directive = get(s, Directive, directive_id)
            if directive.stage != "issued":
                raise DomainError(NOT_ISSUED)
            start = plan_start(s, directive, today=local_date(utcnow()))
            version = start.current.version if start.current else None
            return {"version": version, **start.values}

        typer.echo(json.dumps(_command(show), ensure_ascii=False, indent=2))
        return
    try:
        plan = PlanIn.model_validate_json(file.read_bytes())
    except ValidationError as exc:
        from web.forms import vi_message

        _fail("; ".join(f"{'.'.join(map(str, e['loc']))}: {vi_message(e)}" for e in exc.errors()))

    by = _authorized(by, "follow_up.plan", directive_id=directive_id)
    saved = _command(lambda s: plan_save(s, directive_id, plan, by=by, now=utcnow()))
    typer.echo(f"Đã lưu kế hoạch theo dõi thực hiện, phiên bản {saved.plan.version}.")


@round_app.command("open")
def round_open(
    directive_id: int,
    kind: str = typer.Option("written", help="written|conference|grassroots"),
    unit: list[int] = typer.Option([], help="Mã đơn vị được mời (lặp lại)."),
    letter_number: str = typer.Option(""),
    letter_date: str = typer.Option(""),
    deadline: str = typer.Option(""),
    held_at: str = typer.Option(""),
    place: str = typer.Option(""),
    issuer: int | None = typer.Option(
        None, help="Mã cơ quan ban hành công văn (cơ quan soạn thảo hoặc cấp ủy cấp trên)."
    ),
    signer: int | None = typer.Option(None, help="Mã người ký trong danh sách của cơ quan đó."),
    group: list[int] = typer.Option([], help="Mã nhóm đơn vị (lặp lại), in một dòng Kính gửi."),
    copies: list[str] = typer.Option([], help="Một dòng “Nơi nhận” (lặp lại)."),
    by: str = USER,
) -> None:
    """Mở đợt lấy ý kiến: cấp số công văn, gửi lời mời."""
    by = _authorized(by, "round.open", directive_id=directive_id)
    ld, dl = _day(letter_date), _day(deadline)
    from datetime import datetime

    from models.clock import VN
    from models.commands.rounds import ConferencePlan
    from models.commands.rounds import round_open as open_command
    from models.tokens import Links

    settings = _settings()
    plan = None
    if held_at:
        try:
            moment = datetime.fromisoformat(held_at)
        except ValueError:
            _fail(f"Thời gian họp không hợp lệ: {held_at} (ISO 8601).")
        plan = ConferencePlan(
            held_at=moment if moment.tzinfo else moment.replace(tzinfo=VN), place=place
        )

    def run(s: Session) -> tuple[int, str | None]:
        opened = open_command(
            s,
            directive_id=directive_id,
            kind=kind,
            unit_ids=unit,
            by=by,
            now=utcnow(),
            links=Links(base_url=settings.base_url, secret=settings.secret_key),
            letter_date=ld,
            letter_number=letter_number or None,
            deadline=dl,
            reply_days=settings.default_reply_days,
            conference=plan,
            request_key=f"cli-{uuid.uuid4()}",
            issuer_id=issuer,
            signer_id=signer,
            group_ids=group,
            copies=copies or None,
        )
        return id_of(opened.round), opened.round.letter_number

    round_id, letter = _command(run)
    typer.echo(f"Đã mở đợt #{round_id} ({letter or 'hội nghị'})")


@round_app.command("close")
def round_close(round_id: int, by: str = USER) -> None:
    """Kết thúc đợt lấy ý kiến."""
    by = _authorized(by, "round.manage", round_id=round_id)
    from models.commands.rounds import round_close as close_command

    _, events = _command(
        lambda s: close_command(s, round_id=round_id, by=by, now=utcnow(), idempotent=True)
    )
    typer.echo("Đã kết thúc đợt." if events else "Đợt đã kết thúc trước đó.")


@comment_app.command("dispose")
def comment_dispose(
    comment_id: int,
    decision: str = typer.Option(..., help="accept | partial | explain"),
    response: str = typer.Option("", help="Nội dung tiếp thu, lý do giải trình."),
    taken_in_version_id: int = typer.Option(None, help="Bản dự thảo đã tiếp thu ý kiến."),
    by: str = USER,
) -> None:
    """Hướng xử lý một ý kiến: tiếp thu, tiếp thu một phần, giải trình."""
    from models.commands.dispositions import disposition_set
    from models.errors import NotFound
    from models.queries.records import get
    from models.tables import Comment

    by = _authorized(by, "comment.dispose", comment_id=comment_id)

    def run(s: Session) -> Any:
        if get(s, Comment, comment_id).draft:  # a unit's private draft, as the API answers
            raise NotFound(f"Không tìm thấy ý kiến #{comment_id}.")
        return disposition_set(
            s,
            comment_id=comment_id,
            decision=decision,
            response=response,
            taken_in_version_id=taken_in_version_id,
            by=by,
            now=utcnow(),
        )

    saved = _command(run)
    typer.echo(f"Ý kiến #{comment_id}: {saved.decision}")


def _mount_ops() -> None:
    from duthao import cli_ops

    cli_ops.register(app)


_mount_ops()


def main() -> None:  # pragma: no cover - console entry
    app()


if __name__ == "__main__":  # pragma: no cover
    sys.exit(app())
