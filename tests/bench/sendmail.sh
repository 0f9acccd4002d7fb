#!/bin/sh
# sendmail.sh — messages per second through `sendmail` into a local Maildir,
# end to end, for our suite and for Postfix on the same machine, and the
# ratio of the two.
#
# Ours: the instance of `make demo` (mk/demo.sh) in a private directory:
# sendmail -> qmail-inject -> qmail-multi -> qmail-queue (two queues) ->
# qmail-send -> qmail-lspawn -> qmail-local -> Maildir. Postfix: a private
# instance (its own main.cf, master.cf and queue directory, no network
# listener at all, every service unchrooted): sendmail -> postdrop ->
# pickup -> cleanup -> qmgr -> virtual -> Maildir. Both deliver as the
# same unprivileged user when run as root, both with their default
# delivery concurrency.
#
# Each round sends BENCH_SENDMAIL 1 KB messages (default 1000), split over
# 1 and then 8 senders that each call sendmail once per message, and
# times it until the last one is in Maildir/new; the rate is the best of
# BENCH_ROUNDS rounds (default 2).
#
# Postfix runs only as root (its master needs it) and only when it is
# installed (`sh mk/deps.sh --bench` installs it without configuring or
# starting the system's instance); otherwise only our figures are shown.
: "${IM_SRC:=$(cd "$(dirname "$0")/../.." && pwd)}"
: "${IM_BUILD:=$IM_SRC/build}"
export IM_SRC IM_BUILD
N=${BENCH_SENDMAIL:-1000}
ROUNDS=${BENCH_ROUNDS:-2}
PF_SENDMAIL=/usr/sbin/sendmail
PF_POSTFIX=/usr/sbin/postfix

[ -x "$IM_BUILD/qmail/inject/sendmail" ] || { echo "sendmail bench: $IM_BUILD is not built (make first)"; exit 1; }

. "$IM_SRC/tests/lib/tap.sh"
. "$IM_SRC/tests/lib/proc.sh"
tmpdir
track_pids
# the delivery user (nobody, as root) must reach the Maildirs below $T
chmod 755 "$T"

now() { date +%s.%N; }
rate() { awk -v n="$1" -v a="$2" -v b="$3" 'BEGIN { printf "%.0f", n / (b - a) }'; }
row() { printf '%-44s %10s %10s %8s\n' "$1" "$2" "$3" "$4"; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "-" }'; }

# a 1 KB message (its headers and body; both MTAs add their own headers)
{ printf 'From: bench@bench.localhost\nTo: rcpt@bench.localhost\nSubject: bench\n\n'
  i=0; while [ $i -lt 15 ]; do printf '%s\n' "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"; i=$((i + 1)); done
} > "$T/msg1k"

# count DIR: the files in DIR
count() { ls -f "$1" 2>/dev/null | awk '$0 != "." && $0 != ".." { n++ } END { print n + 0 }'; }

# waitfor DIR N SECONDS: until DIR holds N files; 1 when the time is up
waitfor() {
  _end=$(($(date +%s) + $3))
  while [ "$(count "$1")" -lt "$2" ]; do
    [ "$(date +%s)" -ge "$_end" ] && return 1
    sleep 0.02
  done
  return 0
}

