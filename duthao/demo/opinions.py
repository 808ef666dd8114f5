"""What the consulted units said, written for the demo: round 1's written answers, the
conference's spoken opinions, the grassroots reports, and the drafting body's answer to each.

Dates are the days (and Vietnam hours) the replay enters them. Sections are keys of the
version the round was asked on ("II.2.b"; None = the draft as a whole). A comment with
position "agree" needs no disposition (the rules do not ask for one).
"""

from dataclasses import dataclass, field
from datetime import date

ACCEPT_EDIT = "Tiếp thu, chỉnh sửa vào dự thảo."
ACCEPT_ADD = "Tiếp thu, bổ sung vào dự thảo."


@dataclass(frozen=True)
class Said:
    section: str | None
    position: str  # agree | agree_with_comments | disagree
    text: str
    decision: str | None = None  # accept | partial | explain; None when not needed
    response: str = ""
    taken_in: int | None = None  # draft version that took it up


@dataclass(frozen=True)
class Answer:
    unit: str
    day: date
    hour: int
    reply_number: str
    said: tuple[Said, ...] = field(default_factory=tuple)  # empty: no further comments


def _d(day: int, month: int = 7) -> date:
    return date(2023, month, day)


ROUND1: tuple[Answer, ...] = (
    Answer("btg", _d(14), 9, "125-CV/BTGTU"),
    Answer(
        "btc",
        _d(17),
        10,
        "318-CV/BTCTU",
        (
            Said(
                "II.1",
                "agree_with_comments",
                "Đề nghị nhấn mạnh trách nhiệm của người đứng đầu cấp ủy trong công tác nắm "
                "tình hình Nhân dân.",
                "accept",
                ACCEPT_ADD,
                2,
            ),
            Said(
                "II.9",
                "agree_with_comments",
                "Đề nghị bổ sung nội dung đánh giá, xếp loại cán bộ gắn với kết quả nắm tình "
                "hình ở địa bàn được phân công.",
                "explain",
                "Xin giữ nguyên như dự thảo vì việc đánh giá, xếp loại cán bộ đã được quy định "
                "tại các văn bản của Trung ương và Tỉnh ủy về công tác cán bộ.",
            ),
        ),
    ),
    Answer("ubkt", _d(17), 15, "96-CV/UBKTTU"),
    Answer(
        "duk",
        _d(18),
        9,
        "612-CV/ĐUK",
        (
            Said(
                "0",
                "agree_with_comments",
                "Phần đánh giá kết quả nên nêu rõ các lĩnh vực của 1.758 mô hình “Dân vận "
                "khéo” để thấy được chiều sâu của phong trào.",
                "accept",
                ACCEPT_EDIT,
                2,
            ),
            Said(
                "III.1",
                "agree_with_comments",
                "Đề nghị quy định thời hạn các cấp ủy xây dựng kế hoạch thực hiện Chỉ thị "
                "(trong vòng 30 ngày kể từ ngày ký).",
                "explain",
                "Xin giữ nguyên như dự thảo vì thời hạn xây dựng kế hoạch sẽ do Ban Dân vận "
                "Tỉnh ủy hướng dẫn sau khi Chỉ thị được ban hành, phù hợp với từng loại hình "
                "tổ chức đảng.",
            ),
        ),
    ),
    Answer(
        "duqs",
        _d(18),
        14,
        "205-CV/ĐU",
        (
            Said(
                "II.7",
                "agree_with_comments",
                "Đề nghị làm rõ cơ chế phối hợp giữa Ban Chỉ huy Quân sự cấp huyện với Ban Dân "
                "vận cấp ủy cùng cấp trong nắm tình hình ở địa bàn trọng điểm.",
                "partial",
                "Tiếp thu một phần: nội dung phối hợp được thể hiện khái quát tại điểm 7; quy "
                "chế phối hợp cụ thể do các cơ quan ký kết, không đưa vào Chỉ thị.",
                2,
            ),
        ),
    ),
    Answer(
        "duca",
        _d(19),
        8,
        "1136-CV/ĐU",
        (
            Said(
                "II.8",
                "agree_with_comments",
                "Đề nghị bổ sung nhiệm vụ theo dõi dư luận xã hội trên không gian mạng, nhất "
                "là các thông tin xấu, độc liên quan đến dân tộc, tôn giáo.",
                "accept",
                ACCEPT_ADD,
                2,
            ),
            Said(
                "II.6",
                "agree_with_comments",
                "Cần nêu rõ việc đấu tranh với các hoạt động lợi dụng tôn giáo để tuyên truyền "
                "đạo lạ, gây mất ổn định ở vùng đồng bào dân tộc thiểu số.",
                "partial",
                "Tiếp thu một phần: đã thể hiện ở điểm 6 (kịp thời phát hiện, xử lý các hoạt "
                "động lợi dụng tôn giáo); nội dung nghiệp vụ cụ thể thuộc chức năng của ngành "
                "Công an.",
            ),
        ),
    ),
    Answer("dubp", _d(19), 16, "88-CV/ĐU"),
    Answer(
        "bcsubnd",
        _d(20),
        9,
        "57-CV/BCSĐ",
        (
            Said(
                "II.4",
                "agree_with_comments",
                "Đề nghị gắn công tác dân vận chính quyền với cải cách thủ tục hành chính và "
                "xây dựng chính quyền số.",
                "partial",
                "Tiếp thu một phần: nội dung cải cách hành chính đã có trong các chương trình "
                "của UBND tỉnh; Chỉ thị tập trung vào nắm tình hình Nhân dân.",
                2,
            ),
            Said(
                "III.3",
                "disagree",
                "Không nên quy định báo cáo hằng quý vì làm tăng số lượng báo cáo; đề nghị "
                "báo cáo sáu tháng và năm.",
                "explain",
                "Xin giữ nguyên như dự thảo vì tình hình Nhân dân, dân tộc, tôn giáo cần được "
                "nắm thường xuyên; báo cáo quý được lồng ghép vào báo cáo định kỳ của cấp ủy, "
                "không phát sinh báo cáo riêng.",
            ),
        ),
    ),
    Answer(
        "bdt",
        _d(20),
        15,
        "141-CV/BDT",
        (
            Said(
                "II.2.b",
                "agree_with_comments",
                "Đề nghị bổ sung vai trò người có uy tín trong đồng bào dân tộc thiểu số và "
                "chức sắc, chức việc tôn giáo trong nắm tình hình.",
                "accept",
                ACCEPT_ADD,
                2,
            ),
            Said(
                "II.3",
                "agree_with_comments",
                "Tuyên truyền cần sử dụng tiếng dân tộc (tiếng S'tiêng, M'nông, Khmer) ở các "
                "địa bàn có đông đồng bào.",
                "partial",
                "Tiếp thu một phần: hình thức tuyên truyền do các địa phương lựa chọn phù hợp; "
                "Chỉ thị không quy định chi tiết.",
            ),
        ),
    ),
    Answer(
        "mttq",
        _d(21),
        10,
        "203-CV/MTTQ-BTT",
        (
            Said(
                "II.5",
                "agree_with_comments",
                "Đề nghị bổ sung nội dung giám sát, phản biện xã hội theo Quyết định số 217-QĐ/TW "
                "và 218-QĐ/TW của Bộ Chính trị.",
                "accept",
                ACCEPT_ADD,
                2,
            ),
            Said(
                None,
                "agree",
                "Ủy ban MTTQ Việt Nam tỉnh thống nhất cao với bố cục và nội dung dự thảo.",
            ),
        ),
    ),
    Answer(
        "hnd",
        _d(21),
        14,
        "276-CV/HNDT",
        (
            Said(
                "II.5",
                "agree_with_comments",
                "Đề nghị nêu vai trò của Hội Nông dân trong nắm tình hình nông dân liên quan "
                "đến đất đai, giá nông sản.",
                "explain",
                "Xin giữ nguyên như dự thảo vì điểm 5 đã nêu chung vai trò của Mặt trận và các "
                "tổ chức chính trị - xã hội; các hội triển khai theo lĩnh vực của mình.",
            ),
        ),
    ),
    Answer("hlhpn", _d(24), 9, "189-CV/HLHPN"),
    Answer(
        "tinhdoan",
        _d(24),
        15,
        "422-CV/TĐTN-BTG",
        (
            Said(
                "II.8",
                "agree_with_comments",
                "Đề nghị phát huy lực lượng đoàn viên thanh niên trong theo dõi, phản bác thông "
                "tin sai trái trên mạng xã hội.",
                "partial",
                "Tiếp thu một phần: bổ sung nội dung theo dõi dư luận trên không gian mạng; "
                "việc phân công lực lượng do các cấp ủy quyết định.",
                2,
            ),
        ),
    ),
    Answer(
        "dongxoai",
        _d(25),
        9,
        "734-CV/TU",
        (
            Said(
                "II.2.a",
                "agree_with_comments",
                "Giao ban cấp huyện 01 lần/quý là phù hợp; đề nghị cấp xã giao ban hằng tháng.",
                "explain",
                "Xin giữ nguyên như dự thảo vì tần suất giao ban ở cấp xã do cấp ủy cấp huyện "
                "chỉ đạo, phù hợp điều kiện từng địa phương.",
            ),
        ),
    ),
    Answer(
        "budang",
        _d(25),
        14,
        "1021-CV/HU",
        (
            Said(
                "II.2.b",
                "agree_with_comments",
                "Bù Đăng có đông đồng bào dân tộc thiểu số: đề nghị phân công đảng viên phụ "
                "trách đến từng hộ đồng bào.",
                "accept",
                ACCEPT_EDIT,
                2,
            ),
            Said(
                "II.3",
                "agree_with_comments",
                "Đề nghị quan tâm hỗ trợ sinh kế cho đồng bào dân tộc thiểu số gắn với tuyên "
                "truyền, vận động.",
                "explain",
                "Xin giữ nguyên như dự thảo vì chính sách hỗ trợ sinh kế thuộc các chương trình "
                "mục tiêu quốc gia, không thuộc phạm vi Chỉ thị.",
            ),
            Said(
                "III.2",
                "agree_with_comments",
                "Đề nghị mời đại diện lực lượng công an, quân sự tham dự giao ban cấp huyện.",
                "partial",
                "Tiếp thu một phần: thành phần giao ban do Thường trực cấp ủy cấp huyện quyết "
                "định, có thể mời các lực lượng liên quan.",
            ),
        ),
    ),
    Answer(
        "bugiamap",
        _d(26),
        10,
        "865-CV/HU",
        (
            Said(
                "II.7",
                "agree_with_comments",
                "Bù Gia Mập có tuyến biên giới dài: đề nghị nêu rõ sự phối hợp với Bộ đội Biên "
                "phòng ở các xã biên giới.",
                "accept",
                ACCEPT_ADD,
                3,
            ),
        ),
    ),
    Answer(
        "locninh",
        _d(26),
        15,
        "977-CV/HU",
        (
            Said(
                "I.2",
                "agree_with_comments",
                "Câu “không để hình thành điểm nóng” nên viết “không để phát sinh điểm nóng, "
                "phức tạp”.",
                "explain",
                "Xin giữ nguyên như dự thảo vì cách viết hiện tại đã bao hàm ý kiến góp ý.",
            ),
        ),
    ),
    Answer("honquan", _d(27), 8, "702-CV/HU"),
    Answer(
        "phurieng",
        _d(27),
        10,
        "548-CV/HU",
        (
            Said(
                "III.4",
                "agree_with_comments",
                "Đề nghị quy định thời điểm sơ kết (sau 02 năm) và tổng kết (sau 05 năm).",
                "explain",
                "Xin giữ nguyên như dự thảo vì thời điểm sơ kết, tổng kết sẽ do Ban Thường vụ "
                "Tỉnh ủy quyết định theo quy định.",
            ),
            Said(
                "II.4",
                "disagree",
                "Nội dung giải quyết khiếu nại, tố cáo không nên đưa vào Chỉ thị về nắm tình "
                "hình Nhân dân.",
                "explain",
                "Xin giữ nguyên như dự thảo vì khiếu nại, tố cáo là một nguồn quan trọng phản "
                "ánh tình hình Nhân dân; giải quyết kịp thời là yêu cầu của công tác dân vận "
                "chính quyền.",
            ),
        ),
    ),
)


