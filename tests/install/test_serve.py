"""``streamlit run app.py`` (what run.sh and the systemd units start) as a real process.

* In production without ``ATLAS_SECRET_KEY`` nothing is served: the process exits with
  status 2 and says why, so a load balancer never sees a healthy replica that refuses every
  page.
* A served replica makes no request outside the machine — not at start, and not when a
  websocket arrives through a proxy that drops the port from ``Host`` (Streamlit would look
  up the machine's external IP for it). Every outbound HTTP(S) request of the process is sent
  to a recording proxy here, which must stay silent.
"""

from __future__ import annotations

import base64
import os
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tools.net import free_port

PROJECT = Path(__file__).resolve().parents[2]


def _serve(port: int, env: dict[str, str], log: Path) -> subprocess.Popen:
    out = log.open("w")
    return subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port)],
        cwd=PROJECT,
        env=env,
        stdout=out,
        stderr=subprocess.STDOUT,
    )


def test_production_without_a_key_serves_nothing(tmp_path, demo_sqlite_url):
    env = {
        **os.environ,
        "DATABASE_URL": demo_sqlite_url,
        "ATLAS_ENV": "production",
        "ATLAS_SECRET_KEY": "",
    }
    port = free_port()
    proc = _serve(port, env, tmp_path / "log")
    try:
        assert proc.wait(timeout=60) == 2
    finally:
        proc.kill()
    log = (tmp_path / "log").read_text()
    assert "ATLAS_SECRET_KEY" in log and "Traceback" not in log
    with pytest.raises(OSError):
        urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2)


class _RecordingProxy:
    """A TCP listener standing in for the internet: records whoever connects."""

    def __init__(self) -> None:
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.port = self.sock.getsockname()[1]
        self.seen: list[bytes] = []
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            conn.settimeout(2)
            try:
                self.seen.append(conn.recv(200))
            except OSError:
                self.seen.append(b"?")
            conn.close()


def _handshake(port: int, host: str, origin: str) -> bytes:
    with socket.create_connection(("127.0.0.1", port), timeout=10) as s:
        key = base64.b64encode(os.urandom(16)).decode()
        s.sendall(
            (
                f"GET /_stcore/stream HTTP/1.1\r\nHost: {host}\r\nUpgrade: websocket\r\n"
                f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13"
                f"\r\nOrigin: {origin}\r\nSec-WebSocket-Protocol: streamlit\r\n\r\n"
            ).encode()
        )
        return s.recv(200).split(b"\r\n")[0]


def test_a_replica_never_reaches_outside(tmp_path, demo_sqlite_url):
    proxy = _RecordingProxy()
    outside = f"http://127.0.0.1:{proxy.port}"
    env = {
        **os.environ,
        "DATABASE_URL": demo_sqlite_url,
        "HTTP_PROXY": outside,
        "HTTPS_PROXY": outside,
        "http_proxy": outside,
        "https_proxy": outside,
        "NO_PROXY": "",
        "ATLAS_ALLOWED_HOSTS": "localhost,127.0.0.1,atlas.example",
    }
    port = free_port()
    proc = _serve(port, env, tmp_path / "log")
    try:
        deadline = time.time() + 60
        while time.time() < deadline and proc.poll() is None:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2):
                    break
            except OSError:
                time.sleep(0.5)
        assert _handshake(port, f"localhost:{port}", f"http://localhost:{port}").endswith(
            b"101 Switching Protocols"
        )
        # What a proxy with `proxy_set_header Host $host` sends on a non-default port.
        assert _handshake(port, "atlas.example", "https://atlas.example:8443").endswith(
            b"403 Forbidden"
        )
        assert _handshake(port, f"localhost:{port}", "http://evil.example").endswith(
            b"403 Forbidden"
        )
        # Streamlit's upload endpoint: closed to anyone not signed in as data staff.
        put = urllib.request.Request(
            f"http://127.0.0.1:{port}/_stcore/upload_file/some-session/some-file",
            data=b"x" * 1000,
            method="PUT",
        )
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(put, timeout=10)
        assert refused.value.code == 403
        _closed_to_strangers(port)
        time.sleep(2.5)  # Streamlit's lookup would have tried within its 1 s timeout
    finally:
        proc.terminate()
        proc.wait(timeout=20)
    log = (tmp_path / "log").read_text()
    assert proxy.seen == [], proxy.seen
    assert "external IP" not in log
    assert f"URL: http://localhost:{port}" in log  # the one address to open, printed at start


def _closed_to_strangers(port: int) -> None:
    """What app.py closes: a host name not in ATLAS_ALLOWED_HOSTS (DNS rebinding: the
    page's Origin matches its forged Host), Streamlit's metrics, a DELETE of an upload."""
    assert _handshake(port, "rebind.example", "http://rebind.example").endswith(b"400 Bad Request")
    forged = urllib.request.Request(
        f"http://127.0.0.1:{port}/_stcore/health", headers={"Host": "rebind.example"}
    )
    for request, code in (
        (forged, 400),
        (urllib.request.Request(f"http://127.0.0.1:{port}/_stcore/metrics"), 404),
        (
            urllib.request.Request(
                f"http://127.0.0.1:{port}/_stcore/upload_file/some-session/some-file",
                method="DELETE",
            ),
            403,
        ),
    ):
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(request, timeout=10)
        assert refused.value.code == code
