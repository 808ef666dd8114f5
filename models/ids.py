"""A stored row's primary key, for code that holds the row after its insert.

Tables declare `id: int | None` because a row has no key until it is flushed; once it is
stored the key is there, and `id_of(row)` says so to the type checker instead of an ignore.
"""

from typing import Protocol


class _Stored(Protocol):
    @property
    def id(self) -> int | None: ...


def id_of(row: _Stored) -> int:
    if row.id is None:
        raise ValueError(f"{type(row).__name__} has no id: it was never flushed")
    return row.id
