"""Vietnamese labels for stored codes (positions, decisions, statuses, signature forms),
keyed by the enums of models/statuses.py (a member hashes as its stored string)."""

import re

from models.statuses import (
    Decision,
    InvitationStatus,
    Position,
    ReportSource,
    ReportState,
    RoundStatus,
)

POSITIONS = {
    Position.AGREE: "Tán thành",
    Position.AGREE_WITH_COMMENTS: "Tán thành có ý kiến",
    Position.DISAGREE: "Không tán thành",
}
DECISIONS = {
    Decision.ACCEPT: "Tiếp thu",
    Decision.PARTIAL: "Tiếp thu một phần",
    Decision.EXPLAIN: "Giải trình",
}
INVITATION_STATUSES = {
    InvitationStatus.SENT: "Đã gửi",
    InvitationStatus.OPENED: "Đã mở",
    InvitationStatus.ANSWERED: "Đã trả lời",
    InvitationStatus.OVERDUE: "Quá hạn",
}
ROUND_STATUSES = {RoundStatus.OPEN: "Đang mở", RoundStatus.CLOSED: "Đã kết thúc"}
# Signature forms come from the rule sets (models/rulesets/*.json), not from an enum.
SIGNING_FORMS = {"T/M": "Thay mặt", "K/T": "Ký thay", "T/L": "Thừa lệnh"}

# A unit's report in a period (models/statuses.report_state).
REPORT_STATES = {
    ReportState.NOT_YET: "Chưa đến kỳ",
    ReportState.OPEN: "Đang mở",
    ReportState.ON_TIME: "Đã nộp đúng hạn",
    ReportState.LATE: "Nộp muộn",
    ReportState.OVERDUE: "Quá hạn",
    ReportState.EXEMPT: "Miễn",
    ReportState.RETURNED: "Trả lại",
}
REPORT_SOURCES = {ReportSource.LINK: "Qua liên kết", ReportSource.PAPER: "Bản giấy"}

REPLY_SOURCES = {
    "link": "Đơn vị gửi qua liên kết",
    "paper": "Bản giấy",
    "e-office": "Hệ thống điện tử",
}


def reminder_phrase(days: str | list[int]) -> str:
    """When the reminders go, read as separate reminders: "3,1" → "trước 3 ngày và 1 ngày";
    0 is the deadline itself ("vào ngày hết hạn"); none at all: "không nhắc hạn". A stored
    "3,1" or a typed value alike (display only: the command refuses what is not numbers)."""
    values = days if isinstance(days, list) else [int(x) for x in re.findall(r"\d+", days)]
    ordered = sorted(set(values), reverse=True)
    before = [f"{d} ngày" for d in ordered if d > 0]
    if 0 in ordered:
        return f"trước {', '.join(before)} và vào ngày hết hạn" if before else "vào ngày hết hạn"
    return f"trước {_join(before)}" if before else "không nhắc hạn"


def _join(items: list[str]) -> str:
    """ "a", "a và b", "a, b và c"."""
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " và " + items[-1]
