#!/bin/sh
# demo.sh — install, start and stop the private instance of `make demo`.
#
# Usage: sh mk/demo.sh start BUILDDIR DEMODIR
#        sh mk/demo.sh stop DEMODIR
#
# start copies every program of BUILDDIR (already built) into DEMODIR/bin
# (DEMODIR/sbin is a link to it, so that PREFIX=DEMODIR works), writes the
# control files, a catch-all users/assign, two queues and DEMODIR/Maildir,
# starts svscan on DEMODIR/service (one service, qmail-send.25, running
# qscheduler for both queues, with multilog in its log/), sends a message
# with DEMODIR/bin/sendmail, waits until it is in DEMODIR/Maildir/new and
# prints its path and `svps -a`. An instance that is running is stopped
# first, so that start can be run again and again.
#
# stop stops that instance: svc -dx on the services and logs, SIGTERM to
# svscan (its pid in DEMODIR/svscan.pid), and then it ends, by pid, any
# process left whose executable is one of DEMODIR/bin — nothing else.
#
# Environment: DEMO_TIMEOUT (seconds to wait for the delivery, default 60).
set -u
umask 022

prog=demo
DOMAIN=demo.localhost       # the instance's name (RFC 6761 keeps .localhost local)
die() { echo "$prog: fatal: $*" >&2; exit 111; }
say() { echo "$prog: $*"; }

# absdir DIR: DIR as an absolute path without a trailing slash; only plain
# characters, because the path is written into control and env files
absdir() {
  case $1 in
  /*) _a=$1 ;;
  *) _a=$(pwd)/$1 ;;
  esac
  while :; do case $_a in */) _a=${_a%/} ;; *) break ;; esac; done
  case $_a in
  '' | *[!A-Za-z0-9._/+@-]*) die "DEMO_DIR must be a path of letters, digits and ._/+@-: $1" ;;
  esac
  echo "$_a"
}

# ---- stopping ----

# ours PID: the process runs one of the demo's programs
ours() {
  _e=$(readlink "/proc/$1/exe" 2>/dev/null) || return 1
  case $_e in "$D/bin/"*) return 0 ;; esac
  return 1
}

# alive PID: exists and is not a zombie
alive() {
  [ -r "/proc/$1/stat" ] || return 1
  [ "$(sed 's/.*) //' "/proc/$1/stat" 2>/dev/null | cut -c1)" != Z ]
}

# leftovers: the pids of every live process of the demo
leftovers() {
  for _d in /proc/[0-9]*; do
    _p=${_d#/proc/}
    [ "$_p" = $$ ] && continue
    ours "$_p" && alive "$_p" && echo "$_p"
  done
}

# waitgone SECONDS PID...: poll until none of them is alive
waitgone() {
  _n=$(($1 * 10)); shift
  while [ $_n -gt 0 ]; do
    _any=
    for _p in "$@"; do alive "$_p" && _any=1; done
    [ -z "$_any" ] && return 0
    _n=$((_n - 1))
    sleep 0.1
  done
  return 1
}

# svscanpid: the pid of the demo's svscan when it runs, else nothing
svscanpid() {
  for _f in "$D/svscan.pid" "$D/service/.svscan/pid"; do
    [ -r "$_f" ] || continue
    read -r _p < "$_f" || continue
    case $_p in '' | *[!0-9]*) continue ;; esac
    ours "$_p" && alive "$_p" && { echo "$_p"; return 0; }
  done
  return 0
}

stop_instance() {
  _sv=$(svscanpid)
  if [ -n "$_sv" ]; then
    for _s in "$D"/service/*/ "$D"/service/*/log/; do
      [ -d "$_s/supervise" ] && "$D/bin/svc" -dx "$_s" 2>/dev/null
    done
    kill -TERM "$_sv" 2>/dev/null
    waitgone 30 "$_sv" || say "svscan $_sv did not stop within 30 seconds"
    say "stopped svscan (pid $_sv) and its services"
  fi
  rm -f "$D/svscan.pid"
  # anything of the demo still running (a delivery, an orphan): TERM, KILL
  _left=$(leftovers)
  [ -z "$_left" ] && return 0
  say "ending leftover processes:" $_left
  kill -TERM $_left 2>/dev/null
  waitgone 10 $_left && return 0
  kill -KILL $_left 2>/dev/null
  waitgone 5 $_left || die "processes still running: $_left"
}

# ---- installing ----

