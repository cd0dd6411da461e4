"""Command line: ``python -m atlas setup | demo | summary``.

Errors the user can fix end with exit status 2 and one line on stderr saying what to do.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence

from atlas import db, demo, queries, setup
from atlas.filters import (
    Filter,
    FilterError,
    parse_as_of,
    parse_batches,
    parse_provinces,
    parse_waves,
)
from geo import boundaries


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
    p = _Parser(prog="python -m atlas", description="PKH Atlas: data dan peta diklat pendamping PKH")
    sub = p.add_subparsers(dest="command", required=True, parser_class=_Parser)

    s = sub.add_parser("setup", help="pasang batas wilayah, skema, dan data contoh bila kosong")
    s.add_argument("--no-demo", action="store_true", help="jangan muat data contoh")

    d = sub.add_parser("demo", help="bangun ulang data contoh")
    d.add_argument("--scale", type=float, default=1.0,
                   help="pengali jumlah usaha KPM (1 = sekitar 37.000)")
    d.add_argument("--force", action="store_true", help="ganti juga data hasil impor")

    x = sub.add_parser("export", help="ringkasan pimpinan sebagai PDF, PowerPoint atau gambar peta")
    x.add_argument("--format", required=True, choices=["pdf", "pptx", "png"])
    x.add_argument("--out", required=True, help="berkas keluaran")
    x.add_argument("--lang", choices=["id", "en"], default="id")
    _filter_args(x)

    i = sub.add_parser("import", help="impor berkas xlsx/csv (roster, jadwal angkatan, peserta, usaha KPM)")
    i.add_argument("file")
    i.add_argument("--kind", choices=["roster", "batches", "participants", "enterprises"])
    i.add_argument("--sheet")
    i.add_argument("--dry-run", action="store_true", help="periksa saja, jangan simpan")
    i.add_argument("--only-valid", action="store_true", help="simpan baris yang valid saja")
    i.add_argument("--accept-matches", action="store_true", help="terima kecocokan nama wilayah yang mirip")
    i.add_argument("--json", action="store_true")
    i.add_argument("--lang", choices=["id", "en"], default="id")
    i.add_argument("--user", default="cli", help="nama pengguna yang dicatat")

    h = sub.add_parser("history", help="riwayat impor")
    h.add_argument("--json", action="store_true")

    u = sub.add_parser("undo", help="batalkan satu impor")
    u.add_argument("run_id", type=int)
    u.add_argument("--user", default="cli")

    q = sub.add_parser("summary", help="angka ringkasan untuk satu saringan")
    _filter_args(q)
    q.add_argument("--json", action="store_true", help="keluaran JSON")
    q.add_argument("--by", choices=["provinsi", "kabupaten"], help="rinci per wilayah")
    return p


def _print_summary(result: dict | list, as_json: bool) -> None:
    if as_json:
        print(json.dumps(result, ensure_ascii=False, indent=2))
        return
    rows = result if isinstance(result, list) else [result]
    for row in rows:
        label = f"{row['code']} {row['name']}: " if "code" in row else ""
        parts = ", ".join(f"{k}={row[k]}" for k in queries.COUNT_FIELDS)
        print(f"{label}{parts}")


def _export(engine, f: Filter, args: argparse.Namespace) -> int:  # noqa: ANN001
    from pathlib import Path

    from atlas import export_pdf, export_pptx, reports

    report = reports.build(engine, f, args.lang)
    if args.format == "png":
        if report.map_png is None:
            raise boundaries.BoundariesMissing(Path("data/geo"), ["regencies.geojson"])
        data = report.map_png
    else:
        data = (export_pdf if args.format == "pdf" else export_pptx).render(report)
    out = Path(args.out)
    try:
        out.write_bytes(data)
    except OSError as exc:
        raise UsageError(f"Tidak dapat menulis {out}: {exc.strerror}") from exc
    print(f"{out} ({len(data):,} bytes)")
    return 0


def _import(engine, args: argparse.Namespace) -> int:  # noqa: ANN001
    from pathlib import Path

    from atlas.ingest import importer, report

    path = Path(args.file)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise UsageError(f"Tidak dapat membaca {path}: {exc.strerror}") from None
    res = importer.run(engine, data, path.name, kind=args.kind, sheet=args.sheet, dry_run=args.dry_run,
                       only_valid=args.only_valid, accept_matches=args.accept_matches, user=args.user)
    out = report.as_json(res, args.lang)
    code = 2 if res.status == "unusable" else 1 if out["status"] == "rejected" else 0
    if args.json:
        print(json.dumps(out, ensure_ascii=False, indent=2, default=str))
    else:
        print(report.as_text(out))
    if code == 2:
        print(out["errors"][0]["message"], file=sys.stderr)
    return code


def _history(engine, args: argparse.Namespace) -> int:  # noqa: ANN001
    from atlas.ingest import report

    runs = report.history(engine)
    if args.json:
        print(json.dumps(runs, ensure_ascii=False, indent=2, default=str))
    else:
        for r in runs:
            print(f"#{r['id']} {r['created_at']} {r['user']} {r['kind']} {r['file_name']} {r['status']} "
                  f"baru={r['inserted']} ubah={r['updated']} sama={r['unchanged']} tolak={r['rejected']}")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    try:
        args = _parser().parse_args(argv)
        if args.command in ("summary", "export"):
            f = _build_filter(args)
    except (UsageError, FilterError) as exc:
        print(str(exc), file=sys.stderr)
        return 2
    except SystemExit as exc:  # --help
        return int(exc.code or 0)

    try:
        engine = db.make_engine()
        if args.command == "setup":
            report = setup.run(engine, load_demo=not args.no_demo)
            if report.boundaries_installed:
                print(f"Batas wilayah terpasang: {', '.join(report.boundaries_installed)}")
            if report.regions_loaded:
                print(f"Wilayah dimuat: {report.regions_loaded}")
            if report.demo:
                print(f"Data contoh dimuat: {report.demo}")
            print(f"Siap: {engine.url.render_as_string(hide_password=True)}")
            return 0
        if args.command == "demo":
            db.check_connection(engine)
            db.upgrade(engine)
            setup.load_regions(engine)
            rep = demo.load(engine, scale=args.scale, force=args.force,
                            regency_shapes=setup.regency_shapes())
            print(f"Data contoh dimuat: {rep}")
            return 0
        db.check_connection(engine)
        if not db.schema_is_current(engine):
            raise UsageError("Basis data belum disiapkan: jalankan `python -m atlas setup`.")
        if args.command == "export":
            return _export(engine, f, args)
        if args.command == "import":
            return _import(engine, args)
        if args.command == "history":
            return _history(engine, args)
        if args.command == "undo":
            from atlas.i18n import t
            from atlas.ingest import importer

            try:
                importer.undo(engine, args.run_id, args.user)
            except importer.UndoRefused as exc:
                raise UsageError(t(exc.key, "id", **exc.params)) from None
            print(f"Impor #{args.run_id} dibatalkan.")
            return 0
        if args.by:
            level = "province" if args.by == "provinsi" else "regency"
            _print_summary(queries.summary_by(engine, f, level), args.json)
        else:
            _print_summary(queries.summary(engine, f), args.json)
        return 0
    except (UsageError, db.DatabaseUnavailable, demo.RealDataPresent,
            boundaries.BoundariesMissing, boundaries.ChecksumMismatch,
            FileNotFoundError) as exc:
        print(str(exc), file=sys.stderr)
        return 2
