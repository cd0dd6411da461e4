#!/usr/bin/env bash
# Run the whole test suite (unit, SQLite + PostgreSQL, AppTest, browser). Extra arguments go
# to pytest, e.g. ./test.sh -k cli. PYTHON=python3.12 VENV=.venv-3.12 ./test.sh runs it on
# another interpreter in its own environment.
set -euo pipefail
cd "$(dirname "$0")"
source scripts/venv.sh requirements-dev.txt
exec "${VENV:-.venv}/bin/python" -m pytest "$@"
