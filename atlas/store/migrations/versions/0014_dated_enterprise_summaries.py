"""agg_dated_*: enterprises and graduations by the month and the day they happened

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-07 01:00:00

Every enterprise figure ignored the as-of date: the summaries counted every enterprise and
graduation on record. These six tables count them by the month and by the day of their
start and graduation, per regency and batch (with sector and status; per district), so that
figures at any date are read from summaries (``atlas.store.queries``). Derived data: created
empty and filled by ``atlas setup`` (the summaries' version moved to 9).
"""

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None

_KEYS = {
    "batch": ["regency_code", "batch_id"],
    "full": ["regency_code", "batch_id", "sector", "status"],
    "district": ["district_code", "batch_id", "sector", "status"],
}
_BATCH_COVER = [
    "wave_number",
    "regency_code",
    "province_code",
    "batch_number",
    "enterprises",
    "enterprises_active",
    "graduated",
]


def _full_cover(table: str, period: str) -> dict:
    rest = ["regency_code", "province_code", "wave_number", "batch_number", "enterprises"]
    return {
        f"ix_{table}_{lead}": [lead, period, other, *rest, "graduated"]
        for lead, other in (("sector", "status"), ("status", "sector"))
    }


def _district_cover(table: str, period: str) -> dict:
    rest = ["district_code", "sector", "status", "wave_number", "batch_number", "enterprises"]
    return {f"ix_{table}_regency": ["regency_code", period, *rest, "graduated"]}


# name: (grain, period, indexes {name: columns})
_TABLES = {
    "agg_dated_batch_month": (
        "batch",
        "month",
        {
            "ix_agg_dated_batch_month_cover": ["month", *_BATCH_COVER],
            "ix_agg_dated_batch_month_regency": [
                "regency_code",
                "month",
                *(c for c in _BATCH_COVER if c != "regency_code"),
            ],
        },
    ),
    "agg_dated_batch_day": (
        "batch",
        "day",
        {"ix_agg_dated_batch_day_cover": ["day", *_BATCH_COVER]},
    ),
    "agg_dated_month": ("full", "month", _full_cover("agg_dated_month", "month")),
    "agg_dated_day": ("full", "day", _full_cover("agg_dated_day", "day")),
    "agg_dated_district_month": (
        "district",
        "month",
        _district_cover("agg_dated_district_month", "month"),
    ),
    "agg_dated_district_day": ("district", "day", _district_cover("agg_dated_district_day", "day")),
}
_TYPES = {
    "regency_code": sa.String(length=13),
    "district_code": sa.String(length=13),
    "batch_id": sa.Integer(),
    "sector": sa.String(length=20),
    "status": sa.String(length=20),
    "month": sa.Integer(),
    "day": sa.Date(),
}


def _columns(name: str, grain: str, period: str) -> list:
    keys = [*_KEYS[grain], period]
    attrs = {"batch": ["province_code", "enterprises_active"], "full": ["province_code"]}.get(
        grain, ["regency_code"]
    )
    counts = ["wave_number", "batch_number", "events", "enterprises", "graduated"]
    return [
        *(sa.Column(k, _TYPES[k], nullable=False) for k in keys),
        *(
            sa.Column(a, sa.String(length=2 if a == "province_code" else 13), nullable=False)
            if a.endswith("_code")
            else sa.Column(a, sa.Integer(), nullable=False)
            for a in attrs
        ),
        *(sa.Column(c, sa.Integer(), nullable=False) for c in counts),
        sa.PrimaryKeyConstraint(*keys, name=f"pk_{name}"),
    ]


def upgrade() -> None:
    for name, (grain, period, indexes) in _TABLES.items():
        op.create_table(name, *_columns(name, grain, period))
        for index, columns in indexes.items():
            op.create_index(index, name, columns, unique=False)


def downgrade() -> None:
    for name, (_, _, indexes) in _TABLES.items():
        for index in indexes:
            op.drop_index(index, table_name=name)
        op.drop_table(name)
