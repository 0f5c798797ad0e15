#!/usr/bin/env python3
"""`make image-test`: boots kiosk-image/out/ladoshka-kiosk.raw in QEMU and proves it.

Headless QEMU (TCG: this machine's /dev/kvm cannot boot UEFI), OVMF, virtio-gpu, a USB
tablet for touch, swtpm (started again before each boot, on the same state), an i6300esb
watchdog; driven over QMP, with commands run in the guest through qemu-guest-agent (enabled
only by `ladoshka.test` on the kernel command line of this test copy of the image).

  1. first boot: time from power-on to the kiosk's first frame; screenshot 01-home.png;
  2. a tap on «Я пришёл» (QMP input-send-event) -> the next check-in step, 02-after-tap.png;
  3. SIGKILL of the app -> systemd starts it again; SIGSTOP -> the watchdog restarts it;
  4. power cut, N times: `ladoshka power-test write` prints `committed <id>` on the second
     serial port, QEMU is killed at a random moment, the next boot runs `power-test verify`
     with those lines and `ladoshka doctor`.
Standard library only. Exit status 0 when every check passed.
"""
import argparse
import base64
import json
import os
import random
import shutil
import signal
import socket
import struct
import subprocess
import sys
import time
import zlib

HERE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(HERE, "out")
TEST = os.path.join(OUT, "test")
OVMF_CODE = "/usr/share/OVMF/OVMF_CODE_4M.fd"
OVMF_VARS = "/usr/share/OVMF/OVMF_VARS_4M.fd"
WIDTH, HEIGHT = 1280, 800
APP = "/usr/bin/ladoshka --data-dir /var/lib/ladoshka"
# What a command run as the kiosk needs: its user, its data and its sealed key.
AS_KIOSK = ["-p", "User=ladoshka", "-p", "Group=ladoshka", "-p", "StateDirectory=ladoshka",
            "-p", "StateDirectoryMode=0700", "-p", "UMask=0077",
            "-p", "LoadCredentialEncrypted=db-key:/var/lib/ladoshka-keys/db-key.cred"]
RNG = random.SystemRandom()

T0 = time.monotonic()
failures = []


def log(msg):
    print(f"[{time.monotonic() - T0:6.1f}s] {msg}", flush=True)


def check(ok, what):
    log(("PASS " if ok else "FAIL ") + what)
    if not ok:
        failures.append(what)
    return ok


class Qmp:
    """QEMU's machine protocol over a unix socket: one command, one answer."""

    def __init__(self, path):
        self.sock = socket.socket(socket.AF_UNIX)
        self.sock.connect(path)
        self.file = self.sock.makefile("rwb")
        self._read()  # greeting
        self.cmd("qmp_capabilities")

    def _read(self):
        while True:
            line = self.file.readline()
            if not line:
                raise RuntimeError("QMP connection closed")
            msg = json.loads(line)
            if "event" not in msg:
                return msg

    def cmd(self, name, **args):
        self.file.write(json.dumps({"execute": name, "arguments": args}).encode() + b"\n")
        self.file.flush()
        reply = self._read()
        if "error" in reply:
            raise RuntimeError(f"QMP {name}: {reply['error']}")
        return reply.get("return")


class Agent:
    """qemu-guest-agent: guest-exec with standard input, output and exit status."""

    def __init__(self, path):
        self.path = path
        self.sock = None

    def connect(self, timeout):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                s = socket.socket(socket.AF_UNIX)
                s.settimeout(3)
                s.connect(self.path)
                self.sock, self.file = s, s.makefile("rwb")
                token = random.randrange(1 << 30)
                self._send("guest-sync-delimited", id=token)
                # The agent answers with 0xFF before the reply, skipping stale bytes.
                while self.file.read(1) != b"\xff":
                    pass
                if self._recv() == token:
                    self.sock.settimeout(30)
                    return True
            except (OSError, ValueError, RuntimeError):
                pass
            time.sleep(2)
        return False

    def _send(self, name, **args):
        self.file.write(json.dumps({"execute": name, "arguments": args}).encode() + b"\n")
        self.file.flush()

    def _recv(self):
        line = self.file.readline()
        if not line:
            raise RuntimeError("guest agent connection closed")
        msg = json.loads(line)
        if "error" in msg:
            raise RuntimeError(f"guest agent: {msg['error']}")
        return msg.get("return")

    def run(self, argv, stdin=b"", timeout=120):
        """Runs argv in the guest; returns (exit code, stdout + stderr as text)."""
        args = {"path": argv[0], "arg": argv[1:], "capture-output": True}
        if stdin:
            args["input-data"] = base64.b64encode(stdin).decode()
        self._send("guest-exec", **args)
        pid = self._recv()["pid"]
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            self._send("guest-exec-status", pid=pid)
            st = self._recv()
            if st.get("exited"):
                out = base64.b64decode(st.get("out-data", "")) + base64.b64decode(st.get("err-data", ""))
                return st.get("exitcode", -1), out.decode(errors="replace")
            time.sleep(0.5)
        return -1, f"timed out after {timeout} s: {' '.join(argv)}"

    def sh(self, script, **kw):
        return self.run(["/bin/sh", "-c", script], **kw)


