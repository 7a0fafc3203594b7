# SPDX-License-Identifier: GPL-3.0-or-later
# A thin wrapper over meson and ninja, so that a fresh clone needs two
# commands: `make run` to see Unscroll work and `make check` to test it.
# Everything here can be done with meson directly; see README.md.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := build

PYTHON := /usr/bin/python3
MESON := meson
NINJA := ninja

BUILD := build
RELEASE_BUILD := build-release
ASAN_BUILD := build-asan
FUZZ_BUILD := build-fuzz
INSTALL_BUILD := build-install
PREFIX := $(HOME)/.local

# Extra meson options for the test builds; CI passes -Dwerror=true so that a
# warning from gcc or clang fails it.
MESON_OPTIONS :=
# Extra arguments, e.g. `make check TESTARGS='--suite unit'`,
# `make run RUNARGS=--replace` (for the daemon on a desktop) or
# `make demo DEMOARGS=--check`.
TESTARGS :=
RUNARGS :=
DEMOARGS :=
# e.g. `make bench BENCHARGS='--kills 300'`; see bench/run --help.
BENCHARGS :=
# How long `make fuzz` runs each fuzz target; `make fuzz-ci` gives each 20 s.
FUZZ_SECONDS := 300

# Debian 12 packages for building, testing and running, and for the tools the
# targets below call (valgrind, clang's sanitizer runtimes).
DEB_PACKAGES := \
	meson ninja-build pkg-config gcc clang libclang-rt-14-dev \
	libglib2.0-dev libglib2.0-bin libsqlite3-dev sqlite3 libnotify-dev \
	libjson-glib-dev libpsl-dev publicsuffix gettext scdoc bash-completion \
	dbus dbus-daemon libnotify-bin python3-gi gir1.2-glib-2.0 \
	python3-dbusmock python3-pytest valgrind \
	libxcb1-dev libxcb-ewmh-dev xvfb openbox xdotool xterm x11-utils \
	mmdebstrap util-linux \
	chromium firefox-esr openssl

SUDO := $(if $(filter 0,$(shell id -u)),,sudo)
comma := ,

# Configures build directory $(1) with options $(2) and environment $(3)
# unless it already is. A directory left half-configured by an interrupted
# setup is wiped first.
define meson_setup
	if [ ! -f $(1)/build.ninja ]; then \
	  env $(3) $(MESON) setup $(if $(wildcard $(1)/meson-private/coredata.dat),--wipe) $(1) $(2); \
	fi
endef

# Runs the suite of build directory $(1) with extra environment $(2) under
# test setup $(3) (optional) with extra meson test arguments $(4) (optional),
# keeps meson's exit code and closes with the line "N passed, N failed,
# N skipped". Tests get their own TMPDIR: browsers and dbusmock leave
# folders behind.
define meson_test
	rm -rf $(1)/tmp $(1)/meson-logs/testlog*.json
	mkdir -p $(1)/tmp
	rc=0; \
	env TMPDIR="$(CURDIR)/$(1)/tmp" $(2) \
	  $(MESON) test -C $(1) --print-errorlogs $(if $(3),--setup $(3)) $(4) $(TESTARGS) || rc=$$?; \
	$(PYTHON) tests/summarize.py $(if $(3),--setup $(3)) $(1); \
	exit $$rc
endef

.PHONY: help deps build check run demo desktop install bench asan valgrind fuzz-build fuzz fuzz-ci extension-deps browser-deps clean

help:
	@echo 'make run      see Unscroll work: the daemon on a desktop, else a recorded-day demo'
	@echo 'make check    build and run the test suite'
	@echo 'make build    build into $(BUILD)/ (a test build: -Dtest_clock=true)'
	@echo 'make install  install for this user into $(PREFIX)'
	@echo 'make asan     run the test suite under AddressSanitizer and UBSan ($(ASAN_BUILD)/)'
	@echo 'make fuzz     fuzz every parser of outside input, $(FUZZ_SECONDS) s each ($(FUZZ_BUILD)/)'
	@echo 'make fuzz-ci  the same for 20 s each, as CI does'
	@echo 'make valgrind run the C tests under valgrind'
	@echo 'make bench    measure against this machine'\''s own ceilings; writes bench/REPORT.md'
	@echo 'make deps     install the Debian packages needed (run by the targets above)'
	@echo 'make clean    remove the build directories this Makefile made'

