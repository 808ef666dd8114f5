"""Pydantic models of the API's and the unit forms' input and output, with their limits.

Limits mirror the tables (max lengths) and the commands (comment length, counts), so bad
input is refused with a 422 before any command runs. Text fields refuse control characters
(PostgreSQL cannot store NUL) and are NFC-normalised by the commands.
"""

import re
from datetime import date, datetime
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    AwareDatetime,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationInfo,
)

from models.commands.answers import MAX_COMMENT_CHARS
from models.commands.dispositions import MAX_AT_ONCE
from models.commands.grassroots import MAX_COUNT
from models.letters import form_of
from models.lifecycle import RoundKind
from models.policy import Role
from models.statuses import Decision, InvitationStatus, Position, RoundStatus

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
MAX_ID = 2**31 - 1  # PostgreSQL integer columns


def _no_control(value: str) -> str:
    if _CONTROL.search(value):
        raise ValueError("Văn bản chứa ký tự điều khiển không hợp lệ.")
    return value


def _vn_date(value: Any) -> Any:
    """Accept the offices' dd/mm/yyyy as well as ISO dates (input type=date)."""
    if isinstance(value, str):
        value = value.strip()
        if not value:
            return None
        m = re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})", value)
        if m:
            try:
                return date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
            except ValueError as exc:
                raise ValueError("Ngày không hợp lệ.") from exc
    return value


def _grouped(value: Any) -> Any:
    """Counts typed with the offices' thousands separators (2.004, 12 500) are numbers."""
    if isinstance(value, str) and re.fullmatch(r"\d{1,3}([. ]\d{3})+", value.strip()):
        return re.sub(r"[. ]", "", value)
    return value


def _empty_none(value: Any) -> Any:
    return None if isinstance(value, str) and not value.strip() else value


# Refuses control characters; each text field pairs it with its length limits, which come
# first so that a too-long text is reported as such.
NoControl = AfterValidator(_no_control)


Id = Annotated[int, Field(ge=1, le=MAX_ID)]
OptId = Annotated[Id | None, BeforeValidator(_empty_none)]
Day = Annotated[date, BeforeValidator(_vn_date), Field(ge=date(1945, 1, 1), le=date(2200, 1, 1))]
OptDay = Annotated[Day | None, BeforeValidator(_vn_date)]
Count = Annotated[int, BeforeValidator(_grouped), Field(ge=0, le=MAX_COUNT)]
Line40 = Annotated[str, Field(max_length=40), NoControl]
Line200 = Annotated[str, Field(max_length=200), NoControl]
Line300 = Annotated[str, Field(max_length=300), NoControl]
CommentText = Annotated[str, Field(max_length=MAX_COMMENT_CHARS), NoControl]
LongText = Annotated[str, Field(max_length=200_000), NoControl]


