"""A round letter of a bloc committee's department, issued under the committee's symbol and
signed from the signers on record (issue 11, items 2 and 3)."""

from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sqlmodel import Session, select

from documents.docx_writer import render_docx
from documents.letters import round_letter
from models.commands.directives import directive_create
from models.commands.drafts import draft_add
from models.commands.letters import copies_set, group_save, signer_save
from models.commands.rounds import round_open
from models.commands.units import unit_create
from models.errors import Invalid
from models.ids import id_of
from models.rulesets import load
from models.tables import Invitation, Round, Signer, Term, Unit, UnitGroup
from models.tokens import Links
from tests.documents.conftest import docx_lines
from tests.factories import DRAFT_TEXT

NOW = datetime(2022, 3, 7, 1, 0, tzinfo=UTC)  # 08:00 on 07/3/2022 in Vietnam
WRITTEN = datetime(2021, 12, 28, 2, 0, tzinfo=UTC)  # the draft was written the year before
CELLS = [
    ("Chi bộ Sở Tài chính", "cb.stc@bentre.test"),
    ("Đảng ủy Công ty Điện lực Bến Tre", "du.dienluc@bentre.test"),
    ("Chi bộ Báo Đồng Khởi", "cb.baodk@bentre.test"),
]


@dataclass
class Bloc:
    committee: Unit
    department: Unit
    cells: list[Unit]
    youth: Unit
    directive_id: int
    signer: Signer


def bloc(session: Session, *, title: str = "Tăng cường công tác dân vận năm 2022") -> Bloc:
    """Đảng ủy Khối Cơ quan - Doanh nghiệp tỉnh (ĐUK) and its Ban Tuyên giáo, which drafts."""

    def unit(name: str, **kw: object) -> Unit:
        return unit_create(session, name=name, by="test", now=WRITTEN, **kw)  # type: ignore[arg-type]

    province = unit("Tỉnh ủy Bến Tre", symbol="TU", superior="ĐẢNG BỘ TỈNH BẾN TRE")
    committee = unit(
        "Đảng ủy Khối Cơ quan - Doanh nghiệp tỉnh",
        parent_id=province.id,
        symbol="ĐUK",
        superior="ĐẢNG BỘ TỈNH BẾN TRE",
        place="Bến Tre",
    )
    standing = unit("Ban Thường vụ Đảng ủy Khối", parent_id=committee.id, symbol="ĐUK")
    department = unit(
        "Ban Tuyên giáo Đảng ủy Khối",
        parent_id=committee.id,
        symbol="BTGĐUK",
        superior="ĐẢNG ỦY KHỐI CƠ QUAN - DOANH NGHIỆP TỈNH",
        email="btg.duk@bentre.test",
    )
    cells = [unit(n, parent_id=committee.id, email=e) for n, e in CELLS]
    youth = unit("Ban Thường vụ Đoàn Khối", parent_id=committee.id, email="doankhoi@bentre.test")
    session.add(Term(name="2020 - 2025", starts_on=date(2020, 10, 1), ends_on=date(2025, 9, 30)))
    session.commit()
    d, _ = directive_create(
        session,
        title=title,
        issuer_id=id_of(standing),
        drafting_unit_id=id_of(department),
        by="test",
        now=WRITTEN,
    )
    draft_add(session, directive_id=id_of(d), text=DRAFT_TEXT, by="test", now=WRITTEN)
    signer = signer_save(
        session,
        body_id=id_of(committee),
        form="TUQ",
        on_behalf_of="Ban Thường vụ",
        title="Trưởng Ban Tuyên giáo",
        full_name="Nguyễn Văn An",
        by="test",
        now=WRITTEN,
    )
    return Bloc(committee, department, cells, youth, id_of(d), signer)


def _open(session: Session, b: Bloc, links: Links, **kw: object) -> Round:
    args: dict[str, object] = {
        "directive_id": b.directive_id,
        "kind": "written",
        "unit_ids": [],
        "by": "test",
        "now": NOW,
        "links": links,
        "letter_date": date(2022, 3, 7),
        "deadline": date(2022, 3, 22),
        **kw,
    }
    return round_open(session, **args).round  # type: ignore[arg-type]


def _docx(session: Session, rnd: Round, tmp_path: Path) -> list[str]:
    doc = round_letter(session, id_of(rnd))
    path = tmp_path / f"{doc.slug}.docx"
    path.write_bytes(render_docx(doc, load("qd66-2017")))
    return docx_lines(path)


