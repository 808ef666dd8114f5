"""Synthesis table for 10,000 comments from 200 units: DOCX, PDF and XLSX.

Prints seconds and peak memory for each format and, as the limit measured in the same run,
the time to just read those rows from the database; the ratios say what rendering costs on
top of reading. Records are bulk-inserted into a fresh SQLite file (the shape the commands
write: units, invitations, one draft with sections, comments, dispositions).
"""

import gc
import os
import resource
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import insert
from sqlmodel import Session, col, select

from documents.common import context
from documents.docx_writer import render_docx
from documents.pdf_writer import render_pdf
from documents.synthesis import synthesis
from documents.synthesis_doc import synthesis_document, synthesis_xlsx
from models.db import create_all, make_engine, table_of
from models.ids import id_of
from models.lifecycle import RoundKind, Stage
from models.statuses import RoundStatus
from models.tables import (
    Comment,
    Directive,
    Disposition,
    DraftVersion,
    Invitation,
    Round,
    Section,
    Term,
    Unit,
)

COMMENTS = int(os.environ.get("BENCH_DOCUMENTS_COMMENTS", "10000"))
UNITS = 200
SECTIONS = 40
T0 = datetime(2023, 7, 12, 1, 0, tzinfo=UTC)
PHRASES = [
    "Đề nghị bổ sung vai trò của Mặt trận Tổ quốc trong nắm tình hình Nhân dân",
    "Đề nghị làm rõ trách nhiệm người đứng đầu cấp ủy, chính quyền các cấp",
    "Đề nghị quy định cụ thể chế độ thông tin, báo cáo định kỳ hằng quý",
    "Đề nghị rút gọn phần đánh giá tình hình, tập trung vào nhiệm vụ, giải pháp",
    "Đề nghị bổ sung giải pháp về chuyển đổi số trong công tác dân vận",
]


def seed(path: Path) -> tuple[Any, int]:
    engine = make_engine(f"sqlite:///{path}")
    create_all(engine)
    with Session(engine) as s:
        province = Unit(name="Tỉnh ủy Bình Phước", symbol="TU", place="Bình Phước", search="tu")
        s.add(province)
        s.flush()
        issuer = Unit(name="Ban Thường vụ Tỉnh ủy", parent_id=province.id, symbol="TU", search="b")
        drafting = Unit(
            name="Ban Dân vận Tỉnh ủy",
            parent_id=province.id,
            symbol="BDVTU",
            superior="TỈNH ỦY BÌNH PHƯỚC",
            place="Bình Phước",
            search="bdv",
        )
        s.add_all([issuer, drafting])
        s.add(Term(name="2020 - 2025", starts_on=date(2020, 10, 1), ends_on=date(2025, 9, 30)))
        s.flush()
        s.execute(
            insert(Unit),
            [
                {
                    "name": f"Đảng ủy xã Tân Lập số {i}",
                    "parent_id": province.id,
                    "search": f"u{i}",
                    "category": "dang-uy",
                    "email": f"u{i}@binhphuoc.test",
                }
                for i in range(UNITS)
            ],
        )
        # Core columns: a stored key is never NULL (the model's `int | None` is for new rows).
        units = table_of(Unit)
        unit_ids = s.exec(select(units.c.id).where(units.c.category == "dang-uy")).all()
        d = Directive(
            title="Tăng cường nắm tình hình Nhân dân, dân tộc, tôn giáo trong tình hình mới",
            issuer_id=id_of(issuer),
            drafting_unit_id=id_of(drafting),
            stage=Stage.DRAFTING,
            created_at=T0,
            assignment_number="1704-TB/TU",
            assignment_date=date(2023, 7, 4),
        )
        s.add(d)
        s.flush()
        v = DraftVersion(directive_id=id_of(d), number=1, text="…", created_at=T0)
        s.add(v)
        s.flush()
        s.execute(
            insert(Section),
            [
                {
                    "version_id": v.id,
                    "ordinal": i + 1,
                    "key": f"II.{i + 1}",
                    "level": "khoan",
                    "heading": f"{i + 1}. Nhiệm vụ, giải pháp thứ {i + 1} về công tác dân vận",
                    "text": "",
                }
                for i in range(SECTIONS)
            ],
        )
        sections = s.exec(select(Section.id, Section.key).where(Section.version_id == v.id)).all()
        rnd = Round(
            directive_id=id_of(d),
            ordinal=1,
            kind=RoundKind.WRITTEN,
            status=RoundStatus.CLOSED,
            draft_version_id=id_of(v),
            letter_number="490-CV/BDVTU",
            letter_date=date(2023, 7, 12),
            deadline=date(2023, 7, 27),
            opened_at=T0,
            closed_at=T0 + timedelta(days=15),
        )
        s.add(rnd)
        s.flush()
        s.execute(
            insert(Invitation),
            [
                {
                    "round_id": rnd.id,
                    "unit_id": u,
                    "token_hash": f"h{u}",
                    "token_nonce": f"n{u}",
                    "status": "answered",
                    "sent_at": T0,
                    "answered_at": T0 + timedelta(days=5),
                    "reply_number": f"{u}-CV/ĐU",
                    "reply_date": date(2023, 7, 20),
                    "no_further_comments": i % 20 == 0,
                }
                for i, u in enumerate(unit_ids)
            ],
        )
        invitations = table_of(Invitation)
        invs: dict[int, int] = dict(s.exec(select(invitations.c.unit_id, invitations.c.id)).all())
        rows = []
        for i in range(COMMENTS):
            unit = unit_ids[i % UNITS]
            sid, key = sections[(i * 7) % SECTIONS]
            # About one comment in five repeats a common phrase: rows to merge.
            text = PHRASES[i % 5] + "." if i % 5 == 0 else f"{PHRASES[i % 5]} (ý kiến số {i})."
            rows.append(
                {
                    "round_id": rnd.id,
                    "invitation_id": invs[unit],
                    "unit_id": unit,
                    "version_id": v.id,
                    "section_id": sid,
                    "section_key": key,
                    "position": "agree_with_comments",
                    "text": text,
                    "received_at": T0 + timedelta(minutes=i),
                }
            )
        s.execute(insert(Comment), rows)
        ids = s.exec(select(table_of(Comment).c.id)).all()
        s.execute(
            insert(Disposition),
            [
                {
                    "comment_id": c,
                    "decision": ("accept", "partial", "explain")[c % 3],
                    "response": "Tiếp thu, bổ sung vào dự thảo"
                    if c % 3 == 0
                    else "Đã có ở mục khác",
                    "decided_at": T0 + timedelta(days=20),
                }
                for c in ids
            ],
        )
        s.commit()
        return engine, id_of(d)