# Without a TPM (--no-tpm) the key is sealed with systemd's host key instead.
USE_TPM = True


class Machine:
    """One QEMU process and its swtpm, on the test copy of the disk."""

    def __init__(self, disk, boot_no, extra_disk=None):
        self.disk, self.boot_no = disk, boot_no
        self.qmp_path = os.path.join(TEST, "qmp.sock")
        self.qga_path = os.path.join(TEST, "qga.sock")
        self.tpm_path = os.path.join(TEST, "swtpm.sock")
        self.serial1 = os.path.join(TEST, f"boot{boot_no}-ttyS1.log")
        for p in (self.qmp_path, self.qga_path, self.tpm_path):
            if os.path.exists(p):
                os.unlink(p)
        tpm_state = os.path.join(TEST, "tpm")
        os.makedirs(tpm_state, exist_ok=True)
        # swtpm ends with QEMU: a fresh one per boot on the same state, like the same chip.
        self.swtpm = None if not USE_TPM else subprocess.Popen(
            ["swtpm", "socket", "--tpm2", "--tpmstate", f"dir={tpm_state}",
             "--ctrl", f"type=unixio,path={self.tpm_path}", "--terminate",
             "--log", f"file={os.path.join(TEST, 'swtpm.log')}"])
        if USE_TPM:
            wait_for(lambda: os.path.exists(self.tpm_path), 10, "swtpm socket")
        cmd = [
            "qemu-system-x86_64", "-name", "ladoshka-kiosk",
            "-machine", "q35,smm=off", "-accel", "tcg,thread=multi", "-cpu", "max",
            "-smp", "2", "-m", "2048",
            "-drive", f"if=pflash,format=raw,readonly=on,file={OVMF_CODE}",
            "-drive", f"if=pflash,format=raw,file={os.path.join(TEST, 'OVMF_VARS.fd')}",
            "-drive", f"file={disk},format=raw,if=none,id=disk0,cache=writeback",
            "-device", "virtio-blk-pci,drive=disk0,bootindex=0",
            "-vga", "none", "-device", f"virtio-gpu-pci,xres={WIDTH},yres={HEIGHT}",
            "-display", "none",
            "-device", "qemu-xhci,id=xhci", "-device", "usb-tablet,bus=xhci.0",
            "-device", "i6300esb", "-action", "watchdog=reset",
            "-chardev", f"socket,id=qga0,path={self.qga_path},server=on,wait=off",
            "-device", "virtio-serial-pci", "-device", "virtserialport,chardev=qga0,name=org.qemu.guest_agent.0",
            "-serial", f"file:{os.path.join(TEST, f'boot{boot_no}-console.log')}",
            "-serial", f"file:{self.serial1}",
            "-nic", "none",
        ] + ([] if not USE_TPM else [
            "-chardev", f"socket,id=chrtpm,path={self.tpm_path}",
            "-tpmdev", "emulator,id=tpm0,chardev=chrtpm", "-device", "tpm-tis,tpmdev=tpm0",
        ]) + ([] if not extra_disk else [
            "-drive", f"file={extra_disk},format=raw,if=none,id=disk1,readonly=on",
            "-device", "virtio-blk-pci,drive=disk1,serial=update",
        ]) + [
            "-qmp", f"unix:{self.qmp_path},server=on,wait=off",
        ]
        self.started = time.monotonic()
        self.qemu = subprocess.Popen(cmd, stdout=subprocess.DEVNULL,
                                     stderr=open(os.path.join(TEST, "qemu.log"), "ab"))
        wait_for(lambda: os.path.exists(self.qmp_path), 20, "QMP socket")
        self.qmp = Qmp(self.qmp_path)
        self.agent = Agent(self.qga_path)

    def frame(self):
        """The screen now, as (width, height, RGB bytes) from a PPM screendump."""
        path = os.path.join(TEST, "poll.ppm")
        self.qmp.cmd("screendump", filename=path)
        return read_ppm(path)

    def screenshot(self, name):
        path = os.path.join(OUT, name)
        self.qmp.cmd("screendump", filename=path, format="png")
        return path

    def tap(self, x, y):
        """A press and release at (x, y) in screen pixels, through the USB tablet."""
        ax, ay = int(x * 32767 / (WIDTH - 1)), int(y * 32767 / (HEIGHT - 1))
        self.qmp.cmd("input-send-event", events=[
            {"type": "abs", "data": {"axis": "x", "value": ax}},
            {"type": "abs", "data": {"axis": "y", "value": ay}}])
        time.sleep(0.3)
        self.qmp.cmd("input-send-event", events=[{"type": "btn", "data": {"down": True, "button": "left"}}])
        time.sleep(0.15)
        self.qmp.cmd("input-send-event", events=[{"type": "btn", "data": {"down": False, "button": "left"}}])

    def cut_power(self):
        """No shutdown: the QEMU process is killed, like a pulled plug."""
        self.qemu.send_signal(signal.SIGKILL)
        self.qemu.wait()
        if self.swtpm is None:
            return
        try:
            self.swtpm.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.swtpm.kill()
            self.swtpm.wait()

    def shutdown(self):
        try:
            self.qmp.cmd("quit")
        except (RuntimeError, OSError):
            pass
        self.cut_power()


