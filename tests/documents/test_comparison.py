"""The bản so sánh (issue 13, item 7): tracked changes that give the newer text when all are
accepted and the older when all are rejected, by the drafting body on the newer version's
date, and the bản thuyết minh naming the comments each change answers."""

from io import BytesIO

from docx import Document as open_docx
from sqlmodel import select

from documents.comparison import NOTE, THUYET_MINH, comparison_docx, revision_date
from models.commands.dispositions import disposition_set
from models.commands.drafts import draft_add
from models.ids import id_of
from models.tables import Comment, DraftVersion
from models.text import clean
from tests.documents.case import DISAGREE, GENERAL, MERGED, consulted, day
from tests.documents.redlines import compared_text, document_xml, revisions
from tests.factories import DRAFT_TEXT

NEW_TEXT = """\
Thời gian qua, công tác nắm tình hình Nhân dân đã đạt nhiều kết quả quan trọng.
I. TÌNH HÌNH, KẾT QUẢ
Việc nắm tình hình Nhân dân, dân tộc, tôn giáo của một số cấp ủy chưa được chú trọng.
II. NHIỆM VỤ, GIẢI PHÁP
1. Tăng cường sự lãnh đạo của cấp ủy và vai trò của Mặt trận Tổ quốc đối với công tác nắm \
tình hình Nhân dân.
2. Đổi mới phương pháp nắm tình hình, dự báo sát với thực tiễn cơ sở.
a) Tổ chức hội nghị giao ban ít nhất 01 lần/quý.
3. Phát huy vai trò của người có uy tín trong đồng bào dân tộc, tôn giáo.
III. TỔ CHỨC THỰC HIỆN
1. Giao Ban Dân vận Tỉnh ủy chủ trì, theo dõi, đôn đốc việc thực hiện Chỉ thị."""


def _lines(text: str) -> list[str]:
    return [line for line in clean(text).split("\n") if line.strip()]


def _answered_case(session, links):
    case = consulted(session, links, stop_after="written")
    did = case.directive_id
    v2, _ = draft_add(session, directive_id=did, text=NEW_TEXT, by="canbo", now=day(26))
    for c in session.exec(select(Comment)).all():
        if c.text == MERGED:
            decision, response = "accept", "Tiếp thu, bổ sung vào dự thảo."
        elif c.text == GENERAL:
            decision, response = "partial", "Rút gọn phần đánh giá."
        elif c.text == DISAGREE:
            decision, response = "explain", "Giữ giao ban hằng quý."
        else:
            continue
        disposition_set(
            session,
            comment_id=id_of(c),
            decision=decision,
            response=response,
            taken_in_version_id=v2.id,
            by="canbo",
            now=day(26),
        )
    return case, v2


def _table(content: bytes) -> list[list[str]]:
    doc = open_docx(BytesIO(content))
    (table,) = doc.tables
    return [[cell.text for cell in row.cells] for row in table.rows]


def test_accepting_gives_the_newer_text_and_rejecting_the_older(session, links):
    case, v2 = _answered_case(session, links)
    content = comparison_docx(session, case.directive_id, 1, 2)
    assert compared_text(content, accept=True, note=NOTE) == _lines(NEW_TEXT)
    assert compared_text(content, accept=False, note=NOTE) == _lines(DRAFT_TEXT)
    # Asked the other way round, the comparison still runs from the older to the newer.
    assert document_xml(comparison_docx(session, case.directive_id, 2, 1)) == document_xml(content)


