"""The demo's place to try things: a second directive, of Ban Tuyên giáo (not the replay's
Ban Dân vận), live, in a written round opened today with a deadline two weeks ahead.

Its invitations are delivered to the local mail sink like any live round's, so a new user of
`make run` opens /mail, follows a unit's link and answers. Found before created: a second
`duthao demo` opens nothing twice.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlmodel import Session, col, select

from models.clock import local_date
from models.commands.directives import directive_create
from models.commands.drafts import draft_add
from models.commands.rounds import round_open
from models.ids import id_of
from models.tables import Directive, Invitation, Round
from models.tokens import Links

TITLE = "Tăng cường công tác tuyên truyền, phổ biến, giáo dục pháp luật trong tình hình mới"
DRAFTING = "btg"  # Ban Tuyên giáo Tỉnh ủy
OFFICER = "minhthu"  # its officer (duthao/demo/data.py ACCOUNTS)
REPLY_DAYS = 14
# A short list, so the mailbox shows a handful of letters, each a unit's own link.
CONSULTED = ("bdv", "mttq", "tinhdoan", "hlhpn", "dongxoai", "budang")
ABSTRACT = "V/v góp ý dự thảo Chỉ thị về tăng cường công tác tuyên truyền, phổ biến pháp luật"
TEXT = """Thời gian qua, công tác tuyên truyền, phổ biến, giáo dục pháp luật trong tỉnh có nhiều chuyển biến tích cực; nhận thức, ý thức chấp hành pháp luật của cán bộ, đảng viên và Nhân dân từng bước được nâng lên.
Tuy nhiên, ở một số nơi công tác này còn hình thức, chưa gắn với nhu cầu của từng nhóm đối tượng; việc ứng dụng công nghệ thông tin chưa đồng đều.
Để nâng cao hiệu quả công tác tuyên truyền, phổ biến, giáo dục pháp luật, Ban Thường vụ Tỉnh ủy yêu cầu các cấp ủy, tổ chức đảng, chính quyền, Mặt trận Tổ quốc và các tổ chức chính trị - xã hội thực hiện tốt những nội dung sau:
I. MỤC ĐÍCH, YÊU CẦU
1. Nâng cao trách nhiệm của cấp ủy, người đứng đầu trong lãnh đạo công tác tuyên truyền, phổ biến, giáo dục pháp luật.
2. Đổi mới nội dung, hình thức phù hợp với từng địa bàn, từng nhóm đối tượng.
II. NHIỆM VỤ TRỌNG TÂM
1. Đưa nội dung phổ biến pháp luật vào sinh hoạt chi bộ định kỳ.
2. Đẩy mạnh phổ biến pháp luật trên không gian mạng và hệ thống truyền thanh cơ sở.
3. Chú trọng vùng đồng bào dân tộc thiểu số, vùng biên giới.
III. TỔ CHỨC THỰC HIỆN
1. Các huyện ủy, thị ủy, thành ủy, đảng ủy trực thuộc Tỉnh ủy xây dựng kế hoạch thực hiện Chỉ thị.
2. Giao Ban Tuyên giáo Tỉnh ủy chủ trì theo dõi, đôn đốc, kiểm tra việc thực hiện Chỉ thị.
Chỉ thị này được phổ biến đến chi bộ."""


@dataclass(frozen=True)
class TryRound:
    directive_id: int
    round_id: int
    letter: str
    deadline: str
    invited: int


def find_live(session: Session) -> Directive | None:
    return session.exec(select(Directive).where(Directive.title == TITLE)).first()


def open_try_round(session: Session, ids: dict[str, int], *, now: datetime, links: Links) -> int:
    """The live directive and its round opened now (the commands record the events that
    deliver the invitations); the round's id, found or opened."""
    found = find_live(session)
    if found is None:
        found, _ = directive_create(
            session,
            title=TITLE,
            issuer_id=ids["btv"],
            drafting_unit_id=ids[DRAFTING],
            assignment_summary="Thường trực Tỉnh ủy giao Ban Tuyên giáo Tỉnh ủy tham mưu.",
            by=OFFICER,
            now=now,
        )
    did = id_of(found)
    if found.stage == "assigned":
        draft_add(session, directive_id=did, text=TEXT, note="Dự thảo lần 1", by=OFFICER, now=now)
    rnd = session.exec(select(Round).where(Round.directive_id == did)).first()
    if rnd is None:
        rnd = round_open(
            session,
            directive_id=did,
            kind="written",
            unit_ids=[ids[k] for k in CONSULTED],
            by=OFFICER,
            now=now,
            links=links,
            deadline=local_date(now) + timedelta(days=REPLY_DAYS),
            abstract=ABSTRACT,
            request_key=f"demo:{did}:try-written-1",
        ).round
    return id_of(rnd)


def try_summary(session: Session, round_id: int) -> TryRound:
    rnd = session.get_one(Round, round_id)
    invited = session.exec(select(col(Invitation.id)).where(Invitation.round_id == round_id))
    return TryRound(
        directive_id=rnd.directive_id,
        round_id=round_id,
        letter=rnd.letter_number or "",
        deadline=rnd.deadline.isoformat() if rnd.deadline else "",
        invited=len(invited.all()),
    )
