"""agg_history: each facilitator's enterprise histories per regency, for the impact page

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-04 16:30:00

The impact page grouped every enterprise of the selection by facilitator, start month and
graduation month on each cold view (20 s on SQLite at 5 million enterprises); the summary
keeps those counts, refreshed with the other summary tables (``atlas.store.aggregates``).
"""

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "agg_history",
        sa.Column("regency_code", sa.String(length=13), nullable=False),
        sa.Column("facilitator_id", sa.Integer(), nullable=False),
        sa.Column("province_code", sa.String(length=2), nullable=False),
        sa.Column("cells", sa.LargeBinary(), nullable=False),
        sa.PrimaryKeyConstraint("regency_code", "facilitator_id", name=op.f("pk_agg_history")),
    )
    with op.batch_alter_table("agg_history", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_agg_history_facilitator_id"), ["facilitator_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_agg_history_province_code"), ["province_code"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("agg_history", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_agg_history_province_code"))
        batch_op.drop_index(batch_op.f("ix_agg_history_facilitator_id"))
    op.drop_table("agg_history")