def wait_for(pred, timeout, what, step=0.5):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if pred():
            return True
        time.sleep(step)
    raise RuntimeError(f"timed out after {timeout} s waiting for {what}")


def read_ppm(path):
    with open(path, "rb") as f:
        data = f.read()
    parts, pos = [], 0
    while len(parts) < 4:  # magic, width, height, maxval
        while data[pos:pos + 1].isspace():
            pos += 1
        end = pos
        while not data[end:end + 1].isspace():
            end += 1
        parts.append(data[pos:end])
        pos = end
    return int(parts[1]), int(parts[2]), data[pos + 1:]


def looks_like_app(frame):
    """The kiosk's screens are light; the firmware and kernel consoles are black with text."""
    w, h, rgb = frame
    if (w, h) != (WIDTH, HEIGHT):
        return False
    light = total = 0
    for i in range(0, len(rgb), 3 * 97):  # a sample of pixels is enough
        total += 1
        if rgb[i] + rgb[i + 1] + rgb[i + 2] > 450:
            light += 1
    return light > total * 0.6


def difference(a, b):
    """Share of sampled pixels that differ between two frames."""
    if a[:2] != b[:2]:
        return 1.0
    diff = total = 0
    for i in range(0, min(len(a[2]), len(b[2])), 3 * 31):
        total += 1
        if a[2][i:i + 3] != b[2][i:i + 3]:
            diff += 1
    return diff / max(total, 1)


def wait_first_frame(m, timeout):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if m.qemu.poll() is not None:
            raise RuntimeError("QEMU exited during boot (see kiosk-image/out/test/qemu.log)")
        try:
            if looks_like_app(m.frame()):
                return time.monotonic() - m.started
        except (RuntimeError, OSError, ValueError):
            pass
        time.sleep(1)
    return None


def main_pid(m):
    code, out = m.agent.run(["/usr/bin/systemctl", "show", "-P", "MainPID", "ladoshka.service"])
    return int(out.strip() or 0) if code == 0 else 0


def unit_props(m, *names):
    args = ["/usr/bin/systemctl", "show", "ladoshka.service"]
    for n in names:
        args += ["-p", n]
    _, out = m.agent.run(args)
    return dict(l.split("=", 1) for l in out.splitlines() if "=" in l)


