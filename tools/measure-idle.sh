#!/usr/bin/env bash
# Idle cost of the kiosk in a real window (issue 24): starts `BIN run --demo` on a fresh demo
# database under Xvfb (1920×1080) with a kiosk window manager, waits for its first frame and a
# few seconds more (the first frame's time is the kiosk's own log line), then reads the process's CPU time over SECONDS of leaving the public home
# alone, and its PSS and RSS. RUNS runs; prints each run and min/median/max.
#   tools/measure-idle.sh BIN [SECONDS=30] [RUNS=3]
# Needs xvfb and matchbox-window-manager (Debian packages). Nothing is shared between runs: each
# has its own display (Xvfb picks a free one) and its own temporary data directory.
set -euo pipefail
bin=$(readlink -f "$1"); seconds=${2:-30}; runs=${3:-3}
hz=$(getconf CLK_TCK)
results=()
for run in $(seq 1 "$runs"); do
    tmp=$(mktemp -d)
    exec 3<> "$tmp/display"
    Xvfb -displayfd 3 -screen 0 1920x1080x24 -nolisten tcp > "$tmp/xvfb.log" 2>&1 &
    xvfb=$!
    for _ in $(seq 1 100); do [ -s "$tmp/display" ] && break; sleep 0.1; done
    display=":$(head -n 1 "$tmp/display")"
    DISPLAY=$display matchbox-window-manager -use_titlebar no > /dev/null 2>&1 &
    wm=$!
    DISPLAY=$display SLINT_BACKEND=winit-software LADOSHKA_DATA_DIR="$tmp/data" \
        RUST_LOG=info "$bin" run --demo --mute > "$tmp/kiosk.log" 2>&1 &
    kiosk=$!
    for _ in $(seq 1 600); do grep -q "first frame" "$tmp/kiosk.log" && break; sleep 0.1; done
    grep -q "first frame" "$tmp/kiosk.log" || { echo "no first frame:"; tail -20 "$tmp/kiosk.log"; exit 1; }
    first=$(grep "first frame" "$tmp/kiosk.log" | grep -o 'ms=[0-9]*' | head -n 1 | cut -d= -f2)
    sleep 5
    ticks() { awk '{print $14 + $15}' "/proc/$kiosk/stat"; }
    before=$(ticks); sleep "$seconds"; after=$(ticks)
    cpu=$(awk -v t=$((after - before)) -v hz="$hz" -v s="$seconds" 'BEGIN {printf "%.2f", 100 * t / hz / s}')
    pss=$(awk '/^Pss:/ {print int($2 / 1024)}' "/proc/$kiosk/smaps_rollup")
    rss=$(awk '/^Rss:/ {print int($2 / 1024)}' "/proc/$kiosk/smaps_rollup")
    echo "run $run: first frame ${first} ms, idle CPU ${cpu}% of one core over ${seconds}s, PSS ${pss} MB, RSS ${rss} MB"
    results+=("$cpu")
    kill "$kiosk" "$wm" "$xvfb" 2>/dev/null || true
    wait "$kiosk" "$wm" "$xvfb" 2>/dev/null || true
    rm -rf "$tmp"
done
printf '%s\n' "${results[@]}" | sort -g | awk '{a[NR]=$1} END {printf "idle CPU %% of one core: min %s, median %s, max %s\n", a[1], a[int((NR+1)/2)], a[NR]}'