# send_all SENDERS NEWDIR RCPT CMD...: N messages through CMD (sendmail and
# its arguments, the recipient last), split over SENDERS processes; prints
# the rate from the first call until the last message is in NEWDIR, or
# "fail"
send_all() {
  _k=$1 _new=$2 _rcpt=$3
  shift 3
  _per=$((N / _k))
  rm -f "$_new"/* "$T/failed" "$T/senderr" 2>/dev/null
  _t0=$(now) _i=0
  while [ $_i -lt "$_k" ]; do
    ( _j=0
      while [ $_j -lt $_per ]; do
        "$@" "$_rcpt" < "$T/msg1k" 2>> "$T/senderr" || { echo "exit $?" >> "$T/failed"; exit 1; }
        _j=$((_j + 1))
      done ) &
    _i=$((_i + 1))
  done
  wait
  if [ -f "$T/failed" ]; then
    echo "sendmail bench: $(sort "$T/failed" | uniq -c | tr '\n' ' ')from $1: $(tail -n 3 "$T/senderr" 2>/dev/null)" >&2
    echo fail
    return
  fi
  waitfor "$_new" $((_per * _k)) 120 || {
    echo "sendmail bench: $(count "$_new") of $((_per * _k)) delivered after 120 s" >&2
    echo fail
    return
  }
  rate $((_per * _k)) "$_t0" "$(now)"
}

# best SENDERS NEWDIR RCPT CMD...: the best of ROUNDS send_all rounds
best() {
  _b=0 _r=0
  while [ $_r -lt "$ROUNDS" ]; do
    _v=$(send_all "$@")
    [ "$_v" = fail ] && { echo fail; return; }
    [ "$_v" -gt "$_b" ] && _b=$_v
    _r=$((_r + 1))
  done
  echo "$_b"
}

# ---- ours: the demo instance ----
OURS=$T/ours
ours_stop() { sh "$IM_SRC/mk/demo.sh" stop "$OURS" > /dev/null 2>&1; }
sh "$IM_SRC/mk/demo.sh" start "$IM_BUILD" "$OURS" > "$T/ours.log" 2>&1 || {
  cat "$T/ours.log"; ours_stop; echo "sendmail bench: the demo instance did not start"; exit 1; }

# ---- Postfix: a private instance ----
PF=$T/postfix
pf_why=
if [ "$(id -u)" != 0 ]; then
  pf_why="Postfix's master needs root"
elif [ ! -x "$PF_POSTFIX" ] || [ ! -x "$PF_SENDMAIL" ] || ! id postfix > /dev/null 2>&1; then
  pf_why="Postfix is not installed (sh mk/deps.sh --bench)"
fi
pf_stop() { [ -f "$PF/queue/pid/master.pid" ] && "$PF_POSTFIX" -c "$PF/etc" stop > /dev/null 2>&1; }
pf_start() {
  mkdir -p "$PF/etc" "$PF/queue" "$PF/data" "$PF/vmail" || return 1
  chown postfix "$PF/data" && chown nobody "$PF/vmail" || return 1
  _u=$(id -u nobody) _g=$(id -g nobody)
  cat > "$PF/etc/main.cf" <<EOF
compatibility_level = 3.6
queue_directory = $PF/queue
data_directory = $PF/data
mail_owner = postfix
setgid_group = postdrop
inet_interfaces = loopback-only
inet_protocols = ipv4
myhostname = bench.localhost
mydestination =
mynetworks = 127.0.0.0/8
relayhost =
local_transport = error:local delivery is off
default_transport = error:remote delivery is off
alias_maps =
alias_database =
virtual_mailbox_domains = bench.localhost
virtual_mailbox_base = $PF/vmail
virtual_mailbox_maps = texthash:$PF/etc/vmailbox
virtual_uid_maps = static:$_u
virtual_gid_maps = static:$_g
maillog_file_prefixes = $PF
maillog_file = $PF/maillog
smtputf8_enable = no
biff = no
EOF
  # the services that local submission and delivery need; no inet service
  cat > "$PF/etc/master.cf" <<'EOF'
pickup    unix  n       -       n       60      1       pickup
cleanup   unix  n       -       n       -       0       cleanup
qmgr      unix  n       -       n       300     1       qmgr
rewrite   unix  -       -       n       -       -       trivial-rewrite
bounce    unix  -       -       n       -       0       bounce
defer     unix  -       -       n       -       0       bounce
trace     unix  -       -       n       -       0       bounce
verify    unix  -       -       n       -       1       verify
flush     unix  n       -       n       1000?   0       flush
proxymap  unix  -       -       n       -       -       proxymap
showq     unix  n       -       n       -       -       showq
error     unix  -       -       n       -       -       error
retry     unix  -       -       n       -       -       error
discard   unix  -       -       n       -       -       discard
virtual   unix  -       n       n       -       -       virtual
anvil     unix  -       -       n       -       1       anvil
scache    unix  -       -       n       -       1       scache
postlog   unix-dgram n  -       n       -       1       postlogd
EOF
  echo "rcpt@bench.localhost Maildir/" > "$PF/etc/vmailbox"
  "$PF_POSTFIX" -c "$PF/etc" check > "$PF/start.log" 2>&1 &&
    "$PF_POSTFIX" -c "$PF/etc" start >> "$PF/start.log" 2>&1 || return 1
  _m=$(tr -dc 0-9 < "$PF/queue/pid/master.pid" 2>/dev/null)
  [ -n "$_m" ] && echo "$_m" >> "$T/pids"
  # one message first, so that the Maildir exists and the services run
  MAIL_CONFIG=$PF/etc "$PF_SENDMAIL" -f bench@bench.localhost rcpt@bench.localhost < "$T/msg1k" &&
    waitfor "$PF/vmail/Maildir/new" 1 30
}
if [ -z "$pf_why" ]; then
  pf_start || { pf_why="the private Postfix instance did not start (see its maillog)"; cat "$PF/start.log" "$PF/maillog" 2>/dev/null | tail -5; }
fi

echo "sendmail: $N 1 KB messages a round, best of $ROUNDS, into a Maildir; Postfix $(postconf -c "$PF/etc" -h mail_version 2>/dev/null || echo -)"
row "sendmail -> Maildir (msgs/s)" "ours" "Postfix" "ratio"
for k in 1 8; do
  o=$(. "$OURS/demo.env" && best "$k" "$OURS/Maildir/new" rcpt@demo.localhost "$OURS/bin/sendmail" -f bench@demo.localhost)
  if [ -z "$pf_why" ]; then
    p=$(export MAIL_CONFIG="$PF/etc" && best "$k" "$PF/vmail/Maildir/new" rcpt@bench.localhost "$PF_SENDMAIL" -f bench@bench.localhost)
  else
    p=-
  fi
  case $o$p in *fail*) r=- ;; *) r=$(ratio "$o" "$p") ;; esac
  row "$k sender(s)" "$o" "$p" "$r"
done
[ -n "$pf_why" ] && echo "Postfix: skipped: $pf_why"

ours_stop
[ -z "$pf_why" ] && pf_stop
exit 0