def test_letter_under_the_committee_symbol_signed_by_its_tuq_signer(session, links, tmp_path):
    b = bloc(session)
    group = group_save(
        session,
        owner_id=id_of(b.department),
        name="Các chi ủy, đảng ủy cơ sở",
        unit_ids=[id_of(u) for u in b.cells],
        by="test",
        now=NOW,
    )
    rnd = _open(
        session,
        b,
        links,
        issuer_id=b.committee.id,
        signer_id=b.signer.id,
        group_ids=[group.id],
        unit_ids=[id_of(b.youth)],
        copies=["Thường trực Tỉnh ủy (để báo cáo)", "Lưu VP, BTG Đảng ủy Khối."],
    )
    assert rnd.letter_number == "01-CV/ĐUK"  # the committee's register, not "-CV/BTGĐUK"
    lines = _docx(session, rnd, tmp_path)
    star = lines.index("*")
    header = ["ĐẢNG BỘ TỈNH BẾN TRE", "ĐẢNG ỦY KHỐI CƠ QUAN - DOANH NGHIỆP TỈNH"]
    assert lines[star - 2 : star] == header
    assert "Số 01-CV/ĐUK" in lines
    assert "Bến Tre, ngày 07 tháng 3 năm 2022" in lines
    # One line for the group, then the unit picked alone; the last ends with ".".
    to = lines.index("Kính gửi:")
    assert lines[to + 1 : to + 3] == ["- Các chi ủy, đảng ủy cơ sở,", "- Ban Thường vụ Đoàn Khối."]
    assert not any(c.name in "\n".join(lines) for c in b.cells)
    sign = lines.index("T/UQ BAN THƯỜNG VỤ")
    assert lines[sign + 1] == "TRƯỞNG BAN TUYÊN GIÁO"
    assert "Nguyễn Văn An" in lines[sign + 2 :]
    assert "K/T TRƯỞNG BAN" not in lines
    copies = lines.index("Nơi nhận:")
    assert lines[copies + 1 : copies + 4] == [
        "- Như trên,",
        "- Thường trực Tỉnh ủy (để báo cáo),",
        "- Lưu VP, BTG Đảng ủy Khối.",
    ]
    text = "\n".join(lines)
    assert "Đảng ủy Khối Cơ quan - Doanh nghiệp tỉnh đề nghị các cơ quan, đơn vị" in text
    assert "Gửi văn bản góp ý về Ban Tuyên giáo Đảng ủy Khối" in text  # replies go to the ban
    # Every member of the group is invited, with the unit picked alone.
    invited = set(session.exec(select(Invitation.unit_id).where(Invitation.round_id == rnd.id)))
    assert invited == {id_of(u) for u in [*b.cells, b.youth]}


def test_issued_letter_keeps_the_signer_as_recorded_when_opened(session, links, tmp_path):
    b = bloc(session)
    rnd = _open(
        session, b, links, issuer_id=b.committee.id, signer_id=b.signer.id, unit_ids=[b.youth.id]
    )
    signer_save(
        session,
        signer_id=b.signer.id,
        body_id=id_of(b.committee),
        form="T/M",
        on_behalf_of="Ban Thường vụ",
        title="Phó Bí thư",
        full_name="Trần Thị Bình",
        by="test",
        now=NOW,
    )
    lines = _docx(session, rnd, tmp_path)
    assert "T/UQ BAN THƯỜNG VỤ" in lines and "Nguyễn Văn An" in lines
    assert "Trần Thị Bình" not in lines and "PHÓ BÍ THƯ" not in lines


def test_a_single_addressee_is_written_inline(session, links, tmp_path):
    b = bloc(session)
    rnd = _open(session, b, links, unit_ids=[b.youth.id])
    lines = _docx(session, rnd, tmp_path)
    assert "Kính gửi: Ban Thường vụ Đoàn Khối." in lines
    assert "Số 01-CV/BTGĐUK" in lines  # default: the drafting body's own register
    # The department has no signer on record yet: the rule set's block, as before.
    assert "K/T TRƯỞNG BAN" in lines and rnd.signature == []


def test_no_signer_chosen_takes_the_issuers_first_on_record(session, links):
    b = bloc(session)
    rnd = _open(session, b, links, issuer_id=b.committee.id, unit_ids=[b.youth.id])
    assert (rnd.signer_id, rnd.signature) == (
        b.signer.id,
        ["T/UQ BAN THƯỜNG VỤ", "TRƯỞNG BAN TUYÊN GIÁO"],
    )


