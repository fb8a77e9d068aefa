#!/bin/sh
# deps.sh PACKAGE... — install the Debian packages that are missing.
#
# Does nothing (and needs no network) when every package is present.
# Installs only what dpkg does not have, waiting up to DEPS_LOCK_WAIT
# seconds (default 300) for another apt or dpkg to let go of its lock.
# Skips the package step, saying so, where it cannot or should not run:
# NODEPS=1 is set, or there is no apt-get (a cluster login node, another
# distribution); the build then finds the libraries with pkg-config and
# says which are missing (README, "Building without root").
if [ "${NODEPS:-0}" = 1 ]; then
    echo "deps: NODEPS=1: the package step is skipped (wanted: $*)"
    exit 0
fi
if ! command -v apt-get >/dev/null 2>&1 || ! command -v dpkg-query >/dev/null 2>&1; then
    echo "deps: no apt-get here: the package step is skipped; if the build or a test"
    echo "deps: lacks something, install it yourself (Debian names: $*)"
    exit 0
fi
missing=""
for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" \
        || missing="$missing $p"
done
[ -z "$missing" ] && { echo "deps: all present"; exit 0; }
echo "deps: installing$missing"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
    if ! command -v sudo >/dev/null 2>&1; then
        echo "deps: not root and no sudo: install$missing yourself, or build with NODEPS=1" >&2
        exit 1
    fi
    SUDO="sudo"
fi
# Another apt or dpkg (unattended-upgrades, a second make) may hold a
# lock: wait for it (DPkg::Lock::Timeout covers dpkg's lock, the retries
# the package lists' lock, which apt-get update does not wait for).
wait=${DEPS_LOCK_WAIT:-300}
apt() {  # apt ARGS...: apt-get, tried again while another process holds a lock
    start=$(date +%s)
    while :; do
        out=$($SUDO env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout="$wait" "$@" 2>&1)
        rc=$?
        printf '%s\n' "$out" | tail -n 3
        case $out in
            *"Could not get lock"*|*"Unable to lock"*)
                if [ $(( $(date +%s) - start )) -ge "$wait" ]; then
                    echo "deps: apt is still locked by another process after $wait s (DEPS_LOCK_WAIT)" >&2
                    return 1
                fi
                echo "deps: waiting for another apt or dpkg to finish"
                sleep "${DEPS_RETRY_PAUSE:-5}" ;;
            *) return $rc ;;
        esac
    done
}
apt update -q || exit 1
# shellcheck disable=SC2086
apt install -y -q --no-install-recommends $missing
