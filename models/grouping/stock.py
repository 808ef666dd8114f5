"""Data for the grouping normaliser: the stock openers and closers that every office writes
and that say nothing about what a comment asks, and the distinguishing terms whose change
makes another request of an otherwise identical sentence.

Written as officers write them (diacritics, any case); models/grouping/normalise.py folds
them with the comments' own key, so "De nghi Ban soan thao" matches too. Longest first is
not needed: each list is tried in order and the first match wins, so put longer forms first.
"""

OPENERS = [
    "đề nghị ban soạn thảo nghiên cứu, xem xét",
    "đề nghị ban soạn thảo nghiên cứu xem xét",
    "đề nghị ban soạn thảo nghiên cứu",
    "đề nghị ban soạn thảo xem xét",
    "đề nghị ban soạn thảo",
    "đề nghị cơ quan soạn thảo",
    "đề nghị ban biên tập",
    "đề nghị nghiên cứu, xem xét",
    "đề nghị nghiên cứu",
    "đề nghị xem xét",
    "đề nghị",
    "kiến nghị",
    "góp ý:",
    "góp ý",
    "theo chúng tôi,",
    "theo chúng tôi",
    "chúng tôi đề nghị",
    "chúng tôi thấy",
    "nên",
    "cần",
]

CLOSERS = [
    "để phù hợp với tình hình thực tế",
    "cho phù hợp với tình hình thực tế",
    "cho phù hợp với thực tế",
    "cho phù hợp với thực tiễn",
    "cho phù hợp hơn",
    "cho phù hợp",
    "để phù hợp",
    "cho chặt chẽ",
    "cho đầy đủ",
    "cho rõ",
    "trong dự thảo",
    "vào dự thảo",
    "của dự thảo",
]

# Families of terms that name who or when: two comments naming different members of one
# family ask different things however alike their words (one-entity variants), so the
# grouping never puts them together. A comment naming none of a family is free to join.
DISTINGUISHING = {
    "body": [
        ("mattran", ["mặt trận", "mttq"]),
        ("doan", ["đoàn thanh niên", "đoàn tncs", "đtn"]),
        ("phunu", ["hội phụ nữ", "hội liên hiệp phụ nữ", "phụ nữ"]),
        ("nongdan", ["hội nông dân", "nông dân"]),
        ("cuuchienbinh", ["hội cựu chiến binh", "cựu chiến binh"]),
    ],
    "period": [
        ("quy", ["hằng quý", "hàng quý", "mỗi quý", "theo quý"]),
        ("dotxuat", ["đột xuất", "bất thường"]),
        ("thang", ["hằng tháng", "hàng tháng", "mỗi tháng"]),
        ("nam", ["hằng năm", "hàng năm", "mỗi năm"]),
    ],
}
