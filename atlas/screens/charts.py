"""Briefing charts as images (matplotlib), for the PDF and the PowerPoint.

Every label is translated and every number formatted by ``atlas.core.i18n``; colours match the map.
"""

from __future__ import annotations

import io
import math
import textwrap

import matplotlib
import matplotlib.ticker

matplotlib.use("Agg")
# One minus sign per language: the language's formats (babel) write "-", and so does every
# axis (matplotlib's default "−" stood beside "-0,1" on one axis).
matplotlib.rcParams["axes.unicode_minus"] = False
import matplotlib.pyplot as plt
from matplotlib.ticker import FuncFormatter

from atlas.core.filters import to_roman
from atlas.core.i18n import fmt_int, fmt_num, fmt_pct, t
from atlas.core.labels import label, province_short
from atlas.screens.briefing import Briefing
from atlas.store.models import ENTERPRISE_STATUSES

DARK, MID, LIGHT, GREY = "#253494", "#41b6c4", "#c7e9b4", "#c8c8c8"
MUTED = "#555a61"
STATUS_COLORS = {
    "rintisan": "#c7e9b4",
    "berkembang": "#41b6c4",
    "mandiri": "#253494",
    "tidak aktif": "#c8c8c8",
}
SIZE = (6.2, 3.6)
# The impact page's charts fill a column on a wide screen and the whole width of a phone
# (about 360 px): drawn smaller with larger type, their 7 pt labels were 5 px there.
NARROW = (4.8, 3.4)


def _png(fig) -> bytes:
    fig.tight_layout()
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=160)
    plt.close(fig)
    return buf.getvalue()


def _axes(title: str, size: tuple[float, float] = SIZE):
    fig, ax = plt.subplots(figsize=size)
    narrow = size == NARROW
    if narrow:  # a left-aligned title is not fitted by tight_layout: it ran off the right
        title = textwrap.fill(title, 46)
    ax.set_title(title, loc="left", fontsize=10 if narrow else 11, fontweight="bold")
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    ax.tick_params(labelsize=8.5 if narrow else 8)
    return fig, ax


def _nothing(
    title: str, lang: str, size: tuple[float, float] = SIZE, why: str | None = None
) -> bytes:
    """A chart with nothing to draw: its title and a sentence saying why (by default, that
    the selection is empty), at the same size as the others, rather than bare axes."""
    fig, ax = _axes(title, size)
    ax.axis("off")
    text = why or t("chart.empty", lang)
    ax.text(0.5, 0.5, text, ha="center", va="center", fontsize=10, color=MUTED, wrap=True)
    return _png(fig)


def count_and_share(n: float, total: float, lang: str) -> str:
    """``11.515 (31%)`` in Indonesian, ``11,515 (31%)`` in English."""
    return f"{fmt_int(n, lang)} ({fmt_pct(n / total, lang, digits=0)})"


def _thousands(lang: str) -> FuncFormatter:
    return FuncFormatter(lambda v, _pos: fmt_int(v, lang))


def cumulative(b: Briefing, lang: str) -> bytes:
    w = b.waves
    fig, ax = _axes(t("brief.chart.cumulative", lang))
    x = [to_roman(n) for n in w.wave_number]
    ax.plot(
        x,
        w.plan_cumulative,
        color=GREY,
        linestyle="--",
        marker="o",
        markersize=3,
        label=t("brief.chart.plan", lang),
    )
    done = w.state == "done"
    ax.plot(
        [x[i] for i in range(len(x)) if done.iloc[i]],
        w.trained_cumulative[done],
        color=DARK,
        marker="o",
        markersize=4,
        linewidth=2.2,
        label=t("brief.chart.trained", lang),
    )
    roster = int(b.total.facilitators_roster)
    ax.axhline(roster, color=MID, linewidth=1)
    ax.text(
        0,
        roster,
        f" {t('m.roster', lang)}: {fmt_int(roster, lang)}",
        va="bottom",
        fontsize=7.5,
        color="#1d6fa5",
    )
    ax.yaxis.set_major_formatter(_thousands(lang))
    ax.set_ylim(0, max(roster, int(w.plan_cumulative.max() if len(w) else 0)) * 1.12)
    ax.legend(fontsize=7.5, frameon=False, loc="lower right")
    return _png(fig)


