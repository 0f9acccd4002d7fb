#!/bin/sh
# qmail-local-safety.t — hostile envelopes: a sender full of shell syntax
# reaches a |program line only as data in $SENDER and adds no header line;
# an extension cannot name a file outside the home directory nor a
# program.
. "${IM_SRC:-.}/tests/lib/tap.sh"
tmpdir
umask 022
QL=$(bin qmail/deliver/qmail-local)
H=$T/home
mkdir -p "$H/Maildir/tmp" "$H/Maildir/new" "$H/Maildir/cur"
export CONTROLDIR=$T/control
unset QMAILQUEUE DEFAULT
printf 'Subject: x\n\nbody\n' > "$T/msg"
cat > "$H/.qmail-safe" <<'EOF'
|printf '%s' "$SENDER" > got; echo $SENDER > /dev/null; eval "echo \"\$NEWSENDER\"" > /dev/null
|bash -c true 2>/dev/null; sh -c true
./Maildir/
EOF

M=$T/pwned
n=0
for s in '`id`' "\$(touch $M)" "\`touch $M\`" "() { :;}; touch $M" "x; touch $M; #@evil" \
         "\"; touch $M; \"@evil" "a@b
X-Injected: yes"; do
  n=$((n + 1))
  rm -f "$H/got"
  OUT=$("$QL" -- joe "$H" joe-safe - safe example.com "$s" ./Maildir/ < "$T/msg" 2>&1)
  is "$? $OUT" "0 did 1+0+2" "sender $n: delivered"
  is "$(cat "$H/got")" "$s" "sender $n: \$SENDER holds it as it is"
  ok $([ ! -e "$M" ] && [ ! -e "$H/$M" ]; echo $?) "sender $n: nothing ran"
done
f=$(grep -l 'X-Injected' "$H/Maildir/new"/*)
is "$(sed -n 1p "$f")" "Return-Path: <a@b_X-Injected: yes>" "a LF in the sender cannot add a header line"
is "$(grep -c '^X-Injected' "$f")" 0 "no X-Injected line"

# an extension with slashes would climb out of the home through a
# directory called .qmail-; with '/' made ':' it names nothing
mkdir "$H/.qmail-"
printf '|touch %s/escaped\n' "$T" > "$T/evil"
OUT=$("$QL" -- joe "$H" joe-/../../evil - /../../evil example.com s@x.org ./Maildir/ < "$T/msg" 2>&1)
is "$? $OUT" "100 No mailbox here by that name. (#5.1.1)" "slashes in the extension: no mailbox"
ok $([ ! -e "$T/escaped" ]; echo $?) "the file outside the home was not followed"
OUT=$("$QL" -- joe "$H" "joe-|touch $M" - "|touch $M" example.com s@x.org ./Maildir/ < "$T/msg" 2>&1)
is "$? $OUT" "100 No mailbox here by that name. (#5.1.1)" "a program in the extension is a file name"
ok $([ ! -e "$M" ]; echo $?) "and runs nothing"
printf '|touch %s/dotdot\n' "$T" > "$T/.qmail-x"
OUT=$("$QL" -- joe "$H" joe-..-.qmail-x - ..-.qmail-x example.com s@x.org ./Maildir/ < "$T/msg" 2>&1)
is "$? $OUT" "100 No mailbox here by that name. (#5.1.1)" "dots in the extension: no mailbox"
ok $([ ! -e "$T/dotdot" ]; echo $?) "the parent's .qmail file was not followed"

if command -v strace > /dev/null 2>&1; then
  strace -f -o "$T/trace" -e trace=open,openat,stat,newfstatat,lstat,access \
    "$QL" -- joe "$H" joe-/../x/..-..-y - /../x/..-..-y example.com s@x.org ./Maildir/ < "$T/msg" > /dev/null 2>&1
  names=$(grep -o '"[^"]*\.qmail[^"]*"' "$T/trace" | tr -d '"' | LC_ALL=C sort -u | tr '\n' ' ')
  is "$names" ".qmail-::::x:::-::-default .qmail-::::x:::-::-y .qmail-::::x:::-default .qmail-default " \
    "every .qmail name looked at is a file in the home directory"
else
  skip "strace is not installed"
fi
done_testing
