"""Command line: ``python -m atlas setup | demo | summary | impact | export | import | history |
undo | users``.

Errors the user can fix end with exit status 2 and one line on stderr saying what to do.

Roles apply here as in the app: ``import``, ``history`` and ``undo`` act as a signed-in
account (``--as NAME`` or ``ATLAS_USER``; its password from ``ATLAS_AS_PASSWORD`` or the
terminal), ``users`` needs an admin — except ``users add NAME --role admin`` while the
installation has no admin yet, and ``users unlock NAME`` / ``users reset-password NAME``
without ``--as`` (nor ATLAS_USER), which act as the console: whoever runs this with the database's URL
could change any row anyway, so this is the way back in when every admin is held by failed
sign-ins (audited as "konsol"). Sign-ins here and on the web are held apart, so guessing
on the sign-in page never shuts the console out. ``summary``, ``impact`` and ``export``
give aggregates only.
"""

from __future__ import annotations

import argparse
import getpass
import json
import os
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from atlas.core import areas, config, progress
from atlas.core.access import CONSOLE, Denied, Principal
from atlas.core.filters import (
    Filter,
    FilterError,
    parse_as_of,
    parse_batches,
    parse_provinces,
    parse_waves,
    to_query,
)
from atlas.store import audit, db, demo, queries, setup
from atlas.web import auth
from geo import boundaries

CLIENT = auth.CONSOLE_CLIENT  # the audit log's client for everything done here


class UsageError(Exception):
    pass


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # one line, not argparse's usage block
        raise UsageError(f"{self.prog}: {message} (lihat --help)")


def _filter_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--gelombang", help="gelombang: IX, 9, I-VIII, 1,3,5")
    p.add_argument("--angkatan", help="angkatan: 113-126, 5,7")
    p.add_argument("--provinsi", help="kode provinsi: 34,35")
    p.add_argument("--as-of", dest="as_of", help="tanggal acuan: 2020-10-16 atau 16/10/2020")


def _build_filter(args: argparse.Namespace) -> Filter:
    values: dict = {}
    if args.gelombang is not None:
        values["waves"] = parse_waves(args.gelombang)
    if args.angkatan is not None:
        values["batches"] = parse_batches(args.angkatan)
    if args.provinsi is not None:
        values["provinces"] = parse_provinces(args.provinsi)
    if args.as_of is not None:
        values["as_of"] = parse_as_of(args.as_of)
    return Filter(**values)


def _parser() -> argparse.ArgumentParser:
    p = _Parser(
        prog="pkh-atlas" if Path(sys.argv[0]).name == "pkh-atlas" else "python -m atlas",
        description="PKH Atlas: data dan peta diklat pendamping PKH",
    )
    sub = p.add_subparsers(dest="command", required=True, parser_class=_Parser)
    s = sub.add_parser("setup", help="pasang batas wilayah, skema, dan data contoh bila kosong")
    s.add_argument("--no-demo", action="store_true", help="jangan muat data contoh")
    _demo_parser(sub)
    x = sub.add_parser("export", help="ringkasan pimpinan sebagai PDF, PowerPoint atau gambar peta")
    x.add_argument("--format", required=True, choices=["pdf", "pptx", "png"])
    x.add_argument("--out", required=True, help="berkas keluaran")
    x.add_argument("--lang", choices=["id", "en"], default="id")
    _filter_args(x)
    _import_parsers(sub)
    _users_parser(sub)
    im = sub.add_parser(
        "impact", help="dampak diklat pada graduasi KPM (studi peristiwa, untuk satu saringan)"
    )
    _filter_args(im)
    im.add_argument("--json", action="store_true", help="keluaran JSON")
    q = sub.add_parser("summary", help="angka ringkasan untuk satu saringan")
    _filter_args(q)
    q.add_argument("--json", action="store_true", help="keluaran JSON")
    q.add_argument("--by", choices=["provinsi", "kabupaten"], help="rinci per wilayah")
    return p