@dataclass(frozen=True)
class Opinion:
    speaker: str
    title: str
    unit: str | None
    said: Said
    minute: int  # minutes after the conference opens


def _op(
    speaker: str,
    title: str,
    unit: str | None,
    minute: int,
    section: str | None,
    position: str,
    text: str,
    decision: str | None = None,
    response: str = "",
    taken_in: int | None = None,
) -> Opinion:
    said = Said(section, position, text, decision, response, taken_in)
    return Opinion(speaker, title, unit, said, minute)


@dataclass(frozen=True)
class ConferenceDay:
    day: date
    hour: int
    invited_on: date
    place: str
    chair: str
    chair_title: str
    attendees: int
    conclusion: str


CONFERENCE = ConferenceDay(
    day=date(2023, 8, 4),
    hour=8,
    invited_on=date(2023, 7, 31),
    place="Hội trường Tỉnh ủy Bình Phước",
    chair="Lê Thị Xuân Trang",
    chair_title="Ủy viên Ban Thường vụ Tỉnh ủy, Trưởng Ban Dân vận Tỉnh ủy",
    attendees=62,
    conclusion=(
        "Hội nghị thống nhất cao với sự cần thiết ban hành Chỉ thị và bố cục dự thảo. Ban Dân "
        "vận Tỉnh ủy tiếp thu các ý kiến, hoàn chỉnh dự thảo và tiếp tục lấy ý kiến cơ sở."
    ),
)

