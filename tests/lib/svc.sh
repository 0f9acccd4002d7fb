# svc.sh — services, supervise processes and status files for tests of
# supervise, svc, svok, svstat and svps. Source after tap.sh and proc.sh;
# call tmpdir and track_pids first (every supervise started here and every
# ./run made by sv_service is written to $T/pids, so the test's exit kills
# what is left, by pid). sv_status alone needs neither.
#
#   sv_scan_init            the start of a test that runs svscan: skips the
#                           file without ps, calls tmpdir and track_pids,
#                           and puts the built daemontools first in PATH
#   supervise svc svok svstat   variables: the built programs (set when
#                           this file is sourced)
#   sv_service DIR [LINE...]  a service directory DIR whose ./run writes its
#                           pid to $T/pids, then runs the LINEs (default:
#                           exec sleep 1000)
#   sv_start DIR [CMD...]   CMD DIR in the background (CMD defaults to our
#                           supervise; give e.g. /usr/bin/supervise, or
#                           env ... "$supervise"), its standard error added
#                           to $T/stderr; sets SV to its pid
#   sv_runpid DIR           the pid our svstat names for DIR's service
#                           (nothing when it is not up)
#   sv_up DIR / sv_down DIR our svstat says the service is up / down
#   sv_newpid DIR OLD       the service is up with a pid other than OLD
#   sv_status FILE PID PAUSED WANT [SPID]
#                           write a status file by hand, its time far in the
#                           future (so that its age shows as 0 seconds): PID,
#                           PAUSED (0 or 1), WANT (u, d, or anything else for
#                           none); with SPID our 22-byte layout, without it
#                           daemontools' 18 bytes

supervise=$(bin daemontools/supervise)
svc=$(bin daemontools/svc)
svok=$(bin daemontools/svok)
svstat=$(bin daemontools/svstat)

# sv_scan_init: see above
sv_scan_init() {
  need_cmd ps
  tmpdir
  track_pids
  PATH=$IM_BUILD/daemontools:$PATH
  export PATH
}

# sv_service DIR [LINE...]: see above
sv_service() {
  _sd=$1; shift
  [ $# -gt 0 ] || set -- "exec sleep 1000"
  mkdir -p "$_sd" || return 1
  {
    echo '#!/bin/sh'
    echo "echo \$\$ >> \"$T/pids\""
    for _sl; do printf '%s\n' "$_sl"; done
  } > "$_sd/run"
  chmod +x "$_sd/run"
}

# sv_start DIR [CMD...]: see above
sv_start() {
  _sd=$1; shift
  [ $# -gt 0 ] || set -- "$supervise"
  "$@" "$_sd" 2>> "$T/stderr" &
  SV=$!
  echo $SV >> "$T/pids"
}

# sv_runpid DIR: see above
sv_runpid() { "$svstat" "$1" | sed -n 's/.* up [0-9]* seconds pid \([0-9]*\).*/\1/p'; }
sv_up() { "$svstat" "$1" | grep -q ': up '; }
sv_down() { "$svstat" "$1" | grep -q ': down '; }
sv_newpid() { _sp=$(sv_runpid "$1"); [ -n "$_sp" ] && [ "$_sp" != "$2" ]; }

# sv_oct N: the byte N as a printf escape; sv_le32 N: N as 4 little-endian bytes
sv_oct() { printf '\\%03o' "$(($1 & 255))"; }
sv_le32() {
  # shellcheck disable=SC2059
  printf "$(sv_oct "$1")$(sv_oct $(($1 >> 8)))$(sv_oct $(($1 >> 16)))$(sv_oct $(($1 >> 24)))"
}

# sv_status FILE PID PAUSED WANT [SPID]: see above
sv_status() {
  {
    printf '\100\000\000\001\000\000\000\000\000\000\000\000'
    sv_le32 "$2"
    # shellcheck disable=SC2059
    printf "$(sv_oct "$3")"
    case $4 in u) printf u ;; d) printf d ;; *) printf '\000' ;; esac
    [ -z "$5" ] || sv_le32 "$5"
  } > "$1"
}