# dpkg-query answers from the local database, so once everything is there
# this is instant and needs no network.
deps:
	@if ! command -v dpkg-query >/dev/null 2>&1; then \
	  echo "Not a Debian system: please install the equivalents of: $(DEB_PACKAGES)"; \
	  exit 0; \
	fi; \
	installed=$$(dpkg-query -W -f='$${Package} $${db:Status-Status}\n' $(DEB_PACKAGES) 2>/dev/null || true); \
	missing=""; \
	for p in $(DEB_PACKAGES); do \
	  grep -qx "$$p installed" <<<"$$installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "Installing the Debian packages Unscroll needs:$$missing"; \
	  if [ -n "$(SUDO)" ] && ! command -v sudo >/dev/null 2>&1; then \
	    echo "sudo is not available; as root, run: apt-get install$$missing" >&2; \
	    exit 1; \
	  fi; \
	  $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get update -q; \
	  $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $$missing; \
	fi

# eslint and its rules for the GNOME Shell extension's lint test, from the npm
# registry at the versions package-lock.json pins. npm ci runs again only
# when the lock changed (npm ci rewrites node_modules/.package-lock.json).
EXTENSION_NODE_MODULES := gnome-extension/node_modules/.package-lock.json

extension-deps: $(EXTENSION_NODE_MODULES)

$(EXTENSION_NODE_MODULES): gnome-extension/package-lock.json
	@if ! command -v npm >/dev/null 2>&1; then \
	  echo "Installing Node.js and npm for the extension's lint test"; \
	  $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get update -q; \
	  $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends nodejs npm; \
	fi
	npm ci --prefix gnome-extension --no-audit --no-fund --loglevel=error
	@touch $@

# eslint for the WebExtension's lint test and puppeteer-core for the browser
# tests (tests/browser/), pinned by their package-lock.json files in the same
# way; extension-deps first, which installs npm where it is missing.
BROWSER_NODE_MODULES := browser-extension/node_modules/.package-lock.json \
	tests/browser/node_modules/.package-lock.json

browser-deps: $(BROWSER_NODE_MODULES)

$(BROWSER_NODE_MODULES): %/node_modules/.package-lock.json: %/package-lock.json | extension-deps
	npm ci --prefix $* --no-audit --no-fund --loglevel=error
	@touch $@

build: deps
	@$(call meson_setup,$(BUILD),-Dtest_clock=true $(MESON_OPTIONS))
	$(NINJA) -C $(BUILD)

check: build extension-deps browser-deps
	@$(call meson_test,$(BUILD),)

# The real daemon when there is a desktop to measure, the demo otherwise.
run: deps
	@if { [ -n "$${WAYLAND_DISPLAY:-}" ] || [ -n "$${DISPLAY:-}" ]; } && \
	   timeout 5 gdbus call --session --dest org.freedesktop.DBus \
	     --object-path /org/freedesktop/DBus --method org.freedesktop.DBus.GetId \
	     >/dev/null 2>&1; then \
	  $(MAKE) --no-print-directory desktop; \
	else \
	  echo "No graphical session here, so here is the demo: a recorded day replayed on a private bus."; \
	  $(MAKE) --no-print-directory demo; \
	fi

# A release build (no test clock) of the daemon, run in the foreground on the
# real session bus, with the schema, catalog and resources straight from this
# tree.
desktop: deps
	@$(call meson_setup,$(RELEASE_BUILD),-Dtest_clock=false -Dtests=false)
	$(NINJA) -C $(RELEASE_BUILD)
	@echo "Starting unscrolld in the foreground; Ctrl-C stops it."
	@echo "In another terminal: $(RELEASE_BUILD)/cli/unscroll status"
	GSETTINGS_SCHEMA_DIR="$(CURDIR)/$(RELEASE_BUILD)/data" \
	UNSCROLL_CATALOG="$(CURDIR)/data/catalog/catalog.json" \
	UNSCROLL_RESOURCES="$(CURDIR)/data/resources/resources.json" \
	UNSCROLL_X11_MODULE="$(CURDIR)/$(RELEASE_BUILD)/daemon/libunscroll-x11.so" \
	  $(RELEASE_BUILD)/daemon/unscrolld --verbose $(RUNARGS)

demo: build
	@$(PYTHON) data/demo/unscroll-demo --build-dir $(BUILD) $(DEMOARGS)