def unit_state(m):
    p = unit_props(m, "ActiveState", "SubState", "NRestarts")
    return f"{p.get('ActiveState')}/{p.get('SubState')}, NRestarts={p.get('NRestarts')}"


def wait_new_pid(m, old, timeout):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        pid = main_pid(m)
        code, _ = m.agent.run(["/usr/bin/systemctl", "is-active", "--quiet", "ladoshka.service"])
        if pid and pid != old and code == 0:
            return pid
        time.sleep(1)
    return 0


def as_kiosk(m, args, stdin=b"", timeout=180):
    """Runs `ladoshka ARGS` as the kiosk user with its key, the way ladoshka.service does."""
    argv = ["/usr/bin/systemd-run", "--quiet", "--wait", "--pipe", "--collect", *AS_KIOSK,
            *APP.split(), *args]
    return m.agent.run(argv, stdin=stdin, timeout=timeout)


def boot(disk, n, first_frame_timeout, extra_disk=None):
    log(f"boot {n}: power on" + (" with the update disk attached" if extra_disk else ""))
    m = Machine(disk, n, extra_disk)
    t = wait_first_frame(m, first_frame_timeout)
    if t is None:
        m.screenshot(f"boot{n}-no-frame.png")
    check(t is not None, f"boot {n}: the kiosk's first frame appeared"
          + (f" {t:.1f} s after power-on" if t else f" (not within {first_frame_timeout} s)"))
    if not m.agent.connect(120):
        raise RuntimeError("the guest agent did not answer")
    return m, t


