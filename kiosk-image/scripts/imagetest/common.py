"""Shared state of one test run: where things are, the log, and every check's result and time,
so the run can end with one summary table."""
import os
import subprocess
import time

SCRIPTS = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
HERE = os.path.dirname(SCRIPTS)
REPO = os.path.dirname(HERE)
OUT = os.path.join(HERE, "out")
TEST = os.path.join(OUT, "test")
WIDTH, HEIGHT = 1280, 800

T0 = time.monotonic()
RESULTS = []  # (section, what, ok, seconds into the run)
_section = [None, T0]
SECTIONS = []  # (name, seconds)


def log(msg):
    print(f"[{time.monotonic() - T0:6.1f}s] {msg}", flush=True)


def section(name):
    """Starts a named part of the run (for the summary's times)."""
    end_section()
    _section[:] = [name, time.monotonic()]
    log(f"=== {name}")


def end_section():
    if _section[0]:
        SECTIONS.append((_section[0], time.monotonic() - _section[1]))
    _section[0] = None


def check(ok, what):
    log(("PASS " if ok else "FAIL ") + what)
    RESULTS.append((_section[0] or "-", what, bool(ok), time.monotonic() - T0))
    return ok


def failures():
    return [r for r in RESULTS if not r[2]]


def summary():
    end_section()
    print("\nSummary of make image-test")
    print(f"{'result':6}  {'at':>7}  {'part':10}  check")
    for sec, what, ok, t in RESULTS:
        short = what if len(what) <= 110 else what[:107] + "..."
        print(f"{'PASS' if ok else 'FAIL':6}  {t:6.0f}s  {sec:10}  {short}")
    print("\nTime per part: " + ", ".join(f"{n} {s:.0f} s" for n, s in SECTIONS)
          + f"; total {time.monotonic() - T0:.0f} s")


def wait_for(pred, timeout, what, step=0.5):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if pred():
            return True
        time.sleep(step)
    raise RuntimeError(f"timed out after {timeout} s waiting for {what}")


def run(argv, **kw):
    """A host command that must succeed; its output as text."""
    return subprocess.run(argv, check=True, capture_output=True, text=True, **kw).stdout


def image_env():
    return dict(l.strip().split("=", 1) for l in open(os.path.join(OUT, "ladoshka-kiosk.env")) if "=" in l)
