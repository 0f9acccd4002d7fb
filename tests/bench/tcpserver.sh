#!/bin/sh
# tcpserver.sh — connection rate of our tcpserver and Debian's (djb's)
# tcpserver running a trivial program (true) on loopback, with 1 and 50
# clients at once, in the same run; prints a table with the ratio.
# Bounded: each measurement stops at BENCH_CONNS connections (default
# 2000) or BENCH_SECONDS seconds (default 5), and each is run BENCH_ROUNDS
# times (default 3, alternating the two servers), keeping the best: on a
# shared machine a single run can be off by 10% either way.
: "${IM_SRC:=$(cd "$(dirname "$0")/../.." && pwd)}"
: "${IM_BUILD:=$IM_SRC/build}"
CONNS=${BENCH_CONNS:-2000}
SECONDS_MAX=${BENCH_SECONDS:-5}
ROUNDS=${BENCH_ROUNDS:-3}
OURS=$IM_BUILD/ucspi-tcp/tcpserver
DJB=/usr/bin/tcpserver
CB=$IM_BUILD/tests/lib/connbench
TRUE=$(command -v true)
case $TRUE in /*) ;; *) TRUE=/bin/true ;; esac

[ -x "$CB" ] || { echo "tcpserver bench: $CB is not built (make first)"; exit 1; }

pid=
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null' EXIT INT TERM

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

# measure SERVER CLIENTS: prints the rate, or "-" when it cannot run
measure() {
  [ -x "$1" ] || { echo -; return; }
  port=$(free_port)
  # -c 100: room for 50 clients; -b 100: a backlog that does not refuse them;
  # -H -R -l0: no DNS or ident lookups
  "$1" -HRl0 -c 100 -b 100 127.0.0.1 "$port" "$TRUE" 2>/dev/null &
  pid=$!
  line=$("$CB" -w -c "$2" -n "$CONNS" -t "$SECONDS_MAX" 127.0.0.1 "$port" 2>/dev/null)
  kill "$pid" 2>/dev/null
  wait "$pid" 2>/dev/null
  pid=
  rate=$(printf '%s\n' "$line" | sed -n 's/.* errors 0 .* rate \([0-9.]*\)$/\1/p')
  echo "${rate:--}"
}

# best of ROUNDS rates
best() {
  printf '%s\n' "$@" | grep -v '^-$' | sort -g | tail -n 1 | grep . || echo -
}

echo "tcpserver: connections per second, loopback, program $TRUE"
echo "(up to $CONNS connections or ${SECONDS_MAX}s per run, best of $ROUNDS runs)"
printf '%-8s %14s %14s %8s\n' clients "ours" "djb (Debian)" ratio
for clients in 1 50; do
  o= d=
  r=0
  while [ "$r" -lt "$ROUNDS" ]; do
    o="$o $(measure "$OURS" "$clients")"
    d="$d $(measure "$DJB" "$clients")"
    r=$((r + 1))
  done
  # shellcheck disable=SC2086
  ob=$(best $o)
  # shellcheck disable=SC2086
  db=$(best $d)
  ratio=-
  [ "$ob" != - ] && [ "$db" != - ] && ratio=$(awk -v a="$ob" -v b="$db" 'BEGIN { printf "%.2f", a / b }')
  printf '%-8s %14s %14s %8s\n' "$clients" "$ob" "$db" "$ratio"
done
[ -x "$OURS" ] || echo "(ours: $OURS is not built)"
[ -x "$DJB" ] || echo "(djb: Debian's ucspi-tcp is not installed)"
exit 0
