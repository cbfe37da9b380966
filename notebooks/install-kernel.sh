#!/usr/bin/env bash
# Writes the Jupyter kernelspec "deno-port-emissions" (display name "Deno (port-emissions)"): the Deno that
# `npm ci` installed in this checkout's node_modules, started as a Jupyter kernel.
#
#   bash notebooks/install-kernel.sh            # for you: into your Jupyter data dir (Jupyter, VS Code find it)
#   bash notebooks/install-kernel.sh DATA_DIR   # into DATA_DIR/kernels/ (notebooks/run.sh uses .jupyter-data/)
#   bash notebooks/install-kernel.sh --remove   # removes it from your Jupyter data dir
#
# Written by hand because `deno jupyter --install` ignores JUPYTER_DATA_DIR and would point at whichever
# deno is on PATH. The kernel gets no network access to anything it needs: imports resolve to ../src and
# to node_modules (notebooks/deno.json), and the environment below turns off Deno's update check.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
KERNEL_NAME="deno-port-emissions"
DISPLAY_NAME="Deno (port-emissions)"

die() { echo "install-kernel: $*" >&2; exit 1; }

# Deno comes from the npm package `deno`, installed into a tool folder of its own (.tools/deno, git-ignored)
# rather than the project's devDependencies: the registry these machines use lacks deno's optional packages
# for other platforms, so listing it in package.json breaks `npm ci` (the lock file cannot be complete).
DENO_VERSION="2.9.6"
DENO_PREFIX="$ROOT/.tools/deno"

# The real binary, not node_modules/.bin/deno, which may be a Node wrapper script (bin.cjs) when npm's
# postinstall could not link the binary in place.
find_deno() {
  local candidate
  for candidate in "$DENO_PREFIX/node_modules/deno/deno" "$DENO_PREFIX"/node_modules/@deno/*/deno "$ROOT/node_modules/deno/deno"; do
    if [ -x "$candidate" ] && [ -f "$candidate" ]; then echo "$candidate"; return 0; fi
  done
  return 1
}

deno_binary() {
  if find_deno; then return 0; fi
  echo "install-kernel: installing deno@$DENO_VERSION (npm) into .tools/deno" >&2
  npm install --prefix "$DENO_PREFIX" --no-audit --no-fund --no-save "deno@$DENO_VERSION" >&2 \
    || die "could not install deno@$DENO_VERSION from the npm registry"
  find_deno || die "deno@$DENO_VERSION installed, but no deno binary in $DENO_PREFIX/node_modules"
}

user_data_dir() {
  if command -v jupyter >/dev/null 2>&1; then jupyter --data-dir; return; fi
  case "$(uname -s)" in
    Darwin) echo "$HOME/Library/Jupyter" ;;
    *) echo "${XDG_DATA_HOME:-$HOME/.local/share}/jupyter" ;;
  esac
}

json_string() {
  local s=$1
  s=${s//\\/\\\\}
  s=${s//\"/\\\"}
  printf '"%s"' "$s"
}

case "${1:-}" in
  -h|--help)
    sed -n '2,12p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
    exit 0
    ;;
  --remove)
    target="$(user_data_dir)/kernels/$KERNEL_NAME"
    rm -rf -- "$target"
    echo "removed $target"
    exit 0
    ;;
esac

DATA_DIR="${1:-$(user_data_dir)}"
DENO="$(deno_binary)"
TARGET="$DATA_DIR/kernels/$KERNEL_NAME"
mkdir -p "$TARGET"
cat >"$TARGET/kernel.json.tmp" <<EOF
{
  "argv": [$(json_string "$DENO"), "jupyter", "--kernel", "--conn", "{connection_file}"],
  "display_name": $(json_string "$DISPLAY_NAME"),
  "language": "typescript",
  "env": {
    "DENO_NO_UPDATE_CHECK": "1",
    "DENO_NO_PROMPT": "1",
    "NO_COLOR": "1",
    "TZ": "UTC"
  },
  "metadata": { "port-emissions": { "root": $(json_string "$ROOT") } }
}
EOF
mv "$TARGET/kernel.json.tmp" "$TARGET/kernel.json"
if [ -z "${1:-}" ]; then
  echo "installed kernel \"$DISPLAY_NAME\" ($KERNEL_NAME) in $TARGET"
  echo "it runs $DENO; open notebooks/*.ipynb in Jupyter or VS Code and pick that kernel"
fi