OPINIONS: tuple[Opinion, ...] = (
    _op(
        "Trần Văn Lực",
        "Phó Trưởng Ban Tuyên giáo Tỉnh ủy",
        "btg",
        20,
        None,
        "agree",
        "Thống nhất cao với sự cần thiết ban hành Chỉ thị; bố cục ngắn gọn, dễ triển khai.",
    ),
    _op(
        "Nguyễn Thị Mai",
        "Phó Chủ tịch Ủy ban MTTQ Việt Nam tỉnh",
        "mttq",
        28,
        "I.2",
        "agree_with_comments",
        "Đề nghị nhấn mạnh nắm tình hình từ thôn, ấp, khu phố, nơi gần dân nhất.",
        "accept",
        ACCEPT_EDIT,
        3,
    ),
    _op(
        "Điểu Văn Khánh",
        "Phó Trưởng Ban Dân tộc tỉnh",
        "bdt",
        35,
        "II.6",
        "agree_with_comments",
        "Cần chú ý các điểm nhóm sinh hoạt tôn giáo tập trung và hiện tượng tôn giáo mới ở "
        "vùng đồng bào.",
        "accept",
        ACCEPT_ADD,
        3,
    ),
    _op(
        "Lê Quang Huy",
        "Phó Chỉ huy trưởng Bộ đội Biên phòng tỉnh",
        "dubp",
        42,
        "II.7",
        "agree_with_comments",
        "Đề nghị nêu rõ phối hợp ở các xã biên giới, nơi tình hình có thể diễn biến nhanh.",
        "accept",
        ACCEPT_ADD,
        3,
    ),
    _op(
        "Phạm Minh Tuấn",
        "Phó Giám đốc Công an tỉnh",
        "duca",
        50,
        "II.8",
        "agree_with_comments",
        "Đề nghị thống nhất đầu mối tổng hợp thông tin dư luận trên không gian mạng.",
        "partial",
        "Tiếp thu một phần: đầu mối tổng hợp là Ban Dân vận Tỉnh ủy (mục III.3); "
        "phối hợp nghiệp vụ theo quy chế riêng.",
    ),
    _op(
        "Võ Thị Hồng",
        "Phó Chủ tịch Hội Liên hiệp Phụ nữ tỉnh",
        "hlhpn",
        57,
        "II.5",
        "agree_with_comments",
        "Đề nghị quan tâm nắm tâm tư của phụ nữ, trẻ em ở vùng đồng bào dân tộc thiểu số.",
        "explain",
        "Xin giữ nguyên như dự thảo vì điểm 5 đã giao các tổ chức chính trị - xã hội "
        "nắm tình hình đoàn viên, hội viên theo lĩnh vực.",
    ),
    _op(
        "Hoàng Văn Sơn",
        "Phó Bí thư Thường trực Huyện ủy Bù Đốp",
        "budop",
        64,
        "II.9",
        "agree_with_comments",
        "Đề nghị có chế độ hỗ trợ cho lực lượng nòng cốt làm công tác dân vận ở thôn, ấp.",
        "partial",
        "Tiếp thu một phần: bổ sung yêu cầu có chế độ hỗ trợ phù hợp; mức hỗ trợ do "
        "HĐND tỉnh quyết định.",
        3,
    ),
    _op(
        "Đỗ Thị Lan",
        "Trưởng Ban Dân vận Thị ủy Chơn Thành",
        "chonthanh",
        70,
        "II.2.a",
        "agree_with_comments",
        "Chơn Thành có nhiều khu công nghiệp: đề nghị bổ sung nắm tình hình công nhân lao động.",
        "explain",
        "Xin giữ nguyên như dự thảo vì tình hình công nhân lao động thuộc phạm vi "
        "“Nhân dân” đã nêu; Liên đoàn Lao động tỉnh triển khai theo chức năng.",
    ),
    _op(
        "Nguyễn Hữu Phước",
        "Chánh Văn phòng Tỉnh ủy",
        "vptu",
        76,
        None,
        "agree",
        "Văn phòng Tỉnh ủy thống nhất với dự thảo; thể thức sẽ được thẩm định trước khi trình.",
    ),
    _op(
        "Trịnh Văn Bình",
        "Trưởng Ban Dân vận Huyện ủy Lộc Ninh",
        "locninh",
        82,
        "III.2",
        "agree_with_comments",
        "Đề nghị giao ban cấp tỉnh có mời Thường trực các huyện ủy, thị ủy, thành ủy.",
        "explain",
        "Xin giữ nguyên như dự thảo vì thành phần giao ban cấp tỉnh do Ban Dân vận "
        "Tỉnh ủy đề xuất theo từng kỳ.",
    ),
    _op(
        "Lâm Thị Thu",
        "Phó Chủ tịch Hội Nông dân tỉnh",
        "hnd",
        88,
        "II.4",
        "agree_with_comments",
        "Đề nghị chú trọng đối thoại với Nhân dân ở những nơi có tranh chấp đất đai.",
        "partial",
        "Tiếp thu một phần: đối thoại đã thuộc nội dung dân vận chính quyền ở điểm 4.",
    ),
    _op(
        "Bùi Văn Tài",
        "Phó Trưởng Ban Tổ chức Tỉnh ủy",
        "btc",
        94,
        "III.1",
        "agree_with_comments",
        "Đề nghị đưa kết quả thực hiện Chỉ thị vào tiêu chí đánh giá tổ chức đảng cuối năm.",
        "explain",
        "Xin giữ nguyên như dự thảo vì tiêu chí đánh giá, xếp loại tổ chức đảng thực "
        "hiện theo hướng dẫn của Trung ương.",
    ),
    _op(
        "Ngô Thanh Hải",
        "Bí thư Tỉnh đoàn",
        "tinhdoan",
        100,
        None,
        "agree",
        "Tỉnh đoàn thống nhất với dự thảo và sẽ xây dựng kế hoạch triển khai trong đoàn viên.",
    ),
    _op(
        "Điểu Thị Nga",
        "Phó Bí thư Huyện ủy Bù Gia Mập",
        "bugiamap",
        106,
        "II.3",
        "agree_with_comments",
        "Đề nghị phát huy vai trò già làng, người có uy tín trong tuyên truyền, vận động.",
        "partial",
        "Tiếp thu một phần: vai trò người có uy tín đã được bổ sung tại điểm 2.b.",
    ),
    _op(
        "Phan Văn Đức",
        "Chủ tịch Hội Cựu chiến binh tỉnh",
        "hccb",
        112,
        "II.5",
        "disagree",
        "Không nên tách riêng giám sát, phản biện xã hội vào Chỉ thị này.",
        "explain",
        "Xin giữ nguyên như dự thảo vì giám sát, phản biện xã hội là kênh nắm tình "
        "hình Nhân dân quan trọng của Mặt trận và các đoàn thể.",
    ),
    _op(
        "Trương Thị Yến",
        "Phó Chánh Văn phòng UBND tỉnh",
        "bcsubnd",
        118,
        "II.8",
        "agree_with_comments",
        "Đề nghị kết nối phần mềm tổng hợp tình hình Nhân dân với hệ thống báo cáo của tỉnh.",
        "partial",
        "Tiếp thu một phần: ứng dụng công nghệ thông tin, chuyển đổi số đã nêu ở "
        "điểm 8; giải pháp kỹ thuật do UBND tỉnh chỉ đạo.",
    ),
    _op(
        "Vũ Đình Nam",
        "Phó Bí thư Đảng ủy Quân sự tỉnh",
        "duqs",
        124,
        "I.1",
        "agree_with_comments",
        "Đề nghị bổ sung cụm từ “cán bộ, chiến sĩ lực lượng vũ trang” vào đối tượng nâng cao "
        "nhận thức.",
        "explain",
        "Xin giữ nguyên như dự thảo vì “cán bộ, đảng viên” đã bao gồm "
        "cán bộ, đảng viên trong lực lượng vũ trang.",
    ),
    _op(
        "Lý Văn Thành",
        "Phó Trưởng Ban Nội chính Tỉnh ủy",
        "bnc",
        130,
        "II.6",
        "agree_with_comments",
        "Nắm tình hình tôn giáo cần cụ thể hơn ở cơ sở, gắn với địa bàn có hoạt động tôn giáo "
        "phức tạp.",
        "accept",
        ACCEPT_EDIT,
        3,
    ),
)

