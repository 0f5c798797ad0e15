#!/usr/bin/env bash
# The kiosk in a real window, measured as a centre runs it (issue 24): a demo database is
# written first (`BIN demo-data`, not timed), then `BIN run --demo` starts under Xvfb at
# 1920×1080 with a kiosk window manager and the software renderer. Printed per run: the first
# frame (the kiosk's own log line, time from process start). Then the walk taps its way through
# the screens with xdotool, as a person would, and on each one leaves the kiosk alone for
# SECONDS and prints the process's CPU over that time (% of one core), its PSS and RSS:
#   public home · check-in (at most 25 s: it returns home after 30 s untouched) · staff list ·
#   PIN entry · a psychologist's home (the door watch runs) · schedule · door board ·
#   the administrator's home · device and sync.
# At the end, min/median/max over the runs for every figure. A screenshot of each screen goes
# to $SHOTS (default: a temporary folder, printed) — look at them: the taps are positions on the
# 1280×800 design scaled to 1920×1080, and a screen that did not open would be measured wrongly.
#   tools/measure-kiosk.sh BIN [SECONDS=30] [RUNS=3]
# Needs xvfb, matchbox-window-manager, xdotool and imagemagick (Debian packages; `make measure`
# installs them). Runs share nothing: each has its own display (Xvfb -displayfd picks a free one)
# and its own temporary data directory.
set -euo pipefail
bin=$(readlink -f "$1"); seconds=${2:-30}; runs=${3:-3}
shots=${SHOTS:-$(mktemp -d /tmp/ladoshka-measure.XXXXXX)}
mkdir -p "$shots"
hz=$(getconf CLK_TCK)
table=$(mktemp)

for run in $(seq 1 "$runs"); do
    tmp=$(mktemp -d)
    LADOSHKA_DATA_DIR="$tmp/data" "$bin" demo-data > "$tmp/seed.log" 2>&1
    exec 3<> "$tmp/display"
    Xvfb -displayfd 3 -screen 0 1920x1080x24 -nolisten tcp > "$tmp/xvfb.log" 2>&1 &
    xvfb=$!
    for _ in $(seq 1 100); do [ -s "$tmp/display" ] && break; sleep 0.1; done
    export DISPLAY=":$(head -n 1 "$tmp/display")"
    matchbox-window-manager -use_titlebar no > /dev/null 2>&1 &
    wm=$!
    sleep 0.5
    SLINT_BACKEND=winit-software LADOSHKA_DATA_DIR="$tmp/data" RUST_LOG=info \
        "$bin" run --demo --mute --idle-timeout 3600 > "$tmp/kiosk.log" 2>&1 &
    kiosk=$!
    for _ in $(seq 1 600); do grep -q "first frame" "$tmp/kiosk.log" && break; sleep 0.1; done
    grep -q "first frame" "$tmp/kiosk.log" || { echo "no first frame:"; tail -20 "$tmp/kiosk.log"; exit 1; }
    first=$(grep "first frame" "$tmp/kiosk.log" | grep -o 'ms=[0-9]*' | head -n 1 | cut -d= -f2)
    echo "run $run: first frame ${first} ms"
    echo "first-frame-ms $first" >> "$table"

    tap() { xdotool mousemove "$1" "$2" click 1; sleep "${3:-1.5}"; }
    pin() { for _ in 1 2 3 4; do tap "$1" "$2" 0.3; done; tap 1642 858 3; }
    measure() { # NAME [SECONDS]
        local s=${2:-$seconds}
        sleep 3
        import -window root "$shots/run$run-$1.png"
        local before after cpu pss rss
        before=$(awk '{print $14 + $15}' "/proc/$kiosk/stat")
        sleep "$s"
        after=$(awk '{print $14 + $15}' "/proc/$kiosk/stat")
        cpu=$(awk -v t=$((after - before)) -v hz="$hz" -v s="$s" 'BEGIN {printf "%.2f", 100 * t / hz / s}')
        pss=$(awk '/^Pss:/ {printf "%.1f", $2 / 1024}' "/proc/$kiosk/smaps_rollup")
        rss=$(awk '/^Rss:/ {printf "%.1f", $2 / 1024}' "/proc/$kiosk/smaps_rollup")
        printf '  %-16s idle CPU %5s %% of one core over %3ss   PSS %6s MB   RSS %6s MB\n' "$1" "$cpu" "$s" "$pss" "$rss"
        echo "$1 $cpu $pss $rss" >> "$table"
    }
    sleep 2
    measure public-home
    tap 960 813;  measure check-in $((seconds < 25 ? seconds : 25))
    tap 204 108;  tap 1635 1014; measure staff-list
    tap 498 691;  measure pin-entry
    pin 1485 224; measure psychologist-home   # Сафина, 1111
    tap 498 407;  measure schedule
    tap 109 59;   tap 1420 770; measure door-board
    tap 115 71;   tap 1731 108; tap 1635 1014; tap 498 485
    pin 1797 537; measure admin-home          # Нуриев, 9999
    tap 498 423;  measure device-sync

    kill "$kiosk" "$wm" "$xvfb" 2>/dev/null || true
    wait "$kiosk" "$wm" "$xvfb" 2>/dev/null || true
    exec 3>&-
    rm -rf "$tmp"
done

echo "over $runs runs: min / median / max"
awk '$1 == "first-frame-ms" {print $2}' "$table" | sort -g | awk '{a[NR]=$1} END {printf "  %-16s %s / %s / %s ms\n", "first frame", a[1], a[int((NR+1)/2)], a[NR]}'
for screen in $(awk '$1 != "first-frame-ms" {print $1}' "$table" | awk '!seen[$0]++'); do
    for col in 2 3 4; do
        awk -v s="$screen" -v c="$col" '$1 == s {print $c}' "$table" | sort -g |
            awk '{a[NR]=$1} END {printf "%s/%s/%s ", a[1], a[int((NR+1)/2)], a[NR]}'
    done | awk -v s="$screen" '{printf "  %-16s idle CPU %% %s   PSS MB %s   RSS MB %s\n", s, $1, $2, $3}'
done
echo "screenshots: $shots"
rm -f "$table"
