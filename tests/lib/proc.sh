# proc.sh — process helpers for tests that start trees of processes.
# Source after tap.sh (and after tmpdir when track_pids is used).
#   until_ok SECONDS CMD...   poll CMD until it succeeds, at most SECONDS
#   tree PID                  the pids of every descendant of PID
#   alive PID / gone PID      the process exists and is not a zombie / not
#   allgone PID...            none of them is alive
#   track_pids                every pid written to $T/pids, and all its
#                             descendants, is killed when the test exits
#   stop_tree ROOT [PID]      stop a tree of processes started by this shell:
#                             ROOT and its descendants are written to
#                             $T/pids, PID (default ROOT) gets SIGTERM; then
#                             waits up to 20 s for ROOT to end (TREE_GONE=0
#                             when it did; else it is killed), reaps it
#                             (TREE_RC = its exit status), and waits up to
#                             10 s for the rest of the tree to end
#                             (TREE_LEFT=0 when no process of it is left)
#
# Jobs that read a FIFO this shell writes to (run in $T, the current
# directory; NAME is a plain file name):
#   fifo_start NAME FD CMD... CMD in the background reading the new FIFO
#                             NAME.in, which this shell then holds open for
#                             writing on FD; NAME.pid gets its pid (waited
#                             for, 10 s at most), NAME.err its standard
#                             error and NAME.rc its exit status when it ends
#   fifo_ended NAME           the job NAME has ended (NAME.rc is written)
#   track_fifo_jobs           at exit (also when a test fails) every job of
#                             fifo_start in $T that has not ended is killed,
#                             by pid, and $T removed

# until_ok SECONDS CMD...: poll CMD until it succeeds, at most SECONDS
until_ok() {
  _n=$(($1 * 20)); shift
  until "$@" > /dev/null 2>&1; do
    _n=$((_n - 1)); [ $_n -gt 0 ] || return 1
    sleep 0.05
  done
}

# tree PID: the pids of every descendant of PID
tree() {
  for _c in $(ps -o pid= --ppid "$1"); do echo "$_c"; tree "$_c"; done
}

# alive PID: the process exists and is not a zombie
alive() {
  [ -r "/proc/$1/stat" ] || return 1
  [ "$(sed 's/.*) //' "/proc/$1/stat" 2>/dev/null | cut -c1)" != Z ]
}
gone() { ! alive "$1"; }
allgone() { for _p in "$@"; do alive "$_p" && return 1; done; return 0; }

# track_pids: start an empty $T/pids and kill, at exit (also when a test
# fails), every process named there and all its descendants, by pid
track_pids() {
  : > "$T/pids"
  trap cleanup EXIT
  trap 'exit 1' INT TERM HUP
}
cleanup() {
  for p in $(cat "$T/pids"); do
    [ -d "/proc/$p" ] && tree "$p" >> "$T/pids"
  done
  for p in $(cat "$T/pids"); do kill -9 "$p" 2>/dev/null; done
  rm -rf "$T"
}

# stop_tree ROOT [PID]: see above
stop_tree() {
  _st_all=$(tree "$1")
  echo "$1 $_st_all" >> "$T/pids"
  kill -TERM "${2:-$1}" 2>/dev/null
  until_ok 20 gone "$1"; TREE_GONE=$?
  [ "$TREE_GONE" = 0 ] || kill -9 "$1" 2>/dev/null
  wait "$1"; TREE_RC=$?
  # shellcheck disable=SC2086
  until_ok 10 allgone $_st_all; TREE_LEFT=$?
}

# fifo_start NAME FD CMD...: see above
fifo_start() {
  _fn=$1 _ffd=$2; shift 2
  mkfifo "$_fn.in" || return 1
  ( sh -c 'echo $$ > "$0"; exec "$@"' "$_fn.pid" "$@" < "$_fn.in" 2> "$_fn.err"
    echo $? > "$_fn.rc" ) &
  eval "exec $_ffd> $_fn.in"
  until_ok 10 test -s "$_fn.pid"
}
fifo_ended() { test -s "$1.rc"; }

# track_fifo_jobs: see above
track_fifo_jobs() {
  trap fifo_cleanup EXIT
  trap 'exit 1' INT TERM HUP
}
fifo_cleanup() {
  for _ff in "$T"/*.pid; do
    [ -f "$_ff" ] && [ ! -f "${_ff%.pid}.rc" ] && kill -9 "$(cat "$_ff")" 2>/dev/null
  done
  rm -rf "$T"
}
