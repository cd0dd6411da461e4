"""agg_history.part: imports and undos add their cells as parts, merged later

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-04 23:00:00

An import read, added to and rewrote the history row of every facilitator it touched (at 5
million enterprises a 100.000-row file rewrote 70 MB of blobs); it now writes its own cells
as a new part of each row, and readers sum the parts. The table is derived data: recreated
with the part in its primary key, and filled again by ``atlas setup`` (the summaries'
version moved to 8).
"""

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def _drop() -> None:
    with op.batch_alter_table("agg_history", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_agg_history_province_code"))
        batch_op.drop_index(batch_op.f("ix_agg_history_facilitator_id"))
    op.drop_table("agg_history")


def _create(with_part: bool) -> None:
    key = ["regency_code", "facilitator_id"] + (["part"] if with_part else [])
    op.create_table(
        "agg_history",
        sa.Column("regency_code", sa.String(length=13), nullable=False),
        sa.Column("facilitator_id", sa.Integer(), nullable=False),
        *(
            [sa.Column("part", sa.Integer(), server_default="0", nullable=False)]
            if with_part
            else []
        ),
        sa.Column("province_code", sa.String(length=2), nullable=False),
        sa.Column("cells", sa.LargeBinary(), nullable=False),
        sa.PrimaryKeyConstraint(*key, name=op.f("pk_agg_history")),
    )
    with op.batch_alter_table("agg_history", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_agg_history_facilitator_id"), ["facilitator_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_agg_history_province_code"), ["province_code"], unique=False
        )


def upgrade() -> None:
    _drop()
    _create(with_part=True)


def downgrade() -> None:
    _drop()
    _create(with_part=False)
