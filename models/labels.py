"""Vietnamese labels for stored codes (positions, decisions, statuses, signature forms),
keyed by the enums of models/statuses.py (a member hashes as its stored string)."""

from models.statuses import Decision, InvitationStatus, Position, RoundStatus

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

REPLY_SOURCES = {
    "link": "Đơn vị gửi qua liên kết",
    "paper": "Bản giấy",
    "e-office": "Hệ thống điện tử",
}
