#!/bin/sh
# deps.sh — install the Debian packages that the build and the tests need.
# As root on Debian/Ubuntu it installs what is missing; otherwise it names
# the missing packages and stops (make check DEPS=no goes on without them).
# Usage: sh mk/deps.sh [--bench] [BUILDDIR...] — after an install, the
# feature probes of those build directories are thrown away so that they
# run again. --bench (make bench) adds Postfix, which the sendmail bench
# compares against: it is installed unconfigured ("No configuration"), so
# that the system's own Postfix has no main.cf and never starts; the bench
# runs a private instance of its own. Without root the bench goes on
# without Postfix, so a missing postfix only gets a note.
set -u
pkgs="make gcc clang perl pkg-config libssl-dev libidn2-dev libmariadb-dev
 libdb-dev zlib1g-dev openssl python3 tinycdb daemontools ucspi-tcp swaks strace procps hostname gzip binutils util-linux"
bench=
if [ "${1:-}" = --bench ]; then
  shift
  bench=1
  pkgs="$pkgs postfix"
fi
command -v dpkg-query >/dev/null 2>&1 || {
  echo "deps: not a Debian system: make sure these are installed: $(echo $pkgs)"
  exit 0
}
missing=
for p in $pkgs; do
  st=$(dpkg-query -W -f '${db:Status-Status}' "$p" 2>/dev/null)
  [ "$st" = installed ] || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "deps: installing:$missing"
  export DEBIAN_FRONTEND=noninteractive
  case " $missing " in
  *" postfix "*)
    echo "postfix postfix/main_mailer_type select No configuration" | debconf-set-selections ||
      { echo "deps: debconf-set-selections failed: not installing postfix" >&2; exit 1; } ;;
  esac
  apt-get install -y -q $missing >/dev/null 2>&1 ||
    { apt-get update -q >/dev/null 2>&1 && apt-get install -y -q $missing; } || {
      echo "deps: apt-get could not install:$missing" >&2
      exit 1
    }
  for d in "$@"; do rm -f "$d/config.mk"; done
  exit 0
fi
if [ -n "$bench" ] && [ "$missing" = " postfix" ]; then
  echo "deps: postfix is not installed: the sendmail bench shows only our figures"
  exit 0
fi
echo "deps: missing packages:$missing" >&2
echo "deps: install them (sudo apt-get install$missing)," >&2
echo "deps: or run 'make check DEPS=no' to build and test without them." >&2
exit 1