def guest_report(m):
    _, sealed = m.agent.run(["/bin/cat", "/var/lib/ladoshka-keys/sealed-with"])
    want = "tpm2" if USE_TPM else "host"
    check(sealed.strip() == want, f"the database key is sealed with {want} (sealed-with: {sealed.strip()!r})")
    p = unit_props(m, "Type", "ExecMainStartTimestampMonotonic", "ActiveEnterTimestampMonotonic", "WatchdogUSec")
    try:
        log(f"guest: ladoshka.service Type={p['Type']} WatchdogUSec={p['WatchdogUSec']}: started "
            f"{int(p['ExecMainStartTimestampMonotonic']) / 1e6:.1f} s after the kernel started, "
            f"active (READY=1) at {int(p['ActiveEnterTimestampMonotonic']) / 1e6:.1f} s")
    except (KeyError, ValueError):
        log(f"guest: ladoshka.service {p}")
    _, an = m.agent.run(["/usr/bin/systemd-analyze", "time"])
    log("guest: " + " ".join(an.split("\n")[0].split()))
    _, ro = m.agent.sh("findmnt -no OPTIONS / | cut -d, -f1; findmnt -no SOURCE,FSTYPE /var")
    log("guest: / is " + " and /var is ".join(ro.split("\n")[:2]))
    check(ro.startswith("ro"), "the root file system is mounted read-only")
    _, wd = m.agent.sh("cat /sys/class/watchdog/watchdog0/identity; "
                       "systemctl show -p RuntimeWatchdogUSec --value")
    check("i6300ESB" in wd and "30s" in wd,
          f"PID 1 drives the hardware watchdog ({' / '.join(wd.split(chr(10))[:2])})")
    _, jr = m.agent.sh("ls -d /var/log/journal/*/ && journalctl --disk-usage")
    check("/var/log/journal/" in jr, "the journal is kept on /var: " + " ".join(jr.split()))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--power-cuts", type=int, default=3)
    ap.add_argument("--first-frame-timeout", type=int, default=240)
    ap.add_argument("--no-update", action="store_true", help="skip the A/B update at the end")
    ap.add_argument("--no-tpm", action="store_true", help="a machine without a TPM (host-key seal)")
    opts = ap.parse_args()
    global USE_TPM
    USE_TPM = not opts.no_tpm

    image = os.path.join(OUT, "ladoshka-kiosk.raw")
    if not os.path.exists(image):
        sys.exit("no image at kiosk-image/out/ladoshka-kiosk.raw: run make image first")
    shutil.rmtree(TEST, ignore_errors=True)
    os.makedirs(TEST)
    disk = os.path.join(TEST, "disk.raw")
    subprocess.run(["cp", "--sparse=always", image, disk], check=True)
    shutil.copy(OVMF_VARS, os.path.join(TEST, "OVMF_VARS.fd"))
    enable_test_switches(disk)
    update_disk = None if opts.no_update else make_update_disk()

    m, first = boot(disk, 1, opts.first_frame_timeout)
    try:
        home = m.frame()
        log("screenshot: " + m.screenshot("01-home.png"))
        guest_report(m)

        # A tap on «Я пришёл» (centre of the button on the home screen at 1280x800).
        m.tap(640, 552)
        time.sleep(4)
        after = m.frame()
        log("screenshot: " + m.screenshot("02-after-tap.png"))
        check(difference(home, after) > 0.2, f"the tap changed the screen ({difference(home, after):.0%} of pixels)")

        pid = main_pid(m)
        t = time.monotonic()
        m.agent.sh(f"kill -KILL {pid}")
        new = wait_new_pid(m, pid, 120)
        check(new != 0, f"SIGKILL of the app (pid {pid}): systemd started it again (pid {new}) "
                        f"in {time.monotonic() - t:.1f} s; {unit_state(m)}")
        wait_first_frame(m, 120)
        log("screenshot: " + m.screenshot("03-after-sigkill.png"))

        pid = main_pid(m)
        t = time.monotonic()
        m.agent.sh(f"kill -STOP {pid}")
        new = wait_new_pid(m, pid, 150)
        _, wd = m.agent.sh("journalctl -b -u ladoshka.service --no-pager -o cat | grep -i 'watchdog timeout\\|result .watchdog' | tail -2")
        check(new != 0 and "watchdog" in wd.lower(),
              f"SIGSTOP of the app (pid {pid}): the watchdog restarted it (pid {new}) in "
              f"{time.monotonic() - t:.1f} s; journal: {' / '.join(wd.strip().splitlines())!r}")

        for cut in range(1, opts.power_cuts + 1):
            code, out = m.agent.run(["/usr/bin/systemd-run", "--quiet", "--unit=ladoshka-power-write",
                                     "--collect", *AS_KIOSK, "-p", "StandardOutput=file:/dev/ttyS1",
                                     *APP.split(), "power-test", "write", "--interval-ms", "20"])
            if not check(code == 0, f"power cut {cut}: `ladoshka power-test write` started" + (f" ({out.strip()})" if out.strip() else "")):
                break
            delay = RNG.uniform(4, 12)
            time.sleep(delay)
            serial = m.serial1
            m.cut_power()
            with open(serial, "rb") as f:
                printed = f.read()
            ids = [l for l in printed.decode(errors="replace").splitlines() if l.startswith("committed ")]
            log(f"power cut {cut}: QEMU killed {delay:.1f} s after the writer started; "
                f"{len(ids)} check-ins printed as committed")
            last = cut == opts.power_cuts
            m, _ = boot(disk, cut + 1, opts.first_frame_timeout,
                        update_disk if last and update_disk else None)
            _, da = m.agent.sh("journalctl -b -u ladoshka-tpm-da.service -o cat --no-pager | grep -i 'counter was\\|counter is'")
            log(f"boot {cut + 1}: {da.strip()}")
            code, out = as_kiosk(m, ["power-test", "verify"], stdin=printed)
            summary = [l for l in out.splitlines() if "committed check-ins read" in l or l.startswith("missing")]
            check(code == 0 and len(ids) > 0,
                  f"power cut {cut}: verify after reboot exit {code}: {'; '.join(summary) or out.strip()[-300:]}")
            code, out = as_kiosk(m, ["doctor"])
            check(code == 0, f"power cut {cut}: ladoshka doctor exit {code}")
            if code != 0:
                print(out)
        log("screenshot: " + m.screenshot("04-after-power-cuts.png"))
        if update_disk:
            update_test(m, opts.first_frame_timeout)
    finally:
        m.shutdown()
    log(f"first frame {first:.1f} s after power-on" if first else "no first frame")
    if failures:
        log(f"{len(failures)} check(s) failed:")
        for f in failures:
            print("  - " + f)
        return 1
    log("all checks passed")
    return 0


