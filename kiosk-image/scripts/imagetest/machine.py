"""One booted test kiosk: the QEMU process (TCG, OVMF, virtio-gpu, a USB tablet, swtpm, the
i6300esb watchdog), its QMP socket (screen dumps, taps, hot-plugged USB sticks) and the guest
agent (commands run in the guest, enabled by `ladoshka.test` on the test copy's command line)."""
import base64
import json
import os
import random
import signal
import socket
import subprocess
import time

from .common import TEST, OUT, WIDTH, HEIGHT, log, check, wait_for

OVMF_CODE = "/usr/share/OVMF/OVMF_CODE_4M.fd"
OVMF_VARS = "/usr/share/OVMF/OVMF_VARS_4M.fd"
APP = "/usr/bin/ladoshka --data-dir /var/lib/ladoshka"
# What a command run as the kiosk needs: its user, its data and its sealed key.
AS_KIOSK = ["-p", "User=ladoshka", "-p", "Group=ladoshka", "-p", "StateDirectory=ladoshka",
            "-p", "StateDirectoryMode=0700", "-p", "UMask=0077",
            "-p", "LoadCredentialEncrypted=db-key:/var/lib/ladoshka-keys/db-key.cred"]
# Without a TPM (--no-tpm) the key is sealed with systemd's host key instead.
OPTS = {"tpm": True}


class Qmp:
    """QEMU's machine protocol over a unix socket: one command, one answer; events are kept."""

    def __init__(self, path):
        self.sock = socket.socket(socket.AF_UNIX)
        self.sock.connect(path)
        self.file = self.sock.makefile("rwb")
        self.events = []
        self._read()  # greeting
        self.cmd("qmp_capabilities")

    def _read(self):
        while True:
            line = self.file.readline()
            if not line:
                raise RuntimeError("QMP connection closed")
            msg = json.loads(line)
            if "event" in msg:
                self.events.append(msg)
                continue
            return msg

    def cmd(self, name, **args):
        self.file.write(json.dumps({"execute": name, "arguments": args}).encode() + b"\n")
        self.file.flush()
        reply = self._read()
        if "error" in reply:
            raise RuntimeError(f"QMP {name}: {reply['error']}")
        return reply.get("return")

    def resets(self):
        """Guest-initiated resets (reboots) seen so far."""
        self.cmd("query-status")
        return sum(1 for e in self.events if e["event"] == "RESET")


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
        return self.result(self.start(argv, stdin), timeout, argv)

    def start(self, argv, stdin=b""):
        """Starts argv in the guest and returns at once: its pid, for result()."""
        args = {"path": argv[0], "arg": argv[1:], "capture-output": True}
        if stdin:
            args["input-data"] = base64.b64encode(stdin).decode()
        self._send("guest-exec", **args)
        return self._recv()["pid"]

    def result(self, pid, timeout=120, argv=("a command",)):
        """Waits for a command start() began; returns (exit code, stdout + stderr as text)."""
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


