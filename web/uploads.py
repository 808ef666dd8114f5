"""Text out of an uploaded draft: plain text, Markdown or .docx (python-docx)."""

import io

from models.errors import Invalid

MAX_UPLOAD = 10 * 1024 * 1024


def draft_text(filename: str, data: bytes) -> str:
    """The draft's text, one paragraph a line; Markdown keeps its text (headings lose '#'
    when split into sections). Anything else is refused with a Vietnamese message."""
    name = filename.lower()
    if len(data) > MAX_UPLOAD:
        raise Invalid("Tệp quá lớn (tối đa 10 MB).", field="file")
    if name.endswith(".docx"):
        import docx

        try:
            document = docx.Document(io.BytesIO(data))
        except Exception as exc:  # python-docx raises several kinds on a broken file
            raise Invalid("Không đọc được tệp .docx này.", field="file") from exc
        return "\n".join(p.text for p in document.paragraphs)
    if name.endswith((".txt", ".md", ".markdown")):
        for encoding in ("utf-8-sig", "utf-16"):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError:
                continue
        raise Invalid("Tệp văn bản phải được lưu theo bảng mã UTF-8.", field="file")
    raise Invalid("Chỉ nhận tệp .txt, .md hoặc .docx.", field="file")
