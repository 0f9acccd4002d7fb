# proc.sh — process helpers for tests that start trees of processes.
# Source after tap.sh (and after tmpdir when track_pids is used).
#   until_ok SECONDS CMD...   poll CMD until it succeeds, at most SECONDS
#   tree PID                  the pids of every descendant of PID
#   alive PID / gone PID      the process exists and is not a zombie / not
#   allgone PID...            none of them is alive
#   track_pids                every pid written to $T/pids, and all its
#                             descendants, is killed when the test exits

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
