"""Many coordinators at once: concurrent sessions rerunning the map page, at the protocol level.

    .venv/bin/python -m bench.bench_load [--sessions 25] [--seconds 60] [--baseline b3ca269]
        [--replicas 1]

Each version (the baseline commit in a worktree, as in ``bench_browser``, and the current
checkout) is started in turn on the demo data with SQLite, with the same boundary files.
``--sessions`` clients then talk to it the way a browser does, without one: each fetches the
page (for Streamlit's XSRF cookie), opens Streamlit's websocket and sends its own protobuf
messages (``BackMsg.rerun_script``), each time with the next link of a list of varied filters
and views (waves, provinces, a selected regency, districts, metrics, a comparison); a rerun
ends when the server says the script finished. After a warm-up the clients go on for
``--seconds``; we record reruns per second, the median and 95th percentile of a rerun's
time as a client waits for it, errors, and the server's memory (RSS) at the end.

With ``--replicas 2`` the current version runs as two replicas behind Debian's nginx with
``deploy/nginx/atlas.conf`` (ports and certificate swapped, as the proxy browser test does);
its ``ip_hash`` keeps a client on one replica, so each client connects from its own loopback
address (127.0.<n>.1).

Appends one table to bench/RESULTS.md.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import shutil
import ssl
import statistics
import subprocess
import time
from datetime import datetime
from urllib.parse import urlencode

import requests
import urllib3
import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from bench.bench_browser import OUT, ROOT, Version, _baseline, _start, serve, setup
from bench.results import record
from tools import proxy
from tools.net import free_port

urllib3.disable_warnings(urllib3.exceptions.InsecureRequestWarning)  # the proxy's own certificate

# The links a coordinator follows (the page reads filters and view from the link on a rerun).
LINKS = [
    {},
    {"gelombang": "IX"},
    {"gelombang": "V-VIII"},
    {"provinsi": "53"},
    {"provinsi": "52", "gelombang": "VII"},
    {"wilayah": "34.04"},
    {"wilayah": "34.04", "tingkat": "kecamatan"},
    {"wilayah": "53.71"},
    {"tingkat": "provinsi"},
    {"metrik": "enterprises"},
    {"metrik": "median_turnover"},
    {"gelombang": "V-VIII", "banding": "I-IV"},
    {"provinsi": "35", "wilayah": "35.78"},
    {"sektor": "kuliner"},
    {"gelombang": "I-III", "provinsi": "51"},
]


def _rss_mb(pid: int) -> float:
    """Resident memory of a process and its children (MB)."""
    out = subprocess.run(
        ["ps", "-o", "rss=", "--ppid", str(pid), "-p", str(pid)],
        check=False,
        capture_output=True,
        text=True,
    ).stdout
    return sum(int(x) for x in out.split()) / 1024


async def _session(
    base: str, index: int, stop: float, warm: float, times: list, errors: list, source: str
):
    """One client: page, websocket, then reruns with link after link until ``stop``."""
    verify = not base.startswith("https")  # the proxy's certificate is made here
    cookies = await asyncio.to_thread(
        lambda: requests.get(base + "/", timeout=60, verify=verify).cookies
    )
    xsrf = cookies.get("_streamlit_xsrf", "")
    ws_url = base.replace("http", "ws", 1) + "/_stcore/stream"
    context = None
    if base.startswith("https"):
        context = ssl.create_default_context()
        context.check_hostname, context.verify_mode = False, ssl.CERT_NONE
    cookie = "; ".join(f"{k}={v}" for k, v in cookies.items())
    async with websockets.connect(
        ws_url,
        subprotocols=["streamlit", xsrf] if xsrf else ["streamlit"],
        additional_headers={"Cookie": cookie} if cookie else None,
        max_size=None,
        ssl=context,
        local_addr=(source, 0),
        open_timeout=60,
    ) as ws:
        n = index
        while time.monotonic() < stop:
            msg = BackMsg()
            msg.rerun_script.query_string = urlencode(LINKS[n % len(LINKS)])
            n += 1
            t0 = time.monotonic()
            await ws.send(msg.SerializeToString())
            while True:
                fwd = ForwardMsg()
                fwd.ParseFromString(await asyncio.wait_for(ws.recv(), timeout=300))
                kind = fwd.WhichOneof("type")
                if kind == "script_finished":
                    if fwd.script_finished == ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                        continue  # the page asked for a rerun (st.rerun): wait for that one
                    if fwd.script_finished != ForwardMsg.FINISHED_SUCCESSFULLY:
                        errors.append(ForwardMsg.ScriptFinishedStatus.Name(fwd.script_finished))
                    break
                if kind == "delta" and fwd.delta.new_element.WhichOneof("type") == "exception":
                    errors.append(fwd.delta.new_element.exception.message[:80])
            if t0 >= warm:
                times.append((t0, time.monotonic() - t0))


async def _load(base: str, sessions: int, seconds: float, warmup: float, spread: bool):
    start = time.monotonic()
    warm, stop = start + warmup, start + warmup + seconds
    times: list = []
    errors: list = []
    tasks = [
        _session(
            base,
            i,
            stop,
            warm,
            times,
            errors,
            f"127.0.{i + 1}.1" if spread else "127.0.0.1",
        )
        for i in range(sessions)
    ]
    results = await asyncio.gather(*tasks, return_exceptions=True)
    errors += [repr(r)[:100] for r in results if isinstance(r, BaseException)]
    return [d for _, d in times], errors


def _measure(base: str, pids: list[int], sessions: int, seconds: float) -> dict:
    # A short run first fills each server's caches the way a day of use would.
    asyncio.run(_load(base, min(sessions, 5), 10, 0, False))
    durations, errors = asyncio.run(_load(base, sessions, seconds, 5, len(pids) > 1))
    durations.sort()
    return {
        "reruns/s": len(durations) / seconds,
        "p50": statistics.median(durations) if durations else float("nan"),
        "p95": durations[int(0.95 * (len(durations) - 1))] if durations else float("nan"),
        "reruns": len(durations),
        "errors": len(errors),
        "first error": errors[0] if errors else "",
        "rss": sum(_rss_mb(p) for p in pids),
    }


def _stop(v: Version) -> None:
    if v.proc is not None:
        v.proc.terminate()
        v.proc.wait(timeout=30)


def _behind_proxy(n: int) -> tuple[str, list[subprocess.Popen], subprocess.Popen]:
    """The current checkout as ``n`` production replicas on one database behind nginx with
    the documented configuration (``tools.proxy``)."""
    folder = OUT / "load-proxy"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{folder / 'atlas.db'}",
        "ATLAS_PUBLIC_ACCESS": "yes",
        "ATLAS_ENV": "production",
        "ATLAS_SECRET_KEY": "bench-load-" + "0" * 40,
        "ATLAS_TRUST_PROXY": "yes",
    }
    setup(ROOT, env)
    replicas = [serve(ROOT, env) for _ in range(n)]
    https, http = free_port(), free_port()
    ports = [int(url.rsplit(":", 1)[1]) for _, url in replicas]
    nginx = proxy.start_nginx(folder, ports, https, http)
    # By address: each client connects from its own 127.0.<n>.1, an IPv4 address.
    return f"https://127.0.0.1:{https}", [p for p, _ in replicas], nginx


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sessions", type=int, default=25)
    ap.add_argument("--seconds", type=float, default=60)
    ap.add_argument("--baseline", default="b3ca269")
    ap.add_argument("--replicas", type=int, default=1, choices=[1, 2])
    args = ap.parse_args()
    rows = []
    versions = [_baseline(args.baseline), Version("current", ROOT)]
    for v in versions:
        _start(v)
        try:
            rows.append((v.name, 1, _measure(v.url, [v.proc.pid], args.sessions, args.seconds)))
        finally:
            _stop(v)
    if args.replicas == 2:
        base, replicas, nginx = _behind_proxy(2)
        try:
            pids = [p.pid for p in replicas]
            rows.append(("current", 2, _measure(base, pids, args.sessions, args.seconds)))
        finally:
            for p in [nginx, *replicas]:
                p.terminate()
                p.wait(timeout=30)
    import streamlit

    title = (
        f"\n## Load: {args.sessions} concurrent sessions rerunning the map page "
        f"({datetime.now():%Y-%m-%d %H:%M}, {args.seconds:.0f} s each)\n\n"
    )
    machine = (
        f"- machine: {platform.machine()}, {os.cpu_count()} cores, Python "
        f"{platform.python_version()}, Streamlit {streamlit.__version__}; demo data, SQLite; "
        f"{len(LINKS)} links in turn per session (bench/bench_load.py)\n\n"
    )
    header = (
        "| version | replicas | reruns/s | p50 per rerun (s) | p95 per rerun (s) | reruns "
        "| errors | server RSS (MB) |\n| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n"
    )
    lines = [title, machine, header]
    for name, n, r in rows:
        lines.append(
            f"| {name} | {n} | {r['reruns/s']:.2f} | {r['p50']:.2f} | {r['p95']:.2f} | "
            f"{r['reruns']} | {r['errors']} | {r['rss']:.0f} |\n"
        )
        if r["errors"]:
            lines.append(f"\n(first error of {name}: `{r['first error']}`)\n")
    base_rate = rows[0][2]["reruns/s"]
    for name, n, r in rows[1:]:
        lines.append(
            f"\n{name} ({n} replica{'s' if n > 1 else ''}): "
            f"{r['reruns/s'] / base_rate:.1f}× the baseline's reruns per second.\n"
        )
    record("".join(lines))
    print("".join(lines))


if __name__ == "__main__":
    main()
