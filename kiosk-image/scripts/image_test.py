#!/usr/bin/env python3
"""`make image-test`: boots kiosk-image/out/ladoshka-kiosk.raw in QEMU and proves it.

Headless QEMU (TCG: this machine's /dev/kvm cannot boot UEFI), OVMF, virtio-gpu, a USB tablet
for touch, swtpm, an i6300esb watchdog; driven over QMP, with commands run in the guest through
qemu-guest-agent (enabled only by `ladoshka.test` on the kernel command line of the test copy).
The checks live in imagetest/ (one module per concern); this file runs them in order, on as
few boots as possible, and ends with a summary table. Standard library only. Exit status 0
when every check passed.

Parts (--only PART,PART to run some of them; the first boot always happens):
  first     first frame, sealed key, read-only root, watchdog, journal, run-time needs, a tap
  usb       a hot-plugged USB stick: mount, export with taps, safe removal, import at a centre
  restarts  SIGKILL and SIGSTOP (watchdog) of the app
  power     power cuts (--power-cuts N), each followed by a boot that verifies the check-ins
  updates   refused updates (unsigned, foreign key, tampered, older) and a good one (slot B)
  fallback  a broken update: three failed boots, then the old slot again
  rotation  display.env rotation 90 and touch.env: rotated picture, a tap on the button
"""
import argparse
import os
import shutil
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from imagetest import basic, boottime, common, machine  # noqa: E402
from imagetest.common import OUT, TEST, check, log, section  # noqa: E402

PARTS = ["first", "usb", "restarts", "power", "updates", "fallback", "rotation"]


def enable_test_switches(disk):
    """This copy's boot entry gets `ladoshka.test ladoshka.demo` (guest agent, demo centre)."""
    env = common.image_env()
    out = common.run(["sfdisk", "-J", disk])
    import json
    parts = json.loads(out)["partitiontable"]["partitions"]
    esp = next(p for p in parts if p["uuid"].lower() == env["ESP_UUID"].lower())
    target = f"{disk}@@{esp['start'] * 512}"
    entry = "::/loader/entries/" + env["ENTRY"]
    os.environ["MTOOLS_SKIP_CHECK"] = "1"
    text = common.run(["mtype", "-i", target, entry])
    text = text.replace(" ro ", " ro ladoshka.test ladoshka.demo ", 1)
    local = os.path.join(TEST, "entry.conf")
    with open(local, "w") as f:
        f.write(text)
    subprocess.run(["mcopy", "-o", "-i", target, local, entry], check=True)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--power-cuts", type=int, default=3)
    ap.add_argument("--first-frame-timeout", type=int, default=240)
    ap.add_argument("--only", default="", help="comma-separated parts to run (see above)")
    ap.add_argument("--no-update", action="store_true", help="skip the updates and the fallback")
    ap.add_argument("--no-tpm", action="store_true", help="a machine without a TPM (host-key seal)")
    opts = ap.parse_args()
    machine.OPTS["tpm"] = not opts.no_tpm
    parts = [p for p in (opts.only.split(",") if opts.only else PARTS) if p]
    for p in parts:
        if p not in PARTS:
            sys.exit(f"unknown part {p!r}; parts: {', '.join(PARTS)}")
    if opts.no_update:
        parts = [p for p in parts if p not in ("updates", "fallback")]
    if "fallback" in parts and "updates" not in parts:
        parts.insert(parts.index("fallback"), "updates")  # the fallback starts from slot B
    want = set(parts)
    fft = opts.first_frame_timeout

    image = os.path.join(OUT, "ladoshka-kiosk.raw")
    if not os.path.exists(image):
        sys.exit("no image at kiosk-image/out/ladoshka-kiosk.raw: run make image first")
    section("setup")
    shutil.rmtree(TEST, ignore_errors=True)
    os.makedirs(TEST)
    disk = os.path.join(TEST, "disk.raw")
    subprocess.run(["cp", "--sparse=always", image, disk], check=True)
    shutil.copy(machine.OVMF_VARS, os.path.join(TEST, "OVMF_VARS.fd"))
    enable_test_switches(disk)
    update_disk = pending_disk = None
    if "updates" in want:
        from imagetest import updates
        if "power" in want:  # made while the first boot runs; the boots after the cuts attach it
            pending_disk = updates.make_update_disk_in_background()
        else:
            update_disk = updates.make_update_disk()

    section("first")
    m, first = machine.boot(disk, 1, fft, update_disk, kind="first boot")
    boot_no = 1
    try:
        basic.guest_report(m)
        boottime.analyze(m, "first boot")
        # The run-time needs check runs in the guest while the restarts part waits for systemd
        # (SIGKILL, the watchdog); with no restarts part, at once.
        if "restarts" not in want:
            basic.runtime_needs(m)
        if "first" in want:
            basic.first_tap(m)
        if "usb" in want:
            section("usb")
            from imagetest import usb
            usb.usb_test(m)
        if "restarts" in want:
            section("restarts")
            needs = basic.runtime_needs_start(m)
            basic.restarts(m)
            basic.runtime_needs(m, needs)
        if "power" in want:
            section("power")
            if pending_disk:
                update_disk = pending_disk.result()
            for cut in range(1, opts.power_cuts + 1):
                boot_no += 1
                m = basic.power_cut(m, disk, cut, boot_no, fft, update_disk)
            boottime.analyze(m, f"boot {boot_no}, after the power cuts")
            log("screenshot: " + m.screenshot("04-after-power-cuts.png"))
        if "updates" in want:
            section("updates")
            m, boot_no = updates.updates_test(m, disk, boot_no, update_disk, fft)
        if "fallback" in want:
            section("fallback")
            from imagetest import fallback
            fallback.fallback_test(m, fft)
        if "rotation" in want:
            section("rotation")
            from imagetest import rotation
            rotation.rotation_test(m)
        section("boot time")
        boottime.report()
    except Exception as e:  # a broken step still prints the summary
        check(False, f"the run stopped: {type(e).__name__}: {e}")
    finally:
        m.shutdown()
    common.summary()
    bad = common.failures()
    if bad:
        print(f"\n{len(bad)} check(s) failed.")
        return 1
    print("\nAll checks passed.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
