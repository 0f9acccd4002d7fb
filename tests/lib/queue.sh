# queue.sh — helpers for tests that need queue directories. Source after tap.sh.
# mkqueue DIR [SPLIT]: the directories of one queue (until queue-fix exists
# in every test's path, this is the layout of DESIGN.md §4, made by hand).
mkqueue() {
  _q=$1 _split=${2:-151}
  mkdir -p "$_q/intd" "$_q/todo" "$_q/pid" "$_q/lock" "$_q/bounce" || return 1
  for _d in mess info local remote; do
    mkdir -p "$_q/$_d" || return 1
    _i=0
    while [ $_i -lt "$_split" ]; do mkdir "$_q/$_d/$_i" || return 1; _i=$((_i + 1)); done
  done
}
# qfiles DIR: the number of regular files under a queue
qfiles() { find "$1" -type f ! -path '*/lock/*' | wc -l | tr -d ' '; }
