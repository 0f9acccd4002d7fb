#!/bin/sh
# mailsubj.t — mailsubj: usage, the Subject and To lines it writes before
# the body, and that it hands the message to PREFIX/bin/qmail-inject (a
# stand-in found through PREFIX) and exits as it does.
. "${IM_SRC:-.}/tests/lib/tap.sh"
tmpdir
P=$(bin qmail/deliver/mailsubj)
[ -x "$P" ] || skip_all "mailsubj is not built"
mkdir -p "$T/p/bin"
cat > "$T/p/bin/qmail-inject" <<QI
#!/bin/sh
echo "\$#" > "$T/argc"
cat > "$T/in"
exit \${QIEXIT:-0}
QI
chmod +x "$T/p/bin/qmail-inject"
export PREFIX="$T/p"
USAGE='mailsubj: usage: mailsubj subject recip ...'

transcript "no arguments" "$USAGE
exit 100" "$P"
transcript "no recipient" "$USAGE
exit 100" "$P" 'a subject'
printf 'line one\n\\n stays\n' | "$P" 'Lunch -n \t at 1' joe@example.com 'Fred <fred@example.org>'
is "$?" 0 "exit 0"
is "$(cat "$T/argc")" 0 "qmail-inject takes the recipients from the header"
is "$(cat "$T/in")" 'Subject: Lunch -n \t at 1
To: joe@example.com, Fred <fred@example.org>

line one
\n stays' "Subject, To, an empty line, the body; nothing interpreted"
printf '' | "$P" s one@x
printf 'Subject: s\nTo: one@x\n\n' > "$T/want"
cmp -s "$T/in" "$T/want"
ok $? "one recipient, an empty body: exact bytes"
QIEXIT=111 "$P" s one@x < /dev/null
is "$?" 111 "qmail-inject's exit code is mailsubj's"
transcript "a line break in the subject" "mailsubj: fatal: a line break in an argument would add header lines
exit 100" "$P" 'hi
Bcc: evil@x' one@x
transcript "a line break in a recipient" "mailsubj: fatal: a line break in an argument would add header lines
exit 100" "$P" hi "one@x
Bcc: evil@x"
PREFIX=$T/none transcript "no qmail-inject" "mailsubj: fatal: unable to run $T/none/bin/qmail-inject
exit 111" "$P" s one@x
done_testing
