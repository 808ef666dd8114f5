"""What a test needs to find before it can go on: a pattern in a page, a stored row.

Each fails the test with an AssertionError that says what was missing (instead of an
AttributeError on None), and gives the type checker the value without the Optional.
"""

import re
from typing import TypeVar

from sqlmodel import Session

_Row = TypeVar("_Row")


def group(pattern: str | re.Pattern[str], text: str, flags: int = 0) -> str:
    """Group 1 of `pattern`'s first match in `text`."""
    found = re.search(pattern, text, flags)
    assert found, f"{pattern!r} not found"
    return found.group(1)


def stored(session: Session, model: type[_Row], ident: object) -> _Row:
    """The `model` row with primary key `ident`."""
    row = session.get(model, ident)
    assert row is not None, f"no {model.__name__} {ident!r}"
    return row