def test_default_copies_come_from_the_drafting_body(session, links, tmp_path):
    b = bloc(session)
    copies_set(
        session,
        body_id=id_of(b.department),
        lines=["- Thường trực Đảng ủy Khối (để b/c),", "", "Lưu VT"],
        by="test",
        now=NOW,
    )
    rnd = _open(session, b, links, unit_ids=[c.id for c in b.cells])
    assert rnd.copies == ["Thường trực Đảng ủy Khối (để b/c)", "Lưu VT"]
    lines = _docx(session, rnd, tmp_path)
    copies = lines.index("Nơi nhận:")
    assert lines[copies + 1 : copies + 4] == [
        "- Như trên,",
        "- Thường trực Đảng ủy Khối (để b/c),",
        "- Lưu VT.",
    ]
    to = lines.index("Kính gửi:")
    assert lines[to + 1 : to + 4] == [
        "- Chi bộ Báo Đồng Khởi,",
        "- Chi bộ Sở Tài chính,",
        "- Đảng ủy Công ty Điện lực Bến Tre.",
    ]


def test_a_title_typed_with_ve_never_reads_ve_ve(session, links, tmp_path):
    b = bloc(session, title="Về tăng cường công tác dân vận năm 2022")
    rnd = _open(session, b, links, unit_ids=[b.youth.id])
    text = "\n".join(_docx(session, rnd, tmp_path))
    assert "về về" not in text.lower()
    assert "Ban Thường vụ Đảng ủy Khối về tăng cường công tác dân vận" in text
    assert "về tăng cường công tác dân vận năm 2022" in text  # the annex's subtitle


def test_the_annex_draft_bears_the_letters_year(session, links):
    b = bloc(session)
    rnd = _open(session, b, links, unit_ids=[b.youth.id])
    annex = round_letter(session, id_of(rnd)).appendix[0]
    assert annex.header.marker == "Dự thảo lần 1"
    assert annex.header.place_date.endswith("năm 2022")  # written in 2021, sent in 2022


@pytest.mark.parametrize("case", ["other body", "inactive", "issuer not an ancestor"])
def test_a_signer_or_issuer_not_on_record_is_refused_before_a_number(session, links, case):
    b = bloc(session)
    other = signer_save(
        session,
        body_id=id_of(b.department),
        form="K/T",
        on_behalf_of="Trưởng Ban",
        title="Phó Trưởng Ban",
        full_name="Lê Văn Cường",
        active=case != "inactive",
        by="test",
        now=NOW,
    )
    kw: dict[str, object] = {"issuer_id": b.committee.id, "signer_id": other.id}
    if case == "inactive":
        kw = {"signer_id": other.id}
    if case == "issuer not an ancestor":
        kw = {"issuer_id": b.youth.id}
    with pytest.raises(Invalid) as refused:
        _open(session, b, links, unit_ids=[b.youth.id], **kw)
    assert refused.value.field == ("issuer_id" if case == "issuer not an ancestor" else "signer_id")
    session.rollback()
    assert session.exec(select(Round)).all() == []


def test_a_group_of_another_body_is_refused(session, links):
    b = bloc(session)
    theirs = group_save(
        session,
        owner_id=id_of(b.committee),
        name="Các chi ủy",
        unit_ids=[id_of(b.cells[0])],
        by="test",
        now=NOW,
    )
    with pytest.raises(Invalid) as refused:
        _open(session, b, links, group_ids=[theirs.id])
    assert refused.value.field == "group_ids"
    assert session.get(UnitGroup, theirs.id) is not None


def test_a_department_without_a_symbol_writes_under_its_committee_by_default(session, links):
    b = bloc(session)
    b.department.symbol = None  # a ban with no register of its own
    session.add(b.department)
    session.commit()
    rnd = _open(session, b, links, unit_ids=[b.youth.id])
    assert (rnd.letter_number, rnd.issuer_id) == ("01-CV/ĐUK", b.committee.id)
    assert rnd.signer_id == b.signer.id  # and the committee's signer on record


def test_submission_and_report_sign_as_the_drafting_bodys_signer_on_record(session):
    """The tờ trình and the báo cáo are the department's: its signer on record, not the rule
    set's "K/T TRƯỞNG BAN / PHÓ TRƯỞNG BAN"; a body keeping none still signs the default."""
    from documents.report import consultation_report
    from documents.submission import submission

    b = bloc(session)
    before = submission(session, b.directive_id).signatures[0]
    assert before.lines == ["K/T TRƯỞNG BAN", "PHÓ TRƯỞNG BAN"]
    signer_save(
        session,
        body_id=id_of(b.department),
        form="",
        on_behalf_of="",
        title="Trưởng Ban",
        full_name="Trần Văn Bảy",
        by="test",
        now=WRITTEN,
    )
    for doc in (submission(session, b.directive_id), consultation_report(session, b.directive_id)):
        sig = doc.signatures[0]
        assert (sig.lines, sig.name) == (["TRƯỞNG BAN"], "Trần Văn Bảy"), doc.slug
