"""Compile one typst template in a process of its own: `python -I typst_compile.py <template>
<font dir>`, the document's JSON on stdin, the PDF on stdout (documents/pdf_writer.py).

Why a process of its own: the typst binding memoises every layout it computes for the life
of the process and offers no way to evict it (measured: +80 MB per 1,000 table rows, never
given back), so a long-running server compiling in-process would only grow. Run as a
script with `-I`, it imports nothing but typst; it starts in well under 0.1 s."""

import sys
from pathlib import Path

import typst


def main() -> int:
    template, fonts = sys.argv[1], sys.argv[2]
    data = sys.stdin.buffer.read().decode()
    try:
        pdf = typst.compile(
            template,
            root=str(Path(template).parent),
            font_paths=typst.Fonts(
                include_system_fonts=False, include_embedded_fonts=False, font_paths=[fonts]
            ),
            sys_inputs={"data": data},
        )
    except typst.TypstError as e:
        sys.stderr.write(str(e))
        return 1
    assert isinstance(pdf, bytes)  # no output path given: the PDF is returned
    sys.stdout.buffer.write(pdf)
    return 0


if __name__ == "__main__":
    sys.exit(main())
