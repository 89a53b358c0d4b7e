#!/usr/bin/env bash
# Runs the real app under Xvfb at 1280x800 with a sample flow and saves PNG screenshots of its main
# screens into the given folder (docs/screenshots by default). Called by `make test`.
set -euo pipefail
bin=${1:?usage: screenshots.sh BINARY [DIR]}
out=${2:-docs/screenshots}
mkdir -p "$out"
export LANG=en_US.UTF-8 LC_ALL= FYNE_SCALE=1
home=$(mktemp -d)
trap 'rm -rf "$home"' EXIT
# A private data directory: the screenshot run never touches the developer's own flows.
export FLOWDECK_HOME="$home" FLOWDECK_SCREENSHOT="$out"
# The import report screenshot shows the report of importing this Okta Workflows export.
export FLOWDECK_SCREENSHOT_IMPORT=${FLOWDECK_SCREENSHOT_IMPORT:-engine/importer/testdata/constructs.flopack}
timeout 180 dbus-run-session -- xvfb-run -a -s "-screen 0 1280x800x24" "$bin"
shopt -s nullglob
shots=("$out"/*.png)
if [ ${#shots[@]} -eq 0 ]; then
  echo "screenshots: the app wrote no PNG into $out" >&2
  exit 1
fi
echo "screenshots: ${#shots[@]} PNG files in $out"
