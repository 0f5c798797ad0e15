#!/bin/bash
# Builds kiosk-image/out/ladoshka-kiosk.raw: a GPT disk with an EFI system partition
# (systemd-boot, the kernel and initramfs), root A (read-only ext4), root B (empty, for the
# next update) and the data partition mounted at /var. Nothing is mounted and no loop device
# is used: mmdebstrap builds the root tree, mkfs.ext4 -d and mkfs.vfat + mcopy make the file
# systems, systemd-repart lays them out with CopyBlocks=.
#
# Usage: build-image.sh [--base-only]
#   LADOSHKA_BIN   the ladoshka binary to install [/var/tmp/ladoshka-target/kiosk/ladoshka]
#   IMAGE_WORK     scratch directory (several GB) [/var/tmp/ladoshka-image-work]
#   UPDATE_SIGNING_KEY  the Ed25519 key that signs out/update/ (README, "Signed updates")
#                  [/var/lib/ladoshka-update-signing/update-signing.key]; made when missing.
#                  Its public key, and every *.pub in the folder UPDATE_TRUSTED_KEYS
#                  [<the key's folder>/trusted] (a key rotation), go into the image.
set -euo pipefail

HERE=$(cd "$(dirname "$0")/.." && pwd)
OUT=$HERE/out
WORK=${IMAGE_WORK:-/var/tmp/ladoshka-image-work}
BIN=${LADOSHKA_BIN:-/var/tmp/ladoshka-target/kiosk/ladoshka}
SUITE=bookworm
MIRROR=http://deb.debian.org/debian
SECURITY=http://deb.debian.org/debian-security

# Partition sizes. Both root slots are the same size so an update can go to either.
ESP_MIB=256
ROOT_MIB=1536
VAR_MIB=1024

log() { printf '[%(%H:%M:%S)T] %s\n' -1 "$*"; }
die() { echo "build-image: $*" >&2; exit 1; }

[ "$(id -u)" -eq 0 ] || die "run as root (mmdebstrap's root mode and file ownership in the image need it)"
mkdir -p "$WORK" "$OUT"

