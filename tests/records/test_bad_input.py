"""Bad input gets a clear Vietnamese error and leaves the database exactly as it was."""

from datetime import date, timedelta

import pytest
from sqlalchemy import func
from sqlmodel import Session, SQLModel, select

from models.commands.answers import answer_submit, comment_save
from models.commands.directives import directive_finalise, directive_issue
from models.commands.register import register_manual
from models.commands.rounds import round_add_units, round_close, round_open
from models.commands.signing import directive_sign
from models.errors import DomainError
from models.ids import id_of
from models.tables import Directive
from tests.conftest import T0
from tests.factories import directive_with_draft, world


def fingerprint(session: Session) -> dict[str, object]:
    """Row counts of every table plus every directive's stage and lock version."""
    session.expire_all()
    counts = {
        t.name: session.execute(select(func.count()).select_from(t)).scalar_one()
        for t in SQLModel.metadata.sorted_tables
    }
    stages = session.exec(select(Directive.id, Directive.stage, Directive.lock_version)).all()
    return {"counts": counts, "stages": sorted(stages)}


@pytest.fixture
def opened(session, links):
    w = world(session, T0)
    did = directive_with_draft(session, w, T0)
    result = round_open(
        session,
        directive_id=did,
        kind="written",
        unit_ids=[id_of(u) for u in w.units[:3]],
        by="canbo",
        now=T0 + timedelta(days=8),
        links=links,
        letter_date=date(2023, 7, 12),
    )
    return w, did, result


def refused(session: Session, call, match: str) -> None:
    before = fingerprint(session)
    with pytest.raises(DomainError, match=match) as info:
        call()
    session.rollback()  # what a request or CLI call does when the command raised
    assert not info.value.message.isascii()
    assert fingerprint(session) == before


def test_unknown_unit(session, opened, links):
    w, did, _ = opened
    refused(
        session,
        lambda: round_add_units(
            session, round_id=1, unit_ids=[w.units[3].id, 9999], by="canbo", now=T0, links=links
        ),
        "Không tìm thấy đơn vị",
    )


def test_duplicate_invitation(session, opened, links):
    w, did, result = opened
    refused(
        session,
        lambda: round_add_units(
            session,
            round_id=result.round.id,
            unit_ids=[w.units[4].id, w.units[0].id],
            by="canbo",
            now=T0,
            links=links,
        ),
        "đã được mời",
    )


def test_round_already_closed(session, opened, links):
    _, did, result = opened
    round_close(session, round_id=result.round.id, by="canbo", now=T0 + timedelta(days=30))
    refused(
        session,
        lambda: round_close(
            session, round_id=result.round.id, by="canbo", now=T0 + timedelta(days=31)
        ),
        "đã kết thúc",
    )
    tok = next(iter(result.tokens.values()))
    refused(
        session,
        lambda: comment_save(
            session, raw_token=tok, position="disagree", text="Muộn", now=T0 + timedelta(days=31)
        ),
        "đã kết thúc",
    )


def test_illegal_stage_moves(session, opened, links):
    w, did, _ = opened
    refused(
        session,
        lambda: directive_finalise(
            session, directive_id=did, by="canbo", now=T0 + timedelta(days=9)
        ),
        "Đang có một đợt lấy ý kiến mở",
    )
    refused(
        session,
        lambda: directive_issue(session, directive_id=did, by="canbo", now=T0),
        "Đang có một đợt lấy ý kiến mở",
    )
    refused(
        session,
        lambda: directive_sign(
            session,
            directive_id=did,
            signed_on=date(2023, 10, 12),
            form="T/M",
            on_behalf_of="Ban Thường vụ",
            signer_title="Phó Bí thư",
            signer_name="Huỳnh Thị Hằng",
            by="canbo",
            now=T0,
        ),
        "Đang có một đợt lấy ý kiến mở",
    )
    refused(
        session,
        lambda: round_open(
            session,
            directive_id=did,
            kind="written",
            unit_ids=[w.units[4].id],
            by="canbo",
            now=T0,
            links=links,
        ),
        "Đang có một đợt lấy ý kiến mở",
    )


def test_wrong_token_and_bad_comment(session, opened):
    _, _, result = opened
    refused(
        session,
        lambda: answer_submit(session, raw_token="khong-dung", now=T0),
        "Liên kết không hợp lệ",
    )
    tok = next(iter(result.tokens.values()))
    refused(
        session,
        lambda: comment_save(
            session, raw_token=tok, position="maybe", text="x", now=T0 + timedelta(days=9)
        ),
        "Vui lòng chọn ý kiến",
    )
    refused(
        session,
        lambda: comment_save(
            session, raw_token=tok, position="disagree", text="  ", now=T0 + timedelta(days=9)
        ),
        "nội dung góp ý",
    )
    refused(
        session,
        lambda: answer_submit(session, raw_token=tok, now=T0 + timedelta(days=9)),
        "Chưa có ý kiến",
    )


def test_after_deadline_read_only(session, opened):
    _, _, result = opened
    tok = next(iter(result.tokens.values()))
    refused(
        session,
        lambda: comment_save(
            session, raw_token=tok, position="disagree", text="Quá hạn", now=T0 + timedelta(days=40)
        ),
        "hết hạn góp ý",
    )


def test_number_collision(session, opened):
    w, did, result = opened
    assert result.round.letter_number == "01-CV/BDVTU"  # the first CV of the term
    refused(
        session,
        lambda: register_manual(
            session,
            issuer_id=w.drafting.id,
            number="1-CV/BDVTU",
            doc_date=date(2023, 7, 20),
            by="vanthu",
            now=T0,
        ),
        "đã dùng cho: Công văn",
    )
    refused(
        session,
        lambda: register_manual(
            session,
            issuer_id=w.drafting.id,
            number="12-CV/HU",
            doc_date=date(2023, 7, 20),
            by="vanthu",
            now=T0,
        ),
        "không thuộc",
    )


def test_issue_before_signing_names_the_stage(session, opened):
    _, did, result = opened
    round_close(session, round_id=result.round.id, by="canbo", now=T0 + timedelta(days=30))
    refused(
        session,
        lambda: directive_issue(session, directive_id=did, by="canbo", now=T0),
        "Không thể “ban hành” khi dự thảo đang ở giai đoạn “soạn thảo”",
    )
