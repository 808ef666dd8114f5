"""Vietnamese labels for stored codes (positions, decisions, statuses, signature forms)."""

POSITIONS = {
    "agree": "Tán thành",
    "agree_with_comments": "Tán thành có ý kiến",
    "disagree": "Không tán thành",
}
DECISIONS = {
    "accept": "Tiếp thu",
    "partial": "Tiếp thu một phần",
    "explain": "Giải trình",
}
INVITATION_STATUSES = {
    "sent": "Đã gửi",
    "opened": "Đã mở",
    "answered": "Đã trả lời",
    "overdue": "Quá hạn",
}
ROUND_STATUSES = {"open": "Đang mở", "closed": "Đã kết thúc"}
SIGNING_FORMS = {"T/M": "Thay mặt", "K/T": "Ký thay", "T/L": "Thừa lệnh"}