class In(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


# --- unit actions (the personal link: pages and API) ---


class CommentIn(In):
    position: Position
    text: CommentText = ""
    section_id: OptId = None
    quote: Annotated[str, Field(max_length=2000), NoControl] = ""


class ReplyIn(In):
    reply_number: Line40 = ""
    reply_date: OptDay = None


class ReplyEntryIn(In):
    """A reply received on paper or by e-office, entered by an officer for the unit (the page
    /invitations/{id}/reply and POST /api/v1/invitations/{id}/reply, with its file)."""

    source: Literal["paper", "e-office"] = "paper"
    reply_number: Annotated[str, Field(min_length=1, max_length=40), NoControl]
    reply_date: Day
    position: Position = Position.AGREE
    text: CommentText = ""


class ReplyFileOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    invitation_id: int
    original_name: str
    mime: str
    size: int
    sha256: str
    uploaded_at: datetime
    uploaded_by: str
    source: str


class ReportIn(In):
    meetings: Annotated[dict[Line200, Count], Field(max_length=20)] = {}
    delegates: Count = 0
    summary: CommentText = ""


# --- officer actions ---


TokenName = Annotated[str, Field(max_length=100), NoControl]


class TokenRequest(In):
    username: Annotated[str, Field(min_length=1, max_length=80), NoControl]
    password: Annotated[str, Field(min_length=1, max_length=200)]
    name: TokenName = ""


class TokenNameIn(In):
    """A signed-in officer's new token on the account page (TokenRequest without the
    credentials the session already proves)."""

    name: TokenName = ""


Password = Annotated[str, Field(min_length=1, max_length=200)]


class PasswordChangeIn(In):
    username: Annotated[str, Field(min_length=1, max_length=80), NoControl]
    current_password: Password
    new_password: Password


class SetupIn(In):
    """The first administrator (/setup); the password rule is the command's
    (models/commands/users.check_password)."""

    username: Annotated[str, Field(min_length=1, max_length=80), NoControl]
    full_name: Line200 = ""
    email: Annotated[str, Field(max_length=320), NoControl] = ""
    password: Password
    confirm_password: Password


class ResetIn(In):
    password: Annotated[str | None, Field(max_length=200)] = Field(
        default=None, description="Mật khẩu tạm (bỏ trống: giữ mật khẩu cũ, chỉ buộc đổi)"
    )


class ActiveIn(In):
    active: bool


class DirectiveIn(In):
    title: Annotated[str, Field(min_length=1, max_length=500), NoControl]
    issuer_id: Id
    drafting_unit_id: Id
    kind: Annotated[str, Field(max_length=10), NoControl] = "CT"
    assignment_number: Line40 = ""
    assignment_date: OptDay = None
    assignment_summary: CommentText = ""
    # "Nhập hồ sơ đã thực hiện": chosen at creation, never changed afterwards.
    record_mode: bool = False


class DraftIn(In):
    text: LongText
    note: Annotated[str, Field(max_length=2000), NoControl] = ""


class FinalIn(In):
    version_id: Id


class ReturnIn(In):
    reason: CommentText = ""


NonEmpty300 = Annotated[str, Field(min_length=1, max_length=300), NoControl]


class ConferenceIn(In):
    held_at: AwareDatetime
    place: NonEmpty300
    chair: Line200 = ""
    chair_title: Line200 = ""


def _units_or_groups(value: list[int], info: ValidationInfo) -> list[int]:
    """A round asks units picked one by one, or saved groups' members, or both."""
    if not value and not info.data.get("group_ids"):
        raise ValueError("Vui lòng chọn ít nhất 1 đơn vị hoặc nhóm đơn vị.")
    return value


class RoundIn(In):
    kind: RoundKind
    # Before unit_ids: its validator reads the groups picked.
    group_ids: Annotated[list[Id], Field(max_length=100)] = []
    unit_ids: Annotated[
        list[Id], Field(max_length=500, validate_default=True), AfterValidator(_units_or_groups)
    ] = []
    issuer_id: OptId = Field(None, description="Ban hành dưới danh nghĩa cơ quan nào")
    signer_id: OptId = Field(None, description="Người ký trong danh sách của cơ quan ban hành")
    copies: Annotated[list[Line200], Field(max_length=30)] | None = Field(
        None, description="Nơi nhận (để trống: mặc định của cơ quan soạn thảo)"
    )
    letter_number: Line40 | None = None
    letter_date: OptDay = None
    deadline: OptDay = None
    abstract: Annotated[str, Field(max_length=500), NoControl] = ""
    reminder_days: Annotated[str, Field(max_length=40), NoControl] = "3,1"
    conference: ConferenceIn | None = None
    # A grassroots round: the levels its reports count meetings by (none: by place,
    # "Thôn, ấp, khu phố" and "Xã, phường, thị trấn"); ignored for the other kinds.
    levels: Annotated[list[Line200], Field(max_length=50)] | None = Field(
        default=None,
        description="Đợt lấy ý kiến cơ sở: các cấp báo cáo số hội nghị, ví dụ "
        '["Chi bộ trực thuộc", "Đảng bộ bộ phận", "Đảng ủy cơ sở"]; bỏ trống: theo địa bàn',
    )


def _signer_form(value: Any) -> Any:
    """ "TUQ", "tl", "T/M" …: the canonical form; an unknown one is left to be refused."""
    found = form_of(value) if isinstance(value, str) else None
    return value if found is None else found


class SignerIn(In):
    form: Annotated[Literal["T/M", "K/T", "T/L", "T/UQ", ""], BeforeValidator(_signer_form)]
    on_behalf_of: Line200 = Field("", description="“BAN THƯỜNG VỤ”, “TRƯỞNG BAN” …")
    title: Annotated[str, Field(min_length=1, max_length=200), NoControl]
    full_name: Annotated[str, Field(min_length=1, max_length=200), NoControl]
    active: bool = True
    user_id: OptId = None


class UnitGroupIn(In):
    name: NonEmpty300
    unit_ids: Annotated[list[Id], Field(min_length=1, max_length=500)]


class CopiesIn(In):
    lines: Annotated[list[Line200], Field(max_length=30)] = []


class ExtendIn(In):
    deadline: Day


class OpinionIn(In):
    speaker: Annotated[str, Field(min_length=1, max_length=200), NoControl]
    speaker_title: Line200 = ""
    unit_id: OptId = None
    section_id: OptId = None
    position: Position = Position.AGREE_WITH_COMMENTS
    text: Annotated[str, Field(min_length=1, max_length=MAX_COMMENT_CHARS), NoControl]


class UnitsCsvIn(In):
    csv: Annotated[str, Field(min_length=1, max_length=500_000)]


class AttendanceIn(In):
    attendees: Count | None = None
    secretary: Line200 | None = None


class ConferenceMoveIn(In):
    held_at: AwareDatetime
    place: NonEmpty300


class NoticeOut(BaseModel):
    queued: int = Field(description="Số thư báo đã xếp hàng gửi (0: các đơn vị đã được báo).")


class RoundCloseIn(In):
    # Record mode only: the day the round really closed (a live round closes today).
    closed_on: OptDay = None


class ConferenceCloseIn(In):
    attendees: Count | None = None
    conclusion: CommentText | None = None


class DispositionIn(In):
    decision: Decision
    response: CommentText = ""
    taken_in_version_id: OptId = None


class DispositionsIn(In):
    """One decision for several comments of a round (all or nothing)."""

    comment_ids: Annotated[list[Id], Field(min_length=1, max_length=MAX_AT_ONCE)]
    decision: Decision
    response: CommentText = ""


class GroupDispositionIn(In):
    """One decision (and reason) for every comment of a group."""

    decision: Decision
    response: CommentText = ""


class GroupRenameIn(In):
    label: Annotated[str, Field(min_length=1, max_length=200), NoControl]


class GroupSplitIn(In):
    """The members that move to a new group."""

    comment_ids: Annotated[list[Id], Field(min_length=1, max_length=5000)]


class GroupMergeIn(In):
    other_id: Id


class SignIn(In):
    signed_on: Day
    form: Literal["T/M", "K/T", "T/L"] = "T/M"
    # A signer on record (models/tables/letters.Signer) fills the block; else it is typed.
    signer_id: OptId = None
    signer_title: Line200 = ""
    signer_name: Line200 = ""
    on_behalf_of: Line200 = ""
    recipient_ids: Annotated[list[Id], Field(max_length=500)] = []
    extra_recipients: Annotated[list[Line200], Field(max_length=50)] = []
    number: Line40 | None = None


class UnitIn(In):
    name: Annotated[str, Field(min_length=1, max_length=300), NoControl]
    parent_id: OptId = None
    symbol: Annotated[str, Field(max_length=20), NoControl] | None = None
    category: Line40 = ""
    email: Annotated[str, Field(max_length=320), NoControl] = ""
    superior: Line300 = ""
    place: Annotated[str, Field(max_length=100), NoControl] = ""
    # When the unit exists (both days included; none: open-ended) and who takes over after
    # it (issue 12, item 7; the rules: models/unit_validity.check_validity).
    valid_from: OptDay = None
    valid_to: OptDay = None
    successor_id: OptId = None


class UnitPatch(In):
    """Only the fields sent change; null for a date or the successor clears it."""

    name: Annotated[str, Field(min_length=1, max_length=300), NoControl] | None = None
    email: Annotated[str, Field(max_length=320), NoControl] | None = None
    active: bool | None = None
    valid_from: OptDay = None
    valid_to: OptDay = None
    successor_id: OptId = None


class ReorganiseIn(In):
    """Sắp xếp, sáp nhập: the units in `abolished_ids` end the day before `on`; their
    successor, an existing unit (`successor_id`) or a new one (`successor`), takes over
    from `on`. A unit with a live link is refused unless `confirm_open`."""

    abolished_ids: Annotated[list[Id], Field(min_length=1, max_length=200)]
    on: Day
    successor_id: OptId = None
    successor: UnitIn | None = None
    confirm_open: bool = False


# --- administration (issue 11, item 1): bodies, terms, accounts ---


class UnitEdit(In):
    """An administrator's change of a body: only the fields sent change (the page sends
    them all). The symbol changes only while no issued number carries it."""

    name: Annotated[str, Field(min_length=1, max_length=300), NoControl] | None = None
    parent_id: OptId = None
    symbol: Annotated[str, Field(max_length=20), NoControl] | None = None
    category: Line40 | None = None
    email: Annotated[str, Field(max_length=320), NoControl] | None = None
    superior: Line300 | None = None
    place: Annotated[str, Field(max_length=100), NoControl] | None = None
    active: bool | None = None
    valid_from: OptDay = None
    valid_to: OptDay = None
    successor_id: OptId = None


class TermIn(In):
    name: Annotated[str, Field(min_length=1, max_length=40), NoControl]
    starts_on: Day
    ends_on: Day


class UserIn(In):
    username: Annotated[str, Field(min_length=1, max_length=80), NoControl]
    full_name: Line200 = ""
    email: Annotated[str, Field(max_length=320), NoControl] = ""
    role: Role = Role.OFFICER
    unit_id: OptId = None
    password: Password


class UserEdit(In):
    """Role and drafting body; only the fields sent change (unit_id null: no body)."""

    role: Role | None = None
    unit_id: OptId = None


# --- output ---


class Out(BaseModel):
    model_config = ConfigDict(from_attributes=True)


class ErrorOut(BaseModel):
    error: str
    field: str | None = None
    errors: list[dict[str, str]] | None = None


class TokenOut(Out):
    token: str
    token_id: int
    expires_at: datetime


class UnitOut(Out):
    id: int
    parent_id: int | None
    name: str
    symbol: str | None
    category: str
    email: str
    superior: str
    place: str
    active: bool
    owner_id: int | None = None  # the drafting body that edits it; None: shared (admins)
    valid_from: date | None = Field(None, description="Có hiệu lực từ ngày (không có: từ trước)")
    valid_to: date | None = Field(None, description="Hết hiệu lực sau ngày (tính cả ngày này)")
    successor_id: int | None = Field(None, description="Đơn vị kế thừa nhiệm vụ sau khi thôi")


class ReorganiseOut(BaseModel):
    successor: UnitOut
    abolished: list[UnitOut]
    created: bool = Field(description="Đơn vị kế thừa mới được tạo")
    open_links: int = Field(description="Số liên kết đang mở vẫn được giữ (đã xác nhận)")


class SignerOut(Out):
    id: int
    body_id: int
    form: str
    on_behalf_of: str
    title: str
    full_name: str
    active: bool
    user_id: int | None
    lines: list[str] = Field([], description="Khối chữ ký như in trên văn bản")


class UnitGroupOut(Out):
    id: int
    owner_id: int
    name: str
    unit_ids: list[int]


class LetterSettingsOut(BaseModel):
    signers: list[SignerOut]
    groups: list[UnitGroupOut]
    copies: list[str]


class SectionOut(Out):
    id: int
    ordinal: int
    key: str
    level: str
    heading: str
    text: str


class VersionOut(Out):
    id: int
    number: int
    note: str
    created_at: datetime
    created_by: str


class VersionDetail(VersionOut):
    text: str
    sections: list[SectionOut]


class DirectiveOut(Out):
    id: int
    title: str
    kind: str
    stage: str
    issuer_id: int
    drafting_unit_id: int
    assignment_number: str
    assignment_date: date | None
    number: str | None
    final_version_id: int | None
    signed_on: date | None
    issued_at: datetime | None
    created_at: datetime
    record_mode: bool = False


class RoundOut(Out):
    id: int
    directive_id: int
    ordinal: int
    kind: RoundKind
    status: RoundStatus
    draft_version_id: int
    letter_number: str | None
    letter_date: date | None
    abstract: str
    deadline: date | None
    opened_at: datetime
    closed_at: datetime | None
    issuer_id: int | None = None
    signer_id: int | None = None
    signature: list[str] = Field([], description="Khối chữ ký đã ghi khi mở đợt")
    signer_name: str = ""
    addressees: list[str] = Field([], description="Các dòng “Kính gửi”")
    copies: list[str] = Field([], description="Các dòng “Nơi nhận”")
    levels: list[str] | None = Field(
        default=None, description="Đợt lấy ý kiến cơ sở: các cấp báo cáo số hội nghị"
    )


class DirectiveDetail(DirectiveOut):
    versions: list[VersionOut]
    rounds: list[RoundOut]


class InvitationOut(Out):
    id: int
    round_id: int
    unit_id: int
    unit_name: str = ""
    status: InvitationStatus
    sent_at: datetime
    opened_at: datetime | None
    answered_at: datetime | None
    revoked_at: datetime | None
    reply_number: str
    reply_date: date | None
    no_further_comments: bool


class RoundDetail(RoundOut):
    invited: int
    answered: int
    comments: int
    invitations: list[InvitationOut]


class ReissueOut(Out):
    invitation_id: int
    link: str


class DispositionOut(Out):
    comment_id: int
    decision: str
    response: str
    taken_in_version_id: int | None
    decided_by: str
    decided_at: datetime


class GroupOut(Out):
    id: int  # negative: a comment received after the last grouping, alone until the next
    label: str
    comment_ids: list[int]


class GroupsOut(BaseModel):
    groups: list[GroupOut]


class CommentOut(Out):
    id: int
    round_id: int
    unit_id: int | None
    unit_name: str = ""
    speaker: str
    speaker_title: str
    version_id: int
    section_id: int | None
    section_key: str
    quote: str
    position: str
    text: str
    draft: bool
    received_at: datetime
    updated_at: datetime | None
    disposition: DispositionOut | None = None


class CommentPage(BaseModel):
    total: int
    offset: int
    limit: int
    items: list[CommentOut]


class DirectivePage(BaseModel):
    total: int
    offset: int
    limit: int
    items: list[DirectiveOut]


class UnitPage(BaseModel):
    total: int
    offset: int
    limit: int
    items: list[UnitOut]


class ReportOut(Out):
    id: int
    round_id: int
    invitation_id: int
    unit_id: int
    unit_name: str = ""
    meetings: dict[str, int]
    delegates: int
    summary: str
    received_at: datetime
    entered_by: str


class ReportTable(BaseModel):
    levels: list[str] = Field(description="Các cấp của đợt, rồi các cấp báo cáo thêm")
    reports: list[ReportOut]
    meetings_total: dict[str, int]
    delegates_total: int


class ConferenceOut(Out):
    round_id: int
    held_at: datetime
    place: str
    attendees: int
    ended_at: datetime | None
    conclusion: str


class UnitInvitationOut(BaseModel):
    """What a unit sees through its link."""

    invitation: InvitationOut
    round: RoundOut
    directive_title: str
    unit_name: str
    writable: bool
    reason: str
    sections: list[SectionOut]
    comments: list[CommentOut]
    report: ReportOut | None = None


class OkOut(BaseModel):
    ok: bool = True
    message: str = ""
