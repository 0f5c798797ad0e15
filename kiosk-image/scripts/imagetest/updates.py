"""Signed updates in the guest: an update disk (like a stick) holding five update folders made on
the host with `ladoshka update sign`: unsigned, signed by a foreign key, tampered after signing
(a byte of root.img changed), older than the running version, and a good one. The first four are
refused with their line and change nothing (both slots' first 16 MiB, the boot entries and the
EFI partition's files compared before and after); the good one installs and boots from slot B.
The same disk carries the broken update of the fallback part (fallback.py)."""
import concurrent.futures
import os
import shutil
import subprocess
import threading

from .common import OUT, TEST, check, image_env, log, run
from .machine import reboot_and_wait

BIN = os.environ.get("LADOSHKA_BIN", "/var/tmp/ladoshka-target/kiosk/ladoshka")
SIGNING_KEY = os.environ.get("UPDATE_SIGNING_KEY", "/var/lib/ladoshka-update-signing/update-signing.key")
REFUSED = [("unsigned", "no signature"), ("foreign", "signed by a foreign key"),
           ("tampered", "a byte of root.img changed after signing"), ("older", "an older version")]


def debugfs(img, *cmds):
    for c in cmds:
        run(["debugfs", "-w", "-R", c, img])


def put_file(img, path, text, mode="0100755"):
    """Replaces a file inside an ext4 image, without mounting it (debugfs -w)."""
    local = os.path.join(TEST, "debugfs-file")
    with open(local, "w") as f:
        f.write(text)
    subprocess.run(["debugfs", "-w", "-R", f"rm {path}", img], capture_output=True)
    debugfs(img, f"write {local} {path}", f"sif {path} mode {mode}", f"sif {path} uid 0", f"sif {path} gid 0")


def release_text(img, version):
    """The image's /usr/lib/ladoshka-kiosk/image-release with IMAGE_VERSION changed."""
    text = run(["debugfs", "-R", "cat /usr/lib/ladoshka-kiosk/image-release", img])
    return "".join(f"IMAGE_VERSION={version}\n" if l.startswith("IMAGE_VERSION=") else l + "\n"
                   for l in text.splitlines())


def folder(stage, name, root_img, version, key=SIGNING_KEY, link=True):
    d = os.path.join(stage, name)
    os.makedirs(d)
    src = os.path.join(OUT, "update")
    if link:
        os.link(root_img, os.path.join(d, "root.img"))
    else:
        subprocess.run(["cp", "--sparse=always", root_img, os.path.join(d, "root.img")], check=True)
    for f in ("vmlinuz", "initrd.img"):
        os.link(os.path.join(src, f), os.path.join(d, f))
    with open(os.path.join(d, "version"), "w") as f:
        f.write(f"{version}\n")
    if key:
        run([BIN, "update", "sign", "--key", key, d])
    return d


def make_update_disk():
    """The update disk: update folders made on the host and signed (or not) as each test needs."""
    src = os.path.join(OUT, "update")
    v = int(open(os.path.join(src, "version")).read().strip())
    stage = os.path.join(TEST, "updates")
    shutil.rmtree(stage, ignore_errors=True)
    os.makedirs(stage)
    foreign = os.path.join(TEST, "foreign.key")
    run([BIN, "update", "keygen", "--out", foreign])
    # The good update: the same system, its image-release naming the new version.
    good_img = os.path.join(TEST, "root-good.img")
    subprocess.run(["cp", "--sparse=always", os.path.join(src, "root.img"), good_img], check=True)
    put_file(good_img, "/usr/lib/ladoshka-kiosk/image-release", release_text(good_img, v + 1), "0100644")
    folder(stage, "good", good_img, v + 1)
    folder(stage, "unsigned", good_img, v + 1, key=None)
    folder(stage, "foreign", good_img, v + 1, key=foreign)
    folder(stage, "older", good_img, v - 1)
    t = folder(stage, "tampered", good_img, v + 1, link=False)
    with open(os.path.join(t, "root.img"), "r+b") as f:
        f.seek(50 << 20)
        b = f.read(1)
        f.seek(50 << 20)
        f.write(bytes([(b[0] if b else 0) ^ 0x01]))
    # The broken update of the fallback: the app exits 1 at once, never reaching a first frame.
    broken_img = os.path.join(TEST, "root-broken.img")
    subprocess.run(["cp", "--sparse=always", os.path.join(src, "root.img"), broken_img], check=True)
    put_file(broken_img, "/usr/bin/ladoshka", "#!/bin/sh\necho 'broken update: exiting' >&2\nexit 1\n")
    put_file(broken_img, "/usr/lib/ladoshka-kiosk/image-release", release_text(broken_img, v + 2), "0100644")
    folder(stage, "broken", broken_img, v + 2)
    img = os.path.join(TEST, "updates.img")
    run(["mkfs.ext4", "-q", "-L", "updates", "-d", stage, img, "8G"])
    shutil.rmtree(stage)
    for p in (good_img, broken_img):
        os.unlink(p)
    log(f"update disk: {img} (good/older/unsigned/foreign/tampered for {v + 1}, broken {v + 2}; "
        f"{int(subprocess.run(['du', '-m', img], capture_output=True, text=True).stdout.split()[0])} MiB on disk)")
    return img


