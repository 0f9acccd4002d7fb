#!/bin/sh
# conf.sh — turn the conf-* files into C defaults (first line of each file).
# Prints conf_defaults.h on standard output. Only libqmail/paths.c and
# libqmail/users.c include it: everything else asks them.
set -eu
first() { head -n 1 "$1" | tr -d '\r'; }
cstr() { printf '"%s"' "$(printf '%s' "$1" | sed 's/\\/\\\\/g; s/"/\\"/g')"; }
echo "/* conf_defaults.h — written by mk/conf.sh from the conf-* files; do not edit. */"
echo "#ifndef CONF_DEFAULTS_H"
echo "#define CONF_DEFAULTS_H"
for f in prefix qmail sysconfdir shared libexec servicedir; do
  name=$(echo "$f" | tr 'a-z' 'A-Z')
  echo "#define CONF_$name $(cstr "$(first conf-$f)")"
done
split=$(first conf-split)
case "$split" in ''|*[!0-9]*) echo "conf-split: not a number: $split" >&2; exit 1 ;; esac
echo "#define CONF_SPLIT $split"
# conf-users: the first 12 lines, in the order the file documents
i=0
for n in ALIAS QMAILD QMAILL ROOT QMAILP QMAILQ QMAILR QMAILS INDIMAIL GROUP_QMAIL GROUP_NOFILES GROUP_INDIMAIL; do
  i=$((i + 1))
  v=$(sed -n "${i}p" conf-users | tr -d '\r')
  [ -n "$v" ] || { echo "conf-users: line $i ($n) is empty" >&2; exit 1; }
  echo "#define CONF_USER_$n $(cstr "$v")"
done
echo "#endif"