def provinces(b: Briefing, lang: str) -> bytes:
    p = b.provinces.sort_values("facilitators_roster")
    fig, ax = _axes(t("brief.chart.provinces", lang))
    names = [province_short(c, lang) for c in p.code]
    ax.barh(names, p.facilitators_roster, color=LIGHT, label=t("m.roster", lang))
    ax.barh(names, p.trained, color=DARK, height=0.5, label=t("m.trained", lang))
    for i, (tr, ro) in enumerate(zip(p.trained, p.facilitators_roster)):
        ax.text(ro, i, f" {fmt_int(tr, lang)} / {fmt_int(ro, lang)}", va="center", fontsize=7.5)
    ax.xaxis.set_major_formatter(_thousands(lang))
    ax.set_xlim(0, p.facilitators_roster.max() * 1.3 if len(p) else 1)
    ax.legend(fontsize=7.5, frameon=False, loc="lower right")
    return _png(fig)


def sectors(b: Briefing, lang: str) -> bytes:
    s = b.sectors.sort_values("enterprises")
    fig, ax = _axes(t("brief.chart.sectors", lang))
    ax.barh([label("sector", v, lang) for v in s.sector], s.enterprises, color=MID)
    total = s.enterprises.sum()
    for i, n in enumerate(s.enterprises):
        ax.text(n, i, " " + count_and_share(n, total, lang), va="center", fontsize=7.5)
    ax.xaxis.set_major_formatter(_thousands(lang))
    ax.set_xlim(0, s.enterprises.max() * 1.35)
    return _png(fig)


def status_by_wave(b: Briefing, lang: str) -> bytes:
    fig, ax = _axes(t("brief.chart.status", lang))
    pivot = b.status_by_wave.pivot_table(
        index="wave_number", columns="status", values="enterprises", aggfunc="sum", fill_value=0
    )
    shares = pivot.div(pivot.sum(axis=1), axis=0) * 100
    x = [to_roman(n) for n in shares.index]
    bottom = [0.0] * len(x)
    for status in ENTERPRISE_STATUSES:
        if status not in shares:
            continue
        ax.bar(
            x,
            shares[status],
            bottom=bottom,
            color=STATUS_COLORS[status],
            label=label("status", status, lang),
            width=0.7,
        )
        bottom = [b0 + v for b0, v in zip(bottom, shares[status])]
    ax.set_ylim(0, 100)
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _p: fmt_pct(v / 100, lang, digits=0)))
    ax.legend(fontsize=7, frameon=False, ncol=4, loc="upper center", bbox_to_anchor=(0.5, -0.1))
    return _png(fig)


