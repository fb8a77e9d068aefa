#!/bin/sh
# t_setup.sh — the package step does only what is needed (tools/deps.sh,
# make deps/libs), tried with stand-ins for apt-get and dpkg-query on a
# PATH of their own, so nothing is installed and no network is used:
# NODEPS=1 and a machine without apt skip the step and say so; only the
# missing packages are installed; a held apt lock is waited for (bounded)
# and then reported; libraries pkg-config cannot find are named before
# anything is compiled.
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
unset NODEPS    # make test NODEPS=1 passes it on: the cases below set their own
. tests/lib.sh
here=$(pwd)

# a PATH with the few tools deps.sh uses, and no apt
mkdir -p "$dir/bin"
for tool in sh grep id date tail sleep env cat; do
    ln -s "$(command -v $tool)" "$dir/bin/$tool"
done
sudo_stub='#!/bin/sh
exec "$@"'
printf '%s\n' "$sudo_stub" >"$dir/bin/sudo"
chmod +x "$dir/bin/sudo"
deps() { PATH=$dir/bin DEPS_RETRY_PAUSE=0.2 "$dir/bin/sh" "$here/tools/deps.sh" "$@"; }

t "NODEPS=1 skips the package step" 0 env NODEPS=1 PATH="$dir/bin" "$dir/bin/sh" tools/deps.sh gsl-bin
has "... saying so" "$dir/out" "NODEPS=1: the package step is skipped"
t "without apt-get the package step is skipped" 0 deps libgsl-dev
has "... saying so" "$dir/out" "no apt-get here: the package step is skipped"
has "... and naming what was wanted" "$dir/out" "Debian names: libgsl-dev"

# dpkg knows 'present' only; apt-get logs its calls and is locked twice
cat >"$dir/bin/dpkg-query" <<'EOS'
#!/bin/sh
for a; do p=$a; done
[ "$p" = present ] && printf 'install ok installed'
exit 0
EOS
cat >"$dir/bin/apt-get" <<EOS
#!/bin/sh
echo "\$*" >>"$dir/apt.log"
n=\$(cat "$dir/locked" 2>/dev/null || echo 0)
if [ "\$n" -gt 0 ]; then
    echo \$((n - 1)) >"$dir/locked"
    echo "E: Could not get lock /var/lib/apt/lists/lock. It is held by process 1 (apt-get)" >&2
    exit 100
fi
exit 0
EOS
chmod +x "$dir/bin/dpkg-query" "$dir/bin/apt-get"
t "everything present: nothing to do" 0 deps present
has "... saying so" "$dir/out" "deps: all present"
check "... and apt-get is not called" [ ! -e "$dir/apt.log" ]
echo 2 >"$dir/locked"
t "a missing package, apt locked twice" 0 deps present missing-one
has "... waits for the lock" "$dir/out" "waiting for another apt or dpkg to finish"
check "... then updates and installs only the missing package" \
    grep -q "install -y -q --no-install-recommends missing-one$" "$dir/apt.log"
check "... with dpkg's lock timeout" grep -q "DPkg::Lock::Timeout=300" "$dir/apt.log"
echo 1000 >"$dir/locked"
t "apt locked for longer than DEPS_LOCK_WAIT: an error" 1 env DEPS_LOCK_WAIT=1 \
    PATH="$dir/bin" DEPS_RETRY_PAUSE=0.2 "$dir/bin/sh" tools/deps.sh missing-one
has "... saying so" "$dir/err" "still locked by another process after 1 s"

# libraries pkg-config cannot find: named before anything is compiled
t "make libs without the libraries" 2 env PKG_CONFIG_LIBDIR="$dir/none" PKG_CONFIG_PATH= \
    make -s --no-print-directory libs
has "... names them" "$dir/out" "pkg-config does not find: gsl"
t "make libs with them" 0 make -s --no-print-directory libs
