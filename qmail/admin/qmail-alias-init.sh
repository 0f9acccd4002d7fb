#!/bin/sh
# qmail-alias-init — give the alias user's .qmail-postmaster, .qmail-mailer-daemon and .qmail-root (or other names) one delivery target.
# Usage: qmail-alias-init [-f] [-d dir] target [name ...]
# Exit: 0 done, 100 bad usage or target, 111 a file could not be written.

prog=qmail-alias-init
usage() {
  echo "$prog: usage: $prog [-f] [-d dir] target [name ...]" >&2
  exit 100
}
fatal() {
  echo "$prog: fatal: $*" >&2
  exit 111
}

force=0
dir=
while getopts :fd: opt; do
  case $opt in
    f) force=1 ;;
    d) dir=$OPTARG ;;
    *) usage ;;
  esac
done
shift $((OPTIND - 1))
[ $# -ge 1 ] || usage
target=$1
shift
[ $# -ge 1 ] || set -- postmaster mailer-daemon root

if [ -z "$dir" ]; then
  home=${QMAILHOME:-@QMAILHOME@}
  case $home in /*) ;; *) echo "$prog: fatal: QMAILHOME must be an absolute path" >&2; exit 100 ;; esac
  dir=$home/alias
fi

# the .qmail line for the target: a mailbox path as it is, an address as a forward
nl='
'
case $target in
  *"$nl"* | "" ) echo "$prog: fatal: bad target" >&2; exit 100 ;;
esac
case $target in
  /* | ./*) line=$target ;;
  \|* | \#* | -* | *[[:space:]]*)
    echo "$prog: fatal: bad target: $target (an address or a mailbox path)" >&2
    exit 100 ;;
  \&?*) line=$target ;;
  \&) echo "$prog: fatal: bad target: $target (an address or a mailbox path)" >&2; exit 100 ;;
  *) line="&$target" ;;
esac

for name in "$@"; do
  case $name in
    "" | [!a-z0-9]* | *[!a-z0-9_+-]*)
      echo "$prog: fatal: bad name: $name (lower-case letters, digits, _ + -)" >&2
      exit 100 ;;
  esac
done

if [ ! -d "$dir" ]; then
  mkdir -p "$dir" || fatal "unable to create $dir"
  chmod 755 "$dir" || fatal "unable to set the mode of $dir"
  echo "created $dir"
fi

umask 022
for name in "$@"; do
  f=$dir/.qmail-$name
  if [ -e "$f" ] && [ $force = 0 ]; then
    echo "kept $f (it exists; -f replaces it)"
    continue
  fi
  tmp=$dir/.qmail-$name.tmp.$$
  { printf '%s\n' "$line" > "$tmp" && chmod 644 "$tmp" && mv -f "$tmp" "$f"; } || {
    rm -f "$tmp"
    fatal "unable to write $f"
  }
  echo "created $f"
done
exit 0
