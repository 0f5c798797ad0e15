"""Where a boot goes: `systemd-analyze` and the chain in front of ladoshka.service, printed from
the guest, and the power-on to first-frame figures of every boot of the run (min/median/max)."""
import statistics

from .common import log, check
from .machine import BOOT_TIMES, unit_props


def analyze(m, label):
    _, an = m.agent.run(["/usr/bin/systemd-analyze", "time"])
    log(f"guest ({label}): " + " ".join(an.split("\n")[0].split()))
    p = unit_props(m, "ExecMainStartTimestampMonotonic", "ActiveEnterTimestampMonotonic")
    try:
        log(f"guest ({label}): ladoshka.service started {int(p['ExecMainStartTimestampMonotonic']) / 1e6:.1f} s, "
            f"READY=1 (first frame) {int(p['ActiveEnterTimestampMonotonic']) / 1e6:.1f} s after the kernel started")
    except (KeyError, ValueError):
        pass
    _, chain = m.agent.run(["/usr/bin/systemd-analyze", "critical-chain", "--no-pager", "ladoshka.service"])
    print("\n".join("    " + l for l in chain.strip().splitlines()[2:]), flush=True)
    _, blame = m.agent.sh("systemd-analyze blame --no-pager | head -8")
    print("    slowest units: " + "; ".join(" ".join(l.split()) for l in blame.strip().splitlines()), flush=True)


def report(goal=40.0):
    """Power-on to first frame over the boots of this run (reboots measured from the command)."""
    times = [t for _, t, kind in BOOT_TIMES if kind != "reboot"]
    if not times:
        return
    for n, t, kind in BOOT_TIMES:
        log(f"boot {n} ({kind}): first frame {t:.1f} s")
    med = statistics.median(times)
    check(med <= goal, f"power-on to first frame over {len(times)} boots: min {min(times):.1f} s, "
                       f"median {med:.1f} s, max {max(times):.1f} s (goal: median <= {goal:.0f} s under TCG)")
