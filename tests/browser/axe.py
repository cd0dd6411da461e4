"""axe-core, the accessibility checker, for the browser tests: fetched once from the npm
registry at a pinned version, checked against the registry's published integrity, and
injected into a page by Playwright (the page's own Content-Security-Policy does not allow
inline scripts, so the checking context bypasses it; the app never loads this file)."""

from __future__ import annotations

import base64
import hashlib
import os
import shutil
import subprocess
import tarfile
import tempfile
from pathlib import Path

import pytest

VERSION = "4.14.1"
# `npm view axe-core@4.14.1 dist.integrity`
INTEGRITY = "sha512-FHfa+lmNjQZfJz1q8wKqIDwC6DExcHt/pkjNQb09a3NPjCKg2rhu5qb2S4r76ASyFNNtuFooJpZe37OgudVGtQ=="
CACHE = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "pkh-atlas"
# The WCAG 2.1 A and AA rules; "serious" and "critical" findings fail a test.
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
FAILING = ("serious", "critical")


def _unavailable(reason: str):
    if os.environ.get("CI"):
        pytest.fail(reason)
    pytest.skip(reason)


def script() -> Path:
    """The path of axe.min.js, fetched with npm on first use."""
    target = CACHE / f"axe-core-{VERSION}" / "axe.min.js"
    if target.exists():
        return target
    npm = shutil.which("npm")
    if not npm:
        _unavailable("npm not found: axe-core cannot be fetched (apt-get install npm)")
    with tempfile.TemporaryDirectory() as tmp:
        done = subprocess.run(
            [npm, "pack", f"axe-core@{VERSION}", "--pack-destination", tmp],
            capture_output=True,
            text=True,
            timeout=180,
            check=False,
        )
        if done.returncode:
            _unavailable(f"npm pack axe-core@{VERSION} failed: {done.stderr.strip()[-300:]}")
        tgz = Path(tmp) / f"axe-core-{VERSION}.tgz"
        digest = base64.b64encode(hashlib.sha512(tgz.read_bytes()).digest()).decode()
        if f"sha512-{digest}" != INTEGRITY:
            pytest.fail(f"axe-core-{VERSION}.tgz does not match its published integrity")
        with tarfile.open(tgz) as tar:
            member = tar.extractfile("package/axe.min.js")
            data = member.read() if member else b""
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)
    return target


def violations(page) -> list[dict]:
    """The serious and critical WCAG 2.1 A/AA findings on the page as it stands (the map's
    Leaflet frame is left out: axe is injected into the top document only)."""
    page.add_script_tag(path=str(script()))
    found = page.evaluate(
        """async tags => {
             const r = await axe.run(document, {runOnly: {type: 'tag', values: tags},
                                                resultTypes: ['violations'], iframes: false});
             return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
               nodes: v.nodes.slice(0, 5).map(n => n.target.join(' ') + ' :: ' +
                                                  (n.failureSummary || '').slice(0, 200))}));
           }""",
        TAGS,
    )
    return [v for v in found if v["impact"] in FAILING]
