"""What the admin page shows, in the admin's language: the accounts, the audit log (one
action or all), the public-access setting, the graduation targets and the settings as they
are (secrets masked). The page draws it and sends account changes to ``atlas.web.auth``,
targets to ``atlas.store.targets``."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import pandas as pd

from atlas.core import areas, config
from atlas.core.access import ROLES
from atlas.core.i18n import fmt_datetime, fmt_int, t
from atlas.core.labels import role_label
from atlas.core.regions import level_of
from atlas.store import audit, lookups, site_settings, targets

if TYPE_CHECKING:
    from sqlalchemy import Engine

set_public_access = site_settings.set_public_access
set_target, remove_target = targets.set_target, targets.remove_target
TargetRefused = targets.TargetRefused


@dataclass(frozen=True)
class AdminScreen:
    users: list[dict]  # as stored: the forms read a picked account's role and province
    users_table: pd.DataFrame  # shown: labels in the user's language, headers translated
    roles: dict[str, str]  # role -> label, in the order the lists offer them
    provinces: dict[str, str]  # code -> name
    # The regional centres an account may be scoped to: only in the country's deployment
    # (a centre's own serves one area, so every account is that area's).
    centres: dict[str, str]
    actions: dict[str, str]  # audit action -> label ("" for all)
    audit_table: pd.DataFrame  # the latest events of the chosen action, headers translated
    public_access: str  # yes / no / auto, as chosen now
    public_options: dict[str, str]  # choice -> label
    settings_table: pd.DataFrame  # every documented setting, secrets as •••
    targets_table: pd.DataFrame  # the graduation targets, newest year first
    target_areas: dict[str, str]  # the areas a target may be set for: code -> title
    target_keys: dict[str, str]  # "2020|nasional" -> "2020 · Nasional": the targets set


def build(engine: Engine, users: list[dict], lang: str, action: str | None) -> AdminScreen:
    """``users``: the accounts (``atlas.web.auth.list_users``); ``action``: the audit log's
    filter (None: every action)."""
    names = lookups.region_names(engine)
    provinces = {code: name for code, name in names.items() if level_of(code) == "province"}
    provinces = {c: n for c, n in provinces.items() if c in areas.current().provinces}
    centres = {a.code: a.title for a in areas.CENTRES}
    centres = centres if areas.current().national else {}
    return AdminScreen(
        users=users,
        users_table=_users_table(users, provinces, lang, centres),
        roles={r: role_label(r, lang) for r in ROLES},
        provinces=provinces,
        centres=centres,
        actions={"": "–"} | {a: t(f"audit.{a}", lang) for a in audit.ACTIONS},
        audit_table=_audit_table(audit.recent(engine, action=action or None), lang),
        public_access=site_settings.public_access(lookups.page_meta(engine)),
        public_options={o: t(f"admin.public.{o}", lang) for o in config.PUBLIC_ACCESS},
        settings_table=_settings_table(lang),
        **_targets(engine, lang),
    )


def _headed(df: pd.DataFrame, lang: str) -> pd.DataFrame:
    return df.rename(columns={c: t(f"admin.col.{c}", lang) for c in df.columns})


def _users_table(
    users: list[dict], provinces: dict[str, str], lang: str, centres: dict[str, str]
) -> pd.DataFrame:
    df = pd.DataFrame(users)
    if df.empty:
        return df
    df["role"] = df.role.map(lambda r: role_label(r, lang))
    df["province_code"] = df.province_code.map(lambda c: provinces.get(c, "") if c else "")
    if centres:
        df["area_code"] = df.area_code.map(lambda c: centres.get(c, "") if c else "")
    else:
        df = df.drop(columns="area_code")
    df["created_at"] = [fmt_datetime(v, lang) for v in df.created_at]
    return _headed(df, lang)


def _audit_table(events: list[dict], lang: str) -> pd.DataFrame:
    if not events:
        return pd.DataFrame()
    rows = [
        e
        | {
            "at": fmt_datetime(e["at"], lang),
            "action": t(f"audit.{e['action']}", lang),
            "detail": audit.detail_text(e["detail"]),
        }
        for e in events
    ]
    return _headed(pd.DataFrame(rows).drop(columns=["id"]), lang).fillna("")


def _settings_table(lang: str) -> pd.DataFrame:
    shown = [{"name": s.name, "value": s.shown()} for s in config.documented_settings()]
    header = {"name": t("admin.col.setting", lang), "value": t("admin.col.value", lang)}
    return pd.DataFrame(shown).rename(columns=header)


def _targets(engine: Engine, lang: str) -> dict:
    titles = {code: area.title for code, area in areas.BY_CODE.items()}
    rows = targets.listed(engine)
    table = pd.DataFrame(
        [
            {
                "year": str(r["year"]),
                "area_title": titles.get(r["area_code"], r["area_code"]),
                "target_n": fmt_int(r["target"], lang),
                # A target shipped with the demo says so (removed with the demo's rows).
                "set_by": t("demo.mark", lang) if r["demo"] else r["set_by"],
                "set_at": fmt_datetime(r["set_at"], lang),
            }
            for r in rows
        ]
    )
    keys = {
        f"{r['year']}|{r['area_code']}": f"{r['year']} · {titles.get(r['area_code'], '')}"
        for r in rows
    }
    return {
        "targets_table": _headed(table, lang),
        "target_areas": {a.code: a.title for a in targets.settable_areas()},
        "target_keys": keys,
    }
