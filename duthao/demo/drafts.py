"""The draft directive, written for the demo in the form of a real chỉ thị, and its revisions.

Version 1 is the full text; each later version is the previous one with the edits the
drafting body made after a round (so the replay's versions differ exactly where comments
were taken up). models/sections.py splits the text: the preamble is section "0", parts are
"I", "II", "III", tasks "II.1" … "II.9", points "II.2.a".
"""

V1 = """Thời gian qua, thực hiện Nghị quyết Đại hội Đảng bộ tỉnh lần thứ XI, các cấp ủy, tổ chức đảng, chính quyền, Mặt trận Tổ quốc và các tổ chức chính trị - xã hội trong tỉnh đã quan tâm lãnh đạo, chỉ đạo công tác nắm tình hình Nhân dân, dân tộc, tôn giáo; chủ động nắm bắt tâm tư, nguyện vọng của các tầng lớp Nhân dân, kịp thời giải quyết nhiều vụ việc phức tạp ngay từ cơ sở, góp phần giữ vững ổn định chính trị, trật tự an toàn xã hội. Phong trào thi đua “Dân vận khéo” được đẩy mạnh, từ đầu nhiệm kỳ đến nay đã xây dựng được 1.758 mô hình trên các lĩnh vực.
Tuy nhiên, việc nắm tình hình Nhân dân, dân tộc, tôn giáo của một số cấp ủy, chính quyền, ban, ngành, địa phương chưa được chú trọng, thiếu nhạy bén, chưa kịp thời; phương pháp nắm tình hình và dự báo chưa đạt hiệu quả cao; một số nơi chưa sâu sát cơ sở, chưa nắm chắc địa bàn và diễn biến tâm trạng của Nhân dân. Chế độ thông tin, báo cáo chưa thực hiện kịp thời, đầy đủ; sự phối hợp giải quyết một số tình huống dân vận cụ thể thiếu đồng bộ, chặt chẽ.
Để nâng cao hiệu quả công tác nắm tình hình Nhân dân, dân tộc, tôn giáo trong tình hình mới, Ban Thường vụ Tỉnh ủy yêu cầu các cấp ủy, tổ chức đảng, chính quyền, Mặt trận Tổ quốc và các tổ chức chính trị - xã hội thực hiện tốt những nội dung sau:
I. MỤC ĐÍCH, YÊU CẦU
1. Nâng cao nhận thức, trách nhiệm của cấp ủy, chính quyền, người đứng đầu và cán bộ, đảng viên về vị trí, vai trò của công tác nắm tình hình Nhân dân, dân tộc, tôn giáo.
2. Nắm chắc, nắm sớm, nắm từ cơ sở; dự báo đúng tình hình, không để bị động, bất ngờ, không để hình thành “điểm nóng”.
II. NHIỆM VỤ TRỌNG TÂM
1. Tăng cường sự lãnh đạo, chỉ đạo của cấp ủy, chính quyền đối với công tác nắm tình hình Nhân dân, dân tộc, tôn giáo; xác định đây là nhiệm vụ thường xuyên của cả hệ thống chính trị.
2. Đổi mới phương pháp nắm tình hình, dự báo sát với thực tiễn cơ sở.
a) Tổ chức hội nghị giao ban nắm bắt tình hình Nhân dân ở cấp huyện ít nhất 01 lần/quý.
b) Phân công cán bộ, đảng viên phụ trách địa bàn dân cư, hộ gia đình.
3. Nâng cao chất lượng tuyên truyền, vận động đồng bào dân tộc thiểu số, đồng bào có đạo chấp hành chủ trương của Đảng, chính sách, pháp luật của Nhà nước.
4. Thực hiện tốt công tác dân vận chính quyền, quy chế dân chủ ở cơ sở; tập trung giải quyết kịp thời khiếu nại, tố cáo, kiến nghị chính đáng của Nhân dân.
5. Phát huy vai trò của Mặt trận Tổ quốc và các tổ chức chính trị - xã hội trong nắm tình hình đoàn viên, hội viên và Nhân dân.
6. Chủ động nắm tình hình tôn giáo, hoạt động tín ngưỡng, tôn giáo; kịp thời phát hiện, xử lý các hoạt động lợi dụng tôn giáo.
7. Tăng cường phối hợp giữa lực lượng công an, quân sự, biên phòng với cấp ủy, chính quyền cơ sở trong nắm và xử lý tình hình.
8. Thực hiện nghiêm chế độ thông tin, báo cáo; ứng dụng công nghệ thông tin trong tổng hợp tình hình Nhân dân.
9. Quan tâm củng cố đội ngũ cán bộ làm công tác dân vận, dân tộc, tôn giáo ở cơ sở.
III. TỔ CHỨC THỰC HIỆN
1. Các huyện ủy, thị ủy, thành ủy, đảng ủy trực thuộc Tỉnh ủy, ban cán sự đảng, đảng đoàn xây dựng kế hoạch thực hiện Chỉ thị; đưa nội dung nắm tình hình Nhân dân, dân tộc, tôn giáo vào báo cáo định kỳ của cấp ủy, cơ quan, đơn vị.
2. Thường trực huyện ủy, thị ủy, thành ủy chủ trì tổ chức hội nghị giao ban nắm bắt tình hình Nhân dân, dân tộc, tôn giáo ở địa phương, cơ sở ít nhất 01 lần/quý. Ở cấp tỉnh, giao Ban Dân vận Tỉnh ủy chủ trì, phối hợp tổ chức hội nghị giao ban (quý/01 lần).
3. Định kỳ hằng quý, sáu tháng, chín tháng và năm, các cấp ủy, chính quyền, cơ quan, đơn vị, địa phương báo cáo tình hình Nhân dân, dân tộc, tôn giáo về Ban Thường vụ Tỉnh ủy (qua Ban Dân vận Tỉnh ủy).
4. Giao Ban Dân vận Tỉnh ủy chủ trì, phối hợp theo dõi, đôn đốc, kiểm tra, giám sát việc thực hiện Chỉ thị; định kỳ tham mưu Ban Thường vụ Tỉnh ủy sơ kết, tổng kết theo quy định.
Chỉ thị này được phổ biến đến chi bộ."""

