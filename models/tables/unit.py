from datetime import date

from sqlmodel import Field, SQLModel


class Unit(SQLModel, table=True):
    """A body in the tree of any depth: consulted units, drafting and issuing bodies alike."""

    id: int | None = Field(default=None, primary_key=True)
    parent_id: int | None = Field(default=None, foreign_key="unit.id", index=True)
    name: str = Field(max_length=300)
    # Issuer symbol when the body issues documents: TU, BDVTU, HU, ĐUK …
    symbol: str | None = Field(default=None, max_length=20)
    # Free classification used to pick recipients: ban-dang, chinh-quyen, mat-tran, doan-the,
    # huyen-uy, dang-uy-truc-thuoc … (data, not fixed levels).
    category: str = Field(default="", max_length=40, index=True)
    email: str = Field(default="", max_length=320)
    # Header line above the issuer in documents ("ĐẢNG BỘ TỈNH BÌNH PHƯỚC") and the place.
    superior: str = Field(default="", max_length=300)
    place: str = Field(default="", max_length=100)
    active: bool = True
    # The drafting body that owns (and alone edits) this unit; None: a shared, province-wide
    # unit that only administrators edit (models/policy.py).
    owner_id: int | None = Field(default=None, foreign_key="unit.id", index=True)
    search: str = Field(default="", max_length=300, index=True)
    # Units change over time (the 2025 reorganisation abolished district-level units): a unit
    # exists from `valid_from` to `valid_to` (None: open-ended) and its duties pass to
    # `successor_id`; a period asks the units valid then, and history keeps the old names.
    valid_from: date | None = None
    valid_to: date | None = None
    successor_id: int | None = Field(default=None, foreign_key="unit.id")
