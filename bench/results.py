"""Where every benchmark records its figures."""

from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "RESULTS.md"


def record(block: str) -> None:
    """Print a result block and append it to bench/RESULTS.md."""
    print(block)
    with RESULTS.open("a") as fh:
        fh.write(block)
