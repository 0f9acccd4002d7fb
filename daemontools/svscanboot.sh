#!/bin/sh
# svscanboot — start svscan on the service directory, in a clean
# environment, with its errors shown in ps by readproctitle (svscanboot(8)).
#
# usage: svscanboot [ dir ]
# dir defaults to $SERVICEDIR, else conf-servicedir (substituted at build time).

# the variables svscan and the services may use; all others are dropped
keep="PATH SCANINTERVAL SCANLOG PREFIX QMAILHOME SYSCONFDIR CONTROLDIR CERTDIR
ASSIGNDIR LIBEXECDIR SHAREDDIR QUEUE_BASE QUEUE_COUNT QUEUE_START QUEUEDIR
CONFSPLIT"
# what readproctitle overwrites: the last 400 bytes svscan wrote
dots=$(printf '%400s' '' | tr ' ' .)

if [ $# -gt 1 ]; then
  echo "svscanboot: usage: svscanboot [ dir ]" >&2
  exit 100
fi
case ${1-} in
-*) echo "svscanboot: usage: svscanboot [ dir ]" >&2; exit 100 ;;
esac
dir=${1:-${SERVICEDIR:-@SERVICEDIR@}}
if ! absdir=$(cd "$dir" 2>/dev/null && pwd -P) || [ -z "$absdir" ]; then
  echo "svscanboot: fatal: unable to chdir to $dir" >&2
  exit 111
fi
[ -n "${PATH-}" ] || PATH=/usr/local/bin:/usr/local/sbin:/usr/bin:/usr/sbin:/bin:/sbin

# the clean environment, as NAME=value arguments for env(1); the names are
# the fixed list above, never data
set -- "SERVICEDIR=$absdir"
for name in $keep; do
  eval "isset=\${$name+x} value=\${$name-}"
  [ -n "$isset" ] && set -- "$@" "$name=$value"
done

exec </dev/null >/dev/null 2>/dev/null

# supervise processes left by an earlier svscan stop their services and exit
svc -dx "$absdir"/* "$absdir"/*/log "$absdir"/.svscan/log

if [ -d "$absdir/.svscan/variables" ]; then
  env - "$@" envdir "$absdir/.svscan/variables" svscan "$absdir" 2>&1 |
    env - PATH="$PATH" readproctitle service errors: "$dots"
else
  env - "$@" svscan "$absdir" 2>&1 |
    env - PATH="$PATH" readproctitle service errors: "$dots"
fi