def make_update_disk_in_background():
    """make_update_disk() on a thread at low priority, while the first boot runs (it needs none of
    it, and the disk took ~25 s of the run's setup); .result() is the disk's path."""
    def niced():
        os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), 10)  # this thread and its children
        return make_update_disk()
    return concurrent.futures.ThreadPoolExecutor(max_workers=1).submit(niced)


STATE = ("for p in $(lsblk -lnpo NAME,PARTTYPE /dev/vda | awk 'tolower($2) == \"4f68bce3-e8cd-4db1-96e7-fbcaf984b709\" {print $1}'); "
         "do echo \"$p $(head -c 16M $p | sha256sum | cut -c1-16)\"; done; "
         "ls /efi/loader/entries; ls -l --time-style=+%s /efi/ladoshka | tail -n +2 | awk '{print $5, $6, $7}'")


def install(m, name):
    return m.agent.sh(f"/usr/lib/ladoshka-kiosk/install-update /mnt/{name}", timeout=900)


def updates_test(m, disk, boot_no, update_disk, first_frame_timeout):
    """Refusals, then the good update into slot B and a boot from it. Returns the machine."""
    env = image_env()
    code, out = m.agent.sh("mount -o ro /dev/disk/by-id/virtio-update /mnt && ls /mnt")
    if not check(code == 0, f"updates: the update disk is mounted in the guest ({' '.join(out.split())})"):
        return m, boot_no
    _, before = m.agent.sh(STATE)
    for name, what in REFUSED:
        t = os.times().elapsed
        code, out = install(m, name)
        _, after = m.agent.sh(STATE)
        why = [l for l in out.splitlines() if "update verify:" in l] or out.strip().splitlines()[-1:]
        line = (why[0] if why else "")[:260]
        check(code != 0 and "REFUSED" in out and after == before,
              f"updates: {what} is refused in {os.times().elapsed - t:.0f} s, both slots and the EFI "
              f"partition unchanged: {line}")
    t = os.times().elapsed
    code, out = install(m, "good")
    if not check(code == 0, f"updates: a good signed update installs into the other slot in "
                            f"{os.times().elapsed - t:.0f} s: " + " / ".join(out.strip().splitlines()[-3:])):
        return m, boot_no
    if not reboot_and_wait(m, first_frame_timeout, "update"):
        return m, boot_no
    _, cmdline = m.agent.run(["/bin/cat", "/proc/cmdline"])
    _, root = m.agent.sh("findmnt -no SOURCE /; . /usr/lib/ladoshka-kiosk/image-release; echo $IMAGE_VERSION")
    check(env["ROOT_B_UUID"].lower() in cmdline.lower(),
          f"updates: the kiosk runs from slot B ({' version '.join(root.split())}, root=PARTUUID={env['ROOT_B_UUID']})")
    entries = ""
    for _ in range(40):
        _, entries = m.agent.sh("ls /efi/loader/entries")
        if any(e.endswith(".conf") and "+" not in e and "-a" not in e for e in entries.split()):
            break
        m.agent.sh("sleep 3")
    check(any(e.endswith(".conf") and "+" not in e and "-a" not in e for e in entries.split()),
          f"updates: the new entry was marked good (boot counting): {' '.join(entries.split())}")
    log("screenshot: " + m.screenshot("05-after-update.png"))
    return m, boot_no
