"""Where the data came from: the demo generator or people's imports.

Every row carries its origin: the import run that wrote it (``import_run_id``), whose kind is
"demo" for the generator's rows. Two questions follow, asked of the runs, never guessed from
the figures:

* ``demo_rows``: do the figures still include the demo's rows? While they do, every page,
  export page and slide carries the "illustrative" mark, real rows beside them or not.
* ``status_date``: the day of the latest upload of enterprises that stands. An enterprise's
  status and turnover are that upload's whatever the as-of date, and say so when the date
  is earlier (``labels.status_note``).
* ``only_demo``: is the demo all there is? ``ATLAS_PUBLIC_ACCESS=auto`` opens the aggregate
  pages only then. An import of people's data ends it in its own transaction; undoing the
  last such import brings it back, exactly as before that import.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import Connection, exists, func, select

from atlas.store.models import ImportRun

COMMITTED = "committed"


def demo_rows(conn: Connection) -> bool:
    """A committed demo run exists (its rows are kept until the demo is removed)."""
    demo = select(ImportRun.id).where(ImportRun.kind == "demo", ImportRun.status == COMMITTED)
    return bool(conn.execute(select(exists(demo))).scalar())


def only_demo(conn: Connection) -> bool:
    """The demo's rows are there and no import of people's data stands (none, or all
    undone)."""
    real = select(ImportRun.id).where(ImportRun.kind != "demo", ImportRun.status == COMMITTED)
    return demo_rows(conn) and not conn.execute(select(exists(real))).scalar()


def status_date(conn: Connection) -> date | None:
    """The day of the latest committed upload of enterprises (an import, or the demo's)."""
    latest = select(func.max(ImportRun.created_at)).where(
        ImportRun.kind.in_(("enterprises", "demo")), ImportRun.status == COMMITTED
    )
    value = conn.execute(latest).scalar()
    return value.date() if value else None
