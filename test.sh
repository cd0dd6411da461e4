#!/usr/bin/env bash
# Run the whole test suite (unit, SQLite + PostgreSQL, AppTest, browser). Extra arguments go
# to pytest, e.g. ./test.sh -k cli
set -euo pipefail
cd "$(dirname "$0")"
source scripts/venv.sh requirements-dev.txt
exec .venv/bin/python -m pytest "$@"
