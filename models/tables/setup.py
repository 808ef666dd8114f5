from datetime import datetime

from sqlalchemy import CheckConstraint
from sqlmodel import Field, SQLModel


class SetupMark(SQLModel, table=True):
    """The first run's one row: the page /setup inserts it in the transaction that creates
    the first administrator. Its key can only be 1, so of two concurrent setups the second
    insert fails on the primary key and creates no second administrator."""

    __table_args__ = (CheckConstraint("id = 1", name="ck_setupmark_single"),)

    id: int = Field(default=1, primary_key=True, sa_column_kwargs={"autoincrement": False})
    admin_id: int = Field(foreign_key="user.id")
    done_at: datetime