# install_progs: a copy of every built program in $D/bin (through a
# temporary name and a rename, so a running copy is never overwritten)
install_progs() {
  mkdir -p "$D/bin" || die "unable to create $D/bin"
  _n=0
  for _f in $(find "$B" \( -path "$B/tests" -o -path "$B/probe" -o -path "$B/gen" \) -prune \
      -o -type f -perm -u+x ! -name '*.[oad]' -print); do
    _name=${_f##*/}
    cp "$_f" "$D/bin/.$_name.new" && mv -f "$D/bin/.$_name.new" "$D/bin/$_name" ||
      die "unable to install $_name in $D/bin"
    _n=$((_n + 1))
  done
  [ -L "$D/sbin" ] || { rm -rf "$D/sbin" && ln -s bin "$D/sbin"; } || die "unable to link $D/sbin"
  say "installed $_n programs in $D/bin ($D/sbin links to it)"
}

# putfile FILE LINE...: write FILE with one LINE per line
putfile() {
  _f=$1; shift
  printf '%s\n' "$@" > "$_f.new" && mv -f "$_f.new" "$_f" || die "unable to write $_f"
}

# write_env: the instance's variables, in $D/env (an envdir) and in
# $D/demo.env (to source from a shell)
write_env() {
  mkdir -p "$D/env" || die "unable to create $D/env"
  : > "$D/demo.env.new" || die "unable to write $D/demo.env"
  for _kv in "PREFIX=$D" "QMAILHOME=$D" "SYSCONFDIR=$D" "CONTROLDIR=$D/control" \
      "ASSIGNDIR=$D/users" "QUEUE_BASE=$D/queue" "QUEUE_COUNT=2" "QUEUE_START=1" \
      "SERVICEDIR=$D/service" "LIBEXECDIR=$D/bin" "SHAREDDIR=$D" "CERTDIR=$D/certs" \
      "QMAILQUEUE=$D/sbin/qmail-multi" "PATH=$D/bin:/usr/bin:/bin"; do
    putfile "$D/env/${_kv%%=*}" "${_kv#*=}"
    case $_kv in
    PATH=*) echo "export PATH=$D/bin:\$PATH" ;;
    *) echo "export $_kv" ;;
    esac >> "$D/demo.env.new"
  done
  mv -f "$D/demo.env.new" "$D/demo.env" || die "unable to write $D/demo.env"
}

