# Sourced by run.sh and test.sh: make the virtual environment ($VENV, default .venv) with the
# newest supported Python it finds (3.13, 3.12, 3.11; PYTHON=/path/to/python picks one) and
# install the pinned requirements file given as $1. pip runs only when the requirements or
# the interpreter changed since last time, saying how far it is (scripts/install_progress.py);
# prints one line with the time it took.
req="$1"
venv="${VENV:-.venv}"
_venv_t0=$(date +%s.%N)
_supported='import sys; sys.exit(not ((3, 11) <= sys.version_info[:2] <= (3, 13)))'

_works() { [ -n "$1" ] && "$1" -c "$_supported" >/dev/null 2>&1; }

py=""
if [ -n "${PYTHON:-}" ]; then
  if ! _works "$PYTHON"; then
    echo "PYTHON=$PYTHON is not Python 3.11, 3.12 or 3.13 (or does not run)." >&2
    return 1 2>/dev/null || exit 1
  fi
  py="$PYTHON"
else
  # pyenv's shims answer `command -v` even when the version is not selected, so every
  # candidate is run once; pyenv's own installs are looked at directly as well.
  _root=$(pyenv root 2>/dev/null || echo "$HOME/.pyenv")
  for minor in 13 12 11; do
    for candidate in "python3.$minor" $(ls -d "$_root"/versions/3."$minor".*/bin/python3."$minor" 2>/dev/null | sort -rV); do
      if _works "$candidate"; then py="$candidate"; break 2; fi
    done
  done
  if [ -z "$py" ] && _works python3; then py=python3; fi
fi
if [ -z "$py" ]; then
  echo "PKH Atlas needs Python 3.11, 3.12 or 3.13 (install one, or set PYTHON=/path/to/python3.x)." >&2
  return 1 2>/dev/null || exit 1
fi

want=$("$py" -c 'import sys; print("%d.%d" % sys.version_info[:2])')
have=$("$venv/bin/python" -c 'import sys; print("%d.%d" % sys.version_info[:2])' 2>/dev/null || true)
if [ "$have" != "$want" ] && { [ -z "$have" ] || [ -n "${PYTHON:-}" ] || ! _works "$venv/bin/python"; }; then
  rm -rf "$venv"
  "$py" -m venv "$venv"
fi
stamp="$venv/.installed-$(basename "$req")"
digest=$({ cat requirements*.txt; "$venv/bin/python" -V; } | sha256sum | cut -c1-16)
if [ "$(cat "$stamp" 2>/dev/null)" != "$digest" ]; then
  "$venv/bin/python" -m pip install -q --disable-pip-version-check --upgrade pip
  # pip is quiet; a watcher says how far it is (it reads the plan pip writes to --report).
  echo "installing the packages of $req (about a minute the first time)..." >&2
  rm -f "$venv/.install-plan.json"
  "$venv/bin/python" -m pip install -q --disable-pip-version-check \
    --report "$venv/.install-plan.json" -r "$req" &
  _venv_pip=$!
  "$venv/bin/python" scripts/install_progress.py "$venv/.install-plan.json" "$_venv_pip" &
  _venv_watch=$!
  if ! wait "$_venv_pip"; then
    wait "$_venv_watch" 2>/dev/null || true
    echo "Installing the packages of $req failed (pip's message above)." >&2
    return 1 2>/dev/null || exit 1
  fi
  wait "$_venv_watch" 2>/dev/null || true
  echo "$digest" > "$stamp"
  _venv_what="packages installed from $req"
else
  _venv_what="packages up to date"
fi
awk -v t0="$_venv_t0" -v t1="$(date +%s.%N)" -v what="$venv: $("$venv/bin/python" -V) ($_venv_what)" \
  'BEGIN { printf "[%5.1f s] %s\n", t1 - t0, what }' >&2
