#!/usr/bin/env bash
# Generates Ladoshka's sound cues with sox (Debian package `sox`). Soft sine tones with gentle
# fades, mono 22.05 kHz 16-bit, modest volume. Deterministic: the same sox gives the same files.
set -euo pipefail
cd "$(dirname "$0")"
command -v sox >/dev/null || { echo "install sox: apt-get install sox" >&2; exit 1; }
fmt=(-r 22050 -c 1 -b 16)

note() { # note OUT FREQ SECONDS
    sox -n "${fmt[@]}" "$1" synth "$3" sine "$2" fade q 0.01 "$3" 0.12 vol 0.35
}

tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT

# chime: a soft rising two-note welcome (E5, then A5).
note "$tmp/a.wav" 659.25 0.28; note "$tmp/b.wav" 880 0.45
sox "$tmp/a.wav" "$tmp/b.wav" "${fmt[@]}" chime.wav

# tap: a very short soft blip for a key press.
sox -n "${fmt[@]}" tap.wav synth 0.06 sine 1200 fade q 0.005 0.06 0.04 vol 0.25

# refused: a gentle falling two-note "not quite" (A4, then F4), never an alarm.
note "$tmp/c.wav" 440 0.22; note "$tmp/d.wav" 349.23 0.35
sox "$tmp/c.wav" "$tmp/d.wav" "${fmt[@]}" refused.wav

# arrival: a soft three-note chime (C5, E5, G5).
note "$tmp/e.wav" 523.25 0.2; note "$tmp/f.wav" 659.25 0.2; note "$tmp/g.wav" 783.99 0.5
sox "$tmp/e.wav" "$tmp/f.wav" "$tmp/g.wav" "${fmt[@]}" arrival.wav
