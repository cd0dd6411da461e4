"""scripts/install_progress.py: pip's plan matched against the packages installed so far."""

import importlib.util
import json
import subprocess
import sys
import threading
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "install_progress.py"
spec = importlib.util.spec_from_file_location("install_progress", SCRIPT)
install_progress = importlib.util.module_from_spec(spec)
spec.loader.exec_module(install_progress)


def _plan(path: Path, packages: list[tuple[str, str]]) -> None:
    install = [{"metadata": {"name": n, "version": v}} for n, v in packages]
    path.write_text(json.dumps({"version": "1", "install": install}))


def test_the_plan_is_counted_as_its_packages_land(tmp_path):
    report, site = tmp_path / "plan.json", tmp_path / "site"
    site.mkdir()
    assert install_progress.planned(str(report)) is None  # pip has not resolved yet
    report.write_text('{"install": [')  # being written
    assert install_progress.planned(str(report)) is None
    _plan(report, [("streamlit-folium", "0.27.4"), ("SQLAlchemy", "2.1.9"), ("tqdm", "4.70.1")])
    plan = install_progress.planned(str(report))
    for folder in ("streamlit_folium-0.27.4.dist-info", "sqlalchemy-2.1.9.dist-info"):
        (site / folder).mkdir()
    (site / "tqdm-4.0.0.dist-info").mkdir()  # another version: not the planned one yet
    (site / "tqdm").mkdir()
    assert len(plan & install_progress.installed(str(site))) == 2


def test_the_watcher_ends_with_pip(tmp_path):
    pip = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(1)"])
    threading.Thread(target=pip.wait).start()  # reaped as it ends, as the shell's `wait` does
    watcher = subprocess.run(
        [sys.executable, str(SCRIPT), str(tmp_path / "never-written.json"), str(pip.pid)],
        timeout=20,
        capture_output=True,
        text=True,
        check=False,
    )
    assert watcher.returncode == 0 and watcher.stderr == ""
