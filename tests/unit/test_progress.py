"""Long work tells its progress: the estimate of the time left and the command line's lines."""

from atlas import cli
from atlas.core import progress


def test_time_left_goes_at_the_pace_so_far():
    assert progress.time_left(10.0, 0.25) == 30.0
    assert progress.time_left(0.5, 0.5) is None  # no pace yet
    assert progress.time_left(10.0, 0.01) is None  # too little done to tell
    assert progress.time_left(10.0, 1.0) is None  # nothing left


def test_the_estimate_is_said_in_the_users_language():
    assert progress.with_time_left("Memeriksa", 20.0, 0.25, "id") == (
        "Memeriksa · sekitar 60 detik lagi"
    )
    assert (
        progress.with_time_left("Checking", 10.0, 0.5, "en") == "Checking · about 10 seconds left"
    )
    assert progress.with_time_left("Memeriksa", 0.2, 0.5, "id") == "Memeriksa"


def test_the_command_line_prints_a_line_now_and_then(monkeypatch, capsys):
    clock = iter([100.0, 102.0, 110.0, 111.0, 130.0])
    monkeypatch.setattr(cli.time, "perf_counter", lambda: next(clock))
    bar = cli._Progress()
    bar("progress.summaries", 0, 12)  # starts the clock
    bar("progress.summaries", 1, 12)  # 2 s later: too soon for a line
    bar("progress.summaries", 3, 12)  # 10 s in: a line
    bar("progress.summaries", 4, 12)  # 1 s after that line: none
    bar("progress.summaries", 12, 12)  # done: the step's own line says so
    lines = capsys.readouterr().out.splitlines()
    assert lines == [
        "[ 10.0 s] Tabel ringkasan: 3 dari 12 dibangun ulang (25%) · sekitar 30 detik lagi"
    ]