def _maxrss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measure(engine: Any, fn: Callable[[Session], Any]) -> tuple[float, float]:
    """(seconds, peak memory in MB above the start) of `fn`, run in a forked child so that
    each step's peak resident memory (Python heap, lxml, typst alike) is its own."""
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: its own connections, one step, figures back through the pipe
        os.close(read_end)
        engine.dispose(close=False)
        gc.collect()
        base = _maxrss_mb()
        started = time.perf_counter()
        with Session(engine) as s:
            fn(s)
        # typst compiles in processes of its own (documents/typst_compile.py): the largest
        # of them counts as the step's peak when it is above the step's own.
        children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        figures = f"{time.perf_counter() - started} {max(_maxrss_mb() - base, children)}"
        os.write(write_end, figures.encode())
        os._exit(0)
    os.close(write_end)
    with os.fdopen(read_end) as pipe:
        seconds, peak = (float(x) for x in pipe.read().split())
    os.waitpid(pid, 0)
    return seconds, peak


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        engine, did = seed(Path(tmp) / "bench.sqlite3")
        with Session(engine) as s:
            rules = context(s, did).rules
            table = synthesis(s, did)
            doc = synthesis_document(s, did, table)
            n = table.comments

        def read(s: Session) -> int:
            return len(
                s.exec(
                    select(Comment, Disposition)
                    .outerjoin(Disposition, col(Disposition.comment_id) == Comment.id)
                    .where(Comment.draft == False)  # noqa: E712
                ).all()
            )

        engine.dispose()
        limit = measure(engine, read)
        steps = {
            "synthesis data (group, merge)": measure(engine, lambda s: synthesis(s, did)),
            "DOCX (python-docx)": measure(engine, lambda s: render_docx(doc, rules)),
            "XLSX (openpyxl)": measure(engine, lambda s: synthesis_xlsx(s, did, table)),
            "PDF (typst)": measure(engine, lambda s: render_pdf(doc, rules)),
        }
        engine.dispose()
    print(f"{n} comments from {UNITS} units -> {table.rows} rows in {len(table.groups)} groups")
    print(f"{'limit: read the rows from SQLite':32s}  {limit[0]:8.2f} s  peak +{limit[1]:6.0f} MB")
    for name, (sec, mem) in steps.items():
        print(
            f"{name:32s}  {sec:8.2f} s  peak +{mem:6.0f} MB  ratio to read {sec / limit[0]:7.1f}x"
        )
    sys.stdout.flush()


if __name__ == "__main__":
    main()