def _demo_parser(sub) -> None:
    d = sub.add_parser("demo", help="bangun ulang data contoh")
    d.add_argument(
        "--scale",
        type=float,
        default=1.0,
        help="pengali jumlah usaha KPM per pendamping (1 = sekitar 37.000 usaha)",
    )
    d.add_argument(
        "--facilitators",
        type=int,
        default=None,
        help="jumlah pendamping (lebih dari 4.371: tambahan belum dijadwalkan diklat), "
        "mis. --scale 11 --facilitators 50000 untuk sekitar 5 juta usaha",
    )
    d.add_argument(
        "--effect",
        type=float,
        default=demo.TRAINING_EFFECT,
        help="pengali peluang graduasi bulanan setelah diklat pendamping selesai "
        f"(bawaan {demo.TRAINING_EFFECT:g}; 1 = diklat tanpa dampak)",
    )
    d.add_argument(
        "--area",
        dest="demo_area",
        default=None,
        help="bangun data contoh wilayah kerja ini, seperti ATLAS_AREA (nasional: semua balai, "
        "sekitar 40.000 pendamping; --scale 28 untuk sekitar 10 juta usaha KPM)",
    )
    d.add_argument("--force", action="store_true", help="ganti juga data hasil impor")
    d.add_argument(
        "--remove",
        action="store_true",
        help="hapus data contoh, biarkan data hasil impor (tanpa --as: dari konsol)",
    )
    _as_arg(d)


def _import_parsers(sub) -> None:
    """import, history and undo."""
    i = sub.add_parser(
        "import", help="impor berkas xlsx/csv (roster, jadwal angkatan, peserta, usaha KPM)"
    )
    i.add_argument("file")
    i.add_argument("--kind", choices=["roster", "batches", "participants", "enterprises"])
    i.add_argument("--sheet")
    i.add_argument("--dry-run", action="store_true", help="periksa saja, jangan simpan")
    i.add_argument("--only-valid", action="store_true", help="simpan baris yang valid saja")
    i.add_argument(
        "--accept-matches", action="store_true", help="terima kecocokan nama wilayah yang mirip"
    )
    i.add_argument("--json", action="store_true")
    i.add_argument("--lang", choices=["id", "en"], default="id")
    _as_arg(i)
    h = sub.add_parser("history", help="riwayat impor")
    h.add_argument("--json", action="store_true")
    _as_arg(h)
    u = sub.add_parser("undo", help="batalkan satu impor")
    u.add_argument("run_id", type=int)
    _as_arg(u)


AREA_HELP = "wilayah kerja balai (mis. padang): akun hanya melihat data pribadi provinsinya"


def _users_parser(sub) -> None:
    us = sub.add_parser(
        "users", help="kelola akun: add, list, disable, enable, role, reset-password, unlock"
    )
    usub = us.add_subparsers(dest="action", required=True, parser_class=_Parser)
    a = usub.add_parser("add", help="buat akun (kata sandi dari terminal atau ATLAS_PASSWORD)")
    a.add_argument("name")
    a.add_argument(
        "--role", required=True, choices=["viewer", "coordinator", "data_staff", "admin"]
    )
    a.add_argument("--province", help="kode provinsi untuk koordinator, mis. 34")
    a.add_argument(
        "--area",
        help=AREA_HELP,
    )
    a.add_argument("--display-name", dest="display_name")
    _as_arg(a)
    ls = usub.add_parser("list", help="daftar akun")
    ls.add_argument("--json", action="store_true")
    _as_arg(ls)
    for name, text in (
        ("disable", "nonaktifkan akun (sesi terbuka berakhir)"),
        ("enable", "aktifkan lagi"),
    ):
        x_ = usub.add_parser(name, help=text)
        x_.add_argument("name")
        _as_arg(x_)
    r = usub.add_parser("role", help="ubah peran")
    r.add_argument("name")
    r.add_argument(
        "--role", required=True, choices=["viewer", "coordinator", "data_staff", "admin"]
    )
    r.add_argument("--province")
    r.add_argument(
        "--area",
        help=AREA_HELP,
    )
    _as_arg(r)
    rp = usub.add_parser(
        "reset-password",
        help="setel kata sandi baru (terminal atau ATLAS_PASSWORD); tanpa --as: dari konsol",
    )
    rp.add_argument("name")
    _as_arg(rp)
    ul = usub.add_parser(
        "unlock", help="buka akun yang ditahan karena salah kata sandi; tanpa --as: dari konsol"
    )
    ul.add_argument("name")
    _as_arg(ul)


def _as_arg(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--as",
        dest="as_user",
        default=os.environ.get("ATLAS_USER"),
        help="bertindak sebagai akun ini (atau ATLAS_USER); kata sandinya dari "
        "ATLAS_AS_PASSWORD atau terminal",
    )


