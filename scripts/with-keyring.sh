#!/usr/bin/env bash
# Runs a command with a real, unlocked Secret Service: call it inside `dbus-run-session --`.
# gnome-keyring-daemon creates a throwaway login keyring (a fixed test password) in a temporary XDG_DATA_HOME.
set -euo pipefail
export XDG_DATA_HOME="${XDG_DATA_HOME:-$(mktemp -d)}"
eval "$(printf 'meetnow-test-keyring' | gnome-keyring-daemon --unlock --components=secrets 2>/dev/null)"
export GNOME_KEYRING_CONTROL
export MEETNOW_SECRET_SERVICE=1
exec "$@"