# reachable DIR: as root, nobody must be able to walk down to DIR
reachable() {
  _r=$1
  while [ -n "$_r" ]; do
    case $(stat -L -c %A "$_r" 2>/dev/null) in
    ?????????[xt]) ;;
    *) die "$_r is not searchable by others, so the delivery user nobody cannot reach $1: choose another DEMO_DIR or chmod o+x $_r" ;;
    esac
    _r=${_r%/*}
  done
}

# deliveryuser: who receives the mail: the invoking user, or nobody as root
deliveryuser() {
  if [ "$(id -u)" = 0 ]; then echo nobody; else id -un; fi
}

write_config() {
  mkdir -p "$D/control" "$D/users" "$D/certs" || die "unable to create $D/control"
  putfile "$D/control/me" "$DOMAIN"
  putfile "$D/control/locals" "$DOMAIN" localhost
  putfile "$D/control/defaultdomain" "$DOMAIN"
  putfile "$D/control/defaulthost" "$DOMAIN"
  _u=$(deliveryuser)
  putfile "$D/users/assign" "+:$_u:$(id -u "$_u"):$(id -g "$_u"):$D:-::" "."
  "$D/bin/qmail-newu" || die "qmail-newu failed"
  # the wildcard makes every name an extension of that user: .qmail-default
  # sends them all to the Maildir
  putfile "$D/.qmail-default" ./Maildir/
  chmod 644 "$D/.qmail-default" || die "unable to chmod $D/.qmail-default"
  [ -d "$D/queue/queue1" ] || mkdir -p "$D/queue" || die "unable to create $D/queue"
  "$D/bin/queue-fix" -N 2 -S 1 "$D/queue" > "$D/queue-fix.log" 2>&1 ||
    die "queue-fix failed: see $D/queue-fix.log"
  [ -d "$D/Maildir/new" ] || "$D/bin/maildirmake" "$D/Maildir" || die "maildirmake failed"
  [ "$(id -u)" = 0 ] && { chown -R "$_u" "$D/Maildir" || die "unable to chown $D/Maildir"; }
  return 0
}

# write_service: $D/service/qmail-send.25 (qscheduler) and its log/
# (multilog into log/main); the run scripts name no absolute path
write_service() {
  _s=$D/service/qmail-send.25
  mkdir -p "$_s/log/main" || die "unable to create $_s"
  putfile "$_s/run" '#!/bin/sh' 'exec 2>&1' 'exec ../../bin/envdir ../../env ../../sbin/qscheduler ./Maildir/'
  putfile "$_s/log/run" '#!/bin/sh' 'exec ../../../bin/multilog t ./main'
  chmod 755 "$_s/run" "$_s/log/run" || die "unable to chmod the run scripts"
}

start_svscan() {
  rm -f "$D/service/.svscan/pid"
  _setsid=
  command -v setsid > /dev/null 2>&1 && _setsid=setsid
  # through envdir, so that every service inherits the instance's variables
  $_setsid "$D/bin/envdir" "$D/env" "$D/bin/svscan" "$D/service" \
    < /dev/null >> "$D/svscan.log" 2>&1 &
  _n=100
  until [ -s "$D/service/.svscan/pid" ]; do
    _n=$((_n - 1)); [ $_n -gt 0 ] || die "svscan did not start: see $D/svscan.log"
    sleep 0.1
  done
  cp "$D/service/.svscan/pid" "$D/svscan.pid" || die "unable to write $D/svscan.pid"
  _n=100
  until "$D/bin/svok" "$D/service/qmail-send.25" 2>/dev/null; do
    _n=$((_n - 1)); [ $_n -gt 0 ] || die "supervise did not start: see $D/svscan.log"
    sleep 0.1
  done
  say "svscan $(cat "$D/svscan.pid") runs $D/service"
}

# send_and_wait: a message through sendmail, found in Maildir/new
send_and_wait() {
  _id="demo-$(date +%s)-$$"
  _to=demo@$DOMAIN
  ( printf '%s\n' "From: $(id -un)@$DOMAIN" "To: $_to" \
      "Subject: indimail-mta demo" "X-Demo-Id: $_id" "" \
      "This message went through sendmail, qmail-multi, qmail-queue," \
      "qmail-send, qmail-lspawn and qmail-local." |
    "$D/bin/sendmail" -f "$(id -un)@$DOMAIN" "$_to" ) || die "sendmail failed"
  say "sent a message to $_to with demo/bin/sendmail (X-Demo-Id: $_id)"
  _t=${DEMO_TIMEOUT:-60}
  case $_t in '' | *[!0-9]*) die "DEMO_TIMEOUT must be a number of seconds: $_t" ;; esac
  _n=$((_t * 10))
  while :; do
    _got=$(grep -l "^X-Demo-Id: $_id\$" "$D"/Maildir/new/* 2>/dev/null | head -n 1)
    [ -n "$_got" ] && break
    _n=$((_n - 1))
    [ $_n -gt 0 ] || die "the message did not arrive in $D/Maildir/new: see $D/service/qmail-send.25/log/main/current"
    sleep 0.1
  done
  say "delivered: $_got"
}

start() {
  for _p in svscan supervise svc svok svps multilog envdir qscheduler qmail-start \
      qmail-send qmail-multi qmail-queue queue-fix qmail-newu qmail-local maildirmake sendmail; do
    [ -n "$(find "$B" -type f -name "$_p" -perm -u+x 2>/dev/null | head -n 1)" ] ||
      die "$B has no $_p: build it first (make B=$B)"
  done
  mkdir -p "$D" || die "unable to create $D"
  D=$(cd "$D" && pwd -P) || die "unable to enter $D"
  D=$(absdir "$D")
  # the delivery user must reach $D, which (its home) must not be
  # group- or world-writable
  chmod 755 "$D" || die "unable to chmod $D"
  [ "$(id -u)" = 0 ] && reachable "$D"
  stop_instance
  install_progs
  write_env
  . "$D/demo.env"
  write_config
  write_service
  start_svscan
  send_and_wait
  echo
  "$D/bin/svps" -a "$D/service"
  echo
  say "the instance in $D delivers mail for any name @$DOMAIN to $D/Maildir/ (as $(deliveryuser))"
  say "use it with: . $D/demo.env; stop it with: make demo-stop DEMO_DIR=$D"
}

case ${1:-} in
start)
  [ $# -eq 3 ] || { echo "usage: demo.sh start BUILDDIR DEMODIR" >&2; exit 100; }
  B=$2 D=$(absdir "$3")
  [ -d "$B" ] || die "no build directory $B: run make first"
  start
  ;;
stop)
  [ $# -eq 2 ] || { echo "usage: demo.sh stop DEMODIR" >&2; exit 100; }
  D=$(absdir "$2")
  [ -d "$D" ] || { say "no instance in $D"; exit 0; }
  D=$(cd "$D" && pwd -P) || die "unable to enter $D"
  stop_instance
  say "no process of $D is left"
  ;;
*)
  echo "usage: demo.sh start BUILDDIR DEMODIR | stop DEMODIR" >&2
  exit 100
  ;;
esac
