"""The checks of `make image-test`, one module per concern (image_test.py is the entry point).

common   paths, logging, the PASS/FAIL record and the summary table
machine  QEMU, QMP, the guest agent, screen dumps, taps: one booted kiosk
basic    the first boot's checks, restarts, the watchdog, power cuts, run-time needs
boottime where the boot goes (systemd-analyze) and power-on to first frame figures
usb      a virtual USB stick: mount options, export with taps, safe removal, import at a centre
updates  signed updates: refused ones leave the slots alone, a good one boots from the other slot
fallback a broken update: restart-limit reboots, three tries, the old slot boots again
rotation a portrait screen: rotated picture and a tap that lands on the intended button
"""
