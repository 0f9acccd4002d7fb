#!/bin/sh
# datemail.t — datemail: runs PREFIX/bin/predate PREFIX/bin/sendmail with
# its arguments (stand-ins found through PREFIX), so that sendmail gets
# the message with a Date line in front and datemail exits as it does.
. "${IM_SRC:-.}/tests/lib/tap.sh"
tmpdir
P=$(bin qmail/deliver/datemail)
PD=$(bin qmail/deliver/predate)
[ -x "$P" ] && [ -x "$PD" ] || skip_all "datemail or predate is not built"
mkdir -p "$T/p/bin"
ln -s "$PD" "$T/p/bin/predate"
cat > "$T/p/bin/sendmail" <<SM
#!/bin/sh
for a in "\$@"; do printf '[%s]' "\$a"; done > "$T/args"
cat > "$T/in"
exit \${SMEXIT:-0}
SM
chmod +x "$T/p/bin/sendmail"
export PREFIX="$T/p"
printf 'Subject: hi\n\nbody\n' > "$T/msg"

TZ=UTC "$P" -t -f 'a b@x' -- joe@example.com < "$T/msg"
is "$?" 0 "exit 0"
is "$(cat "$T/args")" "[-t][-f][a b@x][--][joe@example.com]" "sendmail got the arguments as they were"
like "$(head -n 1 "$T/in")" '^Date: [A-Z][a-z][a-z], [0-9]+ [A-Z][a-z][a-z] [0-9]{4} [0-9:]{8} \+0000$' "a Date line first"
is "$(sed 1d "$T/in")" "Subject: hi

body" "then the message"
SMEXIT=75 "$P" x < "$T/msg"
is "$?" 75 "sendmail's exit code is datemail's"
transcript "no predate" "datemail: fatal: unable to run $T/q/bin/predate
exit 111" env PREFIX="$T/q" "$P" x
rm "$T/p/bin/sendmail"
transcript "PREFIX without sendmail" "predate: fatal: unable to run $T/p/bin/sendmail: no such file or directory
exit 100" "$P" x
done_testing
