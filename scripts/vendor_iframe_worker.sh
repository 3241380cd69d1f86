#!/bin/sh
# Re-vendor the iframe-worker shim that Material's offline plugin needs from
# file:// (it would otherwise load it from unpkg.com). Pinned; checks the hash.
set -eu
cd "$(dirname "$0")/.."
version=1.0.4
dest=docs/assets/vendor/iframe-worker
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && npm pack --silent "iframe-worker@$version" >/dev/null && tar xzf "iframe-worker-$version.tgz")
mkdir -p "$dest"
cp "$tmp/package/shim/index.js" "$dest/shim.js"
cp "$tmp/package/LICENSE" "$dest/LICENSE"
sha256sum -c "$dest/SHA256SUMS"