def alt_texts(b: Briefing, lang: str) -> dict[str, str]:
    """A text alternative for each chart (same keys as ``all_charts``) that states its main
    figures, for screen readers and for anyone who cannot tell the colours apart."""
    out = {}
    w = b.waves
    title = t("brief.chart.cumulative", lang)
    done = w[w.state == "done"]
    if done.empty:
        out["cumulative"] = t("alt.empty", lang, title=title)
    else:
        out["cumulative"] = t(
            "alt.cumulative",
            lang,
            title=title,
            trained=fmt_int(done.trained_cumulative.iloc[-1], lang),
            wave=to_roman(done.wave_number.iloc[-1]),
            plan=fmt_int(w.plan_cumulative.iloc[-1], lang),
            last=to_roman(w.wave_number.iloc[-1]),
        )
    p = b.provinces.sort_values("facilitators_roster", ascending=False)
    title = t("brief.chart.provinces", lang)
    items = [
        t(
            "alt.province",
            lang,
            name=province_short(c, lang),
            trained=fmt_int(tr, lang),
            roster=fmt_int(ro, lang),
        )
        for c, tr, ro in zip(p.code, p.trained, p.facilitators_roster)
    ]
    out["provinces"] = (
        t("alt.provinces", lang, title=title, items="; ".join(items))
        if items
        else t("alt.empty", lang, title=title)
    )
    s = b.sectors
    title = t("brief.chart.sectors", lang)
    total = s.enterprises.sum() if len(s) else 0
    out["sectors"] = (
        t(
            "alt.sectors",
            lang,
            title=title,
            items="; ".join(
                f"{label('sector', v, lang)} {count_and_share(n, total, lang)}"
                for v, n in zip(s.sector, s.enterprises)
            ),
        )
        if total
        else t("alt.empty", lang, title=title)
    )
    status = b.status_by_wave.groupby("status").enterprises.sum()
    title = t("brief.chart.status", lang)
    out["status"] = (
        t(
            "alt.status",
            lang,
            title=title,
            items="; ".join(
                f"{label('status', v, lang)} {fmt_pct(status[v] / status.sum(), lang, digits=0)}"
                for v in ENTERPRISE_STATUSES
                if v in status
            ),
        )
        if status.sum()
        else t("alt.empty", lang, title=title)
    )
    return out


# The briefing's charts in the order the page, the PDF and the slides place them.
CHARTS = {
    "cumulative": cumulative,
    "provinces": provinces,
    "sectors": sectors,
    "status": status_by_wave,
}


def all_charts(b: Briefing, lang: str) -> dict[str, bytes]:
    """The briefing's charts that have something to show (``gaps``: why the others are
    not drawn)."""
    missing = gaps(b, lang)
    return {key: draw(b, lang) for key, draw in CHARTS.items() if key not in missing}


def gaps(b: Briefing, lang: str) -> dict[str, str]:
    """Why a chart of the briefing is not drawn, in one line, in place of an empty frame:
    nothing in the selection; or one wave only, which a chart across waves cannot show."""
    empty = t("chart.empty", lang)
    out = {}
    if b.waves.empty:
        out["cumulative"] = empty
    elif len(b.waves) == 1:
        wave = to_roman(b.waves.wave_number.iloc[0])
        out["cumulative"] = t("brief.chart.one_wave", lang, wave=wave)
    if b.provinces.empty:
        out["provinces"] = empty
    if b.sectors.empty or not b.sectors.enterprises.sum():
        out["sectors"] = empty
    if b.status_by_wave.empty:
        out["status"] = empty
    return out


def curve_label(key: str, lang: str) -> str:
    """A Kaplan–Meier curve's name: "Gelombang III", "Pendamping sudah diklat", …"""
    from atlas.analysis.impact import curve_label_params

    name = key.split(":")[0]
    return t(f"impact.curve.{name}", lang, **curve_label_params(key))


def event_study(events, lang: str, why_none: str | None = None) -> bytes:
    """The event study: the difference in the monthly graduation rate by month relative to
    training, with 95 % intervals; the months before training (the trend check) in grey."""
    title = t("impact.chart.event", lang)
    if not events:
        return _nothing(title, lang, NARROW, why_none)
    fig, ax = _axes(title, NARROW)
    for before, color, key in ((True, GREY, "before"), (False, DARK, "after")):
        pts = [e for e in events if (e.period < 0) == before]
        if not pts:
            continue
        x = [e.period for e in pts]
        y = [e.att for e in pts]
        # The reference month (−1) is 0 by construction and has no interval.
        err = [
            [max(0.0, e.att - e.lower) if math.isfinite(e.lower) else 0 for e in pts],
            [max(0.0, e.upper - e.att) if math.isfinite(e.upper) else 0 for e in pts],
        ]
        ax.errorbar(
            x,
            y,
            yerr=err,
            fmt="o",
            color=color,
            ecolor=color,
            elinewidth=1.2,
            capsize=2,
            markersize=4,
            label=t(f"impact.chart.event.{key}", lang),
        )
    ax.axhline(0, color=MUTED, linewidth=0.8)
    ax.axvline(-0.5, color=MUTED, linewidth=0.8, linestyle="--")
    ax.set_xlabel(t("impact.chart.event.x", lang), fontsize=8.5)
    ax.set_ylabel(t("impact.chart.event.y", lang), fontsize=8.5)
    ax.xaxis.set_major_locator(matplotlib.ticker.MultipleLocator(3))
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _p: fmt_num(v, lang, digits=1)))
    ax.legend(fontsize=8, frameon=False, loc="upper left")
    return _png(fig)


