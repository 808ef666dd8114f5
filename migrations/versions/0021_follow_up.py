"""follow-up after issuance (issue 12): plans, periods, unit reports and their figures, files,
reminders, đôn đốc letters, briefings, review reports; unit validity and successor

Revision ID: 0021
Revises: 0020
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlmodel.sql.sqltypes import AutoString, UTCDateTime

revision: str = "0021"
down_revision: str | None = "0020"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "briefing",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("directive_id", sa.Integer(), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("held_on", sa.Date(), nullable=False),
        sa.Column("chair", AutoString(length=200), nullable=False),
        sa.Column("participants", AutoString(length=2000), nullable=False),
        sa.Column("issues", AutoString(), nullable=False),
        sa.Column("minutes_path", AutoString(length=200), nullable=False),
        sa.Column("minutes_name", AutoString(length=255), nullable=False),
        sa.Column("minutes_sha256", AutoString(length=64), nullable=False),
        sa.Column("recorded_at", UTCDateTime(), nullable=False),
        sa.Column("recorded_by", AutoString(length=80), nullable=False),
        sa.ForeignKeyConstraint(
            ["directive_id"],
            ["directive.id"],
        ),
        sa.ForeignKeyConstraint(
            ["unit_id"],
            ["unit.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("briefing", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_briefing_directive_id"), ["directive_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_briefing_unit_id"), ["unit_id"], unique=False)

    op.create_table(
        "followupplan",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("directive_id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("cadence", sa.JSON(), nullable=False),
        sa.Column("first_year", sa.Integer(), nullable=False),
        sa.Column("last_year", sa.Integer(), nullable=False),
        sa.Column("report_to_id", sa.Integer(), nullable=False),
        sa.Column("reporting_unit_ids", sa.JSON(), nullable=False),
        sa.Column("indicators", sa.JSON(), nullable=False),
        sa.Column("sections", sa.JSON(), nullable=False),
        sa.Column("cutoff_day", sa.Integer(), nullable=False),
        sa.Column("due_working_days", sa.Integer(), nullable=False),
        sa.Column("reminder_before", sa.JSON(), nullable=False),
        sa.Column("reminder_after", sa.JSON(), nullable=False),
        sa.Column("don_doc_after_days", sa.Integer(), nullable=False),
        sa.Column("briefings", sa.JSON(), nullable=False),
        sa.Column("so_ket_year", sa.Integer(), nullable=True),
        sa.Column("tong_ket_year", sa.Integer(), nullable=True),
        sa.Column("note", AutoString(length=2000), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("created_by", AutoString(length=80), nullable=False),
        sa.ForeignKeyConstraint(
            ["directive_id"],
            ["directive.id"],
        ),
        sa.ForeignKeyConstraint(
            ["report_to_id"],
            ["unit.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("directive_id", "version"),
    )
    with op.batch_alter_table("followupplan", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_followupplan_directive_id"), ["directive_id"], unique=False
        )

    op.create_table(
        "reportperiod",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("directive_id", sa.Integer(), nullable=False),
        sa.Column("plan_version", sa.Integer(), nullable=False),
        sa.Column("key", AutoString(length=40), nullable=False),
        sa.Column("kind", AutoString(length=20), nullable=False),
        sa.Column("purpose", sa.String(length=12), nullable=False),
        sa.Column("label", AutoString(length=100), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("cutoff_on", sa.Date(), nullable=False),
        sa.Column("opens_on", sa.Date(), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("opened_at", UTCDateTime(), nullable=True),
        sa.Column("closed_at", UTCDateTime(), nullable=True),
        sa.Column("plan_number", AutoString(length=40), nullable=False),
        sa.Column("plan_date", sa.Date(), nullable=True),
        sa.Column("outline", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["directive_id"],
            ["directive.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("directive_id", "key"),
    )
    with op.batch_alter_table("reportperiod", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_reportperiod_directive_id"), ["directive_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_reportperiod_status"), ["status"], unique=False)

    op.create_table(
        "dondocletter",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("directive_id", sa.Integer(), nullable=False),
        sa.Column("period_id", sa.Integer(), nullable=False),
        sa.Column("number", AutoString(length=40), nullable=False),
        sa.Column("register_entry_id", sa.Integer(), nullable=True),
        sa.Column("letter_date", sa.Date(), nullable=False),
        sa.Column("unit_ids", sa.JSON(), nullable=False),
        sa.Column("signature", sa.JSON(), nullable=False),
        sa.Column("signer_name", AutoString(length=200), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("created_by", AutoString(length=80), nullable=False),
        sa.ForeignKeyConstraint(
            ["directive_id"],
            ["directive.id"],
        ),
        sa.ForeignKeyConstraint(
            ["period_id"],
            ["reportperiod.id"],
        ),
        sa.ForeignKeyConstraint(
            ["register_entry_id"],
            ["registerentry.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("dondocletter", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_dondocletter_directive_id"), ["directive_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_dondocletter_period_id"), ["period_id"], unique=True)

    op.create_table(
        "reviewreport",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("period_id", sa.Integer(), nullable=False),
        sa.Column("number", AutoString(length=40), nullable=False),
        sa.Column("register_entry_id", sa.Integer(), nullable=True),
        sa.Column("report_date", sa.Date(), nullable=True),
        sa.Column("prose", sa.JSON(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=True),
        sa.Column("updated_by", AutoString(length=80), nullable=False),
        sa.ForeignKeyConstraint(
            ["period_id"],
            ["reportperiod.id"],
        ),
        sa.ForeignKeyConstraint(
            ["register_entry_id"],
            ["registerentry.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("period_id"),
    )
    op.create_table(
        "unitreport",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("period_id", sa.Integer(), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("token_hash", AutoString(length=64), nullable=False),
        sa.Column("token_nonce", AutoString(length=64), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("sent_at", UTCDateTime(), nullable=True),
        sa.Column("sent_to", AutoString(length=320), nullable=True),
        sa.Column("opened_at", UTCDateTime(), nullable=True),
        sa.Column("saved_at", UTCDateTime(), nullable=True),
        sa.Column("submitted_at", UTCDateTime(), nullable=True),
        sa.Column("first_submitted_at", UTCDateTime(), nullable=True),
        sa.Column("returned_at", UTCDateTime(), nullable=True),
        sa.Column("return_reason", AutoString(length=2000), nullable=False),
        sa.Column("returns", sa.Integer(), nullable=False),
        sa.Column("exempt_reason", AutoString(length=2000), nullable=False),
        sa.Column("number", AutoString(length=40), nullable=False),
        sa.Column("report_date", sa.Date(), nullable=True),
        sa.Column("narrative", sa.JSON(), nullable=False),
        sa.Column("source", sa.String(length=10), nullable=False),
        sa.Column("entered_by", AutoString(length=80), nullable=False),
        sa.Column("revoked_at", UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["period_id"],
            ["reportperiod.id"],
        ),
        sa.ForeignKeyConstraint(
            ["unit_id"],
            ["unit.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("period_id", "unit_id"),
        sa.UniqueConstraint("token_hash"),
    )
    with op.batch_alter_table("unitreport", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_unitreport_period_id"), ["period_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_unitreport_status"), ["status"], unique=False)
        batch_op.create_index(batch_op.f("ix_unitreport_unit_id"), ["unit_id"], unique=False)

    op.create_table(
        "reportfigure",
        sa.Column("report_id", sa.Integer(), nullable=False),
        sa.Column("code", AutoString(length=40), nullable=False),
        sa.Column("value", sa.Float(), nullable=False),
        sa.Column("note", AutoString(length=500), nullable=False),
        sa.ForeignKeyConstraint(
            ["report_id"],
            ["unitreport.id"],
        ),
        sa.PrimaryKeyConstraint("report_id", "code"),
    )
    op.create_table(
        "reportfile",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("report_id", sa.Integer(), nullable=False),
        sa.Column("stored_path", AutoString(length=200), nullable=False),
        sa.Column("original_name", AutoString(length=255), nullable=False),
        sa.Column("mime", AutoString(length=100), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("sha256", AutoString(length=64), nullable=False),
        sa.Column("uploaded_at", UTCDateTime(), nullable=False),
        sa.Column("uploaded_by", AutoString(length=80), nullable=False),
        sa.ForeignKeyConstraint(
            ["report_id"],
            ["unitreport.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("stored_path"),
    )
    with op.batch_alter_table("reportfile", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_reportfile_report_id"), ["report_id"], unique=False)

    op.create_table(
        "reportreminder",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("report_id", sa.Integer(), nullable=False),
        sa.Column("sent_on", sa.Date(), nullable=False),
        sa.Column("offset_days", sa.Integer(), nullable=False),
        sa.Column("queued_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["report_id"],
            ["unitreport.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("report_id", "sent_on"),
    )
    with op.batch_alter_table("reportreminder", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_reportreminder_report_id"), ["report_id"], unique=False
        )

    # Plain ALTER TABLE … ADD COLUMN (no batch copy): SQLite cannot recreate "unit" while
    # every other table points at its rows (as 0011 did for "round").
    op.add_column("unit", sa.Column("valid_from", sa.Date(), nullable=True))
    op.add_column("unit", sa.Column("valid_to", sa.Date(), nullable=True))
    if op.get_bind().dialect.name == "sqlite":
        op.execute("ALTER TABLE unit ADD COLUMN successor_id INTEGER REFERENCES unit (id)")
    else:
        op.add_column("unit", sa.Column("successor_id", sa.Integer(), nullable=True))
        op.create_foreign_key("fk_unit_successor_id_unit", "unit", "unit", ["successor_id"], ["id"])


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        # SQLite (3.35+) drops a plain column in place; the inline REFERENCES goes with it.
        op.execute("ALTER TABLE unit DROP COLUMN successor_id")
    else:
        op.drop_constraint("fk_unit_successor_id_unit", "unit", type_="foreignkey")
        op.drop_column("unit", "successor_id")
    op.drop_column("unit", "valid_to")
    op.drop_column("unit", "valid_from")

    with op.batch_alter_table("reportreminder", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_reportreminder_report_id"))

    op.drop_table("reportreminder")
    with op.batch_alter_table("reportfile", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_reportfile_report_id"))

    op.drop_table("reportfile")
    op.drop_table("reportfigure")
    with op.batch_alter_table("unitreport", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_unitreport_unit_id"))
        batch_op.drop_index(batch_op.f("ix_unitreport_status"))
        batch_op.drop_index(batch_op.f("ix_unitreport_period_id"))

    op.drop_table("unitreport")
    op.drop_table("reviewreport")
    with op.batch_alter_table("dondocletter", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_dondocletter_period_id"))
        batch_op.drop_index(batch_op.f("ix_dondocletter_directive_id"))

    op.drop_table("dondocletter")
    with op.batch_alter_table("reportperiod", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_reportperiod_status"))
        batch_op.drop_index(batch_op.f("ix_reportperiod_directive_id"))

    op.drop_table("reportperiod")
    with op.batch_alter_table("followupplan", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_followupplan_directive_id"))

    op.drop_table("followupplan")
    with op.batch_alter_table("briefing", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_briefing_unit_id"))
        batch_op.drop_index(batch_op.f("ix_briefing_directive_id"))

    op.drop_table("briefing")
