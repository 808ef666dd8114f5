"""What `make run` prints once the demo is in place: where the app is, the demo accounts,
and what to try first (the live round's invitations in /mail). Read from the database."""

from sqlmodel import Session, select

from duthao.demo import data
from duthao.demo.live import DRAFTING, find_live, try_summary
from duthao.demo.world import demo_password, find_directive
from models.policy import ROLE_LABELS
from models.tables import Round, User
from models.text import parse_date, short_date

UNIT_NAMES = {spec.key: spec.name for spec, _ in data.walk()}


def demo_banner(session: Session, address: str) -> str:
    """The Vietnamese banner; without the demo's accounts, only the address."""
    users = set(session.exec(select(User.username)).all())
    accounts = [a for a in data.ACCOUNTS if a.username in users]
    if not accounts:
        return f"duthao: mở {address} trong trình duyệt."
    password = (
        demo_password() if demo_password() == data.DEMO_PASSWORD else "(DUTHAO_DEMO_PASSWORD)"
    )
    width = max(len(a.username) for a in accounts)
    lines = [
        "",
        "══ duthao — bản chạy thử ══════════════════════════════════════════",
        f"Địa chỉ: {address}",
        f"Tài khoản mẫu (mật khẩu chung: {password}):",
        *(
            f"  {a.username.ljust(width)}  {a.full_name} — "
            f"{ROLE_LABELS.get(a.role, a.role).lower()}, {UNIT_NAMES[a.unit]}"
            for a in accounts
        ),
        "Thử ngay:",
    ]
    live = find_live(session)
    rnd = (
        session.exec(select(Round.id).where(Round.directive_id == live.id)).first()
        if live
        else None
    )
    if rnd is not None:
        t = try_summary(session, rnd)
        deadline = short_date(parse_date(t.deadline)) if t.deadline else ""
        lines += [
            f"  1. Đăng nhập quantri, mở {address}/mail: {t.invited} thư mời góp ý của Công văn "
            f"số {t.letter} ({UNIT_NAMES[DRAFTING]}, hạn {deadline}).",
            "  2. Mở một thư, bấm liên kết riêng của đơn vị, góp ý và gửi (đơn vị không cần "
            "đăng nhập).",
            f"  3. Đăng nhập minhthu để xem ý kiến vừa nhận trên trang dự thảo {address}"
            f"/directives/{t.directive_id}.",
        ]
    replay = find_directive(session)
    if replay is not None:
        lines.append(
            f"  Hồ sơ Chỉ thị {replay.number or ''} năm 2023 (nhập hồ sơ đã thực hiện, đăng nhập "
            f"thanhtam): {address}/directives/{replay.id}"
        )
    lines += ["Dừng: Ctrl+C.", "═" * 66, ""]
    return "\n".join(lines)