def _password(env: str, prompt: str, *, confirm: bool) -> str:
    """From the environment variable (read once, then removed from this process) or the terminal."""
    value = os.environ.pop(env, None)
    if value:
        return value
    if not sys.stdin.isatty():
        raise UsageError(f"Kata sandi diperlukan: jalankan di terminal atau setel {env}.")
    value = getpass.getpass(prompt)
    if confirm and getpass.getpass("Ulangi kata sandi: ") != value:
        raise UsageError("Kedua kata sandi tidak sama.")
    return value


def _signed_in(engine, args: argparse.Namespace) -> Principal:
    if not args.as_user:
        raise UsageError("Perintah ini perlu akun: tambahkan --as NAMA (atau setel ATLAS_USER).")
    password = _password("ATLAS_AS_PASSWORD", f"Kata sandi {args.as_user}: ", confirm=False)
    return auth.authenticate(engine, args.as_user, password, CLIENT)


# Without --as these act as the console (whoever holds the database's credentials): the
# way back in when every admin is held by failed sign-ins or has forgotten the password.
CONSOLE_ACTIONS = ("unlock", "reset-password")


def _remove_demo(engine, args: argparse.Namespace) -> int:
    """``demo --remove``: as the console (whoever holds the database's credentials, as for
    loading the demo) or as an admin account (``--as``)."""
    from dataclasses import asdict

    from atlas.core.i18n import fmt_int, t

    db.check_connection(engine)
    if not db.schema_is_current(engine):
        raise UsageError("Basis data belum disiapkan: jalankan `python -m atlas setup`.")
    actor = _signed_in(engine, args) if args.as_user else CONSOLE
    try:
        gone = demo.remove(engine, actor, client=CLIENT)
    except demo.DemoInUse as exc:
        raise UsageError(t(exc.key, "id", **exc.params)) from None
    counts = {k: fmt_int(v, "id") for k, v in asdict(gone).items()}
    print(t("demo.removed", "id", **counts))
    return 0


def _users(engine, args: argparse.Namespace) -> int:
    if args.action == "add" and args.role == "admin" and not args.as_user:
        actor = Principal()  # first admin only: auth.add_user refuses once an admin exists
    elif args.action in CONSOLE_ACTIONS and not args.as_user:
        actor = CONSOLE
    else:
        actor = _signed_in(engine, args)
    if args.action == "unlock":
        auth.unlock(engine, args.name, actor=actor, client=CLIENT)
        print(f"Akun {auth.normalise_username(args.name)} dibuka: boleh mencoba masuk lagi.")
        return 0
    if args.action == "add":
        password = _password("ATLAS_PASSWORD", f"Kata sandi baru untuk {args.name}: ", confirm=True)
        auth.add_user(
            engine,
            args.name,
            password,
            args.role,
            actor=actor,
            province=args.province,
            display_name=args.display_name,
            client=CLIENT,
            area=args.area,
        )
        print(f"Akun {auth.normalise_username(args.name)} ({args.role}) dibuat.")
    elif args.action == "list":
        if not actor.may_administer():
            raise Denied("auth.admin_only")
        users = auth.list_users(engine)
        if args.json:
            print(json.dumps(users, ensure_ascii=False, indent=2, default=str))
        for u in [] if args.json else users:
            state = "aktif" if u["active"] else "nonaktif"
            print(
                f"{u['username']}\t{u['role']}\t{u['province_code'] or u['area_code'] or '-'}"
                f"\t{state}\t{u['display_name']}"
            )
    elif args.action in ("disable", "enable"):
        auth.set_active(engine, args.name, args.action == "enable", actor=actor, client=CLIENT)
        print(f"Akun {args.name}: {'aktif' if args.action == 'enable' else 'nonaktif'}.")
    elif args.action == "role":
        auth.change_role(
            engine,
            args.name,
            args.role,
            actor=actor,
            province=args.province,
            client=CLIENT,
            area=args.area,
        )
        print(f"Akun {args.name}: peran {args.role}.")
    else:
        password = _password("ATLAS_PASSWORD", f"Kata sandi baru untuk {args.name}: ", confirm=True)
        auth.reset_password(engine, args.name, password, actor=actor, client=CLIENT)
        print(f"Kata sandi {args.name} diganti; sesi yang terbuka berakhir.")
    return 0


def _print_step(step: setup.Step) -> None:
    from atlas.core.i18n import fmt_int, t

    params = {k: fmt_int(v) if isinstance(v, int) else v for k, v in step.params.items()}
    print(f"[{step.seconds:5.1f} s] {t(step.key, 'id', **params)}", flush=True)


