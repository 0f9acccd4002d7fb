#!/bin/sh
# multilog-compat.t — our multilog against Debian's (daemontools 0.76):
# for the same input and script (without t) the same current, the same e
# output and the same status file; the same old-file names and modes; each
# takes up a log directory the other left; Debian's tai64nlocal reads
# our t labels.
. "${IM_SRC:-.}/tests/lib/tap.sh"
ML=$(bin daemontools/multilog)
[ -x "$ML" ] || skip_all "multilog is not built"
[ -x /usr/bin/multilog ] || skip_all "Debian's daemontools is not installed (no /usr/bin/multilog)"
DEB=/usr/bin/multilog
tmpdir
cd "$T" || exit 255
arch() { ls "$1" | grep '^@'; }

# input: short, empty, long (999 to 1500 bytes), binary, a partial last line
awk 'BEGIN {
  print "first line"; print ""; print "a line with a in it"; print "\tindented b"
  for (n = 998; n <= 1002; ++n) { s = ""; for (i = 0; i < n; ++i) s = s "a"; print s }
  s = ""; for (i = 0; i < 1500; ++i) s = s "b"; print s "a"
  for (i = 0; i < 300; ++i) printf "line %d of the filler %s\n", i, (i % 7 ? "a" : "b")
  printf "\001\002\003 binary \377\376 a\n"
  printf "partial at the end"
}' > in

for script in "./d" "-* +*a* ./d" "+* -line* ./d -* +*b* e" "-*a +* ./d =st e"; do
  rm -rf ours theirs
  mkdir ours theirs
  # shellcheck disable=SC2086
  (cd ours && "$ML" $script < ../in 2> err)
  # shellcheck disable=SC2086
  (cd theirs && "$DEB" $script < ../in 2> err)
  ok $(cmp -s ours/d/current theirs/d/current; echo $?) "the same current: $script"
  ok $(cmp -s ours/err theirs/err; echo $?) "the same standard error: $script"
  if [ -f theirs/st ]; then
    ok $(cmp -s ours/st theirs/st; echo $?) "the same status file: $script"
  fi
done

# rotation: the same names, modes and content (cut where each decides)
awk 'BEGIN { for (i = 0; i < 400; ++i) printf "line %05d %080d\n", i, 0 }' > in400
"$ML" s4096 n100 ./o < in400
"$DEB" s4096 n100 ./t < in400
like "$(arch o | tr '\n' ' ')" '^(@[0-9a-f]{24}\.s )+$' "our old files: @TAI64N.s"
like "$(arch t | tr '\n' ' ')" '^(@[0-9a-f]{24}\.s )+$' "theirs: the same scheme"
modes() { ls -l "$1" | awk '/^-/ { n = $NF; sub(/^@.*/, "@", n); print n, $1 }' | sort -u; }
is "$(modes o)" "$(modes t)" "the same file modes (old files, current, lock, state)"
is "$(ls o | grep -v '^@' | tr '\n' ' ')" "$(ls t | grep -v '^@' | tr '\n' ' ')" \
   "the same other files"
ok $(cat o/@* o/current | cmp -s - in400; echo $?) "ours: old files and current are the input"
ok $(cat t/@* t/current | cmp -s - in400; echo $?) "theirs too"

# each takes up the other's directory
echo ours-1 | "$ML" ./x
echo theirs-2 | "$DEB" ./x
echo ours-3 | "$ML" ./x
is "$(cat x/current)" "ours-1
theirs-2
ours-3" "a complete current is taken up by either"
mkdir y && echo unfinished > y/current && chmod 644 y/current
echo new | "$DEB" ./y
echo newer | "$ML" ./y
is "$(cat "y/$(arch y)")" "unfinished" "their .u of an unfinished current"
is "$(cat y/current)" "new
newer" "then ours continues"

# our t labels, read by their tai64nlocal
if [ -x /usr/bin/tai64nlocal ]; then
  printf 'one\ntwo\n' | "$ML" t ./ts
  out=$(TZ=UTC0 /usr/bin/tai64nlocal < ts/current)
  like "$out" '^[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{9} one
[0-9-]+ [0-9:]+\.[0-9]{9} two$' "their tai64nlocal reads our labels"
  now=$(TZ=UTC0 date '+%Y-%m-%d %H')
  like "$out" "^$now|$(TZ=UTC0 date -d '1 hour ago' '+%Y-%m-%d %H')" "as the current time"
else
  skip "no /usr/bin/tai64nlocal"
fi
done_testing
