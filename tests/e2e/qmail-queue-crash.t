#!/bin/sh
# qmail-queue-crash.t — crash safety of qmail-queue, by fault injection:
#  1. killed (SIGKILL) at every call of every syscall it makes: when it
#     exited 0 the message is complete in todo/; when it did not, todo/
#     names it only if the kill came after the link into todo/, the commit
#     point (that window — todo/ fsync, trigger, exit — is the documented
#     one where the injector sees a failure, retries, and a duplicate
#     follows); leftovers in pid/ mess/ intd/ are counted: they are for
#     the cleanup of qmail-send / queue-fix;
#  2. ENOSPC and EIO from every write and fsync: exit 53 (or 0 when only
#     the trigger write after the commit failed), and nothing left behind;
#  3. a successful injection fsyncs both files and every directory it
#     changed, and links todo/ last, before it exits.
. "${IM_SRC:-.}/tests/lib/tap.sh"
. "$IM_SRC/tests/lib/queue.sh"
need_cmd strace python3
tmpdir
qq=$(bin qmail/queue/qmail-queue)
q=$T/queue
export QUEUEDIR=$q MIN_FREE=0 CONFSPLIT=3
mkqueue "$q" 3
mkfifo "$q/lock/trigger"
printf 'Subject: crash\n\nline one\nline two\n' > "$T/msg"
printf 'Ffrom@example.com\0Tto1@example.com\0Tto2@example.com\0\0' > "$T/env"
strace -f -o /dev/null true 2>/dev/null || skip_all "strace cannot trace here (ptrace not allowed)"

# complete NUM: the message and envelope of todo/NUM are whole
complete() {
  m=$(find "$q/mess" -name "$1" -type f)
  [ -n "$m" ] || return 1
  [ "$(tail -n +2 "$m")" = "$(cat "$T/msg")" ] || return 1
  [ "$(tr '\0' '\n' < "$q/todo/$1" | grep -c '^T')" = 2 ] || return 1
  tr '\0' '\n' < "$q/todo/$1" | grep -q '^Ffrom@example.com$'
}

# the syscalls of one good run, with their counts
strace -c -o "$T/count" "$qq" < "$T/msg" 1< "$T/env"
is "$?" 0 "a traced injection succeeds"
rm -rf "$q"; mkqueue "$q" 3; mkfifo "$q/lock/trigger"
awk '$NF ~ /^[a-z_0-9]+$/ && $NF != "syscall" && $NF != "total" && $4 ~ /^[0-9]+$/ { print $NF, $4 }' \
  "$T/count" > "$T/calls"
ok $([ -s "$T/calls" ]; echo $?) "syscall counts read ($(wc -l < "$T/calls") syscalls)"

# the position of each (syscall, occurrence) in a good run, and of the commit
strace -o "$T/seq" "$qq" < "$T/msg" 1< "$T/env"
awk -F'(' '/^[a-z_0-9]+\(/ { n[$1]++; print $1, n[$1], NR }' "$T/seq" > "$T/pos"
commit=$(grep -n '^link("intd/' "$T/seq" | cut -d: -f1)
ok $([ -n "$commit" ]; echo $?) "the commit (link into todo/) is syscall $commit of $(wc -l < "$T/pos")"
rm -rf "$q"; mkqueue "$q" 3; mkfifo "$q/lock/trigger"

runs=0 bad=0 committed=0 late=0
while read -r sc count; do
  n=1
  while [ "$n" -le "$count" ]; do
    before=$(ls "$q/todo" | wc -l)
    strace -o /dev/null -e trace="$sc" -e inject="$sc:signal=KILL:when=$n" \
      "$qq" < "$T/msg" 1< "$T/env" 2>/dev/null
    rc=$?
    after=$(ls "$q/todo" | wc -l)
    runs=$((runs + 1))
    if [ "$rc" -eq 0 ]; then
      committed=$((committed + 1))
      new=$(ls -t "$q/todo" | head -n 1)
      if [ $((after - before)) -ne 1 ] || ! complete "$new"; then
        bad=$((bad + 1)); diag "$sc #$n: exit 0 but the message is not whole in todo/"
      fi
    elif [ "$after" -ne "$before" ]; then
      at=$(awk -v s="$sc" -v k="$n" '$1 == s && $2 == k { print $3 }' "$T/pos")
      if [ -n "$at" ] && [ "$at" -gt "$commit" ]; then
        late=$((late + 1))
      else
        bad=$((bad + 1)); diag "$sc #$n (syscall ${at:-?}): exit $rc but todo/ changed"
      fi
    fi
    n=$((n + 1))
  done
