#!/usr/bin/env bash
# Generates Ladoshka's sound cues with sox (Debian package `sox`): soft bell-like sine tones,
# mono 22.05 kHz 16-bit PCM, every note with a gentle rise and a smooth decay to silence, each
# file normalised to a modest peak. Deterministic: `-R` fixes sox's random numbers and `-D`
# turns dither off, so the same sox gives byte-identical files on every run.
set -euo pipefail
cd "$(dirname "$0")"
command -v sox >/dev/null || { echo "install sox: apt-get install sox" >&2; exit 1; }

SOX=(sox -R -D)
work=(-r 22050 -c 1 -b 32 -e floating-point) # intermediate notes, no rounding yet
out=(-r 22050 -c 1 -b 16 -e signed-integer)   # the files the kiosk plays

tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT

# note OUT SECONDS FREQ START: a sine with a faint octave shimmer, an 8 ms rise and a decay
# that reaches silence exactly at its end, delayed by START seconds.
note() {
    local len=$2 f=$3 start=$4
    "${SOX[@]}" -n "${work[@]}" "$tmp/fund.wav" synth "$len" sine "$f" fade h 0 "$len" "$len" vol 0.3
    "${SOX[@]}" -n "${work[@]}" "$tmp/oct.wav" synth "$len" sine "$(awk -v f="$f" 'BEGIN { print f * 2 }')" \
        fade l 0 "$len" "$len" vol 0.036
    "${SOX[@]}" -m -v 1 "$tmp/fund.wav" -v 1 "$tmp/oct.wav" "${work[@]}" "$1" fade q 0.008 pad "$start"
}

# mixdown OUT PEAK_DBFS NOTE...: sums the notes and sets the peak level.
mixdown() {
    local dest=$1 peak=$2; shift 2
    local inputs=()
    for n in "$@"; do inputs+=(-v 1 "$n"); done
    if [ $# -gt 1 ]; then
        "${SOX[@]}" -m "${inputs[@]}" "${out[@]}" "$dest" gain -n "$peak"
    else
        "${SOX[@]}" "$1" "${out[@]}" "$dest" gain -n "$peak"
    fi
}

# chime: a soft rising two-note welcome (E5, then A5), about 1 s.
note "$tmp/c1.wav" 0.55 659.25 0
note "$tmp/c2.wav" 0.80 880.00 0.20
mixdown chime.wav -10 "$tmp/c1.wav" "$tmp/c2.wav"

# tap: a very short soft "pop" for a key press (60 ms, gliding 1100 -> 800 Hz), quieter still.
"${SOX[@]}" -n "${work[@]}" "$tmp/t.wav" synth 0.06 sine 1100-800 fade h 0 0.06 0.06 fade q 0.004
mixdown tap.wav -14 "$tmp/t.wav"

# refused: a gentle, low, falling two-note "not quite" (A4, then F4), never an alarm.
note "$tmp/r1.wav" 0.40 440.00 0
note "$tmp/r2.wav" 0.55 349.23 0.20
mixdown refused.wav -12 "$tmp/r1.wav" "$tmp/r2.wav"

# arrival: a soft rising three-note chime (C5, E5, G5), about 1.1 s.
note "$tmp/a1.wav" 0.50 523.25 0
note "$tmp/a2.wav" 0.50 659.25 0.15
note "$tmp/a3.wav" 0.80 783.99 0.30
mixdown arrival.wav -10 "$tmp/a1.wav" "$tmp/a2.wav" "$tmp/a3.wav"
