#!/bin/sh
# Set up everything the project needs on a fresh Debian machine.
#
# Usage: sh scripts/bootstrap.sh site|test
#   site  Python packages for building and serving the site (.venv)
#   test  the above, plus the test packages and Debian's chromium and
#         fonts-noto-cjk (browser tests and PDF handouts need them)
#
# Safe to run again: it only installs what is missing, and it reinstalls the
# Python packages only when requirements/*.txt changed.
set -eu

what=${1:-site}
here=$(cd "$(dirname "$0")/.." && pwd)
cd "$here"
venv=.venv
python=${PYTHON:-python3}

say() { printf 'bootstrap: %s\n' "$*"; }

apt_install() {
    # Installs Debian packages as root or through sudo; says what to do otherwise.
    if [ "$(id -u)" = 0 ]; then
        runner=""
    elif command -v sudo >/dev/null 2>&1; then
        runner="sudo"
    else
        say "需要安装 $*，但当前用户不是 root 且没有 sudo。请先执行：apt-get install -y $*"
        exit 1
    fi
    say "apt-get install $*"
    $runner apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $runner apt-get install -y -qq "$@" >/dev/null
}

missing_debs() {
    for pkg in "$@"; do
        dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || printf '%s ' "$pkg"
    done
}

if ! "$python" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))' 2>/dev/null; then
    say "需要 Python 3.11（当前：$("$python" --version 2>&1)）。可用 PYTHON=/path/to/python3.11 指定。"
    exit 1
fi

# Debian's own python3 ships without venv and ensurepip.
if ! "$python" -c 'import venv, ensurepip' 2>/dev/null; then
    apt_install python3-venv
fi

if [ "$what" = test ]; then
    debs=$(missing_debs chromium fonts-noto-cjk)
    [ -x /usr/bin/chromium ] || debs="$debs chromium"
    if [ -n "$(echo "$debs" | tr -d ' ')" ]; then
        # shellcheck disable=SC2086
        apt_install $(echo "$debs" | tr ' ' '\n' | sort -u | tr '\n' ' ')
    fi
fi

[ -x "$venv/bin/python" ] || { say "creating $venv"; "$python" -m venv "$venv"; }

lock=requirements/$what.txt
stamp=$venv/.installed-$what
if [ ! -f "$stamp" ] || [ -n "$(find requirements pyproject.toml -newer "$stamp" 2>/dev/null | head -n 1)" ]; then
    say "installing $lock"
    "$venv/bin/python" -m pip install -q -r "$lock"
    "$venv/bin/python" -m pip install -q --no-deps -e .
    touch "$stamp"
fi
