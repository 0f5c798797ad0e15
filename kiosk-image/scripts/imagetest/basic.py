"""What every kiosk boot must show: the sealed key, the read-only root, the watchdog, the journal
on /var, the app's run-time needs; a tap that works; restarts after SIGKILL and a hang
(SIGSTOP); and power cuts that lose no committed check-in."""
import random
import time

from .common import log, check
from .machine import (APP, AS_KIOSK, OPTS, as_kiosk, boot, difference, main_pid, unit_props,
                      unit_state, wait_first_frame, wait_new_pid)

RNG = random.SystemRandom()


def guest_report(m):
    _, sealed = m.agent.run(["/bin/cat", "/var/lib/ladoshka-keys/sealed-with"])
    want = "tpm2" if OPTS["tpm"] else "host"
    check(sealed.strip() == want, f"the database key is sealed with {want} (sealed-with: {sealed.strip()!r})")
    p = unit_props(m, "Type", "ExecMainStartTimestampMonotonic", "ActiveEnterTimestampMonotonic", "WatchdogUSec")
    try:
        log(f"guest: ladoshka.service Type={p['Type']} WatchdogUSec={p['WatchdogUSec']}: started "
            f"{int(p['ExecMainStartTimestampMonotonic']) / 1e6:.1f} s after the kernel started, "
            f"active (READY=1) at {int(p['ActiveEnterTimestampMonotonic']) / 1e6:.1f} s")
    except (KeyError, ValueError):
        log(f"guest: ladoshka.service {p}")
    _, ro = m.agent.sh("findmnt -no OPTIONS / | cut -d, -f1; findmnt -no SOURCE,FSTYPE /var")
    log("guest: / is " + " and /var is ".join(ro.split("\n")[:2]))
    check(ro.startswith("ro"), "the root file system is mounted read-only")
    _, wd = m.agent.sh("cat /sys/class/watchdog/watchdog0/identity; "
                       "systemctl show -p RuntimeWatchdogUSec --value")
    check("i6300ESB" in wd and "30s" in wd,
          f"PID 1 drives the hardware watchdog ({' / '.join(wd.split(chr(10))[:2])})")
    _, jr = m.agent.sh("ls -d /var/log/journal/*/ && journalctl --disk-usage")
    check("/var/log/journal/" in jr, "the journal is kept on /var: " + " ".join(jr.split()))


CHECK_NEEDS = ["/usr/lib/ladoshka-kiosk/check-runtime-needs", "/"]


def runtime_needs_start(m):
    """Starts the run-time needs check in the guest (~16 s under TCG, most of it espeak-ng
    trying each voice), so it runs while another part of the test waits; runtime_needs(m, pid)
    collects it."""
    return m.agent.start(CHECK_NEEDS)


def runtime_needs(m, pid=None):
    """runtime-needs.txt against the running kiosk (the build checked the staged tree)."""
    code, out = m.agent.result(pid, 120, CHECK_NEEDS) if pid else m.agent.run(CHECK_NEEDS, timeout=120)
    for line in out.splitlines():
        if line.startswith("MISSING"):
            log("guest: " + line)
    last = (out.strip().splitlines() or ["no output"])[-1]
    check(code == 0, f"the app's run-time needs are on the running image: {last}")
    code, out = m.agent.sh("echo 'Маша' | espeak-ng -v ru --stdout 2>/dev/null | wc -c; echo 'Айдар' | espeak-ng -v tt --stdout 2>/dev/null | wc -c")
    sizes = out.split()
    check(code == 0 and len(sizes) == 2 and all(int(s) > 1000 for s in sizes if s.isdigit()),
          f"espeak-ng speaks Russian and Tatar in the guest (WAV of {' and '.join(sizes)} bytes)")


def first_tap(m):
    home = m.frame()
    log("screenshot: " + m.screenshot("01-home.png"))
    # A tap on «Я здесь!» (the big button of the home screen at 1280x800).
    m.tap(640, 580)
    time.sleep(4)
    after = m.frame()
    log("screenshot: " + m.screenshot("02-after-tap.png"))
    d = difference(home, after)
    check(d > 0.2, f"a tap on «Я здесь!» changed the screen ({d:.0%} of pixels)")
    m.tap(90, 80)  # «Назад»: back home for the next parts
    time.sleep(3)


def restarts(m):
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


def power_cut(m, disk, cut, next_boot, first_frame_timeout, extra_disk=None):
    """Writes check-ins, pulls the plug, boots again and verifies every committed one is there."""
    code, out = m.agent.run(["/usr/bin/systemd-run", "--quiet", "--unit=ladoshka-power-write",
                             "--collect", *AS_KIOSK, "-p", "StandardOutput=file:/dev/ttyS1",
                             *APP.split(), "power-test", "write", "--interval-ms", "20"])
    if not check(code == 0, f"power cut {cut}: `ladoshka power-test write` started" + (f" ({out.strip()})" if out.strip() else "")):
        return m
    delay = RNG.uniform(4, 12)
    time.sleep(delay)
    serial = m.serial1
    m.cut_power()
    with open(serial, "rb") as f:
        printed = f.read()
    ids = [l for l in printed.decode(errors="replace").splitlines() if l.startswith("committed ")]
    log(f"power cut {cut}: QEMU killed {delay:.1f} s after the writer started; "
        f"{len(ids)} check-ins printed as committed")
    m, _ = boot(disk, next_boot, first_frame_timeout, extra_disk, kind=f"after power cut {cut}")
    _, da = m.agent.sh("journalctl -b -u ladoshka-tpm-da.service -o cat --no-pager | grep -i 'counter was\\|counter is'")
    log(f"boot {next_boot}: {da.strip()}")
    code, out = as_kiosk(m, ["power-test", "verify"], stdin=printed)
    summary = [l for l in out.splitlines() if "committed check-ins read" in l or l.startswith("missing")]
    check(code == 0 and len(ids) > 0,
          f"power cut {cut}: verify after reboot exit {code}: {'; '.join(summary) or out.strip()[-300:]}")
    code, out = as_kiosk(m, ["doctor"])
    check(code == 0, f"power cut {cut}: ladoshka doctor exit {code}")
    if code != 0:
        print(out)
    return m