def survival(curves, title: str, lang: str, why_none: str | None = None) -> bytes:
    """Kaplan–Meier curves of the share of KPM graduated, with their 95 % bands. More than
    four (the waves): the first and the last in colour with their bands, the others grey,
    each named at its end (eleven blues could not be told apart)."""
    if not curves:
        return _nothing(title, lang, NARROW, why_none)
    return _png(_survival_figure(curves, title, lang))


def _survival_figure(curves, title: str, lang: str):
    fig, ax = _axes(title, NARROW)
    many = len(curves) > 4
    for i, c in enumerate(curves):
        shown = not many or i in (0, len(curves) - 1)
        color = _curve_color(i, len(curves), many)
        ax.step(
            c.months,
            c.graduated_pct,
            where="post",
            color=color,
            linewidth=1.6 if shown else 0.9,
            label=curve_label(c.key, lang) if shown else None,
            zorder=3 if shown else 2,
        )
        if shown:
            ax.fill_between(
                c.months, c.lower_pct, c.upper_pct, step="post", color=color, alpha=0.15, lw=0
            )
    if many:
        ax.plot([], [], color=GREY_CURVE, linewidth=0.9, label=t("impact.chart.km.others", lang))
        _name_ends(ax, curves[1:-1], lang)
    ax.set_xlabel(t("impact.chart.km.x", lang), fontsize=8.5)
    ax.set_ylabel(t("impact.chart.km.y", lang), fontsize=8.5)
    ax.xaxis.set_major_locator(matplotlib.ticker.MultipleLocator(12))
    ax.set_ylim(bottom=0)
    # Whole percentages only: ticks at 2,5 % steps were printed rounded ("2 %", "5 %", "8 %").
    ax.yaxis.set_major_locator(matplotlib.ticker.MaxNLocator(integer=True))
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _p: fmt_pct(v / 100, lang, digits=0)))
    ax.legend(fontsize=8, frameon=False, loc="upper left")
    return fig


GREY_CURVE = "#b5b5b5"


def _name_ends(ax, curves, lang: str) -> None:
    """Each grey curve named at its end by its short name ("VII"), the names pushed apart
    so that none covers another."""
    from atlas.analysis.impact import curve_label_params

    ends = sorted(
        (
            float(c.graduated_pct[-1]),
            float(c.months[-1]),
            curve_label_params(c.key).get("wave") or curve_label(c.key, lang),
        )
        for c in curves
        if len(c.months)
    )
    low, high = ax.get_ylim()
    gap, last = 0.045 * (high - low), None
    for y, x, name in ends:
        y = y if last is None else max(y, last + gap)
        ax.annotate(
            name,
            (x, y),
            xytext=(3, 0),
            textcoords="offset points",
            fontsize=6.5,
            color="#555555",
            va="center",
            annotation_clip=False,
        )
        last = y


def _curve_color(i: int, n: int, many: bool):
    """Darker for earlier waves (and for "trained"), as on the map's sequential scale, the
    lightest still readable on white; with many curves, the first dark blue and the last
    orange, the others grey."""
    if many:
        return "#08306b" if i == 0 else "#d95f0e" if i == n - 1 else GREY_CURVE
    return plt.get_cmap("YlGnBu")(0.95 - 0.5 * i / max(1, n - 1))
