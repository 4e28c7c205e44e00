#!/usr/bin/env bash
# Bundles the preview's third-party JavaScript from the npm registry into
# resources/preview/vendor/ (not committed). Today: mermaid, for diagrams.
# Without npm the preview still works: diagrams show as highlighted source with
# a short notice. Safe to run again: does nothing when the pinned version is there.
set -euo pipefail
cd "$(dirname "$0")/.."
MERMAID_VERSION=11.17.2
dest=resources/preview/vendor
stamp="$dest/mermaid.version"
if [ -f "$dest/mermaid.min.js" ] && [ "$(cat "$stamp" 2>/dev/null)" = "$MERMAID_VERSION" ]; then
  exit 0
fi
if ! command -v npm >/dev/null 2>&1; then
  echo "vendor-js: npm not found; mermaid diagrams will show as source (install npm, then run: make vendor)" >&2
  exit 0
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# npm pack checks the package's integrity against the registry's record.
if ! (cd "$tmp" && npm pack "mermaid@$MERMAID_VERSION" --silent >/dev/null 2>"$tmp/npm.log"); then
  echo "vendor-js: could not fetch mermaid from the npm registry; diagrams will show as source" >&2
  sed 's/^/  /' "$tmp/npm.log" >&2 || true
  exit 0
fi
tar -xzf "$tmp"/mermaid-*.tgz -C "$tmp" package/dist/mermaid.min.js package/LICENSE
mkdir -p "$dest"
cp "$tmp/package/dist/mermaid.min.js" "$dest/mermaid.min.js"
cp "$tmp/package/LICENSE" "$dest/mermaid.LICENSE"
echo "$MERMAID_VERSION" > "$stamp"
echo "vendor-js: mermaid $MERMAID_VERSION bundled into $dest"