# --- 1. The Debian root tree, cached until packages.txt or this script's base step changes.
packages=$(grep -v '^\s*#' "$HERE/packages.txt" | tr -s ' \n' ',' | sed 's/^,//; s/,$//')
# The initramfs settings are part of the base: the initramfs is made once, in the cached tree.
base_key=$(cat <(printf '%s\nv2\n' "$packages") "$HERE"/initramfs/* | sha256sum | cut -c1-16)
BASE=$WORK/base-$base_key
if [ ! -e "$BASE/.complete" ]; then
    log "mmdebstrap: Debian 12 root tree ($(echo "$packages" | tr ',' '\n' | wc -l) packages) into $BASE"
    rm -rf "$WORK"/base-*
    mmdebstrap --mode=root --variant=minbase --components=main \
        --include="$packages" \
        --aptopt='APT::Install-Recommends "false"' \
        --dpkgopt='path-exclude=/usr/share/doc/*' --dpkgopt='path-include=/usr/share/doc/*/copyright' \
        --dpkgopt='path-exclude=/usr/share/man/*' --dpkgopt='path-exclude=/usr/share/locale/*' \
        --dpkgopt='path-include=/usr/share/locale/locale.alias' \
        --customize-hook="cp $HERE/initramfs/ladoshka.conf \"\$1\"/etc/initramfs-tools/conf.d/ladoshka.conf && install -D -m 0644 $HERE/initramfs/modules \"\$1\"/usr/share/ladoshka-kiosk/initramfs-modules && install -m 0755 $HERE/initramfs/hook-ladoshka \"\$1\"/etc/initramfs-tools/hooks/ladoshka && install -D -m 0755 $HERE/initramfs/local-bottom-ladoshka-var \"\$1\"/etc/initramfs-tools/scripts/local-bottom/ladoshka-var" \
        --customize-hook='chroot "$1" update-initramfs -u -k all' \
        --customize-hook='rm -f "$1"/var/cache/apt/*.bin "$1"/var/lib/apt/lists/*_Packages* "$1"/var/lib/apt/lists/*_Release* "$1"/var/lib/apt/lists/*_InRelease' \
        "$SUITE" "$BASE" \
        "deb $MIRROR $SUITE main" "deb $MIRROR $SUITE-updates main" "deb $SECURITY $SUITE-security main"
    touch "$BASE/.complete"
fi
[ "${1:-}" = "--base-only" ] && exit 0

# --- The update signing key (README, "Signed updates").
SIGNING_KEY=${UPDATE_SIGNING_KEY:-/var/lib/ladoshka-update-signing/update-signing.key}
TRUSTED=${UPDATE_TRUSTED_KEYS:-$(dirname "$SIGNING_KEY")/trusted}
[ -x "$BIN" ] || die "no ladoshka binary at $BIN: build it with 'cargo build --profile kiosk --bin ladoshka' (make image does)"
if ! "$BIN" update --help >/dev/null 2>&1; then
    [ "${LADOSHKA_ALLOW_UNSIGNED:-}" = 1 ] || die "$BIN has no 'update' command (keygen, sign, verify): build a newer one"
    echo "build-image: WARNING: $BIN cannot sign; LADOSHKA_ALLOW_UNSIGNED=1: the image gets no update key and refuses every update" >&2
    SIGNING_KEY=
elif [ ! -e "$SIGNING_KEY" ]; then
    install -d -m 0700 "$(dirname "$SIGNING_KEY")"
    "$BIN" update keygen --out "$SIGNING_KEY"
    cat >&2 <<WARN

  *****************************************************************************************
  * A NEW UPDATE SIGNING KEY was made: $SIGNING_KEY
  * THIS MACHINE NOW HOLDS THE KEY that every kiosk built from here trusts for updates.
  * Back it up offline (README, "Signed updates"); whoever has it can update these kiosks.
  *****************************************************************************************

WARN
fi

# --- 2. The kiosk's tree: the base, our files, the app, users and enabled units.
ROOT=$WORK/root
log "staging the root tree in $ROOT"
rm -rf "$ROOT" "$WORK/var"
cp -a "$BASE" "$ROOT"
rm -f "$ROOT/.complete"
cp -a "$HERE/rootfs/." "$ROOT/"
install -m 0755 "$BIN" "$ROOT/usr/bin/ladoshka"
# The public keys an update must be signed by (install-update: ladoshka update verify --keys).
install -d -m 0755 "$ROOT/usr/lib/ladoshka-kiosk/update-keys"
if [ -n "$SIGNING_KEY" ]; then
    install -m 0644 "$SIGNING_KEY.pub" "$ROOT/usr/lib/ladoshka-kiosk/update-keys/$(basename "${SIGNING_KEY%.key}").pub"
    for k in "$TRUSTED"/*.pub; do [ -e "$k" ] && install -m 0644 "$k" "$ROOT/usr/lib/ladoshka-kiosk/update-keys/"; done
    log "update keys in the image: $(ls "$ROOT/usr/lib/ladoshka-kiosk/update-keys" | tr '\n' ' ')"
fi
install -D -m 0644 "$HERE/README.md" "$ROOT/usr/share/doc/ladoshka-kiosk/README.md"
install -m 0644 "$HERE/runtime-needs.txt" "$ROOT/usr/lib/ladoshka-kiosk/runtime-needs.txt"
mkdir -p "$ROOT/efi"

# Every shared library the app needs must be in the image.
missing_libs=$(chroot "$ROOT" ldd /usr/bin/ladoshka | grep 'not found' || true)
[ -z "$missing_libs" ] || die "the image lacks libraries the app links to (add their packages to packages.txt):
$missing_libs"

# The machine id: empty in the read-only image, so each kiosk gets its own at first boot;
# ladoshka-machine-id.service then writes it on the kernel command line (systemd.machine_id=)
# so it stays the same at every boot and across updates (systemd's host key depends on it).
: >"$ROOT/etc/machine-id"
echo ladoshka-kiosk >"$ROOT/etc/hostname"
printf '127.0.0.1\tlocalhost\n127.0.1.1\tladoshka-kiosk\n::1\tlocalhost ip6-localhost ip6-loopback\n' >"$ROOT/etc/hosts"
ln -sf /usr/share/zoneinfo/Europe/Moscow "$ROOT/etc/localtime"
echo Europe/Moscow >"$ROOT/etc/timezone"

chroot "$ROOT" useradd --system --no-create-home --home-dir /var/lib/ladoshka \
    --shell /usr/sbin/nologin --user-group --groups video,input,render,audio ladoshka
chroot "$ROOT" passwd --lock root >/dev/null
chroot "$ROOT" systemctl enable --quiet ladoshka.service ladoshka-firstboot.service ladoshka-machine-id.service ladoshka-tpm-da.service \
    ladoshka-display-setup.service ladoshka-demo.service ladoshka-usb-eject.path systemd-networkd.service \
    systemd-resolved.service systemd-timesyncd.service
chroot "$ROOT" systemctl mask --quiet getty@tty1.service autovt@.service \
    serial-getty@.service systemd-firstboot.service apt-daily.timer apt-daily-upgrade.timer 2>/dev/null || true
chroot "$ROOT" systemctl set-default --quiet multi-user.target
# Boot time (docs/PERFORMANCE.md, "Kiosk image boot"): what does nothing on a kiosk goes (utmp:
# no one logs in), and
# systemd-resolved and systemd-timesyncd no longer hold up sysinit.target (everything behind
# basic.target, the kiosk included, waited for them); they still start at once, in parallel.
chroot "$ROOT" systemctl mask --quiet e2scrub_reap.service e2scrub_all.timer e2scrub_all.service \
    systemd-networkd-wait-online.service fstrim.timer systemd-update-utmp.service \
    systemd-update-utmp-runlevel.service 2>/dev/null || true
# Generators for what a kiosk does not have (encrypted, integrity or verity volumes, hibernation,
# SysV scripts without a unit, rc.local, offline updates, a login on the serial console) are
# switched off: systemd runs every generator before it starts anything (~2.7 s in all under
# QEMU). Kept: fstab, gpt-auto (the EFI partition at /efi), bless-boot (boot counting), debug
# (systemd.mask=, systemd.wants= for recovery) and run.
mkdir -p "$ROOT/etc/systemd/system-generators"
for g in cryptsetup integritysetup veritysetup hibernate-resume sysv rc-local system-update getty; do
    [ -e "$ROOT/lib/systemd/system-generators/systemd-$g-generator" ] || die "no generator systemd-$g-generator: check build-image.sh"
    ln -sf /dev/null "$ROOT/etc/systemd/system-generators/systemd-$g-generator"
done
for u in systemd-resolved.service systemd-timesyncd.service; do
    sed -e 's/^\(Before=.*\)sysinit.target /\1/' -e 's/^WantedBy=sysinit.target/WantedBy=multi-user.target/' \
        "$ROOT/lib/systemd/system/$u" >"$ROOT/etc/systemd/system/$u"
    grep -q '^WantedBy=multi-user.target' "$ROOT/etc/systemd/system/$u" && ! grep -q '^Before=.*sysinit' "$ROOT/etc/systemd/system/$u" \
        || die "$u changed: check the boot-time override in build-image.sh"
    chroot "$ROOT" systemctl reenable --quiet "$u"
done

# Everything the app uses at run time besides its libraries (runtime-needs.txt: programs, the
# espeak-ng voices, fonts, folders, units) must be in the tree.
log "checking the app's run-time needs (runtime-needs.txt) in the tree"
"$HERE/rootfs/usr/lib/ladoshka-kiosk/check-runtime-needs" "$ROOT" "$HERE/runtime-needs.txt" \
    || die "the image lacks what the app needs at run time (above): add the packages to packages.txt or the files to rootfs/"

# Partition identities, fixed for this build: the loader entry and /etc/fstab name them.
ESP_UUID=$(cat /proc/sys/kernel/random/uuid)
ROOT_A_UUID=$(cat /proc/sys/kernel/random/uuid)
ROOT_B_UUID=$(cat /proc/sys/kernel/random/uuid)
VAR_UUID=$(cat /proc/sys/kernel/random/uuid)
cat >"$ROOT/etc/fstab" <<FSTAB
# The root is read-only (ro on the kernel command line); everything that changes lives on /var.
# By label, not by UUID, so a root from a later build (an update) mounts the same partition.
PARTLABEL=ladoshka-data  /var  ext4  defaults,noatime,nosuid,nodev,x-systemd.growfs  0 2
tmpfs  /tmp  tmpfs  mode=1777,nosuid,nodev,size=64M  0 0
FSTAB

VERSION=$(date -u +%Y%m%d%H%M)
cat >"$ROOT/usr/lib/ladoshka-kiosk/image-release" <<REL
IMAGE_VERSION=$VERSION
IMAGE_SLOT_UUID=$ROOT_A_UUID
APP_VERSION=$("$BIN" --version 2>/dev/null | awk '{print $2}')
REL

# /var goes to its own partition; the root keeps an empty mount point.
mkdir -p "$WORK/var"
mv "$ROOT/var/"* "$WORK/var/" 2>/dev/null || true
rm -rf "$WORK/var/cache/apt/archives/"*.deb "$WORK/var/log/"*.log "$WORK/var/log/apt" "$WORK/var/cache/debconf/"*-old
mkdir -p "$WORK/var/log/journal" "$WORK/var/lib/ladoshka-keys"
chmod 0700 "$WORK/var/lib/ladoshka-keys"

# --- 3. File systems.
log "EFI system partition (vfat, systemd-boot, kernel $(ls "$ROOT"/boot/vmlinuz-* | sed 's/.*vmlinuz-//'))"
rm -f "$WORK"/*.img
mkfs.vfat -F 32 -n ESP -C "$WORK/esp.img" $((ESP_MIB * 1024)) >/dev/null
export MTOOLS_SKIP_CHECK=1
E="-i $WORK/esp.img"
mmd $E ::/EFI ::/EFI/BOOT ::/EFI/systemd ::/loader ::/loader/entries ::/ladoshka
mcopy $E "$ROOT/usr/lib/systemd/boot/efi/systemd-bootx64.efi" ::/EFI/BOOT/BOOTX64.EFI
mcopy $E "$ROOT/usr/lib/systemd/boot/efi/systemd-bootx64.efi" ::/EFI/systemd/systemd-bootx64.efi
mcopy $E "$ROOT"/boot/vmlinuz-* ::/ladoshka/vmlinuz-$VERSION
mcopy $E "$ROOT"/boot/initrd.img-* ::/ladoshka/initrd-$VERSION
printf 'timeout 0\nconsole-mode keep\neditor no\n' >"$WORK/loader.conf"
mcopy $E "$WORK/loader.conf" ::/loader/loader.conf
CMDLINE="root=PARTUUID=$ROOT_A_UUID ro rootwait quiet loglevel=3 \
systemd.show_status=auto vt.global_cursor_default=0 console=tty1 console=ttyS0,115200 panic=10"
# "+3": systemd-boot counts boots down; systemd-bless-boot marks the entry good once
# boot-complete.target is reached (the kiosk has shown its first frame).
cat >"$WORK/entry.conf" <<ENTRY
title Ladoshka kiosk (slot A)
version $VERSION
sort-key ladoshka
linux /ladoshka/vmlinuz-$VERSION
initrd /ladoshka/initrd-$VERSION
options $CMDLINE
ENTRY
mcopy $E "$WORK/entry.conf" "::/loader/entries/ladoshka-$VERSION-a+3.conf"

log "root A (read-only ext4, $(du -sm "$ROOT" | cut -f1) MiB of files, in a $ROOT_MIB MiB slot)"
# The root is read-only: its file system is only as large as its files need (plus 12 % and
# 64 MiB for ext4's own tables), so an update writes, hashes and checks about 70 % of the slot
# instead of all of it. The slot keeps its size for larger systems.
files_mib=$(du -sm "$ROOT" | cut -f1)
root_fs_mib=$((files_mib * 112 / 100 + 64))
[ "$root_fs_mib" -le "$ROOT_MIB" ] || die "the root tree ($files_mib MiB) does not fit a $ROOT_MIB MiB slot"
mkfs.ext4 -q -L root-a -d "$ROOT" -E root_owner=0:0 "$WORK/root.img" "${root_fs_mib}M"
log "data partition for /var (ext4, $VAR_MIB MiB, grows to the disk's end on first boot)"
mkfs.ext4 -q -L ladoshka-data -d "$WORK/var" -E root_owner=0:0 "$WORK/var.img" "${VAR_MIB}M"

# --- 4. The disk.
REPART=$WORK/repart.d
rm -rf "$REPART"; mkdir -p "$REPART"
printf '[Partition]\nType=esp\nLabel=ESP\nUUID=%s\nCopyBlocks=%s\n' "$ESP_UUID" "$WORK/esp.img" >"$REPART/10-esp.conf"
printf '[Partition]\nType=root-x86-64\nLabel=root-a\nUUID=%s\nCopyBlocks=%s\nSizeMinBytes=%sM\nSizeMaxBytes=%sM\n' \
    "$ROOT_A_UUID" "$WORK/root.img" "$ROOT_MIB" "$ROOT_MIB" >"$REPART/20-root-a.conf"
# "_empty" is the label systemd-sysupdate gives a free slot.
printf '[Partition]\nType=root-x86-64\nLabel=_empty\nUUID=%s\nSizeMinBytes=%sM\nSizeMaxBytes=%sM\n' \
    "$ROOT_B_UUID" "$ROOT_MIB" "$ROOT_MIB" >"$REPART/30-root-b.conf"
printf '[Partition]\nType=var\nLabel=ladoshka-data\nUUID=%s\nCopyBlocks=%s\n' "$VAR_UUID" "$WORK/var.img" >"$REPART/40-var.conf"

IMAGE=$OUT/ladoshka-kiosk.raw
log "GPT disk with systemd-repart: $IMAGE"
rm -f "$IMAGE"
systemd-repart --empty=create --size=auto --dry-run=no --definitions="$REPART" "$IMAGE" >/dev/null 2>"$WORK/repart.log" \
    || { cat "$WORK/repart.log" >&2; die "systemd-repart failed"; }
# CopyBlocks= writes the empty blocks too: punch them out again, the image stays sparse.
fallocate --dig-holes "$IMAGE"
cat >"$OUT/ladoshka-kiosk.env" <<ENV
IMAGE_VERSION=$VERSION
ESP_UUID=$ESP_UUID
ROOT_A_UUID=$ROOT_A_UUID
ROOT_B_UUID=$ROOT_B_UUID
VAR_UUID=$VAR_UUID
ENTRY=ladoshka-$VERSION-a+3.conf
ENV
# What an update of another kiosk needs (README, updates): the root file system and the boot files.
rm -rf "$OUT/update"; mkdir -p "$OUT/update"
cp --sparse=always "$WORK/root.img" "$OUT/update/root.img"
cp "$ROOT"/boot/vmlinuz-* "$OUT/update/vmlinuz"
cp "$ROOT"/boot/initrd.img-* "$OUT/update/initrd.img"
echo "$VERSION" >"$OUT/update/version"
if [ -n "$SIGNING_KEY" ]; then
    "$BIN" update sign --key "$SIGNING_KEY" "$OUT/update"
    log "update $VERSION signed with $SIGNING_KEY: $OUT/update/manifest.sig"
fi
log "done: $IMAGE ($(du -h --apparent-size "$IMAGE" | cut -f1) apparent, $(du -h "$IMAGE" | cut -f1) on disk)"
