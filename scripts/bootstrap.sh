#!/bin/sh
# Set up everything the project needs: sh scripts/bootstrap.sh site|test
# A thin caller of scripts/bootstrap.py (which Windows and macOS run directly);
# PYTHON=/path/to/python3.x chooses the interpreter for .venv.
set -eu
python=${PYTHON:-python3}
if ! command -v "$python" >/dev/null 2>&1; then
    printf 'bootstrap: 找不到 %s：需要 Python 3.11–3.13（Debian：apt-get install python3），或用 PYTHON=… 指定\n' "$python"
    exit 1
fi
exec "$python" "$(dirname "$0")/bootstrap.py" "$@"