class Machine:
    """One QEMU process and its swtpm, on the test copy of the disk."""

    def __init__(self, disk, boot_no, extra_disk=None):
        self.disk, self.boot_no = disk, boot_no
        self.qmp_path = os.path.join(TEST, "qmp.sock")
        self.qga_path = os.path.join(TEST, "qga.sock")
        self.tpm_path = os.path.join(TEST, "swtpm.sock")
        self.console = os.path.join(TEST, f"boot{boot_no}-console.log")
        self.serial1 = os.path.join(TEST, f"boot{boot_no}-ttyS1.log")
        for p in (self.qmp_path, self.qga_path, self.tpm_path):
            if os.path.exists(p):
                os.unlink(p)
        tpm_state = os.path.join(TEST, "tpm")
        os.makedirs(tpm_state, exist_ok=True)
        use_tpm = OPTS["tpm"]
        # swtpm ends with QEMU: a fresh one per boot on the same state, like the same chip.
        self.swtpm = None if not use_tpm else subprocess.Popen(
            ["swtpm", "socket", "--tpm2", "--tpmstate", f"dir={tpm_state}",
             "--ctrl", f"type=unixio,path={self.tpm_path}", "--terminate",
             "--log", f"file={os.path.join(TEST, 'swtpm.log')}"])
        if use_tpm:
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
            "-serial", f"file:{self.console}",
            "-serial", f"file:{self.serial1}",
            "-nic", "none",
        ] + ([] if not use_tpm else [
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

    def tap(self, x, y, w=WIDTH, h=HEIGHT):
        """A press and release at (x, y) in screen pixels, through the USB tablet."""
        ax, ay = int(x * 32767 / (w - 1)), int(y * 32767 / (h - 1))
        self.qmp.cmd("input-send-event", events=[
            {"type": "abs", "data": {"axis": "x", "value": ax}},
            {"type": "abs", "data": {"axis": "y", "value": ay}}])
        time.sleep(0.3)
        self.qmp.cmd("input-send-event", events=[{"type": "btn", "data": {"down": True, "button": "left"}}])
        time.sleep(0.15)
        self.qmp.cmd("input-send-event", events=[{"type": "btn", "data": {"down": False, "button": "left"}}])

    def reboot(self):
        """`systemctl reboot` in the guest; the agent may go away before it answers."""
        try:
            self.agent.run(["/usr/bin/systemctl", "--no-block", "reboot"], timeout=20)
        except (OSError, RuntimeError, ValueError):
            pass

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
    if (w, h) not in ((WIDTH, HEIGHT), (HEIGHT, WIDTH)):
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


def wait_first_frame(m, timeout, step=0.5):
    """Seconds from power-on (or from `since`) until the kiosk's light screen shows, or None
    (the screen is looked at every `step` s, so a figure is at most that late)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if m.qemu.poll() is not None:
            raise RuntimeError("QEMU exited during boot (see kiosk-image/out/test/qemu.log)")
        try:
            if looks_like_app(m.frame()):
                return time.monotonic() - m.started
        except (RuntimeError, OSError, ValueError):
            pass
        time.sleep(step)
    return None


def main_pid(m):
    code, out = m.agent.run(["/usr/bin/systemctl", "show", "-P", "MainPID", "ladoshka.service"])
    return int(out.strip() or 0) if code == 0 else 0


def unit_props(m, *names, unit="ladoshka.service"):
    args = ["/usr/bin/systemctl", "show", unit]
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


def as_kiosk(m, args, stdin=b"", timeout=180, extra=()):
    """Runs `ladoshka ARGS` as the kiosk user with its key, the way ladoshka.service does."""
    argv = ["/usr/bin/systemd-run", "--quiet", "--wait", "--pipe", "--collect", *AS_KIOSK, *extra,
            *APP.split(), *args]
    return m.agent.run(argv, stdin=stdin, timeout=timeout)


BOOT_TIMES = []  # (boot number, seconds from power-on to the first frame, what kind of boot)


def boot(disk, n, first_frame_timeout, extra_disk=None, kind="boot"):
    # What the previous QEMU (killed, like a pulled plug) or the setup left in the host's page
    # cache is written out first, so the host's writeback does not compete with the boot being
    # timed. The guest sees the same disk either way (see README, the power cut's limit).
    t = time.monotonic()
    os.sync()
    log(f"boot {n}: power on" + (" with the update disk attached" if extra_disk else "")
        + f" (host sync {time.monotonic() - t:.1f} s)")
    m = Machine(disk, n, extra_disk)
    t = wait_first_frame(m, first_frame_timeout)
    if t is None:
        m.screenshot(f"boot{n}-no-frame.png")
    else:
        BOOT_TIMES.append((n, t, kind))
    check(t is not None, f"boot {n} ({kind}): the kiosk's first frame appeared"
          + (f" {t:.1f} s after power-on" if t else f" (not within {first_frame_timeout} s)"))
    if not m.agent.connect(120):
        raise RuntimeError("the guest agent did not answer")
    return m, t


def reboot_and_wait(m, first_frame_timeout, what):
    """`systemctl reboot` in the guest, then the next first frame; seconds from the command."""
    t = time.monotonic()
    resets = m.qmp.resets()
    m.reboot()
    # The guest's reset (a QMP RESET event), not the screen: a reboot now shows the first frame
    # again ~30 s later, sooner than the guest agent gave up on the rebooted guest (~30 s), so
    # the dark screen in between could be missed.
    wait_for(lambda: m.qmp.resets() > resets, 120, "the guest to reboot (QMP RESET)", 1)
    m.started = t
    shown = wait_first_frame(m, first_frame_timeout)
    check(shown is not None, f"{what}: after the reboot the kiosk's first frame appeared "
                             f"{shown or 0:.0f} s after the reboot command")
    if shown:
        BOOT_TIMES.append((f"reboot ({what})", shown, "reboot"))
    ok = m.agent.connect(120)
    if not ok:
        check(False, f"{what}: the guest agent answers after the reboot")
    return ok
