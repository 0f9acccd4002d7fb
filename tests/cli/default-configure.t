#!/bin/sh
# default-configure.t — default.configure writes the documented conf-*
# values for each system, keeps the rest of each file, and mk/conf.sh
# turns them into C defaults.
. "${IM_SRC:-.}/tests/lib/tap.sh"
tmpdir
for f in default.configure conf-prefix conf-qmail conf-sysconfdir conf-shared \
         conf-libexec conf-servicedir conf-split conf-users; do
  cp "$IM_SRC/$f" "$T/" || exit 255
done
mkdir "$T/mk" && cp "$IM_SRC/mk/conf.sh" "$T/mk/"

first() { head -n 1 "$T/$1"; }

"$T/default.configure" freebsd > "$T/out" 2>&1
ok $? "freebsd: exit 0"
is "$(first conf-prefix)" /usr/local "freebsd: prefix"
is "$(first conf-qmail)" /var/indimail "freebsd: qmail home"
is "$(first conf-sysconfdir)" /usr/local/etc/indimail "freebsd: sysconfdir"
is "$(first conf-shared)" /usr/local/share/indimail "freebsd: shared"
is "$(first conf-libexec)" /usr/local/libexec/indimail "freebsd: libexec"
is "$(first conf-servicedir)" /usr/local/libexec/indimail/service "freebsd: servicedir"
like "$(sed -n 3p "$T/conf-prefix")" "Installation prefix" "the explanation after line 1 is kept"

"$T/default.configure" Darwin > /dev/null 2>&1
ok $? "Darwin: exit 0"
is "$(first conf-prefix)" /usr/local "Darwin: prefix"

"$T/default.configure" linux > /dev/null 2>&1
ok $? "linux: exit 0"
is "$(first conf-prefix)" /usr "linux: prefix"
is "$(first conf-qmail)" /var/indimail "linux: qmail home"
is "$(first conf-sysconfdir)" /etc/indimail "linux: sysconfdir"
is "$(first conf-shared)" /usr/share/indimail "linux: shared"
is "$(first conf-libexec)" /usr/libexec/indimail "linux: libexec"
is "$(first conf-servicedir)" /service "linux: servicedir"
is "$(cat "$T"/conf-*)" "$(cd "$IM_SRC" && cat conf-*)" "linux values equal the shipped files"

"$T/default.configure" plan9 > "$T/out" 2>&1
is "$?" 100 "unknown system: exit 100"
like "$(cat "$T/out")" "unsupported system: plan9" "unknown system: message"

(cd "$T" && sh mk/conf.sh) > "$T/h" 2>&1
ok $? "conf.sh: exit 0"
like "$(cat "$T/h")" '^#define CONF_QMAIL "/var/indimail"$' "conf.sh: CONF_QMAIL"
like "$(cat "$T/h")" '^#define CONF_SPLIT 151$' "conf.sh: CONF_SPLIT"
like "$(cat "$T/h")" '^#define CONF_USER_QMAILQ "qmailq"$' "conf.sh: qmailq name"
like "$(cat "$T/h")" '^#define CONF_USER_GROUP_NOFILES "nofiles"$' "conf.sh: nofiles group"

printf 'abc\n' > "$T/conf-split"
(cd "$T" && sh mk/conf.sh) > "$T/h" 2> "$T/err"
ok $((! $?)) "conf.sh: a non-numeric conf-split fails"
like "$(cat "$T/err")" "conf-split: not a number" "conf.sh: and says why"
done_testing