GRASSROOTS_LEVELS = ("Thôn, ấp, khu phố", "Xã, phường, thị trấn")


@dataclass(frozen=True)
class Report:
    unit: str
    day: date
    hamlets: int  # meetings at thôn, ấp, khu phố level
    communes: int  # meetings at xã, phường, thị trấn level
    delegates: int
    summary: str


def _r(unit: str, day: int, hamlets: int, communes: int, delegates: int, summary: str) -> Report:
    return Report(unit, date(2023, 8, day), hamlets, communes, delegates, summary)


@dataclass(frozen=True)
class GrassrootsRound:
    letter_number: str
    letter_date: date
    deadline: date
    closed_on: date


GRASSROOTS = GrassrootsRound(
    letter_number="516-CV/BDVTU",
    letter_date=date(2023, 8, 8),
    deadline=date(2023, 8, 25),
    closed_on=date(2023, 8, 28),
)

REPORTS: tuple[Report, ...] = (
    _r(
        "dongxoai",
        17,
        14,
        8,
        612,
        "Thống nhất cao; đề nghị chú ý nắm tình hình ở các khu "
        "dân cư mới, nơi có đông lao động nhập cư.",
    ),
    _r(
        "binhlong",
        18,
        11,
        6,
        498,
        "Đa số ý kiến tán thành; đề nghị tăng cường đối thoại với Nhân dân ở các phường.",
    ),
    _r(
        "phuoclong",
        18,
        10,
        7,
        455,
        "Thống nhất với dự thảo; đề nghị quan tâm đồng bào S'tiêng ở phường Long Phước, Phước Tín.",
    ),
    _r(
        "chonthanh",
        21,
        12,
        9,
        540,
        "Thống nhất; đề nghị chú ý nắm tình hình công nhân ở các khu công nghiệp.",
    ),
    _r(
        "budang",
        21,
        16,
        16,
        742,
        "Thống nhất cao; đề nghị phát huy vai trò người có uy tín trong đồng bào M'nông, S'tiêng.",
    ),
    _r(
        "budop",
        22,
        10,
        7,
        436,
        "Đa số tán thành; đề nghị tăng cường phối hợp với Bộ đội Biên phòng ở các xã biên giới.",
    ),
    _r(
        "bugiamap",
        22,
        14,
        8,
        688,
        "Thống nhất; đề nghị quan tâm các điểm nhóm sinh hoạt tôn giáo ở vùng sâu, vùng xa.",
    ),
    _r("dongphu", 23, 13, 11, 590, "Tán thành nội dung dự thảo; không có ý kiến khác."),
    _r("honquan", 23, 12, 13, 571, "Thống nhất; đề nghị chế độ hỗ trợ cho tổ dân vận ở ấp."),
    _r(
        "locninh",
        24,
        15,
        16,
        653,
        "Thống nhất cao; đề nghị nắm tình hình dọc tuyến biên giới và cửa khẩu Hoa Lư.",
    ),
    _r(
        "phurieng",
        25,
        11,
        10,
        540,
        "Tán thành; đề nghị chú ý tranh chấp đất đai ở các xã có nông trường cao su.",
    ),
)

