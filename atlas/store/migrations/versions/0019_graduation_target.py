"""graduation_target: how many KPM families an area aims to graduate in a year

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-07 23:30:00

Set by an admin (audited) or shipped with the demo (import_run_id: the demo's run). The
briefing shows the year's graduations against the target of the deployment's area.
"""

import sqlalchemy as sa
from alembic import op

revision = "0019"
down_revision = "0018"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "graduation_target",
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("area_code", sa.String(length=16), nullable=False),
        sa.Column("target", sa.Integer(), nullable=False),
        sa.Column("set_by", sa.String(length=64), nullable=False),
        sa.Column("set_at", sa.DateTime(), nullable=False),
        sa.Column("import_run_id", sa.Integer(), nullable=True),
        sa.CheckConstraint("target > 0", name="ck_graduation_target_positive"),
        sa.ForeignKeyConstraint(
            ["import_run_id"],
            ["import_run.id"],
            name="fk_graduation_target_import_run_id_import_run",
        ),
        sa.PrimaryKeyConstraint("year", "area_code", name="pk_graduation_target"),
    )
    op.create_index(
        "ix_graduation_target_import_run_id", "graduation_target", ["import_run_id"], unique=False
    )


def downgrade() -> None:
    op.drop_index("ix_graduation_target_import_run_id", table_name="graduation_target")
    op.drop_table("graduation_target")
