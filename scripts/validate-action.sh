#!/usr/bin/env bash
# Validates action.yml against the published schema. action-validator 0.6.0 (the latest) bundles a
# schema that predates `using: node24`, so a copy saying node20 is validated and node24 is pinned
# separately.
set -euo pipefail
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
sed 's/^  using: node24$/  using: node20/' action.yml >"$tmp/action.yml"
npx action-validator "$tmp/action.yml"
grep -q '^  using: node24$' action.yml || { echo "action.yml must say runs.using: node24" >&2; exit 1; }
echo "action.yml is valid (runs.using: node24)"
