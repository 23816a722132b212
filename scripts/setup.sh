#!/usr/bin/env bash
# One-time set-up of a fresh Debian machine for Meet Now: system packages, then `npm ci`.
# Safe to run again. Used by the README quick start and by .ci/run.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(
  libsecret-1-dev   # keytar builds against libsecret
  gnome-keyring     # a real Secret Service for the keychain tests
  dbus-x11          # dbus-run-session for the keychain tests
  chromium          # the renderer tests drive Debian's Chromium with Playwright
  xvfb              # a display for Electron where a binary exists
  openssl
  ca-certificates
  krb5-kdc          # single sign-on tests: a throwaway MIT realm (krb5kdc, kdb5_util)
  krb5-admin-server # kadmin.local, which adds the realm's principals and writes the keytab
  krb5-user         # kinit, klist
  libkrb5-dev       # the kerberos npm package (GSSAPI) builds against it
)
missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed' || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "setup: installing ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# Electron's own binary is downloaded from outside the npm registry; where that is impossible the
# app says so at `npm start`, and everything else (CLI, simulator, tests) works without it.
export ELECTRON_SKIP_BINARY_DOWNLOAD=1
npm ci --no-audit --no-fund
