# tcpsrv.sh — one tcpserver at a time in the background, for end-to-end
# tests of tcpserver. Source after tap.sh, then call tcpsrv_init.
#
#   tcpsrv_init             TS = the built tcpserver (skips the whole file
#                           when it is not built); calls tmpdir; at exit the
#                           running server is stopped and $T removed
#   tcpsrv_start [-d DAEMON] [-e NAME=VALUE]... ARGS...
#                           DAEMON (default $TS) -1 ARGS in the background,
#                           with those variables added to its environment
#                           (one -e may carry several, separated by spaces);
#                           its standard error goes to $T/log (emptied
#                           first); sets SPID to its pid and PORT to the
#                           port it printed; returns 1 (and shows the log)
#                           when no port comes
#   tcpsrv_stop             SIGTERM to the server, wait for it; SPID empty
#   tcpsrv_wait CMD         poll CMD, a shell string run by eval, until it
#                           succeeds: at most TCPSRV_WAIT seconds (default
#                           10); returns 1 when it never does
#   tcpsrv_ends N           tcpsrv_wait until $T/log has N "end" lines
#   tcpsrv_mkrules FILE.cdb < RULES
#                           compile RULES with our tcprules, else Debian's;
#                           returns 1 when there is neither

# tcpsrv_init: see above
tcpsrv_init() {
  TS=$(bin ucspi-tcp/tcpserver)
  [ -x "$TS" ] || skip_all "tcpserver is not built"
  tmpdir
  SPID=
  trap 'tcpsrv_stop; rm -rf "$T"' EXIT
}

# tcpsrv_start [-d DAEMON] [-e NAME=VALUE]... ARGS...: see above
tcpsrv_start() {
  _tsd=$TS _tspre=
  while :; do
    case $1 in
      -d) _tsd=$2; shift 2 ;;
      -e) _tspre="$_tspre $2"; shift 2 ;;
      *) break ;;
    esac
  done
  : > "$T/log"
  rm -f "$T/port"
  # shellcheck disable=SC2086
  env $_tspre "$_tsd" -1 "$@" > "$T/port" 2> "$T/log" &
  SPID=$!
  tcpsrv_wait 'test -s "$T/port"' || { diag "no port: $(cat "$T/log")"; return 1; }
  PORT=$(head -n 1 "$T/port")
}

# tcpsrv_stop: see above
tcpsrv_stop() {
  if [ -n "$SPID" ]; then kill "$SPID" 2>/dev/null; wait "$SPID" 2>/dev/null; fi
  SPID=
}

# tcpsrv_wait CMD: see above
tcpsrv_wait() {
  _tsn=$((${TCPSRV_WAIT:-10} * 20))
  while ! eval "$1"; do
    [ $_tsn -gt 0 ] || return 1
    sleep 0.05
    _tsn=$((_tsn - 1))
  done
}

# tcpsrv_ends N: see above
tcpsrv_ends() { tcpsrv_wait "[ \$(grep -c '^tcpserver: end ' \"\$T/log\") -ge $1 ]"; }

# tcpsrv_mkrules FILE.cdb < RULES: see above
tcpsrv_mkrules() {
  if [ -x "$(bin ucspi-tcp/tcprules)" ]; then "$(bin ucspi-tcp/tcprules)" "$1" "$1.tmp"
  elif [ -x /usr/bin/tcprules ]; then /usr/bin/tcprules "$1" "$1.tmp"
  else return 1; fi
}
