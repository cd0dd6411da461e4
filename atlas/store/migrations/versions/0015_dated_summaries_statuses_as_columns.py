"""agg_dated_*: the enterprise status as columns instead of a key; months by wave

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-07 05:30:00

Keyed by status, the dated summaries' cells hardly ever held more than one enterprise: the
tables by sector and by district were nearly as long as the enterprise table (3 million
rows each at 5 million enterprises), slow to keep during an import and to read with a
sector filter. The status becomes columns (``started_<status>``, ``graduated_<status>``)
of every dated table, and of agg_enterprise_batch (the all-time figures without sector: a
status filter read the 28 times longer agg_enterprise). A new table,
``agg_dated_wave_month``, counts by regency × wave what views without a batch or sector
filter read, in half the rows of the same by batch.
Derived data: the tables are dropped and created again, empty, and filled by ``atlas
setup`` (the summaries' version moved to 10).
"""

import importlib.util
from pathlib import Path

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None

# The statuses of this revision (atlas.core.lists.ENTERPRISE_STATUSES on 2026-12-07).
_STATUSES = ("rintisan", "berkembang", "mandiri", "tidak_aktif")
_BY_STATUS = [f"{what}_{s}" for s in _STATUSES for what in ("started", "graduated")]
_SUMMED = ["enterprises", "graduated", *_BY_STATUS]
_WAVE_COVER = ["wave_number", "regency_code", "province_code", *_SUMMED]
_BATCH_COVER = ["wave_number", "regency_code", "province_code", "batch_number", *_SUMMED]
_KEYS = {
    "wave": ["regency_code", "wave_number"],
    "batch": ["regency_code", "batch_id"],
    "sector": ["regency_code", "batch_id", "sector"],
    "district": ["district_code", "batch_id", "sector"],
}
_ATTRS = {
    "wave": ["province_code"],
    "batch": ["province_code", "wave_number", "batch_number"],
    "sector": ["province_code", "wave_number", "batch_number"],
    "district": ["regency_code", "wave_number", "batch_number"],
}


def _indexes(table: str, grain: str, period: str) -> dict:
    if grain == "wave":
        return {
            f"ix_{table}_cover": ["month", *_WAVE_COVER],
            f"ix_{table}_regency": [
                "regency_code",
                "month",
                *(c for c in _WAVE_COVER if c != "regency_code"),
            ],
        }
    if grain == "batch":
        return {f"ix_{table}_cover": [period, *_BATCH_COVER]}
    if grain == "sector":
        rest = ["regency_code", "province_code", "wave_number", "batch_number"]
        return {f"ix_{table}_sector": ["sector", period, *rest, *_SUMMED]}
    rest = ["district_code", "sector", "wave_number", "batch_number"]
    return {f"ix_{table}_regency": ["regency_code", period, *rest, *_SUMMED]}


_DROPPED = (
    "agg_dated_batch_month",
    "agg_dated_batch_day",
    "agg_dated_month",
    "agg_dated_day",
    "agg_dated_district_month",
    "agg_dated_district_day",
)
_TABLES = {
    "agg_dated_wave_month": ("wave", "month"),
    "agg_dated_batch_month": ("batch", "month"),
    "agg_dated_batch_day": ("batch", "day"),
    "agg_dated_month": ("sector", "month"),
    "agg_dated_day": ("sector", "day"),
    "agg_dated_district_month": ("district", "month"),
    "agg_dated_district_day": ("district", "day"),
}
_TYPES = {
    "regency_code": sa.String(length=13),
    "district_code": sa.String(length=13),
    "province_code": sa.String(length=2),
    "batch_id": sa.Integer(),
    "wave_number": sa.Integer(),
    "batch_number": sa.Integer(),
    "sector": sa.String(length=20),
    "month": sa.Integer(),
    "day": sa.Date(),
}


def _columns(name: str, grain: str, period: str) -> list:
    keys = [*_KEYS[grain], period]
    counts = ["events", "enterprises", "graduated", *_BY_STATUS]
    return [
        *(sa.Column(k, _TYPES[k], nullable=False) for k in keys),
        *(sa.Column(a, _TYPES[a], nullable=False) for a in _ATTRS[grain]),
        *(sa.Column(c, sa.Integer(), nullable=False) for c in counts),
        sa.PrimaryKeyConstraint(*keys, name=f"pk_{name}"),
    ]


def _enterprise_batch(by_status: list[str]) -> None:
    """agg_enterprise_batch (revision 0005's) with ``by_status`` columns, empty."""
    op.drop_table("agg_enterprise_batch")
    op.create_table(
        "agg_enterprise_batch",
        *(
            sa.Column(k, _TYPES[k], nullable=False)
            for k in ("regency_code", "batch_id", "province_code", "wave_number", "batch_number")
        ),
        *(
            sa.Column(c, sa.Integer(), nullable=False)
            for c in ("enterprises", "enterprises_active", "graduated")
        ),
        sa.Column("turnover_sum", sa.BigInteger(), nullable=False),
        *(sa.Column(c, sa.Integer(), nullable=False) for c in by_status),
        sa.PrimaryKeyConstraint("regency_code", "batch_id", name="pk_agg_enterprise_batch"),
    )


def upgrade() -> None:
    _enterprise_batch(_BY_STATUS)
    for name in _DROPPED:
        op.drop_table(name)  # derived data; its indexes go with it
    for name, (grain, period) in _TABLES.items():
        op.create_table(name, *_columns(name, grain, period))
        for index, columns in _indexes(name, grain, period).items():
            op.create_index(index, name, columns, unique=False)


def downgrade() -> None:
    # Back to revision 0014's tables, empty (derived data: setup at that version fills them).
    _enterprise_batch([])
    for name in _TABLES:
        op.drop_table(name)
    path = Path(__file__).with_name("0014_dated_enterprise_summaries.py")
    spec = importlib.util.spec_from_file_location("revision_0014", path)
    previous = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(previous)
    previous.upgrade()
