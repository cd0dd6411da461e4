"""SQLAlchemy 2.0 models: the data model of docs/DOMAIN.md ("Data model").

Raw tables (region … enterprise) hold what imports write; every written row carries the
``import_run_id`` that wrote it. The ``agg_*`` tables are summaries that the map and the
briefing read; ``atlas.store.aggregates`` rebuilds them inside the writing transaction.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

# The closed lists live in atlas.core.lists (no SQLAlchemy there); re-exported for the models' users.
from atlas.core.lists import (
    ENTERPRISE_STATUSES,
    IMPORT_KINDS,
    IMPORT_STATUSES,
    INACTIVE_STATUS,
    MODES,
    NOT_COMPLETED_STATUSES,
    ROLES,
    SECTORS,
    SEXES,
    TRAINING_STATUSES,
    USER_ROLES,
)

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

__all__ = [
    "ENTERPRISE_STATUSES",
    "IMPORT_KINDS",
    "IMPORT_STATUSES",
    "INACTIVE_STATUS",
    "MODES",
    "NOT_COMPLETED_STATUSES",
    "ROLES",
    "SECTORS",
    "SEXES",
    "TRAINING_STATUSES",
    "USER_ROLES",
]


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class Region(Base):
    __tablename__ = "region"

    code: Mapped[str] = mapped_column(String(13), primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    level: Mapped[str] = mapped_column(String(10))  # province / regency / district
    parent_code: Mapped[str | None] = mapped_column(String(13), index=True)
    kind: Mapped[str] = mapped_column(String(12))  # Provinsi / Kabupaten / Kota / Kecamatan


class ImportRun(Base):
    __tablename__ = "import_run"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))
    file_name: Mapped[str] = mapped_column(String(255))
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    user_name: Mapped[str] = mapped_column(String(80))
    created_at: Mapped[datetime] = mapped_column(DateTime)
    status: Mapped[str] = mapped_column(String(12))
    inserted: Mapped[int] = mapped_column(Integer, default=0)
    updated: Mapped[int] = mapped_column(Integer, default=0)
    unchanged: Mapped[int] = mapped_column(Integer, default=0)
    rejected: Mapped[int] = mapped_column(Integer, default=0)
    error_report: Mapped[str | None] = mapped_column(Text)
    # Cells retyped and rows dropped in the app before saving (``atlas.ingest.corrections``),
    # JSON, identifiers masked.
    corrections: Mapped[str | None] = mapped_column(Text)


class Wave(Base):
    __tablename__ = "wave"

    number: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    start_date: Mapped[date | None] = mapped_column(Date)
    end_date: Mapped[date | None] = mapped_column(Date)


class Batch(Base):
    __tablename__ = "batch"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    number: Mapped[int] = mapped_column(Integer, unique=True)
    wave_number: Mapped[int] = mapped_column(ForeignKey("wave.number"), index=True)
    start_date: Mapped[date] = mapped_column(Date)
    end_date: Mapped[date] = mapped_column(Date)
    mode: Mapped[str] = mapped_column(String(10))
    venue: Mapped[str | None] = mapped_column(String(200))
    venue_lat: Mapped[float | None] = mapped_column(Float)
    venue_lon: Mapped[float | None] = mapped_column(Float)
    import_run_id: Mapped[int | None] = mapped_column(ForeignKey("import_run.id"), index=True)


class Facilitator(Base):
    __tablename__ = "facilitator"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    official_id: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    sex: Mapped[str | None] = mapped_column(String(1))
    regency_code: Mapped[str] = mapped_column(ForeignKey("region.code"), index=True)
    role: Mapped[str] = mapped_column(String(40))
    joined_date: Mapped[date | None] = mapped_column(Date)
    import_run_id: Mapped[int | None] = mapped_column(ForeignKey("import_run.id"), index=True)


class Training(Base):
    __tablename__ = "training"
    __table_args__ = (UniqueConstraint("facilitator_id", "batch_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    facilitator_id: Mapped[int] = mapped_column(ForeignKey("facilitator.id"))
    batch_id: Mapped[int] = mapped_column(ForeignKey("batch.id"), index=True)
    status: Mapped[str] = mapped_column(String(20))
    pre_score: Mapped[float | None] = mapped_column(Float)
    post_score: Mapped[float | None] = mapped_column(Float)
    import_run_id: Mapped[int | None] = mapped_column(ForeignKey("import_run.id"), index=True)


class Enterprise(Base):
    __tablename__ = "enterprise"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    enterprise_code: Mapped[str] = mapped_column(String(40), unique=True)
    # The NIK of the KPM is never stored: a keyed hash (HMAC-SHA256) and a masked form.
    kpm_hash: Mapped[str] = mapped_column(
        String(64)
    )  # not indexed: no query reads by it (migration 0009)
    kpm_masked: Mapped[str] = mapped_column(String(16))
    name: Mapped[str] = mapped_column(String(200))
    sector: Mapped[str] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(String(20))
    regency_code: Mapped[str] = mapped_column(ForeignKey("region.code"), index=True)
    district_code: Mapped[str | None] = mapped_column(String(13))
    facilitator_id: Mapped[int | None] = mapped_column(ForeignKey("facilitator.id"), index=True)
    monthly_turnover: Mapped[int | None] = mapped_column(BigInteger)
    workers: Mapped[int | None] = mapped_column(Integer)
    start_date: Mapped[date | None] = mapped_column(Date)
    graduated: Mapped[bool] = mapped_column(Boolean, default=False)
    graduation_date: Mapped[date | None] = mapped_column(Date)
    lat: Mapped[float | None] = mapped_column(Float)
    lon: Mapped[float | None] = mapped_column(Float)
    import_run_id: Mapped[int | None] = mapped_column(ForeignKey("import_run.id"), index=True)


class AppUser(Base):
    __tablename__ = "app_user"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(80), unique=True)
    display_name: Mapped[str] = mapped_column(String(120))
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(20))
    province_code: Mapped[str | None] = mapped_column(String(2))
    # A regional centre's code (atlas.core.areas): the account's personal data stop at its
    # provinces (the country's deployment); empty for the whole deployment.
    area_code: Mapped[str | None] = mapped_column(String(16))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(DateTime)


class UserSession(Base):
    """A sign-in that outlives a browser refresh. Only the SHA-256 of the token is kept, so a
    copy of the database does not hand out sessions."""

    __tablename__ = "user_session"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("app_user.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    expires_at: Mapped[datetime] = mapped_column(DateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime)


class AuditEvent(Base):
    """Who did what, when: sign-ins (failed ones too), imports, undos, user changes, exports.

    Never personal data in ``detail``: counts, file names, filters, usernames."""

    __tablename__ = "audit_event"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime, index=True)
    actor: Mapped[str | None] = mapped_column(String(80), index=True)
    action: Mapped[str] = mapped_column(String(40))
    target: Mapped[str | None] = mapped_column(String(255))
    detail: Mapped[str | None] = mapped_column(Text)
    client: Mapped[str | None] = mapped_column(String(64), index=True)


class Meta(Base):
    """Key/value facts about the data: its version (cache key), demo flag, last import."""

    __tablename__ = "meta"

    key: Mapped[str] = mapped_column(String(40), primary_key=True)
    value: Mapped[str] = mapped_column(String(255))


class GraduationTarget(Base):
    """How many KPM families an area aims to graduate in a year (the ministry's aim for 2020:
    one million, nationally). Set by an admin, or shipped with the demo (``import_run_id``
    its run: the demo's origin, removed with it)."""

    __tablename__ = "graduation_target"
    __table_args__ = (CheckConstraint("target > 0", name="positive"),)

    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    area_code: Mapped[str] = mapped_column(String(16), primary_key=True)
    target: Mapped[int] = mapped_column(Integer)
    set_by: Mapped[str] = mapped_column(String(64))
    set_at: Mapped[datetime] = mapped_column(DateTime)
    import_run_id: Mapped[int | None] = mapped_column(ForeignKey("import_run.id"), index=True)


# ---- summary tables -------------------------------------------------------------------


class AggRoster(Base):
    """Roster size per regency: the coverage denominator."""

    __tablename__ = "agg_roster"

    regency_code: Mapped[str] = mapped_column(String(13), primary_key=True)
    province_code: Mapped[str] = mapped_column(String(2))
    facilitators: Mapped[int] = mapped_column(Integer)


class AggTraining(Base):
    """Participants per regency x batch x status (batch dates decide trained/planned)."""

    __tablename__ = "agg_training"

    regency_code: Mapped[str] = mapped_column(String(13), primary_key=True)
    batch_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    status: Mapped[str] = mapped_column(String(20), primary_key=True)
    province_code: Mapped[str] = mapped_column(String(2))
    wave_number: Mapped[int] = mapped_column(Integer)
    batch_number: Mapped[int] = mapped_column(Integer)
    start_date: Mapped[date] = mapped_column(Date)
    end_date: Mapped[date] = mapped_column(Date)
    participants: Mapped[int] = mapped_column(Integer)


class AggEnterprise(Base):
    """Enterprises per regency x batch of the accompanying facilitator x sector x status.

    ``batch_id`` 0 stands for "facilitator not (yet) in any batch" so that it can sit in
    the primary key on every engine.
    """

    __tablename__ = "agg_enterprise"
    # Covering indexes for the sector and status filters (the map's sector picker): the sums
    # of one sector are read from an eighth of the index instead of a scan of the table
    # (25 -> a few ms at 5M enterprises on SQLite).
    __table_args__ = (
        Index(
            "ix_agg_enterprise_sector",
            "sector",
            "wave_number",
            "regency_code",
            "province_code",
            "status",
            "enterprises",
            "graduated",
            "turnover_sum",
        ),
        Index(
            "ix_agg_enterprise_status",
            "status",
            "wave_number",
            "regency_code",
            "province_code",
            "sector",
            "enterprises",
            "graduated",
            "turnover_sum",
        ),
    )

    regency_code: Mapped[str] = mapped_column(String(13), primary_key=True)
    batch_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    sector: Mapped[str] = mapped_column(String(20), primary_key=True)
    status: Mapped[str] = mapped_column(String(20), primary_key=True)
    province_code: Mapped[str] = mapped_column(String(2))
    wave_number: Mapped[int] = mapped_column(Integer)  # 0 with batch_id 0
    batch_number: Mapped[int] = mapped_column(Integer)  # 0 with batch_id 0
    enterprises: Mapped[int] = mapped_column(Integer)
    graduated: Mapped[int] = mapped_column(Integer)
    turnover_sum: Mapped[int] = mapped_column(BigInteger)
    workers_sum: Mapped[int] = mapped_column(BigInteger)


# Bands of monthly turnover (IDR) for medians read from summaries: lower bounds of roughly
# logarithmic steps. Band i holds lower[i] <= turnover < lower[i + 1].
TURNOVER_BANDS = (
    0,
    1,
    100_000,
    200_000,
    300_000,
    400_000,
    500_000,
    750_000,
    1_000_000,
    1_250_000,
    1_500_000,
    2_000_000,
    2_500_000,
    3_000_000,
    4_000_000,
    5_000_000,
    6_000_000,
    7_500_000,
    10_000_000,
    15_000_000,
    25_000_000,
    50_000_000,
    100_000_000,
)


def status_column(what: str, status: str) -> str:
    """The dated summaries' column of one enterprise status: ``started_<status>`` (the
    enterprises of that status started in the cell) or ``graduated_<status>``."""
    return f"{what}_{status.replace(' ', '_')}"


STATUS_COLUMNS = tuple(
    status_column(what, s) for s in ENTERPRISE_STATUSES for what in ("started", "graduated")
)


class AggEnterpriseBatch(Base):
    """``agg_enterprise`` without sector, the statuses as columns (``STATUS_COLUMNS``): what
    the map, the briefing and the CLI read when no sector filter is set — the usual case —
    in a fraction of the rows (at 5M enterprises 2.600 rows instead of 72.000)."""

    __tablename__ = "agg_enterprise_batch"

    regency_code: Mapped[str] = mapped_column(String(13), primary_key=True)
    batch_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    province_code: Mapped[str] = mapped_column(String(2))
    wave_number: Mapped[int] = mapped_column(Integer)
    batch_number: Mapped[int] = mapped_column(Integer)
    enterprises: Mapped[int] = mapped_column(Integer)
    enterprises_active: Mapped[int] = mapped_column(Integer)
    graduated: Mapped[int] = mapped_column(Integer)
    turnover_sum: Mapped[int] = mapped_column(BigInteger)


def _with_status_columns(cls: type) -> type:
    """``cls`` with an integer column for each of ``STATUS_COLUMNS``."""
    for name in STATUS_COLUMNS:
        setattr(cls, name, mapped_column(Integer, nullable=False))
    return cls


_with_status_columns(AggEnterpriseBatch)


class AggTurnoverWave(Base):
    """``agg_turnover`` by wave instead of batch and without sector and status: the medians of
    every view without a batch, sector or status filter, from a few thousand rows."""

    __tablename__ = "agg_turnover_wave"
    # Covering, in GROUP BY order: the regency medians stream out of the index without a sort
    # (10 -> 4 ms on SQLite at 5M enterprises).
    __table_args__ = (
        Index(
            "ix_agg_turnover_wave_cover",
            "regency_code",
            "band",
            "wave_number",
            "province_code",
            "enterprises",
        ),
    )

    regency_code: Mapped[str] = mapped_column(String(13), primary_key=True)
    wave_number: Mapped[int] = mapped_column(Integer, primary_key=True)
    band: Mapped[int] = mapped_column(Integer, primary_key=True)
    province_code: Mapped[str] = mapped_column(String(2))
    enterprises: Mapped[int] = mapped_column(Integer)


class AggTurnoverRegency(Base):
    """``agg_turnover_wave`` summed over the waves: the medians of the default view (all
    waves, no filter). With each band's running total in its regency, the regency map reads
    only the band holding each regency's median (one row per regency)."""

    __tablename__ = "agg_turnover_regency"

    regency_code: Mapped[str] = mapped_column(String(13), primary_key=True)
    band: Mapped[int] = mapped_column(Integer, primary_key=True)
    province_code: Mapped[str] = mapped_column(String(2))
    enterprises: Mapped[int] = mapped_column(Integer)
    cumulative: Mapped[int] = mapped_column(Integer)  # enterprises in this band and the ones below
    regency_total: Mapped[int] = mapped_column(
        Integer
    )  # enterprises with a turnover in the regency


class AggTurnover(Base):
    """Enterprises per regency x facilitator's batch x sector x status x turnover band.

    Read only for medians (map metric, region detail); the band edges are TURNOVER_BANDS.
    """

    __tablename__ = "agg_turnover"
    # Covering, for medians of one sector (the map's sector picker with the median metric).
    __table_args__ = (
        Index(
            "ix_agg_turnover_sector",
            "sector",
            "wave_number",
            "regency_code",
            "band",
            "province_code",
            "status",
            "enterprises",
        ),
    )

    regency_code: Mapped[str] = mapped_column(String(13), primary_key=True)
    batch_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    sector: Mapped[str] = mapped_column(String(20), primary_key=True)
    status: Mapped[str] = mapped_column(String(20), primary_key=True)
    band: Mapped[int] = mapped_column(Integer, primary_key=True)
    province_code: Mapped[str] = mapped_column(String(2))
    wave_number: Mapped[int] = mapped_column(Integer)
    batch_number: Mapped[int] = mapped_column(Integer)
    enterprises: Mapped[int] = mapped_column(Integer)


class AggDistrict(Base):
    """Enterprises per district x facilitator's batch x sector x status (district level map).

    Training is recorded per regency, so the district level carries enterprise figures only.
    """

    __tablename__ = "agg_district"

    district_code: Mapped[str] = mapped_column(String(13), primary_key=True)
    batch_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    sector: Mapped[str] = mapped_column(String(20), primary_key=True)
    status: Mapped[str] = mapped_column(String(20), primary_key=True)
    regency_code: Mapped[str] = mapped_column(String(13), index=True)
    wave_number: Mapped[int] = mapped_column(Integer)
    batch_number: Mapped[int] = mapped_column(Integer)
    enterprises: Mapped[int] = mapped_column(Integer)
    graduated: Mapped[int] = mapped_column(Integer)
    turnover_sum: Mapped[int] = mapped_column(BigInteger)


class _DatedCounts:
    """What every dated summary counts in a cell (a region, a batch, and a month or a day):
    ``events``, the starts and graduations in it (a cell at zero is no cell);
    ``enterprises``, the enterprises that started in it; ``graduated``, the graduations in it;
    and the same two per status (``STATUS_COLUMNS``). Status is a column, not a key: the
    cells of one status hardly ever hold more than one enterprise, so keyed by status the
    tables were twice as long (and a status filter reads the regency × wave tables).
    An enterprise without a start date, or marked graduated without a date, counts in the
    period before every date (``NO_MONTH``, ``NO_DAY``): it counts at any as-of date."""

    events: Mapped[int] = mapped_column(Integer)
    enterprises: Mapped[int] = mapped_column(Integer)
    graduated: Mapped[int] = mapped_column(Integer)


_with_status_columns(_DatedCounts)


class _OfBatch:
    """A batch's wave and number beside its id (0 with ``batch_id`` 0: no batch)."""

    wave_number: Mapped[int] = mapped_column(Integer)
    batch_number: Mapped[int] = mapped_column(Integer)


# The keys of the four grains, first in each table (``sort_order``), before the period.
class _WaveKey:
    regency_code: Mapped[str] = mapped_column(String(13), primary_key=True, sort_order=-3)
    wave_number: Mapped[int] = mapped_column(Integer, primary_key=True, sort_order=-2)


class _BatchKey(_OfBatch):
    regency_code: Mapped[str] = mapped_column(String(13), primary_key=True, sort_order=-3)
    batch_id: Mapped[int] = mapped_column(Integer, primary_key=True, sort_order=-2)


class _SectorKey(_BatchKey):
    sector: Mapped[str] = mapped_column(String(20), primary_key=True, sort_order=-1)


class _SectorWaveKey(_WaveKey):
    sector: Mapped[str] = mapped_column(String(20), primary_key=True, sort_order=-1)


class _DistrictKey(_OfBatch):
    district_code: Mapped[str] = mapped_column(String(13), primary_key=True, sort_order=-3)
    batch_id: Mapped[int] = mapped_column(Integer, primary_key=True, sort_order=-2)
    sector: Mapped[str] = mapped_column(String(20), primary_key=True, sort_order=-1)
    regency_code: Mapped[str] = mapped_column(String(13))


# What every read of a dated summary sums, last in its covering indexes.
_SUMMED = ("enterprises", "graduated", *STATUS_COLUMNS)
# The regency × wave and × batch tables' covering columns, after the period: a view with a status
# filter reads them too (not covered, it read the table: 60 ms instead of 10 ms for the
# total at 5M enterprises; covered, a view without one reads as fast as before).
_WAVE_COVER = ("wave_number", "regency_code", "province_code", *_SUMMED)
_BATCH_COVER = ("wave_number", "regency_code", "province_code", "batch_number", *_SUMMED)


def _sector_cover(table: str, period: str, by_batch: bool = True) -> tuple[Index, ...]:
    """The cells of one sector and a range of periods from one range of the index (the
    sector filter and the breakdowns by sector, the only readers of these tables)."""
    rest = ["regency_code", "province_code", "wave_number", *(["batch_number"] * by_batch)]
    return (Index(f"ix_{table}_sector", "sector", period, *rest, *_SUMMED),)


def _district_cover(table: str, period: str) -> tuple[Index, ...]:
    """Read one regency's districts at a time."""
    rest = ["district_code", "sector", "wave_number", "batch_number"]
    return (Index(f"ix_{table}_regency", "regency_code", period, *rest, *_SUMMED),)


NO_MONTH = -1  # the month of an enterprise without a start date, a graduation without a date
NO_YEAR = -1  # the same for the year tables
NO_DAY = date(1, 1, 1)  # the same for the day tables


class AggDatedWaveMonth(_WaveKey, _DatedCounts, Base):
    """``agg_enterprise_batch`` by wave and by month of the events: the enterprises started
    and the graduations in each month (index year × 12 + month − 1). With the days of the
    as-of date's month from ``AggDatedBatchDay``, figures at any date are the all-time sums
    less what came later, or what came before, whichever reads fewer rows
    (``atlas.store.queries``): what every view without a batch or sector filter reads, in half
    the rows of the same by batch (at 5M enterprises 65.000 instead of 136.000)."""

    __tablename__ = "agg_dated_wave_month"
    # Covering, by month (the total, provinces) and by regency (the regency map: its sums
    # stream out in GROUP BY order, 20 -> 9 ms on SQLite at 5M enterprises).
    __table_args__ = (
        Index("ix_agg_dated_wave_month_cover", "month", *_WAVE_COVER),
        Index(
            "ix_agg_dated_wave_month_regency",
            "regency_code",
            "month",
            *(c for c in _WAVE_COVER if c != "regency_code"),
        ),
    )

    month: Mapped[int] = mapped_column(Integer, primary_key=True)
    province_code: Mapped[str] = mapped_column(String(2))


class AggDatedWaveYear(_WaveKey, _DatedCounts, Base):
    """``AggDatedWaveMonth`` by year: a date reads the whole years before its own from
    here and only its year's months from the months (at 5M enterprises a view at 30 Jun
    2019 read 34.000 month rows; years 2017–2018 and six months are about 10.000)."""

    __tablename__ = "agg_dated_wave_year"
    __table_args__ = (Index("ix_agg_dated_wave_year_cover", "year", *_WAVE_COVER),)

    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    province_code: Mapped[str] = mapped_column(String(2))


class AggDatedBatchMonth(_BatchKey, _DatedCounts, Base):
    """``AggDatedWaveMonth`` by batch: read with a batch filter."""

    __tablename__ = "agg_dated_batch_month"
    __table_args__ = (Index("ix_agg_dated_batch_month_cover", "month", *_BATCH_COVER),)

    month: Mapped[int] = mapped_column(Integer, primary_key=True)
    province_code: Mapped[str] = mapped_column(String(2))


class AggDatedBatchDay(_BatchKey, _DatedCounts, Base):
    """``AggDatedBatchMonth`` by day: read only for the days of the as-of date's month,
    beside the months by wave or by batch."""

    __tablename__ = "agg_dated_batch_day"
    __table_args__ = (Index("ix_agg_dated_batch_day_cover", "day", *_BATCH_COVER),)

    day: Mapped[date] = mapped_column(Date, primary_key=True)
    province_code: Mapped[str] = mapped_column(String(2))


class AggDatedSectorWaveMonth(_SectorWaveKey, _DatedCounts, Base):
    """``agg_enterprise`` by wave and by month of the events, per sector: the sector filter
    and the breakdowns by sector at an as-of date, without a batch filter. Half the rows of
    the same by batch (at 5M enterprises a view at 30 Jun 2019 read 36.000 rows of those,
    19.000 of these)."""

    __tablename__ = "agg_dated_sector_wave_month"
    __table_args__ = _sector_cover("agg_dated_sector_wave_month", "month", by_batch=False)

    month: Mapped[int] = mapped_column(Integer, primary_key=True)
    province_code: Mapped[str] = mapped_column(String(2))


class AggDatedSectorWaveYear(_SectorWaveKey, _DatedCounts, Base):
    """``AggDatedSectorWaveMonth`` by year (as ``AggDatedWaveYear``)."""

    __tablename__ = "agg_dated_sector_wave_year"
    __table_args__ = _sector_cover("agg_dated_sector_wave_year", "year", by_batch=False)

    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    province_code: Mapped[str] = mapped_column(String(2))


class AggDatedMonth(_SectorKey, _DatedCounts, Base):
    """``AggDatedSectorWaveMonth`` by batch: read with a sector and a batch filter."""

    __tablename__ = "agg_dated_month"
    __table_args__ = _sector_cover("agg_dated_month", "month")

    month: Mapped[int] = mapped_column(Integer, primary_key=True)
    province_code: Mapped[str] = mapped_column(String(2))


class AggDatedDay(_SectorKey, _DatedCounts, Base):
    """``AggDatedMonth`` by day: read only for the days of the as-of date's month."""

    __tablename__ = "agg_dated_day"
    __table_args__ = _sector_cover("agg_dated_day", "day")

    day: Mapped[date] = mapped_column(Date, primary_key=True)
    province_code: Mapped[str] = mapped_column(String(2))


class AggDatedDistrictMonth(_DistrictKey, _DatedCounts, Base):
    """``agg_district`` by month of the events (the district map at an as-of date: one
    regency's districts, read by regency)."""

    __tablename__ = "agg_dated_district_month"
    __table_args__ = _district_cover("agg_dated_district_month", "month")

    month: Mapped[int] = mapped_column(Integer, primary_key=True)


class AggDatedDistrictDay(_DistrictKey, _DatedCounts, Base):
    """``AggDatedDistrictMonth`` by day."""

    __tablename__ = "agg_dated_district_day"
    __table_args__ = _district_cover("agg_dated_district_day", "day")

    day: Mapped[date] = mapped_column(Date, primary_key=True)


class AggHistory(Base):
    """The enterprise histories of one facilitator in one regency, for the impact page: how
    many enterprises started in each month and graduated in each month (or not), packed as
    ``cells`` — a little-endian int32 array of rows (start month, graduation month, enterprises,
    graduated flag), months as year × 12 + month − 1 and −1 for none (``atlas.analysis.impact``
    packs and reads it). One row per facilitator and regency rather than one per cell:
    50.000 facilitators have 2,5 million cells, which SQLite reads in 0,2 s as blobs and in
    2–3 s as rows. ``facilitator_id`` −1: enterprises without a facilitator. Sector, status
    and district filters read the raw table instead. ``part``: a change that only adds
    enterprises to a row writes them as a part of their own (readers sum the parts as they
    sum the regencies); one that removes any merges the row at once, and a row with more
    than ``atlas.store.histories.MAX_PARTS`` parts is merged into part 0 (a full rebuild writes
    part 0 only). Every part holds real enterprises: no cell at or below zero."""

    __tablename__ = "agg_history"

    regency_code: Mapped[str] = mapped_column(String(13), primary_key=True)
    # Indexed alone for the wave filter's semi-join (PostgreSQL walked the whole primary key
    # once per facilitator of the waves: 1,1 s for waves I–IV at 50.000 facilitators).
    facilitator_id: Mapped[int] = mapped_column(Integer, primary_key=True, index=True)
    part: Mapped[int] = mapped_column(Integer, primary_key=True, default=0, server_default="0")
    province_code: Mapped[str] = mapped_column(String(2), index=True)
    cells: Mapped[bytes] = mapped_column(LargeBinary)


class RegionAlias(Base):
    """A region name as somebody wrote it, confirmed by a person as meaning ``code``."""

    __tablename__ = "region_alias"

    alias_key: Mapped[str] = mapped_column(String(200), primary_key=True)  # values.key_form
    code: Mapped[str] = mapped_column(ForeignKey("region.code"))
    confirmed_by: Mapped[str] = mapped_column(String(80))
    created_at: Mapped[datetime] = mapped_column(DateTime)


class ImportChange(Base):
    """One row an import inserted or updated, with what it was before: what undo restores."""

    __tablename__ = "import_change"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("import_run.id"), index=True)
    table_name: Mapped[str] = mapped_column(String(40))
    row_id: Mapped[int] = mapped_column(Integer)
    action: Mapped[str] = mapped_column(String(10))  # insert / update
    before: Mapped[str | None] = mapped_column(Text)  # JSON of the replaced values (update)