# How the Ban Dân vận answered each committee's summarised opinion (one per report; Đồng
# Phú's only agreed): unit key → (decision, response), as the synthesis table prints them.
GRASSROOTS_ANSWERS: dict[str, tuple[str, str]] = {
    "dongxoai": (
        "accept",
        "Tiếp thu; bổ sung yêu cầu nắm tình hình ở khu dân cư mới, nơi đông lao động nhập cư.",
    ),
    "binhlong": ("accept", "Tiếp thu; dự thảo đã yêu cầu tăng cường đối thoại trực tiếp."),
    "phuoclong": (
        "partial",
        "Dự thảo nêu chung vùng đồng bào dân tộc thiểu số; địa bàn cụ thể do cấp ủy địa phương "
        "xác định.",
    ),
    "chonthanh": ("accept", "Tiếp thu; bổ sung đối tượng công nhân ở các khu công nghiệp."),
    "budang": ("accept", "Tiếp thu; bổ sung phát huy vai trò người có uy tín trong đồng bào."),
    "budop": ("accept", "Tiếp thu; bổ sung phối hợp với Bộ đội Biên phòng ở địa bàn biên giới."),
    "bugiamap": ("accept", "Tiếp thu; bổ sung nắm tình hình các điểm nhóm sinh hoạt tôn giáo."),
    "honquan": (
        "explain",
        "Xin giữ nguyên như dự thảo vì chế độ hỗ trợ tổ dân vận do quy định riêng điều chỉnh,"
        " không thuộc phạm vi Chỉ thị.",
    ),
    "locninh": ("accept", "Tiếp thu; gộp với ý kiến về địa bàn biên giới, cửa khẩu."),
    "phurieng": ("accept", "Tiếp thu; bổ sung nắm tình hình tranh chấp đất đai."),
}
