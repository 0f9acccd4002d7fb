#!/bin/sh
# mailsubj — send standard input as the body of a message with the given
# subject to the given recipients, through qmail-inject.
# Usage: mailsubj subject recip ...
# Exit: qmail-inject's; 100 for bad usage, 111 when it cannot be run.
prog=mailsubj
if [ $# -lt 2 ]; then
  echo "$prog: usage: $prog subject recip ..." >&2
  exit 100
fi
nl='
'
for a in "$@"; do
  case $a in
    *"$nl"*|*"$(printf '\r')"*)
      echo "$prog: fatal: a line break in an argument would add header lines" >&2
      exit 100 ;;
  esac
done
inject=${PREFIX:-@PREFIX@}/bin/qmail-inject
if [ ! -x "$inject" ]; then
  echo "$prog: fatal: unable to run $inject" >&2
  exit 111
fi
subject=$1
shift
to=$1
shift
for r in "$@"; do to="$to, $r"; done
{
  printf 'Subject: %s\nTo: %s\n\n' "$subject" "$to"
  cat
} | "$inject"
