#!/bin/sh
# Regenerate requirements/site.txt and requirements/test.txt from the ranges in
# pyproject.toml, each resolved in a throwaway virtual environment.
set -eu
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
python3 -m venv "$tmp/venv"
pip="$tmp/venv/bin/python -m pip"
$pip install -q .
$pip uninstall -q -y casebook
{ echo "# Exact versions for building and serving the site (make setup). Regenerate with: make lock"
  $pip freeze; } > requirements/site.txt
$pip install -q ".[test]"
$pip uninstall -q -y casebook
{ echo "# Exact versions for the test suite, on top of site.txt (make setup-test). Regenerate with: make lock"
  echo "-r site.txt"
  $pip freeze | grep -vxF -f requirements/site.txt; } > requirements/test.txt
echo "requirements/site.txt and requirements/test.txt updated"
