"""agg_dated_wave_year, agg_dated_sector_wave_year: the dated summaries by year

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-07 08:30:00

A view at a date in the middle of the history added up every month before it: at 5 million
enterprises about 34.000 rows by regency × wave at 30 Jun 2019 (15–20 ms on PostgreSQL).
By year, the whole years before the date's own are a row each: about 10.000 rows.
Derived data: created empty and filled by ``atlas setup`` (the summaries' version moved to 12).
"""

import sqlalchemy as sa
from alembic import op

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None

# The statuses of this revision (atlas.lists.ENTERPRISE_STATUSES on 2026-12-07).
_STATUSES = ("rintisan", "berkembang", "mandiri", "tidak_aktif")
_BY_STATUS = [f"{what}_{s}" for s in _STATUSES for what in ("started", "graduated")]
_COUNTS = ["events", "enterprises", "graduated", *_BY_STATUS]
_TABLES = {
    "agg_dated_wave_year": ["regency_code", "wave_number", "year"],
    "agg_dated_sector_wave_year": ["regency_code", "wave_number", "sector", "year"],
}
_TYPES = {
    "regency_code": sa.String(length=13),
    "wave_number": sa.Integer(),
    "sector": sa.String(length=20),
    "year": sa.Integer(),
}


def upgrade() -> None:
    for name, keys in _TABLES.items():
        op.create_table(
            name,
            *(sa.Column(k, _TYPES[k], nullable=False) for k in keys),
            sa.Column("province_code", sa.String(length=2), nullable=False),
            *(sa.Column(c, sa.Integer(), nullable=False) for c in _COUNTS),
            sa.PrimaryKeyConstraint(*keys, name=f"pk_{name}"),
        )
    summed = _COUNTS[1:]
    op.create_index(
        "ix_agg_dated_wave_year_cover",
        "agg_dated_wave_year",
        ["year", "wave_number", "regency_code", "province_code", *summed],
        unique=False,
    )
    op.create_index(
        "ix_agg_dated_sector_wave_year_sector",
        "agg_dated_sector_wave_year",
        ["sector", "year", "regency_code", "province_code", "wave_number", *summed],
        unique=False,
    )


def downgrade() -> None:
    for name in _TABLES:
        op.drop_table(name)  # derived data; its index goes with it
