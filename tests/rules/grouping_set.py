"""A labelled set for the grouping (models/grouping): Vietnamese comments on the directive
on knowing the People's situation, written by the team, in known groups. With and without
diacritics, NFC and NFD (nfd()), paraphrases, stock openers and closers, and one-entity
variants that must stay apart (Mặt trận / Đoàn Thanh niên, hằng quý / đột xuất, Hội Phụ nữ
/ Hội Nông dân)."""

import unicodedata


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


GROUPS: dict[str, list[str]] = {
    "mat-tran": [
        "Bổ sung vai trò của MTTQ trong nắm tình hình Nhân dân.",
        "Đề nghị bổ sung vai trò của Mặt trận Tổ quốc trong công tác nắm tình hình Nhân dân.",
        "Bổ sung vai trò của Mặt trận Tổ quốc trong nắm tình hình Nhân dân.",
        "De nghi bo sung vai tro cua Mat tran To quoc trong cong tac nam tinh hinh Nhan dan",
        nfd("Đề nghị Ban soạn thảo bổ sung vai trò Mặt trận Tổ quốc các cấp cho phù hợp."),
        "Cần làm rõ vai trò của Ủy ban Mặt trận Tổ quốc trong việc nắm tình hình Nhân dân.",
        "Bổ sung trách nhiệm của Mặt trận Tổ quốc các cấp trong nắm tình hình nhân dân.",
    ],
    "doan-thanh-nien": [
        "Đề nghị bổ sung vai trò của Đoàn Thanh niên trong công tác nắm tình hình Nhân dân.",
        "Bổ sung vai trò của Đoàn Thanh niên trong nắm tình hình Nhân dân.",
        "de nghi bo sung vai tro cua doan thanh nien trong cong tac nam tinh hinh nhan dan",
        nfd("Đề nghị Ban soạn thảo bổ sung vai trò Đoàn Thanh niên các cấp cho phù hợp."),
        "Cần làm rõ vai trò của Đoàn Thanh niên trong việc nắm tình hình Nhân dân.",
        "Bổ sung trách nhiệm của Đoàn Thanh niên các cấp trong nắm tình hình nhân dân.",
    ],
    "phu-nu": [
        "Đề nghị bổ sung vai trò của Hội Phụ nữ trong công tác nắm tình hình Nhân dân.",
        "Bổ sung vai trò Hội Liên hiệp Phụ nữ trong nắm tình hình Nhân dân.",
        "De nghi bo sung vai tro cua Hoi Phu nu trong nam tinh hinh Nhan dan.",
        nfd("Bổ sung trách nhiệm của Hội Phụ nữ các cấp trong nắm tình hình nhân dân."),
        "Cần phát huy vai trò của Hội Phụ nữ trong việc nắm tình hình Nhân dân.",
    ],
    "nong-dan": [
        "Đề nghị bổ sung vai trò của Hội Nông dân trong công tác nắm tình hình Nhân dân.",
        "Bổ sung vai trò Hội Nông dân trong nắm tình hình Nhân dân.",
        "De nghi bo sung vai tro cua Hoi Nong dan trong nam tinh hinh Nhan dan.",
        nfd("Bổ sung trách nhiệm của Hội Nông dân các cấp trong nắm tình hình nhân dân."),
        "Cần phát huy vai trò của Hội Nông dân trong việc nắm tình hình Nhân dân.",
    ],
    "bao-cao-hang-quy": [
        "Đề nghị quy định chế độ báo cáo tình hình Nhân dân hằng quý.",
        "Quy định báo cáo tình hình Nhân dân hằng quý cho phù hợp.",
        "de nghi quy dinh che do bao cao tinh hinh nhan dan hang quy",
        nfd("Đề nghị thực hiện chế độ báo cáo hằng quý về tình hình Nhân dân."),
        "Nên quy định báo cáo tình hình Nhân dân theo quý.",
        "Chế độ báo cáo tình hình Nhân dân nên thực hiện hằng quý.",
    ],
    "bao-cao-dot-xuat": [
        "Đề nghị quy định chế độ báo cáo tình hình Nhân dân đột xuất.",
        "Quy định báo cáo tình hình Nhân dân đột xuất cho phù hợp.",
        "de nghi quy dinh che do bao cao tinh hinh nhan dan dot xuat",
        nfd("Đề nghị thực hiện chế độ báo cáo đột xuất về tình hình Nhân dân."),
        "Khi có vụ việc phức tạp cần báo cáo tình hình Nhân dân đột xuất.",
        "Chế độ báo cáo tình hình Nhân dân cần có báo cáo đột xuất.",
    ],
    "giao-ban": [
        "Giao ban 01 lần/quý không khả thi ở cơ sở, nên 06 tháng/lần.",
        "Đề nghị sửa hội nghị giao ban ít nhất 01 lần/quý thành 06 tháng/lần.",
        "Hội nghị giao ban 01 lần/quý là quá dày, đề nghị 06 tháng tổ chức giao ban một lần.",
        "De nghi sua giao ban 01 lan/quy thanh 06 thang/lan.",
        nfd("Đề nghị điều chỉnh tần suất hội nghị giao ban thành 06 tháng một lần."),
        "Giao ban 6 tháng một lần cho phù hợp với thực tế cơ sở.",
        "Đề nghị giảm số lần hội nghị giao ban, tổ chức 06 tháng/lần.",
    ],
    "kinh-phi": [
        "Đề nghị Ban soạn thảo bổ sung nội dung bố trí kinh phí cho công tác nắm tình hình "
        "Nhân dân cho phù hợp.",
        "Đề nghị bổ sung nội dung bố trí kinh phí bảo đảm cho công tác nắm tình hình Nhân dân.",
        "Cần bố trí kinh phí cho công tác nắm tình hình Nhân dân.",
        "de nghi bo tri kinh phi cho cong tac nam tinh hinh nhan dan",
        nfd("Bổ sung quy định về kinh phí bảo đảm hoạt động nắm tình hình."),
        "Đề nghị ngân sách địa phương bố trí kinh phí cho công tác nắm tình hình.",
        "Kinh phí cho công tác nắm tình hình Nhân dân cần được bố trí hằng năm từ ngân sách.",
    ],
    "khong-gian-mang": [
        "Đề nghị bổ sung nội dung nắm tình hình Nhân dân trên không gian mạng.",
        "Cần chú trọng nắm tình hình, dư luận trên không gian mạng, mạng xã hội.",
        "de nghi bo sung nam tinh hinh nhan dan tren khong gian mang",
        nfd("Bổ sung giải pháp nắm tình hình trên không gian mạng và mạng xã hội."),
        "Tăng cường theo dõi, nắm tình hình trên mạng xã hội, không gian mạng.",
        "Đề nghị bổ sung việc nắm tình hình trên không gian mạng cho phù hợp với thực tế.",
    ],
    "ton-giao": [
        "Đề nghị bổ sung nội dung nắm tình hình đồng bào dân tộc thiểu số và tôn giáo.",
        "Cần chú trọng nắm tình hình vùng đồng bào dân tộc thiểu số, đồng bào có đạo.",
        "de nghi bo sung nam tinh hinh dong bao dan toc thieu so va ton giao",
        nfd("Bổ sung giải pháp nắm tình hình vùng đồng bào dân tộc thiểu số, tôn giáo."),
        "Tăng cường nắm tình hình đồng bào dân tộc thiểu số và đồng bào tôn giáo.",
        "Đề nghị làm rõ việc nắm tình hình trong đồng bào dân tộc, tôn giáo.",
    ],
    "nguoi-dung-dau": [
        "Đề nghị làm rõ trách nhiệm của người đứng đầu cấp ủy trong công tác nắm tình hình.",
        "Cần quy định rõ trách nhiệm người đứng đầu cấp ủy, chính quyền.",
        "de nghi lam ro trach nhiem cua nguoi dung dau cap uy",
        nfd("Bổ sung trách nhiệm của người đứng đầu cấp ủy các cấp."),
        "Làm rõ trách nhiệm người đứng đầu khi để xảy ra điểm nóng mà không nắm được tình hình.",
        "Đề nghị nêu rõ trách nhiệm của người đứng đầu cấp ủy, chính quyền các cấp.",
    ],
    "dao-tao": [
        "Đề nghị bổ sung giải pháp đào tạo, bồi dưỡng đội ngũ cán bộ làm công tác dân vận.",
        "Cần tăng cường đào tạo, bồi dưỡng cán bộ làm công tác dân vận cơ sở.",
        "de nghi dao tao, boi duong doi ngu can bo lam cong tac dan van",
        nfd("Bổ sung nội dung bồi dưỡng nghiệp vụ cho đội ngũ cán bộ làm công tác dân vận."),
        "Quan tâm đào tạo, bồi dưỡng kỹ năng cho cán bộ dân vận.",
        "Đề nghị có kế hoạch bồi dưỡng, tập huấn cho đội ngũ cán bộ dân vận các cấp.",
    ],
    "tuyen-giao-phoi-hop": [
        "Đề nghị giao Ban Tuyên giáo Tỉnh ủy phối hợp với Ban Dân vận Tỉnh ủy theo dõi.",
        "Bổ sung Ban Tuyên giáo Tỉnh ủy phối hợp với Ban Dân vận trong tổ chức thực hiện.",
        "de nghi giao ban tuyen giao tinh uy phoi hop voi ban dan van tinh uy",
        nfd("Phần tổ chức thực hiện nên giao Ban Tuyên giáo Tỉnh ủy phối hợp thực hiện."),
        "Giao Ban Tuyên giáo phối hợp với Ban Dân vận Tỉnh ủy hướng dẫn, theo dõi.",
    ],
    "thong-nhat": [
        "Thống nhất với dự thảo.",
        "Thống nhất với dự thảo.",
        "THỐNG NHẤT VỚI DỰ THẢO",
        "Thống nhất với dự thảo.",
        "Cơ bản thống nhất với nội dung dự thảo.",
        "thong nhat voi du thao",
        nfd("Thống nhất cao với nội dung dự thảo Chỉ thị."),
        "Đơn vị thống nhất với dự thảo, không có ý kiến bổ sung.",
        "Thống nhất như dự thảo.",
    ],
    "khen-thuong": [
        "Đề nghị bổ sung nội dung khen thưởng tập thể, cá nhân làm tốt công tác nắm tình hình.",
        "Cần có hình thức khen thưởng, biểu dương kịp thời các tập thể, cá nhân.",
        "de nghi bo sung khen thuong tap the, ca nhan lam tot cong tac nam tinh hinh",
        nfd("Bổ sung quy định biểu dương, khen thưởng tập thể, cá nhân có thành tích."),
        "Kịp thời khen thưởng những tập thể, cá nhân làm tốt công tác nắm tình hình.",
    ],
    "trung-lap-phan-i": [
        "Phần I có câu văn trùng lặp, đề nghị rà soát, biên tập lại.",
        "Đề nghị biên tập lại phần I, tránh trùng lặp câu chữ.",
        "phan I con trung lap, de nghi bien tap lai",
        nfd("Rà soát, biên tập lại phần I để tránh trùng lặp."),
        "Phần I một số câu văn còn trùng lặp, cần biên tập lại cho gọn.",
    ],
    "so-ket-tong-ket": [
        "Đề nghị bổ sung thời gian sơ kết 03 năm, tổng kết 05 năm thực hiện Chỉ thị.",
        "Cần quy định thời điểm sơ kết, tổng kết việc thực hiện Chỉ thị.",
        "de nghi bo sung so ket 3 nam, tong ket 5 nam thuc hien chi thi",
        nfd("Bổ sung nội dung định kỳ sơ kết, tổng kết việc thực hiện Chỉ thị."),
        "Sau 03 năm sơ kết, 05 năm tổng kết việc thực hiện Chỉ thị.",
    ],
    "dat-dai": [
        "Nắm tình hình tranh chấp đất đai, khiếu kiện kéo dài.",
        "Đề nghị bổ sung nội dung nắm tình hình khiếu kiện về đất đai.",
        "Cần chú trọng nắm tình hình tranh chấp, khiếu kiện đất đai ở cơ sở.",
        "de nghi bo sung nam tinh hinh khieu kien dat dai",
        nfd("Bổ sung giải pháp nắm tình hình khiếu nại, khiếu kiện liên quan đến đất đai."),
        "Tăng cường nắm tình hình các vụ khiếu kiện đông người về đất đai.",
    ],
    "bieu-mau": [
        "Đề nghị có biểu mẫu báo cáo chung, thống nhất toàn tỉnh.",
        "Đề nghị ban hành biểu mẫu báo cáo thống nhất để các địa phương thực hiện.",
        "Cần có mẫu báo cáo thống nhất về tình hình Nhân dân.",
        "de nghi ban hanh bieu mau bao cao thong nhat",
        nfd("Đề nghị hướng dẫn mẫu biểu báo cáo thống nhất cho cơ sở."),
        "Ban hành kèm theo biểu mẫu báo cáo thống nhất cho phù hợp.",
    ],
    "nguoi-co-uy-tin": [
        "Đề nghị phát huy vai trò của người có uy tín trong cộng đồng dân cư.",
        "Bổ sung nội dung phát huy vai trò người có uy tín, già làng, chức sắc tôn giáo.",
        "de nghi phat huy vai tro nguoi co uy tin trong cong dong",
        nfd("Phát huy vai trò của người có uy tín trong đồng bào để nắm tình hình."),
        "Cần phát huy hơn nữa vai trò người có uy tín ở khu dân cư.",
    ],
    "cong-an-quan-su": [
        "Đề nghị bổ sung sự phối hợp giữa lực lượng công an và quân sự trong nắm tình hình.",
        "Cần tăng cường phối hợp với công an, quân sự địa phương trong nắm tình hình.",
        "de nghi phoi hop giua cong an va quan su trong nam tinh hinh",
        nfd("Bổ sung cơ chế phối hợp giữa công an, quân sự và dân vận."),
        "Phối hợp chặt chẽ với lực lượng công an, quân sự để nắm tình hình.",
    ],
    "kiem-tra-giam-sat": [
        "Đề nghị bổ sung nội dung kiểm tra, giám sát việc thực hiện Chỉ thị.",
        "Cần tăng cường kiểm tra, giám sát việc thực hiện Chỉ thị ở cơ sở.",
        "de nghi bo sung kiem tra, giam sat viec thuc hien chi thi",
        nfd("Bổ sung trách nhiệm kiểm tra, giám sát của Ủy ban Kiểm tra các cấp."),
        "Định kỳ kiểm tra, giám sát việc thực hiện Chỉ thị.",
    ],
    "doi-thoai": [
        "Người đứng đầu cấp ủy định kỳ đối thoại với Nhân dân.",
        "Đề nghị bổ sung việc người đứng đầu đối thoại trực tiếp với Nhân dân.",
        "Cần duy trì đối thoại trực tiếp giữa người đứng đầu cấp ủy với Nhân dân.",
        "de nghi bo sung doi thoai truc tiep voi nhan dan",
        nfd("Tăng cường đối thoại trực tiếp với Nhân dân định kỳ."),
        "Thực hiện tốt việc đối thoại trực tiếp với Nhân dân ở cơ sở.",
    ],
    "du-luan": [
        "Quan tâm chế độ cho cộng tác viên dư luận xã hội.",
        "Đề nghị củng cố đội ngũ cộng tác viên dư luận xã hội ở cơ sở.",
        "Cần kiện toàn đội ngũ cộng tác viên dư luận xã hội.",
        "de nghi cung co doi ngu cong tac vien du luan xa hoi",
        nfd("Củng cố, kiện toàn mạng lưới cộng tác viên dư luận xã hội các cấp."),
        "Phát huy vai trò của cộng tác viên dư luận xã hội trong nắm tình hình.",
    ],
    "duong-day-nong": [
        "Đề nghị bổ sung kênh tiếp nhận phản ánh của Nhân dân qua đường dây nóng.",
        "Cần công khai đường dây nóng để tiếp nhận phản ánh, kiến nghị của Nhân dân.",
        "de nghi tiep nhan phan anh qua duong day nong",
        nfd("Bổ sung hình thức tiếp nhận phản ánh qua đường dây nóng, ứng dụng trực tuyến."),
        "Duy trì đường dây nóng tiếp nhận phản ánh của người dân.",
    ],
    "rut-gon": [
        "De nghi viet ngan gon phan tinh hinh, ket qua.",
        "Phần tình hình, kết quả còn dài, đề nghị viết ngắn gọn hơn.",
        "Đề nghị rút gọn phần đánh giá tình hình cho ngắn gọn.",
        "phan tinh hinh con dai, de nghi rut gon",
        nfd("Phần I nên viết ngắn gọn, súc tích hơn."),
        "Rút gọn phần tình hình, kết quả cho súc tích.",
    ],
}

ITEMS: list[tuple[str, str]] = [(label, text) for label, texts in GROUPS.items() for text in texts]
