#!/bin/sh
# replay.t — every fuzz target runs its whole seed corpus without a crash
# (under make check-sanitize this is the ASan+UBSan replay).
. "${IM_SRC:-.}/tests/lib/tap.sh"
found=0
for t in "$IM_SRC"/tests/fuzz/*.c; do
  name=$(basename "$t" .c)
  [ "$name" = driver ] && continue
  found=1
  corpus="$IM_SRC/tests/fuzz/corpus/$name"
  if [ ! -d "$corpus" ] || [ -z "$(ls "$corpus")" ]; then
    ok 1 "$name: has a seed corpus in tests/fuzz/corpus/$name"
    continue
  fi
  out=$("$IM_BUILD/tests/fuzz/$name.replay" "$corpus" 2>&1)
  st=$?
  ok $st "$name: replays $(echo "$out" | tail -n 1)" || diag "$out"
done
[ $found = 1 ] || skip "no fuzz targets yet"
done_testing
