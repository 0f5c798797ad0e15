# Ladoshka: two commands on a fresh Debian 12 / Ubuntu machine.
#   make run    installs what is missing, builds, starts the kiosk with demo data
#   make test   installs what is missing, runs the whole suite headless
SHELL := /bin/bash
.DEFAULT_GOAL := run

# Debian packages the build and the tests need, by name.
APT_PACKAGES := build-essential pkg-config libssl-dev libasound2-dev libfontconfig1-dev \
	libxkbcommon-dev libxkbcommon-x11-dev libudev-dev libinput-dev libgbm-dev libdrm-dev \
	libegl1-mesa-dev libgl1-mesa-dev libx11-dev libxcursor-dev libxrandr-dev libxi-dev time \
	espeak-ng faketime postgresql chromium chromium-driver poppler-utils
RUST_MIN := 1.92

CARGO ?= cargo
TARGET_DIR := $(or $(CARGO_TARGET_DIR),target)
BIN := $(TARGET_DIR)/debug/ladoshka
SCREENSHOT_DIR := docs/screenshots
SIZES := 1920x1080 1280x800
LANGS := ru tt en

.PHONY: deps run test lint screenshots voice bench measure doctor clean image image-test

deps:
	@missing=$$(for p in $(APT_PACKAGES); do \
		dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q '^install ok installed' || echo $$p; done); \
	if [ -n "$$missing" ]; then \
		echo "Installing Debian packages:" $$missing; \
		sudo=$$( [ "$$(id -u)" -eq 0 ] || echo sudo ); \
		$$sudo apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $$sudo apt-get install -y -qq --no-install-recommends $$missing; \
	fi
	@command -v $(CARGO) >/dev/null || { echo "No Rust toolchain: install Rust $(RUST_MIN) or newer (rustup), then run make again." >&2; exit 1; }
	@v=$$(rustc --version | cut -d' ' -f2); \
	if [ "$$(printf '%s\n' $(RUST_MIN) $$v | sort -V | head -1)" != "$(RUST_MIN)" ]; then \
		echo "Rust $$v is too old: Ladoshka needs $(RUST_MIN) or newer (rustup update)." >&2; exit 1; fi

# Opens the kiosk in a window on this desktop, seeding the demo centre into
# $XDG_DATA_HOME/ladoshka on first start. Demo PINs: see README.
run: deps
	$(CARGO) run --bin ladoshka -- run --demo

test: deps
	$(CARGO) test --workspace --all-targets --no-fail-fast

# What a maintainer wants checked before a change lands (run by .ci/run before the suite):
# formatting, clippy with every warning an error (its settings: clippy.toml), and the licences,
# bans and sources of every crate (deny.toml, docs/LICENSES.md). cargo-deny is installed from
# crates.io the first time (a few minutes).
CARGO_DENY_VERSION := 0.20.2
lint: deps
	$(CARGO) fmt --all --check
	$(CARGO) clippy --workspace --all-targets --locked -- -D warnings
	@command -v cargo-deny >/dev/null || $(CARGO) install --locked cargo-deny --version $(CARGO_DENY_VERSION)
	$(CARGO) deny --offline check licenses bans sources

# Every screen, every language, both sizes, to docs/screenshots/.
screenshots: deps
	$(CARGO) build --bin ladoshka
	@mkdir -p $(SCREENSHOT_DIR)
	@for screen in $$($(BIN) screens | cut -d' ' -f1); do \
		for lang in $(LANGS); do for size in $(SIZES); do \
			$(BIN) screenshot --screen $$screen --lang $$lang --size $$size \
				--out $(SCREENSHOT_DIR)/$$screen-$$lang-$$size.png 2>/dev/null || exit 1; \
		done; done; \
	done; echo "Screenshots written to $(SCREENSHOT_DIR)/"

# The voice prompts in assets/voice/ from lines.tsv (needs espeak-ng and sox).
voice:
	assets/voice/make_voice.sh

bench: deps
	$(CARGO) bench --bench store_write
	$(CARGO) bench --bench check_in_write
	$(CARGO) bench --bench schedule
	$(CARGO) bench --bench canvas
	$(CARGO) bench --bench rental_home
	$(CARGO) bench --bench pin_sign_in

# Whole-process start-up time and peak memory of one headless screenshot (the kiosk profile:
# the release build with link-time optimisation, as the kiosk image ships it; about 20 minutes
# to build from nothing), then
# the kiosk in a real window under Xvfb, walked through its screens with taps: first frame, and
# per screen idle CPU, PSS and RSS (tools/measure-kiosk.sh; three runs, min/median/max).
# MEASURE_SECONDS sets how long each screen is left alone (default 30).
MEASURE_PACKAGES := xvfb matchbox-window-manager xdotool imagemagick
MEASURE_SECONDS ?= 30
measure: deps
	@missing=$$(for p in $(MEASURE_PACKAGES); do \
		dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q '^install ok installed' || echo $$p; done); \
	if [ -n "$$missing" ]; then \
		sudo=$$( [ "$$(id -u)" -eq 0 ] || echo sudo ); \
		$$sudo apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $$sudo apt-get install -y -qq --no-install-recommends $$missing; \
	fi
	$(CARGO) build --profile kiosk --bin ladoshka
	@for i in 1 2 3; do \
		/usr/bin/time -v $(TARGET_DIR)/kiosk/ladoshka screenshot --screen home --lang ru --size 1920x1080 \
			--out /tmp/ladoshka-measure.png 2>&1 | grep -E 'first frame|Maximum resident|Elapsed \(wall'; \
	done
	tools/measure-kiosk.sh $(TARGET_DIR)/kiosk/ladoshka $(MEASURE_SECONDS) 3

doctor: deps
	$(CARGO) run --bin ladoshka -- doctor

# The kiosk's bootable disk image, kiosk-image/out/ladoshka-kiosk.raw (see kiosk-image/README.md).
# Needs root (mmdebstrap, file ownership in the image); not part of `make test`. The update in
# kiosk-image/out/update/ is signed with UPDATE_SIGNING_KEY
# [/var/lib/ladoshka-update-signing/update-signing.key], made (loudly) when missing.
IMAGE_TARGET_DIR := $(or $(CARGO_TARGET_DIR),/var/tmp/ladoshka-target)
image: deps
	kiosk-image/scripts/host-deps.sh
	CARGO_TARGET_DIR=$(IMAGE_TARGET_DIR) nice $(CARGO) build --profile kiosk --bin ladoshka
	LADOSHKA_BIN=$(IMAGE_TARGET_DIR)/kiosk/ladoshka nice kiosk-image/scripts/build-image.sh

# Boots the image in QEMU and proves it (about 15 minutes; README "Proof"): first frame, run-time
# needs, a USB stick exported with taps and imported at a centre on the host, restarts, watchdog,
# power cuts, refused and good signed updates, the fallback after a broken update, rotation, boot
# time. Run by hand after `make image`; IMAGE_TEST_ARGS="--only usb" etc. for parts.
image-test:
	kiosk-image/scripts/host-deps.sh --test
	@test -e kiosk-image/out/ladoshka-kiosk.raw || { echo "No image yet: run make image first." >&2; exit 1; }
	CARGO_TARGET_DIR=$(IMAGE_TARGET_DIR) nice $(CARGO) build -p ladoshka-centre
	LADOSHKA_BIN=$(IMAGE_TARGET_DIR)/kiosk/ladoshka LADOSHKA_CENTRE=$(IMAGE_TARGET_DIR)/debug/ladoshka-centre \
		python3 kiosk-image/scripts/image_test.py $(IMAGE_TEST_ARGS)

clean:
	$(CARGO) clean