class _Progress:
    """Prints how far a long step is, a line at most every ``EVERY`` seconds (a terminal or
    a log alike): what is done, its share and the time left."""

    EVERY = 5.0

    def __init__(self) -> None:
        self.started: dict[str, float] = {}
        self.printed: dict[str, float] = {}

    def __call__(self, key: str, done: int, total: int) -> None:
        from atlas.core.i18n import fmt_int, fmt_pct, t

        now = time.perf_counter()
        start = self.started.setdefault(key, now)
        if done >= total or now - self.printed.get(key, start) < self.EVERY:
            return
        self.printed[key] = now
        share = done / total
        text = t(key, "id", done=fmt_int(done), total=fmt_int(total), pct=fmt_pct(share, "id", 0))
        line = progress.with_time_left(text, now - start, share, "id")
        print(f"[{now - start:5.1f} s] {line}", flush=True)


def _print_summary(result: dict | list, as_json: bool) -> None:
    if as_json:
        print(json.dumps(result, ensure_ascii=False, indent=2))
        return
    rows = result if isinstance(result, list) else [result]
    for row in rows:
        label = f"{row['code']} {row['name']}: " if "code" in row else ""
        parts = ", ".join(f"{k}={row[k]}" for k in queries.COUNT_FIELDS)
        print(f"{label}{parts}")


def _export(engine, f: Filter, args: argparse.Namespace) -> int:
    from pathlib import Path

    from atlas.exports import deck, pdf
    from atlas.screens import reports

    report = reports.build(engine, f, args.lang)
    if args.format == "png":
        if report.map_png is None:
            raise boundaries.BoundariesMissing(Path("data/geo"), ["regencies.geojson"])
        data = report.map_png
    else:
        data = (pdf if args.format == "pdf" else deck).render(report)
    out = Path(args.out)
    try:
        out.write_bytes(data)
    except OSError as exc:
        raise UsageError(f"Tidak dapat menulis {out}: {exc.strerror}") from exc
    audit.record(
        engine,
        "export",
        "cli",
        target=out.name,
        client=CLIENT,
        detail={"format": args.format, "lang": args.lang, "filter": to_query(f)},
    )
    print(f"{out} ({len(data):,} bytes)")
    return 0


def _import(engine, args: argparse.Namespace) -> int:
    from pathlib import Path

    from atlas.ingest import importer, report

    path = Path(args.file)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise UsageError(f"Tidak dapat membaca {path}: {exc.strerror}") from None
    bar = _Progress()
    res = importer.run(
        engine,
        data,
        path.name,
        kind=args.kind,
        sheet=args.sheet,
        dry_run=args.dry_run,
        only_valid=args.only_valid,
        accept_matches=args.accept_matches,
        actor=_signed_in(engine, args),
        client=CLIENT,
        progress=lambda share, _step: bar("progress.import", round(share * 1000), 1000),
    )
    out = report.as_json(res, args.lang)
    code = 2 if res.status == "unusable" else 1 if out["status"] == "rejected" else 0
    if args.json:
        print(json.dumps(out, ensure_ascii=False, indent=2, default=str))
    else:
        print(report.as_text(out))
    if code == 2:
        print(out["errors"][0]["message"], file=sys.stderr)
    return code


def _impact(engine, f: Filter, as_json: bool) -> int:
    from atlas.analysis import impact
    from atlas.core.i18n import fmt_int, fmt_num, t

    out = impact.as_dict(impact.build(engine, f))
    if as_json:
        print(json.dumps(out, ensure_ascii=False, indent=2))
    elif out["effect_pp_per_year"] is None:
        print("; ".join(t(k, "id") for k in out["too_thin"]))
    else:
        effect = out["effect_pp_per_year"]
        low, high = out["ci95_pp_per_year"]
        print(
            f"Dampak diklat: {fmt_num(effect)} poin persen graduasi per tahun "
            f"(dengan keyakinan 95%: antara {fmt_num(low)} dan {fmt_num(high)}); "
            f"{fmt_int(out['trained_facilitators'])} dari {fmt_int(out['facilitators'])} "
            f"pendamping sudah diklat, {fmt_int(out['kpm'])} KPM; bulan "
            f"{out['periods']['first']} s.d. {out['periods']['last']}"
        )
    return 0


