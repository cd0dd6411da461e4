#!/usr/bin/env bash
# Set up PKH Atlas on the embedded default (SQLite + demo data) and serve it on
# http://localhost:8501. Safe to run again: each step only does what is missing, and each
# prints one line with its time.
set -euo pipefail
cd "$(dirname "$0")"
source scripts/venv.sh requirements.txt
"${VENV:-.venv}/bin/python" -m atlas setup
exec "${VENV:-.venv}/bin/python" -m streamlit run app.py --server.port "${PORT:-8501}" "$@"
