"""Accept or reject every tracked change of a DOCX, as Word does, to read the text it gives."""

import zipfile
from io import BytesIO

from docx import Document as open_docx

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def resolved(content: bytes, *, accept: bool) -> list[str]:
    """The text of each body paragraph (not tables) once every change is accepted (or
    rejected): an insertion is kept (dropped), a deletion dropped (kept), and a paragraph
    whose mark is dropped runs on into the next one. A page break reads as "\\f"."""
    drop = W + ("del" if accept else "ins")
    body = open_docx(BytesIO(content)).element.body
    lines: list[str] = []
    pending = ""
    for p in body.iterchildren(W + "p"):
        text = pending
        for r in p.iter(W + "r"):
            if r.getparent().tag == drop:
                continue
            for t in r:
                if t.tag in (W + "t", W + "delText"):
                    text += t.text or ""
                elif t.tag == W + "br" and t.get(W + "type") == "page":
                    text += "\f"
        mark = p.find(f"{W}pPr/{W}rPr/{drop}")
        if mark is not None:
            pending = text
            continue
        lines.append(text)
        pending = ""
    return lines


def compared_text(content: bytes, *, accept: bool, note: str) -> list[str]:
    """The compared text alone: the paragraphs after the note, up to the page break."""
    lines = resolved(content, accept=accept)
    start = next(i for i, line in enumerate(lines) if line.startswith(note)) + 1
    end = lines.index("\f", start)
    return lines[start:end]


def revisions(content: bytes) -> list[tuple[str, str, str]]:
    """(kind, author, date) of every w:ins and w:del, paragraph marks included."""
    body = open_docx(BytesIO(content)).element.body
    return [
        (el.tag[len(W) :], el.get(W + "author"), el.get(W + "date"))
        for el in body.iter(W + "ins", W + "del")
    ]


def document_xml(content: bytes) -> bytes:
    """The document's text part: two renderings differ only in their ZIP timestamps."""
    with zipfile.ZipFile(BytesIO(content)) as z:
        return z.read("word/document.xml")
