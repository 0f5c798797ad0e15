"""A virtual USB stick end to end: QEMU usb-storage hot-plugged on the xHCI bus (QMP
blockdev-add + device_add) with a vfat image made on the host; the kiosk mounts it for its user
only (nosuid,nodev,noexec) and its app sees the mount; the administrator exports the sealed
bundles with taps on the Device and sync screen; safe removal through /run/ladoshka-usb/eject;
the stick is pulled (device_del), read on the host with mtools and imported at a centre on the
host: every row once."""
import os
import re
import shutil
import subprocess
import time

from .common import TEST, OUT, log, check, run
from .machine import as_kiosk, main_pid, difference

CENTRE = os.environ.get("LADOSHKA_CENTRE", "/var/tmp/ladoshka-target/debug/ladoshka-centre")
STICK_LABEL = "KIOSKSTICK"
BASE = "/run/media/ladoshka"

# Where to tap at 1280x800 (found on `ladoshka screenshot --screen NAME --lang ru`).
TAPS = [
    ("home: «Для сотрудников»", 1068, 751, 3),
    ("staff: Нуриев Р. М. (administrator)", 330, 360, 3),
    ("PIN 9", 1189, 398, 0.6), ("PIN 9", 1189, 398, 0.6), ("PIN 9", 1189, 398, 0.6), ("PIN 9", 1189, 398, 0.6),
    ("PIN: «Войти»", 1073, 636, 8),
    ("admin home: «Устройство и синхронизация»", 333, 370, 4),
    ("device and sync: «Выгрузить на флешку»", 1094, 228, 6),
]


def make_stick():
    img = os.path.join(TEST, "usb-stick.img")
    if os.path.exists(img):
        os.unlink(img)
    run(["mkfs.vfat", "-n", STICK_LABEL, "-C", img, str(64 * 1024)])
    return img


def plug(m, img):
    m.qmp.cmd("blockdev-add", **{"driver": "raw", "node-name": "stick0",
                                 "file": {"driver": "file", "filename": img}})
    m.qmp.cmd("device_add", driver="usb-storage", bus="xhci.0", drive="stick0", id="stick0",
              removable=True)


def unplug(m):
    m.qmp.cmd("device_del", id="stick0")
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        m.qmp.cmd("query-status")
        if any(e["event"] == "DEVICE_DELETED" and e.get("data", {}).get("device") == "stick0"
               for e in m.qmp.events):
            break
        time.sleep(0.5)
    for _ in range(20):
        try:
            m.qmp.cmd("blockdev-del", **{"node-name": "stick0"})
            return True
        except RuntimeError:
            time.sleep(0.5)
    return False


def guest_mounts(m):
    _, out = m.agent.sh(f"findmnt -rn -o TARGET,SOURCE,FSTYPE,OPTIONS | grep '^{BASE}/' || true")
    return out.strip()


def enrol_offline(m, centre_dir):
    """A centre on the host, and this kiosk enrolled with it offline (its key file)."""
    shutil.rmtree(centre_dir, ignore_errors=True)
    out = run([CENTRE, "--data-dir", centre_dir, "init"])
    fp = re.findall(r"((?:[0-9a-f]{4} ){15}[0-9a-f]{4})", out)[-1].replace(" ", "")
    code, info = as_kiosk(m, ["device-info"])
    dev = re.search(r"Device id:\s+([0-9a-f]{32})", info)
    key = re.search(r"Public key:\s+([0-9a-f]{64})", info)
    waiting = re.search(r"Waiting:\s+(\d+) row", info)
    if not (dev and key):
        check(False, f"usb: ladoshka device-info in the guest: {info.strip()[-200:]}")
        return None
    run([CENTRE, "--data-dir", centre_dir, "devices", "add", dev.group(1), key.group(1)])
    pub = open(os.path.join(centre_dir, "centre.pub"), "rb").read()
    m.agent.run(["/bin/sh", "-c", "cat >/run/centre.pub && chmod 0644 /run/centre.pub"], stdin=pub)
    code, out = as_kiosk(m, ["enrol", "--centre-key", "/run/centre.pub", "--fingerprint", fp[:16]])
    _, info = as_kiosk(m, ["device-info"])  # enrolment itself is a row to send
    waiting = re.search(r"Waiting:\s+(\d+) row", info)
    check(code == 0, f"usb: the kiosk is enrolled offline with a centre on the host (device {dev.group(1)}, "
                     f"{waiting.group(1) if waiting else '?'} rows waiting)")
    return int(waiting.group(1)) if waiting else None


