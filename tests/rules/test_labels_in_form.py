"""Pure rules for labels read by people: reminders as separate days, section names once."""

from models.labels import reminder_phrase
from models.sections import section_label


def test_reminders_read_as_separate_days():
    assert reminder_phrase("3,1") == "trước 3 ngày và 1 ngày"
    assert reminder_phrase("1; 3") == "trước 3 ngày và 1 ngày"
    assert reminder_phrase([7, 3, 1]) == "trước 7 ngày, 3 ngày và 1 ngày"
    assert reminder_phrase("5") == "trước 5 ngày"
    assert reminder_phrase("3,0") == "trước 3 ngày và vào ngày hết hạn"
    assert reminder_phrase("0") == "vào ngày hết hạn"
    assert reminder_phrase("") == "không nhắc hạn"


def test_a_heading_that_carries_its_numeral_is_not_numbered_again():
    assert section_label("I", "I. TÌNH HÌNH, KẾT QUẢ") == "I. TÌNH HÌNH, KẾT QUẢ"
    assert section_label("II.1", "1. Tăng cường lãnh đạo") == "II.1. Tăng cường lãnh đạo"
    assert section_label("II.2.a", "a) Tổ chức giao ban") == "II.2.a. Tổ chức giao ban"
    assert section_label("II", "Phần II. NHIỆM VỤ") == "II. NHIỆM VỤ"
    assert section_label("II~2", "II. NHIỆM VỤ") == "II. NHIỆM VỤ"  # a restarted numbering
    assert section_label("3", "Điều 3. Hiệu lực") == "3. Hiệu lực"


def test_a_heading_without_its_numeral_keeps_the_key():
    assert section_label("II.1", "Văn bản khác") == "II.1. Văn bản khác"
    assert section_label("II.1", "2. Mục khác") == "II.1. 2. Mục khác"  # another numeral: kept
    assert section_label("I", "") == "I"
