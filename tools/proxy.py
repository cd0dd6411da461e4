"""The production recipe of docs/DEPLOYING.md on one machine: Debian's nginx running the documented
``deploy/nginx/atlas.conf`` (only its ports and certificate swapped) in front of replicas,
over HTTPS with a certificate made here. Used by the proxy browser test and by
``bench/bench_load.py --replicas 2``.
"""

from __future__ import annotations

import re
import shutil
import ssl
import subprocess
import time
import urllib.request
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
NGINX_CONF = PROJECT / "deploy" / "nginx" / "atlas.conf"

INSECURE = ssl.create_default_context()  # for the certificate made here
INSECURE.check_hostname = False
INSECURE.verify_mode = ssl.CERT_NONE


def nginx() -> str | None:
    return shutil.which("nginx") or (
        "/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None
    )


def documented_config(replicas: list[int], https: int, http: int, cert: Path, key: Path) -> str:
    """deploy/nginx/atlas.conf with only its ports, certificate paths and host name swapped."""
    text = NGINX_CONF.read_text()
    upstream = "".join(f"    server 127.0.0.1:{p};\n" for p in replicas)
    text, n = re.subn(r"(?:    server 127\.0\.0\.1:\d+;\n)+", upstream, text)
    if n != 1:
        raise ValueError("deploy/nginx/atlas.conf has no upstream list to swap")
    for old, new in (
        ("listen 443 ssl;", f"listen 127.0.0.1:{https} ssl;"),
        ("listen 80;", f"listen 127.0.0.1:{http};"),
        ("listen 443 ssl default_server;", f"listen 127.0.0.1:{https} ssl default_server;"),
        ("listen 80 default_server;", f"listen 127.0.0.1:{http} default_server;"),
        ("server_name atlas.example;", "server_name localhost;"),
        ("/etc/ssl/certs/atlas.example.pem", str(cert)),
        ("/etc/ssl/private/atlas.example.key", str(key)),
    ):
        if old not in text:
            raise ValueError(f"deploy/nginx/atlas.conf no longer has {old!r}")
        text = text.replace(old, new)
    return text


def certificate(folder: Path) -> tuple[Path, Path]:
    """A self-signed certificate for localhost (two days)."""
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "2",
            "-subj",
            "/CN=localhost",
            "-keyout",
            str(key),
            "-out",
            str(cert),
        ],
        check=True,
        capture_output=True,
    )
    return cert, key


def start_nginx(folder: Path, replicas: list[int], https: int, http: int) -> subprocess.Popen:
    """nginx in the foreground with everything it writes under ``folder``; returns once it
    answers the replicas' health check over HTTPS."""
    binary = nginx()
    if binary is None:
        raise FileNotFoundError("nginx (apt-get install nginx-light)")
    cert, key = certificate(folder)
    (folder / "atlas.conf").write_text(documented_config(replicas, https, http, cert, key))
    for d in ("body", "proxy", "fastcgi", "uwsgi", "scgi"):
        (folder / d).mkdir(exist_ok=True)
    (folder / "nginx.conf").write_text(f"""
worker_processes 1;
daemon off;
pid {folder}/nginx.pid;
error_log {folder}/error.log;
events {{ worker_connections 1024; }}
http {{
    include /etc/nginx/mime.types;
    access_log {folder}/access.log;
    client_body_temp_path {folder}/body; proxy_temp_path {folder}/proxy;
    fastcgi_temp_path {folder}/fastcgi; uwsgi_temp_path {folder}/uwsgi; scgi_temp_path {folder}/scgi;
    include {folder}/atlas.conf;
}}
""")
    check = subprocess.run(
        [binary, "-t", "-c", str(folder / "nginx.conf")],
        check=False,
        capture_output=True,
        text=True,
    )
    if check.returncode != 0:
        raise RuntimeError(check.stderr)
    proc = subprocess.Popen([binary, "-c", str(folder / "nginx.conf")], stderr=subprocess.PIPE)
    deadline = time.time() + 20
    while time.time() < deadline:
        try:
            with urllib.request.urlopen(
                f"https://localhost:{https}/_stcore/health", timeout=10, context=INSECURE
            ):
                break
        except OSError:
            time.sleep(0.3)
    return proc
