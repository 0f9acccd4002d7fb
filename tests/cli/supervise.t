#!/bin/sh
# supervise.t — supervise's usage and fatal errors, the files it creates,
# and an exit on a command waiting in supervise/control. Running services
# are tested in tests/e2e/supervise*.t.
. "${IM_SRC:-.}/tests/lib/tap.sh"
tmpdir
supervise=$(bin daemontools/supervise)
usage="supervise: usage: supervise dir"

transcript "no argument" "$usage
exit 100" "$supervise"
transcript "two arguments" "$usage
exit 100" "$supervise" a b
transcript "an empty directory name" "$usage
exit 100" "$supervise" ""
transcript "a missing directory" "supervise: fatal: unable to chdir to $T/none: no such file or directory
exit 111" "$supervise" "$T/none"

mkdir "$T/f"
: > "$T/f/supervise"
transcript "supervise is a file" "supervise: fatal: unable to use $T/f/supervise: not a directory
exit 111" "$supervise" "$T/f"

# a service that starts down, with "x" already waiting in the control
# FIFO: supervise sets up, reads the x and exits at once, without ever
# running ./run
mkdir -p "$T/s/supervise"
printf '#!/bin/sh\necho ran > ran\n' > "$T/s/run"
chmod +x "$T/s/run"
: > "$T/s/down"
mkfifo "$T/s/supervise/control"
exec 3<>"$T/s/supervise/control"
printf x >&3
transcript "down, then x: exit 0" "
exit 0" timeout 10 "$supervise" "$T/s"
exec 3<&-
test ! -e "$T/s/ran"
ok $? "./run was not started"
for f in control ok; do
  test -p "$T/s/supervise/$f"
  ok $? "supervise/$f is a FIFO"
done
test -f "$T/s/supervise/lock"
ok $? "supervise/lock exists"
is "$(stat -c %s "$T/s/supervise/status")" 22 "supervise/status has 22 bytes"
test ! -e "$T/s/supervise/status.new"
ok $? "no status.new is left"
is "$(od -An -tx1 -j12 -N6 "$T/s/supervise/status" | tr -d ' ')" 000000000064 \
  "status: pid 0, not paused, want down"

# supervise/ created when missing, and through a dangling symbolic link
mkdir "$T/l"
cp "$T/s/run" "$T/s/down" "$T/l/"
ln -s "$T/run/l/supervise" "$T/l/supervise"
# supervise makes the control FIFO itself here; a second process writes x
# as soon as it exists
( i=0; while [ ! -p "$T/run/l/supervise/control" ] && [ $i -lt 400 ]; do sleep 0.025; i=$((i + 1)); done
  printf x > "$T/run/l/supervise/control" ) &
writer=$!
transcript "a dangling supervise link: its target is created" "
exit 0" timeout 10 "$supervise" "$T/l"
wait $writer
test -d "$T/run/l/supervise"
ok $? "the link's target directory exists"
is "$(stat -c %a "$T/run/l/supervise")" 700 "and has mode 700"

# the lock: held by another process, supervise refuses to start
if command -v flock > /dev/null 2>&1; then
  transcript "the lock is held" "supervise: fatal: unable to acquire $T/s/supervise/lock: temporary failure
exit 111" flock "$T/s/supervise/lock" "$supervise" "$T/s"
else
  skip "flock is not installed"
fi
done_testing
