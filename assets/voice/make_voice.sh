#!/usr/bin/env bash
# Generates Ladoshka's voice prompts from lines.tsv (key, language, text) with espeak-ng
# (Debian package `espeak-ng`) and sox (`sox`): for every row, assets/voice/<lang>/<key>.wav,
# mono 16 kHz 16-bit PCM, a calm speed, a short fade in and out, peak normalised to -3 dBFS.
# The text goes to espeak-ng on its standard input. Deterministic: espeak-ng has no
# randomness, and sox runs with `-R` (fixed random numbers) and `-D` (no dither), so the same
# tools give byte-identical files on every run (SHA256SUMS lists them).
set -euo pipefail
cd "$(dirname "$0")"
command -v espeak-ng >/dev/null || { echo "install espeak-ng: apt-get install espeak-ng" >&2; exit 1; }
command -v sox >/dev/null || { echo "install sox: apt-get install sox" >&2; exit 1; }

tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT

voice() {
    case "$1" in
        ru) echo ru ;;
        tt) echo tt ;;
        en) echo en-gb ;;
        *) echo "lines.tsv: unknown language «$1»" >&2; exit 1 ;;
    esac
}

count=0
while IFS=$'\t' read -r key lang text; do
    [ "$key" = key ] && continue
    [ -z "$key" ] && continue
    mkdir -p "$lang"
    printf '%s' "$text" | espeak-ng -w "$tmp/raw.wav" -s 140 -v "$(voice "$lang")"
    sox -R -D "$tmp/raw.wav" -r 16000 -c 1 -b 16 -e signed-integer "$lang/$key.wav" \
        fade q 0.02 -0 0.08 gain -n -3
    count=$((count + 1))
done < lines.tsv

sha256sum ru/*.wav tt/*.wav en/*.wav > SHA256SUMS
echo "$count voice prompts written; checksums in assets/voice/SHA256SUMS"