def _history(engine, args: argparse.Namespace) -> int:
    from atlas.ingest import report

    if not _signed_in(engine, args).may_import():
        raise Denied("acc.history")
    # The CLI's contract stays as it was: corrections are made (and shown) in the app only.
    runs = [{k: v for k, v in r.items() if k != "corrections"} for r in report.history(engine)]
    if args.json:
        print(json.dumps(runs, ensure_ascii=False, indent=2, default=str))
    else:
        for r in runs:
            print(
                f"#{r['id']} {r['created_at']} {r['user']} {r['kind']} {r['file_name']} {r['status']} "
                f"baru={r['inserted']} ubah={r['updated']} sama={r['unchanged']} tolak={r['rejected']}"
            )
    return 0


# The commands that take the map's filter (--gelombang, --angkatan, --provinsi, --as-of).
FILTERED = ("summary", "export", "impact")


def _demo(engine, args: argparse.Namespace) -> int:
    if args.remove:
        return _remove_demo(engine, args)
    db.check_connection(engine)
    db.upgrade(engine)
    setup.load_regions(engine)
    rep = demo.load(
        engine,
        scale=args.scale,
        force=args.force,
        regency_shapes=setup.regency_shapes(),
        facilitators=args.facilitators,
        effect=args.effect,
        report=_Progress(),
    )
    print(f"Data contoh dimuat: {rep}")
    return 0


def _undo(engine, args: argparse.Namespace) -> int:
    from atlas.core.i18n import t
    from atlas.ingest import importer

    try:
        importer.undo(engine, args.run_id, _signed_in(engine, args), client=CLIENT)
    except importer.UndoRefused as exc:
        raise UsageError(t(exc.key, "id", **exc.params)) from None
    print(f"Impor #{args.run_id} dibatalkan.")
    return 0


def _summary(engine, f: Filter, args: argparse.Namespace) -> int:
    if args.by:
        level = "province" if args.by == "provinsi" else "regency"
        _print_summary(queries.summary_by(engine, f, level), args.json)
    else:
        _print_summary(queries.summary(engine, f), args.json)
    return 0


def _run(engine, args: argparse.Namespace, f: Filter | None) -> int:
    """One command, once the arguments and the configuration are known to be good."""
    if args.command == "setup":
        setup.run(engine, load_demo=not args.no_demo, on_step=_print_step, report=_Progress())
        return 0
    if args.command == "demo":
        return _demo(engine, args)
    db.check_connection(engine)
    if not db.schema_is_current(engine):
        raise UsageError("Basis data belum disiapkan: jalankan `python -m atlas setup`.")
    commands = {
        "export": lambda: _export(engine, f, args),
        "import": lambda: _import(engine, args),
        "history": lambda: _history(engine, args),
        "users": lambda: _users(engine, args),
        "undo": lambda: _undo(engine, args),
        "impact": lambda: _impact(engine, f, args.json),
        "summary": lambda: _summary(engine, f, args),
    }
    return commands[args.command]()


def main(argv: Sequence[str] | None = None) -> int:
    try:
        args = _parser().parse_args(argv)
        f = _build_filter(args) if args.command in FILTERED else None
    except (UsageError, FilterError, areas.UnknownArea) as exc:
        print(str(exc), file=sys.stderr)
        return 2
    except SystemExit as exc:  # --help
        return int(exc.code or 0)

    if getattr(args, "demo_area", None):
        # `demo --area nasional` builds what ATLAS_AREA=nasional would: the area is read
        # from the environment everywhere, once.
        os.environ["ATLAS_AREA"] = args.demo_area
        areas.current.cache_clear()
    try:
        # The same refusal as the server's: a production installation without its key would
        # hash NIKs with a key no replica has (import) or run half-configured (the rest).
        config.secret_key()
        areas.current()
    except (config.MissingSecret, areas.UnknownArea) as exc:
        print(str(exc), file=sys.stderr)
        return 2
    try:
        return _run(db.make_engine(), args, f)
    except (
        UsageError,
        db.DatabaseUnavailable,
        demo.RealDataPresent,
        demo.NotForArea,
        boundaries.BoundariesMissing,
        boundaries.ChecksumMismatch,
        FileNotFoundError,
        config.MissingSecret,
    ) as exc:
        print(str(exc), file=sys.stderr)
        return 2
    except (auth.AuthError, Denied) as exc:
        from atlas.core.i18n import t

        print(t(exc.key, "id", **exc.params), file=sys.stderr)
        return 2
