#!/bin/sh
# build-features.t — with the optional libraries hidden, the probes say so
# in the build output, turn the features off, pick the stub modules, and
# the library and the tests of those modules still build and pass.
. "${IM_SRC:-.}/tests/lib/tap.sh"
need_cmd make cc
tmpdir
unset MAKEFLAGS MFLAGS MAKELEVEL
mkdir -p "$T/fake/openssl"
for h in openssl/ssl.h openssl/evp.h idn2.h mysql.h db.h zlib.h; do
  echo '#error hidden by build-features.t' > "$T/fake/$h"
done
cc="cc -I$T/fake"
targets="$T/b/libqmail.a"
for m in hash tls; do
  [ -f "$IM_SRC/tests/unit/$m.c" ] && targets="$targets $T/b/tests/unit/$m.t"
done
(cd "$IM_SRC" && make -j2 B="$T/b" CC="$cc" WERROR=1 $targets) > "$T/out" 2>&1
st=$?
ok $st "build with every optional library hidden" || tail -n 30 "$T/out" >&2
for f in openssl idn2 mysql bdb zlib; do
  like "$(cat "$T/out")" "^probe: $f: NO — .* turned off \(install [a-z0-9-]+ to have it\)" \
    "the build output says $f is off and which package brings it"
done
for m in OPENSSL IDN2 MYSQL BDB ZLIB; do
  like "$(cat "$T/b/gen/config.h")" "^#define HAVE_$m 0$" "config.h: HAVE_$m 0"
done
if [ -f "$T/b/libqmail.a" ]; then
  syms=$(nm "$T/b/libqmail.a" 2>/dev/null)
  if printf '%s\n' "$syms" | grep -q ' U SSL_'; then ok 1 "no OpenSSL symbols in the library"
  else ok 0 "no OpenSSL symbols in the library"; fi
else
  ok 1 "the library was built"
fi
for m in hash tls; do
  t="$T/b/tests/unit/$m.t"
  [ -x "$t" ] || continue
  out=$(IM_BUILD="$T/b" "$t" 2>&1)
  ok $? "the $m test passes against the stub" || printf '%s\n' "$out" >&2
done
done_testing
