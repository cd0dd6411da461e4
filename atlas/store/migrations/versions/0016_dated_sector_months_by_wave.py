"""agg_dated_sector_wave_month: the months by sector keyed by regency × wave

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-07 07:30:00

A sector filter or a breakdown by sector at an as-of date read the months by regency ×
batch × sector: at 5 million enterprises a view at 30 Jun 2019 read 36.000 of those rows
and took 20–27 ms. Keyed by regency × wave (as the months without a sector since 0015) it
reads 19.000. The table by batch stays for a sector and a batch filter together.
Derived data: created empty and filled by ``atlas setup`` (the summaries' version moved to 11).
"""

import sqlalchemy as sa
from alembic import op

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None

_TABLE = "agg_dated_sector_wave_month"
# The statuses of this revision (atlas.core.lists.ENTERPRISE_STATUSES on 2026-12-07).
_STATUSES = ("rintisan", "berkembang", "mandiri", "tidak_aktif")
_BY_STATUS = [f"{what}_{s}" for s in _STATUSES for what in ("started", "graduated")]
_KEYS = ["regency_code", "wave_number", "sector", "month"]


def upgrade() -> None:
    counts = ["events", "enterprises", "graduated", *_BY_STATUS]
    op.create_table(
        _TABLE,
        sa.Column("regency_code", sa.String(length=13), nullable=False),
        sa.Column("wave_number", sa.Integer(), nullable=False),
        sa.Column("sector", sa.String(length=20), nullable=False),
        sa.Column("month", sa.Integer(), nullable=False),
        sa.Column("province_code", sa.String(length=2), nullable=False),
        *(sa.Column(c, sa.Integer(), nullable=False) for c in counts),
        sa.PrimaryKeyConstraint(*_KEYS, name=f"pk_{_TABLE}"),
    )
    covered = ["regency_code", "province_code", "wave_number", *counts[1:]]
    op.create_index(f"ix_{_TABLE}_sector", _TABLE, ["sector", "month", *covered], unique=False)


def downgrade() -> None:
    op.drop_table(_TABLE)  # derived data; its index goes with it
