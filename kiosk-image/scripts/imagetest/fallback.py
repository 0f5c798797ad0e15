"""A broken update proves the fallback: its app exits at once, so ladoshka.service hits its
restart limit, ladoshka-app-failed.service reboots (seen on the serial console and as QMP RESET
events), three counted tries, and then systemd-boot starts the previous slot again by itself
(root=PARTUUID of that slot, the broken entry left at +0-3, i.e. marked bad)."""
import os
import time

from .common import check, image_env, log
from .machine import BOOT_TIMES, looks_like_app, wait_first_frame, wait_for


def fallback_test(m, first_frame_timeout):
    env = image_env()
    code, out = m.agent.sh("mountpoint -q /mnt || mount -o ro /dev/disk/by-id/virtio-update /mnt; "
                           "/usr/lib/ladoshka-kiosk/install-update /mnt/broken", timeout=900)
    if not check(code == 0, "fallback: the broken update (the app exits 1) installs into slot A: "
                            + " / ".join(out.strip().splitlines()[-2:])):
        return
    _, cmdline = m.agent.run(["/bin/cat", "/proc/cmdline"])
    running_b = env["ROOT_B_UUID"].lower() in cmdline.lower()
    resets0 = m.qmp.resets()
    console_start = os.path.getsize(m.console)
    t = time.monotonic()
    m.reboot()
    # Our reboot, then three reboots by ladoshka-app-failed.service, then the old slot's first frame.
    deadline = t + 3 * 240 + first_frame_timeout
    seen = 0
    while time.monotonic() < deadline:
        seen = m.qmp.resets() - resets0
        if seen >= 4:
            break
        time.sleep(2)
    with open(m.console, "rb") as f:
        f.seek(console_start)
        console = f.read().decode(errors="replace")
    lines = [l.strip() for l in console.splitlines() if "failed repeatedly" in l]
    for l in lines:
        log("fallback: console: " + l[-160:])
    check(seen >= 4 and len(lines) >= 3,
          f"fallback: three boots of the broken slot, each ended by ladoshka-app-failed.service's reboot "
          f"({seen - 1} restart-limit reboots seen as QMP RESET, {len(lines)} console lines) in {time.monotonic() - t:.0f} s")
    m.started = time.monotonic()
    shown = wait_first_frame(m, first_frame_timeout)
    check(shown is not None, f"fallback: the old slot's kiosk showed its first frame {time.monotonic() - t:.0f} s after the reboot command")
    if shown:
        BOOT_TIMES.append(("fallback", shown, "reboot"))
    if not m.agent.connect(120):
        check(False, "fallback: the guest agent answers on the old slot")
        return
    _, cmdline = m.agent.run(["/bin/cat", "/proc/cmdline"])
    _, entries = m.agent.sh("ls /efi/loader/entries")
    old = "ROOT_B_UUID" if running_b else "ROOT_A_UUID"
    check(env[old].lower() in cmdline.lower() and "+0-3.conf" in entries,
          f"fallback: the old slot booted again by itself (root=PARTUUID={env[old]}); "
          f"the broken entry is marked bad: {' '.join(entries.split())}")
    log("screenshot: " + m.screenshot("07-after-fallback.png"))
