# tap.sh — Test Anything Protocol helpers for shell tests. Source it:
#   . "$IM_SRC/tests/lib/tap.sh"
# then: ok COND-STATUS NAME / is GOT WANT NAME / like GOT REGEX NAME /
# skip_all WHY / need_cmd CMD... / tmpdir (sets T) / free_port / done_testing.
# IM_BUILD and IM_SRC come from make; bin NAME prints a built program's path.

: "${IM_SRC:=$(cd "$(dirname "$0")/../.." && pwd)}"
: "${IM_BUILD:=$IM_SRC/build}"
export IM_SRC IM_BUILD
tap_n=0
tap_failed=0

diag() { printf '# %s\n' "$*" >&2; }

# ok STATUS NAME: passes when STATUS is 0 (use: cmd; ok $? "name")
ok() {
  tap_n=$((tap_n + 1))
  if [ "$1" -eq 0 ]; then echo "ok $tap_n - $2"; return 0; fi
  tap_failed=$((tap_failed + 1))
  echo "not ok $tap_n - $2"
  return 1
}

# is GOT WANT NAME: string equality, with a diagnostic on failure
is() {
  if [ "$1" = "$2" ]; then ok 0 "$3"; return 0; fi
  ok 1 "$3"
  diag "     got: '$1'"
  diag "expected: '$2'"
  return 1
}

# like GOT ERE NAME: GOT matches the extended regular expression
like() {
  if printf '%s\n' "$1" | grep -Eq -- "$2"; then ok 0 "$3"; return 0; fi
  ok 1 "$3"
  diag "     got: '$1'"
  diag "expected to match: '$2'"
  return 1
}

skip() { tap_n=$((tap_n + 1)); echo "ok $tap_n # skip $1"; }

skip_all() { echo "1..0 # SKIP $*"; exit 0; }

# need_cmd CMD...: skip the whole file when a tool is missing
need_cmd() {
  for c in "$@"; do
    command -v "$c" >/dev/null 2>&1 || skip_all "$c is not installed"
  done
}

bin() { printf '%s/%s\n' "$IM_BUILD" "$1"; }

# tmpdir: sets T to a private directory removed when the test exits.
# Call it directly (not in $(...), which would remove it at once).
tmpdir() {
  T=$(mktemp -d "${TMPDIR:-/tmp}/imtest.XXXXXX") || exit 255
  trap 'rm -rf "$T"' EXIT
}

# free_port: a TCP port on 127.0.0.1 that nothing listens on right now
free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

done_testing() {
  echo "1..$tap_n"
  [ "$tap_failed" -eq 0 ]
  exit $?
}

# run CMD...: run it with standard input from /dev/null (unless redirected
# by the caller); OUT = standard output and error together, RC = status
run() { OUT=$("$@" 2>&1 </dev/null); RC=$?; }

# transcript NAME EXPECTED CMD...: a CLI golden test: the combined output
# of CMD, then a line "exit N", must equal EXPECTED (a string, typically a
# here-document read with "$(cat <<'X' ... X)").
transcript() {
  _name=$1 _want=$2
  shift 2
  OUT=$("$@" 2>&1 </dev/null); RC=$?
  is "$OUT
exit $RC" "$_want" "$_name"
}