done < "$T/calls"
strays=$(find "$q/pid" "$q/intd" -type f | wc -l)
is "$bad" 0 "killed at each of $runs syscalls: committed when it exited 0 ($committed times), never before the todo/ link"
diag "killed after the commit point: $late times (the duplicate window)"
diag "leftovers for the cleanup: $strays files in pid/ and intd/"
"$(bin qmail/queue/queue-fix)" -c -t 0 "$q" > "$T/fix" 2>&1
is "$?" 0 "queue-fix -c -t 0 after the crashes: exit 0"
todo=$(ls "$q/todo" | wc -l)
is "$(find "$q/mess" -type f | wc -l) $(find "$q/intd" -type f | wc -l) $(find "$q/pid" -type f | wc -l)" \
  "$todo $todo 0" "then every mess and intd file belongs to a todo entry ($todo), pid/ is empty"
bad=0
for n in $(ls "$q/todo"); do complete "$n" || bad=$((bad + 1)); done
is "$bad" 0 "and every queued message is whole"
rm -rf "$q"; mkqueue "$q" 3; mkfifo "$q/lock/trigger"

# 2. errors from write and fsync
for sc in write fsync; do
  count=$(awk -v s=$sc '$1 == s { print $2 }' "$T/calls")
  [ -n "$count" ] || count=0
  ok $([ "$count" -gt 0 ]; echo $?) "qmail-queue calls $sc ($count times)"
  for err in ENOSPC EIO; do
    n=1 bad=0
    while [ "$n" -le "$count" ]; do
      strace -o /dev/null -e trace=$sc -e inject=$sc:error=$err:when=$n \
        "$qq" < "$T/msg" 1< "$T/env" 2>/dev/null
      rc=$?
      if [ "$rc" -eq 0 ]; then
        new=$(ls "$q/todo")
        complete "$new" || { bad=$((bad + 1)); diag "$sc $err #$n: exit 0, message not whole"; }
      elif [ "$rc" -ne 53 ] && [ "$rc" -ne 54 ]; then
        bad=$((bad + 1)); diag "$sc $err #$n: exit $rc, not 53 or 54"
      elif [ "$(qfiles "$q")" -ne 0 ]; then
        bad=$((bad + 1)); diag "$sc $err #$n: exit $rc but files were left"
      fi
      rm -rf "$q"; mkqueue "$q" 3; mkfifo "$q/lock/trigger"
      n=$((n + 1))
    done
    is "$bad" 0 "$err from each $sc: exit 53/54 with nothing left, or a whole commit"
  done
done

# 3. the order of durable steps in a good run
strace -y -o "$T/trace" -e trace=fsync,link,linkat,exit_group "$qq" < "$T/msg" 1< "$T/env"
is "$?" 0 "traced run: exit 0"
steps=$(sed 's#[0-9]*<[^>]*/queue/pid/[^>]*>(deleted)#PIDFILE#' "$T/trace" | sed -n 's/^\(fsync\|link\|linkat\)(\([^)]*\)).*/\1 \2/p; s/^exit_group(\([0-9]*\)).*/exit \1/p' |
  sed -e 's#PIDFILE#mess-file#' -e 's#[0-9]*<[^>]*/queue/\([a-z]*\)/[0-9]*/[0-9]*>#\1-file#' \
      -e 's#[0-9]*<[^>]*/queue/\([a-z]*\)/[0-9]*>#\1-entry#' \
      -e 's#[0-9]*<[^>]*/queue/\([a-z]*\)>#\1-dir#' \
      -e 's#"pid/[^"]*", "mess/[^"]*"#pid->mess#' -e 's#"intd/[^"]*", "todo/[^"]*"#intd->todo#' |
  tr '\n' ' ')
is "$steps" "link pid->mess fsync mess-file fsync intd-entry fsync mess-entry fsync intd-dir link intd->todo fsync todo-dir exit 0 " \
  "files fsynced, then their directories, then todo/ linked and fsynced, then exit 0"
done_testing
