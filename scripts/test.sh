#!/usr/bin/env bash
# Install everything on a fresh machine, then run the checks and the whole test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --test
.venv/bin/ruff check assistant tests bench app.py
.venv/bin/mypy assistant
.venv/bin/python -m pytest -q -p no:cacheprovider "$@"
