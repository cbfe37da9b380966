#!/usr/bin/env bash
# `npm test`: everything CI checks, on a machine that has only Node and npm install's node_modules.
#   1. test/setup/provision.mjs installs Debian's chromium and Jupyter nbconvert when missing (or says what to run);
#   2. vitest: unit, golden, bad-input corpus, fuzzing, CLI end to end, the built CLI, the browser test;
#   3. the type check (tsc, strict);
#   4. the notebooks, executed headless (notebooks/run.sh).
# With arguments (`npm test -- test/cli`), only step 1 and vitest with those arguments.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
BIN="$ROOT/node_modules/.bin"
[ -x "$BIN/vitest" ] || { echo "npm test: node_modules is missing: run npm install first" >&2; exit 2; }

section() { printf '== %s\n' "$1"; }
section "provision"
node test/setup/provision.mjs
section "vitest"
"$BIN/vitest" run "$@"
if [ $# -gt 0 ]; then exit 0; fi
section "type check"
"$BIN/tsc" --noEmit -p tsconfig.json
section "notebooks"
bash notebooks/run.sh
