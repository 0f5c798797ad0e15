#!/bin/bash
# Installs the host tools `make image` and `make image-test` need, through apt-get, only
# when something is missing (like `make deps`). QEMU comes from bookworm-backports together
# with qemu-utils: Debian 12's own qemu-system-x86 (7.2) would replace the newer qemu-utils.
set -euo pipefail

IMAGE_PKGS=(mmdebstrap dosfstools mtools e2fsprogs fdisk systemd)
TEST_PKGS=(ovmf swtpm swtpm-tools python3)
BPO_PKGS=(qemu-system-x86 qemu-utils)

want=("${IMAGE_PKGS[@]}")
want_bpo=()
if [ "${1:-}" = "--test" ]; then
    want+=("${TEST_PKGS[@]}")
    want_bpo=("${BPO_PKGS[@]}")
fi

installed() { dpkg-query -W -f='${Status}\n' "$1" 2>/dev/null | grep -q '^install ok installed'; }

missing=(); for p in "${want[@]}"; do installed "$p" || missing+=("$p"); done
missing_bpo=(); for p in "${want_bpo[@]}"; do installed "$p" || missing_bpo+=("$p"); done
# qemu-system-x86 must come from backports too if it is there but older than QEMU 8.
if [ ${#want_bpo[@]} -gt 0 ] && installed qemu-system-x86 \
    && ! dpkg-query -W -f='${Version}' qemu-system-x86 | grep -q 'bpo'; then
    missing_bpo+=(qemu-system-x86)
fi
[ ${#missing[@]} -eq 0 ] && [ ${#missing_bpo[@]} -eq 0 ] && exit 0

sudo=""; [ "$(id -u)" -eq 0 ] || sudo=sudo
if [ ${#missing_bpo[@]} -gt 0 ] && ! grep -rqs 'bookworm-backports' /etc/apt/sources.list /etc/apt/sources.list.d/; then
    echo "Adding bookworm-backports to apt's sources (for QEMU)"
    printf 'Types: deb\nURIs: http://deb.debian.org/debian\nSuites: bookworm-backports\nComponents: main\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n' \
        | $sudo tee /etc/apt/sources.list.d/bookworm-backports.sources >/dev/null
fi
echo "Installing host packages: ${missing[*]} ${missing_bpo[*]}"
$sudo apt-get update -qq
export DEBIAN_FRONTEND=noninteractive
if [ ${#missing[@]} -gt 0 ]; then
    $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
if [ ${#missing_bpo[@]} -gt 0 ]; then
    $sudo apt-get install -y -qq --no-install-recommends -t bookworm-backports "${missing_bpo[@]}"
fi
