"""A portrait-mounted screen: display.env SLINT_KMS_ROTATION=90 and the README's matrix in
touch.env. Slint 1.18's linuxkms backend rotates the picture but not the input (libinput's
absolute coordinates are only scaled to the rotated window's size), so the calibration matrix
must turn the touches. The test finds «Я здесь!» (the largest blue area) in the rotated screen
dump, checks it is upright-portrait (taller than wide), taps its centre in screen coordinates
and expects the next check-in screen."""
import time

from .common import check, log
from .machine import difference, unit_props, wait_first_frame

MATRIX_90 = "0 1 0 -1 0 1"
STEP = 4


def blue_button(frame):
    """Bounding box (x0, y0, x1, y1) of the largest area of the buttons' blue, in screen pixels."""
    w, h, rgb = frame
    gw, gh = w // STEP, h // STEP
    grid = bytearray(gw * gh)
    for gy in range(gh):
        row = gy * STEP * w
        for gx in range(gw):
            i = (row + gx * STEP) * 3
            r, g, b = rgb[i], rgb[i + 1], rgb[i + 2]
            if b > 180 and r < 110 and 90 < g < 160:
                grid[gy * gw + gx] = 1
    best, seen = None, bytearray(gw * gh)
    for start in range(gw * gh):
        if not grid[start] or seen[start]:
            continue
        stack, cells = [start], []
        seen[start] = 1
        while stack:
            c = stack.pop()
            cells.append(c)
            cx, cy = c % gw, c // gw
            for nx, ny in ((cx + 1, cy), (cx - 1, cy), (cx, cy + 1), (cx, cy - 1)):
                if 0 <= nx < gw and 0 <= ny < gh:
                    n = ny * gw + nx
                    if grid[n] and not seen[n]:
                        seen[n] = 1
                        stack.append(n)
        if best is None or len(cells) > len(best):
            best = cells
    if not best:
        return None
    xs = [c % gw for c in best]
    ys = [c // gw for c in best]
    return min(xs) * STEP, min(ys) * STEP, (max(xs) + 1) * STEP, (max(ys) + 1) * STEP


def set_rotation(m, rotation, matrix):
    m.agent.sh("install -d -m 0755 /var/lib/ladoshka-kiosk && "
               f"printf 'SLINT_KMS_ROTATION={rotation}\\n' >/var/lib/ladoshka-kiosk/display.env && "
               f"printf 'LIBINPUT_CALIBRATION_MATRIX={matrix}\\n' >/var/lib/ladoshka-kiosk/touch.env && "
               "systemctl restart ladoshka-display-setup.service ladoshka.service")
    time.sleep(3)
    return wait_first_frame(m, 120)


def rotation_test(m):
    _, saved = m.agent.sh("cat /var/lib/ladoshka-kiosk/display.env /var/lib/ladoshka-kiosk/touch.env 2>/dev/null | base64 -w0")
    t = set_rotation(m, 90, MATRIX_90)
    time.sleep(3)
    _, props = m.agent.sh("for d in /dev/input/event*; do udevadm info -q property $d | "
                          "grep -q LIBINPUT_CALIBRATION_MATRIX && udevadm info -q property $d | "
                          "grep -E '^(NAME|ID_INPUT_[A-Z]+|LIBINPUT_CALIBRATION_MATRIX)=' | tr '\\n' ' '; done")
    log(f"rotation: input devices with the matrix: {props.strip() or 'none'}")
    home = m.frame()
    log("screenshot: " + m.screenshot("08-rotated-home.png"))
    box = blue_button(home)
    log(f"rotation: «Я здесь!» found at {box} in the rotated screen dump")
    upright = box is not None and (box[3] - box[1]) > (box[2] - box[0])
    check(t is not None and upright,
          f"rotation: with SLINT_KMS_ROTATION=90 the picture is rotated (the button is "
          f"{(box[2] - box[0]) if box else 0}x{(box[3] - box[1]) if box else 0} on the 1280x800 screen)")
    if upright:
        x, y = (box[0] + box[2]) // 2, (box[1] + box[3]) // 2
        m.tap(x, y)
        time.sleep(4)
        after = m.frame()
        log("screenshot: " + m.screenshot("09-rotated-after-tap.png"))
        d = difference(home, after)
        check(d > 0.2, f"rotation: a tap at the button's place on the screen ({x}, {y}), turned by the "
                       f"matrix {MATRIX_90}, reached «Я здесь!» ({d:.0%} of pixels changed)")
    # Back to landscape for whatever runs next.
    m.agent.sh(f"echo {saved.strip()} | base64 -d >/tmp/saved.env; "
               "printf '' >/var/lib/ladoshka-kiosk/display.env; printf '' >/var/lib/ladoshka-kiosk/touch.env; "
               "systemctl restart ladoshka-display-setup.service ladoshka.service")
