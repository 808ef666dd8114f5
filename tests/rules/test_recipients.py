"""The "Nơi nhận" ordering rule: superiors first "(để báo cáo)", implementers, then "Lưu"."""

from models.recipients import Recipient, copy_lines, ordered, typed_recipient


def test_superiors_first_then_implementers_then_typed_lines_then_the_archive():
    units = [
        Recipient("Huyện ủy Bù Đăng", unit_id=4),
        Recipient("Ban Bí thư Trung ương Đảng", superior=True, unit_id=1),
        Recipient("Thành ủy Đồng Xoài", unit_id=5),
    ]
    typed = [
        "- Lưu Văn phòng Tỉnh ủy.",
        "Các đồng chí Tỉnh ủy viên",
        "Ban Dân vận Trung ương (để b/c)",
    ]
    assert copy_lines(units, typed) == [
        "- Ban Bí thư Trung ương Đảng (để báo cáo),",
        "- Ban Dân vận Trung ương (để báo cáo),",
        "- Huyện ủy Bù Đăng,",
        "- Thành ủy Đồng Xoài,",
        "- Các đồng chí Tỉnh ủy viên,",
        "- Lưu Văn phòng Tỉnh ủy.",
    ]


def test_the_archive_defaults_and_several_archive_lines_become_one():
    assert copy_lines([Recipient("Huyện ủy Bù Đăng")], []) == [
        "- Huyện ủy Bù Đăng,",
        "- Lưu Văn phòng.",
    ]
    assert copy_lines([], ["Lưu VT", "- Lưu Ban Dân vận,"])[-1] == "- Lưu VT, Lưu Ban Dân vận."


def test_typed_marks_are_read_and_names_are_not_repeated():
    assert typed_recipient("- Văn phòng Trung ương Đảng (b/c),") == Recipient(
        "Văn phòng Trung ương Đảng", superior=True
    )
    assert typed_recipient("Tỉnh ủy (báo cáo)").superior
    assert not typed_recipient("Các đồng chí Tỉnh ủy viên").superior
    twice = ordered([Recipient("Huyện ủy Bù Đăng", unit_id=4)], ["huyện ủy bù đăng,", ""])
    assert twice == [Recipient("Huyện ủy Bù Đăng", unit_id=4)]


def test_a_ticked_unit_typed_again_as_a_superior_is_one_superior_line():
    units = [
        Recipient("Huyện ủy Bù Đăng", unit_id=4),
        Recipient("Ban Dân vận Trung ương", unit_id=9),
    ]
    lines = copy_lines(units, ["Ban Dân vận Trung ương (để báo cáo)"])
    assert lines == [
        "- Ban Dân vận Trung ương (để báo cáo),",
        "- Huyện ủy Bù Đăng,",
        "- Lưu Văn phòng.",
    ]
    assert ordered(units, ["ban dân vận trung ương (b/c)"])[0].unit_id == 9  # still mailed
