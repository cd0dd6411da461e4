"""Graduation targets: how many KPM families an area aims to graduate in a year.

The ministry's aim for 2020 was one million, nationally; the demo ships it (``demo.TARGETS``).
An admin sets, changes or removes a year's target of the deployment's area or, in the
country's deployment, of a centre's; each change is audited and moves the data version, so
every cached briefing shows it at once.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Engine, delete, insert, select

from atlas.core import areas
from atlas.core.access import Denied, Principal
from atlas.store import audit, db
from atlas.store.models import GraduationTarget

YEARS = range(2015, 2046)  # a target's year: the programme's years, and some to come
MOST = 20_000_000  # families: twice PKH's 10 million, to catch a digit typed too many


class TargetRefused(ValueError):
    """A target that cannot be stored; ``key`` and ``params``: the message (i18n)."""

    def __init__(self, key: str, **params: object) -> None:
        super().__init__(key)
        self.key, self.params = key, params


def settable_areas() -> tuple[areas.Area, ...]:
    """The areas an admin of this deployment sets targets for: its own and, in the
    country's deployment, each centre's."""
    here = areas.current()
    return (here, *areas.CENTRES) if here.national else (here,)


def listed(source: db.Source) -> list[dict]:
    """Every target (year, area_code, target, set_by, set_at, demo), newest year first."""
    t = GraduationTarget
    query = select(t.year, t.area_code, t.target, t.set_by, t.set_at, t.import_run_id)
    with db.reading(source) as conn:
        rows = conn.execute(query.order_by(t.year.desc(), t.area_code)).all()
    fields = ("year", "area_code", "target", "set_by", "set_at")
    return [
        {k: getattr(r, k) for k in fields} | {"demo": r.import_run_id is not None} for r in rows
    ]


def of_year(source: db.Source, year: int) -> dict[str, int]:
    """A year's targets by area code."""
    t = GraduationTarget
    with db.reading(source) as conn:
        return dict(conn.execute(select(t.area_code, t.target).where(t.year == year)).all())


def _checked(year: int, area: str, target: int) -> None:
    if year not in YEARS:
        raise TargetRefused("target.bad_year", first=YEARS[0], last=YEARS[-1])
    if area not in {a.code for a in settable_areas()}:
        raise TargetRefused("target.bad_area", area=area)
    if not 0 < target <= MOST:
        raise TargetRefused("target.bad_number", most=MOST)


def set_target(
    engine: Engine, year: int, area: str, target: int, *, actor: Principal, client: str | None
) -> None:
    """Store (or replace) ``area``'s target for ``year``: an admin's, no longer the demo's."""
    if not actor.may_administer():
        raise Denied("auth.admin_only")
    _checked(year, area, target)
    now = datetime.now().replace(microsecond=0)
    row = {"year": year, "area_code": area, "target": target}
    with engine.begin() as conn:
        key = (GraduationTarget.year == year, GraduationTarget.area_code == area)
        conn.execute(delete(GraduationTarget).where(*key))
        conn.execute(
            insert(GraduationTarget).values(**row, set_by=actor.username or "", set_at=now)
        )
        db.bump_data_version(conn)
        detail = {"year": year, "area": area, "target": target}
        audit.record(conn, "target_set", actor, target=area, detail=detail, client=client)


def remove_target(
    engine: Engine, year: int, area: str, *, actor: Principal, client: str | None
) -> bool:
    """Remove ``area``'s target for ``year``; False when there was none."""
    if not actor.may_administer():
        raise Denied("auth.admin_only")
    with engine.begin() as conn:
        key = (GraduationTarget.year == year, GraduationTarget.area_code == area)
        gone = conn.execute(delete(GraduationTarget).where(*key)).rowcount
        if gone:
            db.bump_data_version(conn)
            detail = {"year": year, "area": area}
            audit.record(conn, "target_removed", actor, target=area, detail=detail, client=client)
    return bool(gone)
