#!/usr/bin/env bash
# Executes every notebook in notebooks/ headless on the project's Deno kernel (`npm run notebooks`).
#
#   bash notebooks/run.sh                  # all notebooks; executed copies in test/out/notebooks/
#   bash notebooks/run.sh 02 04            # only the notebooks whose names start with 02 or 04
#   bash notebooks/run.sh --out DIR        # executed copies (.ipynb and .html) in DIR instead
#   bash notebooks/run.sh --update         # first strip outputs from the committed notebooks, in place
#   bash notebooks/run.sh install-kernel   # install the kernel for Jupyter / VS Code (install-kernel.sh)
#
# Needs Debian's jupyter-nbconvert, python3-nbclient, jupyter-client and jupyter-core (installed with apt-get
# when missing, by test/setup/provision.mjs), and `npm ci`; Deno (npm
# package `deno`) is installed on first use into .tools/deno by install-kernel.sh. Nothing global is touched: the kernelspec, Jupyter's runtime files
# and config live in .jupyter-data/ (git-ignored). Fails when a committed notebook carries outputs or when
# any cell of any notebook raises; prints one line per notebook with its duration. A notebook whose outputs
# the kernel dropped in transit (see nbtools.mjs) is run again, up to 3 times.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
KERNEL_NAME="deno-port-emissions"
OUT="$ROOT/test/out/notebooks"
UPDATE=0
SELECTED=()

usage() { sed -n '2,15p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; }
die() { echo "notebooks: $*" >&2; exit 2; }

while [ $# -gt 0 ]; do
  case "$1" in
    -h|--help) usage; exit 0 ;;
    install-kernel) shift; exec bash "$ROOT/notebooks/install-kernel.sh" "$@" ;;
    --update) UPDATE=1 ;;
    --out) [ $# -ge 2 ] || die "--out needs a folder"; OUT="$(mkdir -p "$2" && cd "$2" && pwd)"; shift ;;
    --out=*) OUT="$(mkdir -p "${1#--out=}" && cd "${1#--out=}" && pwd)" ;;
    -*) usage >&2; die "unknown option $1" ;;
    *) SELECTED+=("$1") ;;
  esac
  shift
done

# Jupyter's nbconvert: installed from Debian when missing, or a message saying what to run (test/setup/provision.mjs).
if ! command -v node >/dev/null 2>&1; then die "node is not on PATH"; fi
node "$ROOT/test/setup/provision.mjs" jupyter || exit 2

cd "$ROOT"
NOTEBOOKS=()
for notebook in notebooks/*.ipynb; do
  [ -e "$notebook" ] || continue
  name="$(basename "$notebook")"
  if [ ${#SELECTED[@]} -gt 0 ]; then
    keep=0
    for prefix in "${SELECTED[@]}"; do
      case "$name" in "${prefix%.ipynb}"*) keep=1 ;; esac
    done
    [ "$keep" = 1 ] || continue
  fi
  NOTEBOOKS+=("$notebook")
done
[ ${#NOTEBOOKS[@]} -gt 0 ] || die "no notebook matches ${SELECTED[*]:-notebooks/*.ipynb}"

# Everything Jupyter writes stays in the checkout; a user's own Jupyter config cannot change the run.
export JUPYTER_DATA_DIR="$ROOT/.jupyter-data"
export JUPYTER_CONFIG_DIR="$ROOT/.jupyter-data/config"
export JUPYTER_RUNTIME_DIR="$ROOT/.jupyter-data/runtime"
export DENO_NO_UPDATE_CHECK=1 DENO_NO_PROMPT=1 NO_COLOR=1 TZ=UTC
mkdir -p "$JUPYTER_CONFIG_DIR" "$JUPYTER_RUNTIME_DIR" "$OUT"
bash "$ROOT/notebooks/install-kernel.sh" "$JUPYTER_DATA_DIR"

if [ "$UPDATE" = 1 ]; then node notebooks/nbtools.mjs strip "${NOTEBOOKS[@]}"; fi
node notebooks/nbtools.mjs check-stripped "${NOTEBOOKS[@]}"

# Executes one notebook into $OUT; 0 when every cell ran, 1 when a cell raised, 3 when the kernel dropped
# an output (see nbtools.mjs check-displays), 4 when the HTML export failed.
execute() {
  local notebook=$1 name=$2 log=$3
  local displays="$OUT/$name.displays"
  rm -f "$displays"
  PORT_EMISSIONS_DISPLAY_LOG="$displays" jupyter-nbconvert --to notebook --execute \
    --ExecutePreprocessor.kernel_name="$KERNEL_NAME" \
    --ExecutePreprocessor.timeout=600 \
    --ExecutePreprocessor.record_timing=False \
    --output-dir "$OUT" "$notebook" >>"$log" 2>&1 || return 1
  node notebooks/nbtools.mjs check-displays "$OUT/$name.ipynb" "$displays" >>"$log" 2>&1 || return 3
  jupyter-nbconvert --to html --output-dir "$OUT" "$OUT/$name.ipynb" >>"$log" 2>&1 || return 4
}

ATTEMPTS=3
failed=0
for notebook in "${NOTEBOOKS[@]}"; do
  name="$(basename "$notebook" .ipynb)"
  log="$OUT/$name.log"
  : >"$log"
  start=$EPOCHREALTIME
  attempt=1
  while :; do
    code=0
    execute "$notebook" "$name" "$log" || code=$?
    # A dropped output is the kernel's transport, not the notebook: run it again, up to $ATTEMPTS times.
    if [ "$code" = 3 ] && [ "$attempt" -lt "$ATTEMPTS" ]; then
      echo "  $name.ipynb: $(tail -n 1 "$log" | sed 's/^.*: //'); running it again" >&2
      attempt=$((attempt + 1))
      continue
    fi
    break
  done
  if [ "$code" = 0 ]; then status=ok; else status=FAILED; failed=$((failed + 1)); fi
  seconds=$(awk -v a="$start" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.1f", b - a }')
  printf '%-6s %-40s %6s s\n' "$status" "$name.ipynb" "$seconds"
  if [ "$status" = FAILED ]; then
    # The cell and the error, not nbconvert's Python traceback (the whole log stays in $log).
    if grep -q 'CellExecutionError' "$log"; then
      sed -n '/An error occurred while executing the following cell/,$p' "$log" | sed 's/^/    /' >&2
    else
      tail -n 20 "$log" | sed 's/^/    /' >&2
    fi
    echo "    (full log: ${log#"$ROOT/"})" >&2
  fi
done

if [ "$failed" -gt 0 ]; then
  echo "notebooks: $failed of ${#NOTEBOOKS[@]} failed" >&2
  exit 1
fi
echo "notebooks: ${#NOTEBOOKS[@]} executed; outputs in ${OUT#"$ROOT/"}/ (.ipynb and .html)"
