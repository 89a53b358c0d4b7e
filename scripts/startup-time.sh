#!/usr/bin/env bash
# Measures the time from process start to the first window under Xvfb (5 runs, median), for
# `make bench`. The app opens on a fresh data directory, so it starts the demo org too.
set -euo pipefail
bin=${1:?usage: startup-time.sh BINARY}
export LANG=en_US.UTF-8 LC_ALL= FYNE_SCALE=1 FLOWDECK_STARTUP_PROBE=1
times=()
for i in 1 2 3 4 5; do
  home=$(mktemp -d)
  ms=$(FLOWDECK_HOME="$home" timeout 60 dbus-run-session -- xvfb-run -a -s "-screen 0 1280x800x24" "$bin" 2>/dev/null |
    sed -n 's/^startup: \([0-9]*\) ms.*/\1/p')
  rm -rf "$home"
  [ -n "$ms" ] || { echo "startup-time: the app printed no startup time" >&2; exit 1; }
  times+=("$ms")
done
median=$(printf '%s\n' "${times[@]}" | sort -n | sed -n 3p)
echo "startup to first window under Xvfb: median ${median} ms (runs: ${times[*]} ms)"