def usb_test(m):
    img = make_stick()
    plug(m, img)
    t = time.monotonic()
    mounted = ""
    while time.monotonic() - t < 60 and not mounted:
        time.sleep(1)
        mounted = guest_mounts(m)
    log(f"usb: guest mounts: {mounted or 'none'}")
    if not check(bool(mounted), f"usb: the vfat stick was mounted under {BASE} "
                                f"{time.monotonic() - t:.1f} s after it was plugged in"):
        _, j = m.agent.sh("journalctl -b --no-pager -o cat -u 'ladoshka-usb@*' | tail -5; lsblk -o NAME,FSTYPE,LABEL")
        print(j)
        return
    target, source, fstype, opts = mounted.splitlines()[0].split()[:4]
    _, ids = m.agent.sh(f"id -u ladoshka; stat -c '%a %U' {BASE} {target}")
    uid, base_perm, dir_perm = (ids.strip().splitlines() + ["", "", ""])[:3]
    o = opts.split(",")
    check(all(x in o for x in ("nosuid", "nodev", "noexec")) and f"uid={uid}" in o
          and "fmask=0077" in o and "dmask=0077" in o and base_perm == "700 ladoshka",
          f"usb: {target} ({source}, {fstype}) mounted nosuid,nodev,noexec for uid {uid} only; "
          f"{BASE} is {base_perm}: {opts}")
    pid = main_pid(m)
    _, seen = m.agent.sh(f"grep ' {target} ' /proc/{pid}/mounts")
    check(target in seen, f"usb: the mount reached the app's own mount namespace (pid {pid}: {seen.strip()[:80]})")

    rows = enrol_offline(m, os.path.join(TEST, "centre"))
    before = m.frame()
    for i, (what, x, y, pause) in enumerate(TAPS):
        m.tap(x, y)
        time.sleep(pause)
        if pause >= 3:
            m.screenshot(f"06-usb-{i:02d}.png")
    log(f"usb: taps done; screenshots {OUT}/06-usb-*.png")
    deadline = time.monotonic() + 60
    files = ""
    while time.monotonic() < deadline:
        _, files = m.agent.sh(f"ls {target}/ladoshka/ 2>/dev/null | grep '\\.ldsb$'")
        if files.strip():
            break
        # An export made and the stick already unmounted by the app's own eject request.
        if not guest_mounts(m):
            break
        time.sleep(2)
    m.screenshot("06-usb-exported.png")
    _, sticks = m.agent.sh(f"grep -o ' {BASE}[^ ]*' /proc/{pid}/mounts")
    log(f"usb: the app's mounts under {BASE}: {' '.join(sticks.split())}")
    tapped = bool(files.strip()) or not guest_mounts(m)
    if not tapped:
        log("usb: the taps did not export (see 06-usb-*.png): exporting with `ladoshka sync --to-dir` as the kiosk's user")
        code, out = as_kiosk(m, ["sync", "--to-dir", f"{target}/ladoshka"],
                             extra=["-p", f"ReadWritePaths={BASE}"])
        log("usb: " + " / ".join(out.strip().splitlines()[-1:]))
    check(tapped, "usb: the bundles were exported with taps on the Device and sync screen")
    # What waits for the centre now (the administrator's sign-in is a row too): all of it is on the stick.
    _, info = as_kiosk(m, ["device-info"])
    waiting = re.search(r"Waiting:\s+(\d+) row", info)
    rows = int(waiting.group(1)) if waiting else rows

    # Safe removal: the app asks by creating /run/ladoshka-usb/eject (or, if this app does not
    # yet, the test does it as the kiosk's user); the system unmounts, then deletes the request.
    deadline = time.monotonic() + 20
    while guest_mounts(m) and time.monotonic() < deadline:
        time.sleep(1)
    by = "the app"
    if guest_mounts(m):
        by = "the test, as the kiosk's user (the app did not ask)"
        m.agent.sh("setpriv --reuid ladoshka --regid ladoshka --init-groups touch /run/ladoshka-usb/eject")
    t = time.monotonic()
    while time.monotonic() - t < 60:
        _, left = m.agent.sh(f"ls /run/ladoshka-usb/; grep -c ' {BASE}/' /proc/{pid}/mounts")
        if left.strip() == "0":
            break
        time.sleep(1)
    _, jr = m.agent.sh("journalctl -b --no-pager -o cat -u ladoshka-usb-eject.service | grep usb-stick | tail -1")
    check(left.strip() == "0", f"usb: safe removal requested by {by}: request handled and no stick left in the app's mounts "
                               f"in {time.monotonic() - t:.1f} s ({jr.strip()})")
    check(unplug(m), "usb: the stick was pulled (QMP device_del)")

    out = subprocess.run(["mdir", "-b", "-i", img, "::/ladoshka"], capture_output=True, text=True,
                         env=dict(os.environ, MTOOLS_SKIP_CHECK="1")).stdout
    names = [l.split("/")[-1] for l in out.split() if l.endswith(".ldsb")]
    here = os.path.join(TEST, "stick-copy")
    shutil.rmtree(here, ignore_errors=True)
    os.makedirs(here)
    for n in names:
        run(["mcopy", "-i", img, f"::/ladoshka/{n}", here], env=dict(os.environ, MTOOLS_SKIP_CHECK="1"))
    centre = os.path.join(TEST, "centre")
    first = subprocess.run([CENTRE, "--data-dir", centre, "import", here], capture_output=True, text=True)
    again = subprocess.run([CENTRE, "--data-dir", centre, "import", here], capture_output=True, text=True)
    got = sum(int(b) - int(a) + 1 for a, b in re.findall(r"rows (\d+)\D(\d+)", first.stdout + first.stderr))
    log("usb: centre import: " + " / ".join((first.stdout + first.stderr).strip().splitlines()[-3:]))
    log("usb: again: " + " / ".join((again.stdout + again.stderr).strip().splitlines()[-2:]))
    check(first.returncode == 0 and names and got == rows and "already held" in again.stdout + again.stderr
          and "imported" not in again.stdout,
          f"usb: {len(names)} bundle(s) read from the stick image on the host; the centre imported "
          f"{got} rows ({rows} were waiting on the kiosk), every row once (a second import: already held)")