# Installs for this user only. The systemd user unit goes where systemd looks
# for a user's units (~/.local/lib is not among them).
install: deps
	@$(call meson_setup,$(INSTALL_BUILD),--prefix=$(PREFIX) -Dtest_clock=false -Dtests=false \
	  -Dsystemduserunitdir=$(PREFIX)/share/systemd/user)
	$(NINJA) -C $(INSTALL_BUILD)
	$(NINJA) -C $(INSTALL_BUILD) install
	glib-compile-schemas $(PREFIX)/share/glib-2.0/schemas
	@echo
	@echo "Unscroll is installed in $(PREFIX)."
	@echo "Log out and in again, or run: systemctl --user daemon-reload"
	@echo "To start it with every session: systemctl --user enable --now unscrolld.service"
	@echo "Then try: $(PREFIX)/bin/unscroll status"
	@echo "The GNOME Shell extension is in $(PREFIX)/share/gnome-shell/extensions/unscroll@unscroll.github.io;"
	@echo "after logging in again: gnome-extensions enable unscroll@unscroll.github.io"
	@echo
	@# Per-user native-messaging manifests, so the browsers found here can
	@# start this install's host; a browser that refuses is reported, not fatal.
	-$(PREFIX)/bin/unscroll browser install --user
	@echo "The browser extension is packed in $(INSTALL_BUILD)/browser-extension/:"
	@echo "load unscroll-browser-extension.zip in chrome://extensions (developer mode),"
	@echo "or the .xpi in Firefox's about:debugging."

# An optimised daemon and the tools in bench/, in a build directory of their
# own; bench/run measures them and writes bench/REPORT.md. The daemon is built
# as distributions and `make desktop` build it (-O2: -O3's larger code is
# memory the daemon keeps all day, for no speed the bus lets it show). The test
# clock is compiled in for the kill -9 rounds only: every timing runs on the
# real clock.
BENCH_BUILD := build-bench

bench: deps
	@$(call meson_setup,$(BENCH_BUILD),-Dbuildtype=debugoptimized -Dtest_clock=true -Dtests=false $(MESON_OPTIONS))
	$(NINJA) -C $(BENCH_BUILD) all bench-tools
	@time $(PYTHON) bench/run --build-dir $(BENCH_BUILD) $(BENCHARGS)

# clang's sanitizers need -Db_lundef=false; G_SLICE=always-malloc lets ASan
# see every GLib allocation.
asan: deps extension-deps browser-deps
	@$(call meson_setup,$(ASAN_BUILD),-Dtest_clock=true $(MESON_OPTIONS) -Db_sanitize=address$(comma)undefined \
	  -Db_lundef=false -Dc_args=-fno-omit-frame-pointer,CC=clang)
	$(NINJA) -C $(ASAN_BUILD)
	@$(call meson_test,$(ASAN_BUILD),G_SLICE=always-malloc \
	  ASAN_OPTIONS=detect_leaks=1:halt_on_error=1:abort_on_error=1:print_summary=1:detect_stack_use_after_return=1 \
	  UBSAN_OPTIONS=halt_on_error=1:abort_on_error=1:print_stacktrace=1:print_summary=1)

valgrind: build
	@$(call meson_test,$(BUILD),,valgrind)

# libFuzzer with ASan and UBSan (clang only). The libraries are built with
# coverage for the fuzzer to follow; only the fuzz targets are linked with
# libFuzzer itself. Each target fuzzes a scratch copy of its seeds in
# $(FUZZ_BUILD)/tests/fuzz/<target>-work/ (kept between `make fuzz` runs,
# fresh for `make fuzz-ci`), so the committed corpus stays small; a crash
# leaves its input in artifacts/ there.
FUZZ_ENV := G_SLICE=always-malloc \
  ASAN_OPTIONS=detect_leaks=1:halt_on_error=1:abort_on_error=1:print_summary=1 \
  UBSAN_OPTIONS=halt_on_error=1:abort_on_error=1:print_stacktrace=1:print_summary=1

fuzz-build: deps
	@$(call meson_setup,$(FUZZ_BUILD),-Dtest_clock=true -Dfuzzing=true $(MESON_OPTIONS) \
	  -Db_sanitize=address$(comma)undefined -Db_lundef=false \
	  '-Dc_args=-fsanitize=fuzzer-no-link -fno-omit-frame-pointer',CC=clang)
	$(NINJA) -C $(FUZZ_BUILD) fuzz-targets

# -t 0: a long FUZZ_SECONDS must not hit meson's timeout.
fuzz: fuzz-build
	@$(call meson_test,$(FUZZ_BUILD),FUZZ_SECONDS=$(FUZZ_SECONDS) FUZZ_KEEP_CORPUS=1 $(FUZZ_ENV),,--suite fuzz --no-rebuild -t 0)

fuzz-ci: fuzz-build
	@$(call meson_test,$(FUZZ_BUILD),$(FUZZ_ENV),,--suite fuzz --no-rebuild)

clean:
	rm -rf $(BUILD) $(RELEASE_BUILD) $(ASAN_BUILD) $(INSTALL_BUILD) $(FUZZ_BUILD) $(BENCH_BUILD)