def test_revisions_are_the_drafting_body_on_the_newer_versions_date(session, links):
    case, v2 = _answered_case(session, links)
    content = comparison_docx(session, case.directive_id, 1, 2)
    found = revisions(content)
    kinds = {k for k, _, _ in found}
    assert kinds == {"ins", "del"}
    assert {(a, d) for _, a, d in found} == {
        (case.world.drafting.name, revision_date(v2.created_at))
    }
    assert revision_date(v2.created_at).endswith("Z") and "T" in revision_date(v2.created_at)
    # A section removed whole (II.2.b) and one added whole (II.3) carry their paragraph mark.
    body = open_docx(BytesIO(content)).element.body
    marks = [
        (kind, "".join(body.xpath(f"string(./w:p[w:pPr/w:rPr/w:{kind}])")))
        for kind in ("del", "ins")
    ]
    assert marks == [
        ("del", "b) Định kỳ báo cáo hằng quý, sáu tháng, chín tháng và năm."),
        ("ins", "3. Phát huy vai trò của người có uy tín trong đồng bào dân tộc, tôn giáo."),
    ]
    assert len(body.xpath("./w:p[w:pPr/w:rPr/w:del or w:pPr/w:rPr/w:ins]")) == 2


def test_explanation_names_the_change_and_the_accepted_comments(session, links):
    case, v2 = _answered_case(session, links)
    content = comparison_docx(session, case.directive_id, 1, 2)
    text = "\n".join(p.text for p in open_docx(BytesIO(content)).paragraphs)
    assert THUYET_MINH in text
    header, *rows = _table(content)
    assert header[:3] == ["STT", "Phần, mục", "Thay đổi"]
    by_section = {r[1].split(" — ")[0]: r for r in rows}
    preamble = by_section["Phần mở đầu"]
    assert preamble[2] == "Sửa đổi" and preamble[3] == "Thêm “quan trọng”."
    changed = by_section["II.1"]
    assert changed[1] == "II.1 — 1. Tăng cường sự lãnh đạo của cấp ủy và …"
    assert changed[2:4] == ["Sửa đổi", "Thêm “và vai trò của Mặt trận Tổ quốc”."]
    btg = case.world.units[0].name
    assert f"{btg} (tiếp thu): Đề nghị bổ sung vai trò" in changed[4]
    removed = by_section["II.2.b"]
    assert removed[2] == "Lược bỏ" and "Định kỳ báo cáo hằng quý" in removed[3]
    added = by_section["II.3"]
    assert added[2] == "Bổ sung" and added[4] == ""
    # The comment on the whole draft, accepted in part, has its own row; the one explained
    # (giải trình) is in no row, and unchanged sections without answers are left out.
    whole = by_section["Toàn bộ dự thảo"]
    assert f"{btg} (tiếp thu một phần): Dự thảo công phu" in whole[4]
    assert not any("giao ban hằng quý" in cell for r in rows for cell in r)
    assert "I" not in by_section and "III.1" not in by_section
    assert [r[0] for r in rows] == [str(i) for i in range(1, len(rows) + 1)]


def test_comparing_a_version_with_itself_changes_nothing(session, links):
    case, v2 = _answered_case(session, links)
    content = comparison_docx(session, case.directive_id, 2, 2)
    assert revisions(content) == []
    assert compared_text(content, accept=True, note=NOTE) == _lines(NEW_TEXT)
    assert session.exec(select(DraftVersion)).all()  # nothing written by reading


def test_a_moved_part_is_deleted_where_it_was_and_inserted_where_it_is(session, links):
    case = consulted(session, links, stop_after="written")
    lines = _lines(DRAFT_TEXT)
    part_iii = lines.index("III. TỔ CHỨC THỰC HIỆN")
    part_ii = lines.index("II. NHIỆM VỤ, GIẢI PHÁP")
    moved = lines[:part_ii] + lines[part_iii:] + lines[part_ii:part_iii]
    draft_add(
        session, directive_id=case.directive_id, text="\n".join(moved), by="canbo", now=day(26)
    )
    content = comparison_docx(session, case.directive_id, 1, 2)
    assert compared_text(content, accept=True, note=NOTE) == moved
    assert compared_text(content, accept=False, note=NOTE) == lines
    header, *rows = _table(content)
    assert {r[2] for r in rows} == {"Chuyển vị trí"}
    assert {r[3] for r in rows} == {"Chuyển vị trí, nội dung giữ nguyên."}