def make_update_disk():
    """An ext4 disk holding out/update/ with a newer version number, as a USB stick would."""
    src = os.path.join(OUT, "update")
    stage = os.path.join(TEST, "stick")
    os.makedirs(os.path.join(stage, "update"))
    for f in ("root.img", "vmlinuz", "initrd.img"):
        subprocess.run(["cp", "--sparse=always", os.path.join(src, f), os.path.join(stage, "update", f)], check=True)
    version = str(int(open(os.path.join(src, "version")).read().strip()) + 1)
    with open(os.path.join(stage, "update", "version"), "w") as f:
        f.write(version + "\n")
    img = os.path.join(TEST, "stick.img")
    subprocess.run(["mkfs.ext4", "-q", "-L", "update", "-d", stage, img, "2G"], check=True)
    shutil.rmtree(stage)
    return img


def update_test(m, first_frame_timeout):
    """install-update into the empty slot B, reboot, the kiosk must come up from slot B."""
    env = dict(l.strip().split("=", 1) for l in open(os.path.join(OUT, "ladoshka-kiosk.env")) if "=" in l)
    t = time.monotonic()
    code, out = m.agent.sh("mount -o ro /dev/disk/by-id/virtio-update /mnt && "
                           "/usr/lib/ladoshka-kiosk/install-update /mnt/update; rc=$?; umount /mnt; exit $rc",
                           timeout=600)
    if not check(code == 0, f"update: install-update into the other slot in {time.monotonic() - t:.0f} s: "
                            + " / ".join(out.strip().splitlines()[-2:])):
        return
    m.agent.run(["/usr/bin/systemctl", "reboot"])
    t = time.monotonic()
    time.sleep(15)
    wait_for(lambda: not looks_like_app(m.frame()), 120, "the reboot to leave the kiosk's screen", 1)
    shown = wait_first_frame(m, first_frame_timeout)
    check(shown is not None, f"update: after the reboot the kiosk's first frame appeared "
                             f"{(time.monotonic() - t) if shown else 0:.0f} s after the reboot command")
    if not m.agent.connect(120):
        check(False, "update: the guest agent answers after the reboot")
        return
    _, cmdline = m.agent.run(["/bin/cat", "/proc/cmdline"])
    _, root = m.agent.sh("findmnt -no SOURCE /")
    check(env["ROOT_B_UUID"].lower() in cmdline.lower(),
          f"update: the kiosk runs from slot B ({root.strip()}, root=PARTUUID={env['ROOT_B_UUID']})")
    # systemd-bless-boot drops the "+tries" from the entry once boot-complete.target is reached.
    deadline = time.monotonic() + 120
    entries = ""
    while time.monotonic() < deadline:
        _, entries = m.agent.sh("ls /efi/loader/entries")
        if any(e.endswith(".conf") and "+" not in e and e.startswith("ladoshka-") and "-a" not in e
               for e in entries.split()):
            break
        time.sleep(3)
    check(any("+" not in e and "-a" not in e for e in entries.split() if e.endswith(".conf")),
          f"update: the new entry was marked good (boot counting): {' '.join(entries.split())}")
    log("screenshot: " + m.screenshot("05-after-update.png"))


def enable_test_switches(disk):
    """This copy's boot entry gets `ladoshka.test ladoshka.demo` (guest agent, demo centre)."""
    env = dict(l.strip().split("=", 1) for l in open(os.path.join(OUT, "ladoshka-kiosk.env")) if "=" in l)
    out = subprocess.run(["sfdisk", "-J", disk], check=True, capture_output=True, text=True).stdout
    parts = json.loads(out)["partitiontable"]["partitions"]
    esp = next(p for p in parts if p["uuid"].lower() == env["ESP_UUID"].lower())
    target = f"{disk}@@{esp['start'] * 512}"
    entry = "::/loader/entries/" + env["ENTRY"]
    os.environ["MTOOLS_SKIP_CHECK"] = "1"
    text = subprocess.run(["mtype", "-i", target, entry], check=True, capture_output=True, text=True).stdout
    text = text.replace(" ro ", " ro ladoshka.test ladoshka.demo ", 1)
    local = os.path.join(TEST, "entry.conf")
    with open(local, "w") as f:
        f.write(text)
    subprocess.run(["mcopy", "-o", "-i", target, local, entry], check=True)


if __name__ == "__main__":
    sys.exit(main())