# (old text, new text) pairs applied to the previous version, in order.
EDITS: dict[int, list[tuple[str, str]]] = {
    2: [
        (
            "đã xây dựng được 1.758 mô hình trên các lĩnh vực.",
            "đã xây dựng được 1.758 mô hình trên các lĩnh vực kinh tế, văn hóa - xã hội, quốc "
            "phòng, an ninh và xây dựng hệ thống chính trị.",
        ),
        (
            "xác định đây là nhiệm vụ thường xuyên của cả hệ thống chính trị.",
            "xác định đây là nhiệm vụ thường xuyên, quan trọng của cả hệ thống chính trị, "
            "trong đó người đứng đầu cấp ủy chịu trách nhiệm trực tiếp.",
        ),
        (
            "b) Phân công cán bộ, đảng viên phụ trách địa bàn dân cư, hộ gia đình.",
            "b) Phân công cán bộ, đảng viên phụ trách địa bàn dân cư, hộ gia đình; phát huy vai "
            "trò người có uy tín trong đồng bào dân tộc thiểu số, chức sắc, chức việc tôn giáo.",
        ),
        (
            "trong nắm tình hình đoàn viên, hội viên và Nhân dân.",
            "trong nắm tình hình đoàn viên, hội viên và Nhân dân; thực hiện tốt giám sát, phản "
            "biện xã hội theo Quyết định số 217-QĐ/TW và Quyết định số 218-QĐ/TW của Bộ Chính trị.",
        ),
        (
            "ứng dụng công nghệ thông tin trong tổng hợp tình hình Nhân dân.",
            "ứng dụng công nghệ thông tin, chuyển đổi số trong tổng hợp, phân tích tình hình "
            "Nhân dân; theo dõi dư luận trên không gian mạng.",
        ),
    ],
    3: [
        (
            "2. Nắm chắc, nắm sớm, nắm từ cơ sở;",
            "2. Nắm chắc, nắm sớm, nắm từ cơ sở, từ thôn, ấp, khu phố;",
        ),
        (
            "6. Chủ động nắm tình hình tôn giáo, hoạt động tín ngưỡng, tôn giáo;",
            "6. Chủ động nắm tình hình tôn giáo, hoạt động tín ngưỡng, tôn giáo, nhất là các "
            "điểm nhóm sinh hoạt tôn giáo tập trung và các hiện tượng tôn giáo mới;",
        ),
        (
            "7. Tăng cường phối hợp giữa lực lượng công an, quân sự, biên phòng",
            "7. Tăng cường phối hợp giữa lực lượng công an, quân sự, biên phòng, nhất là ở các "
            "xã biên giới,",
        ),
        (
            "9. Quan tâm củng cố đội ngũ cán bộ làm công tác dân vận, dân tộc, tôn giáo ở cơ sở.",
            "9. Quan tâm củng cố, bồi dưỡng đội ngũ cán bộ làm công tác dân vận, dân tộc, tôn "
            "giáo ở cơ sở; có chế độ hỗ trợ phù hợp cho lực lượng nòng cốt ở thôn, ấp, khu phố.",
        ),
    ],
    4: [
        (
            "Chỉ thị này được phổ biến đến chi bộ.",
            "Chỉ thị này được phổ biến đến chi bộ và có hiệu lực kể từ ngày ký.",
        ),
    ],
}

NOTES = {
    1: "Dự thảo lần 1, gửi lấy ý kiến bằng văn bản (Công văn 490-CV/BDVTU).",
    2: "Dự thảo lần 2, tiếp thu ý kiến bằng văn bản; đưa ra hội nghị góp ý trực tiếp.",
    3: "Dự thảo lần 3, tiếp thu ý kiến tại hội nghị; gửi lấy ý kiến cơ sở.",
    4: "Dự thảo hoàn chỉnh trình Ban Thường vụ Tỉnh ủy.",
}


def version_text(number: int) -> str:
    """The text of draft version `number` (1–4); an edit that no longer applies is an error."""
    text = V1
    for n in range(2, number + 1):
        for old, new in EDITS[n]:
            if old not in text:
                raise ValueError(f"demo draft v{n}: edit target not found: {old[:40]!r}")
            text = text.replace(old, new, 1)
    return text
