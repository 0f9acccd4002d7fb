#!/bin/sh
# tcprules.t — tcprules: usage, compiled rules (checked with tcprulescheck),
# ranges, quoting, IPv6 and CIDR, syntax errors with their line number, and
# the temporary errors; rules.cdb is left alone whenever tcprules fails.
. "${IM_SRC:-.}/tests/lib/tap.sh"
tmpdir
TR=$(bin ucspi-tcp/tcprules)
TC=$(bin ucspi-tcp/tcprulescheck)
cd "$T" || exit 255

# compile NAME EXPECTED: rules from the file "in" into r.cdb
compile() {
  OUT=$("$TR" r.cdb r.tmp < in 2>&1); RC=$?
  is "$OUT
exit $RC" "$2" "$1"
}
# check ENV...: tcprulescheck r.cdb's answer on one line
check() {
  env -i "$@" "$TC" r.cdb 2>&1 | tr '\n' ' '
}

transcript "no arguments" "tcprules: usage: tcprules rules.cdb rules.tmp
exit 100" "$TR"
transcript "one argument" "tcprules: usage: tcprules rules.cdb rules.tmp
exit 100" "$TR" r.cdb

cat > in <<'EOF'
# comment: ignored
1.2.3.4:deny
1.2.3.:allow,RELAYCLIENT="",NAME=/a "b" c/

a line without a colon is ignored
=mx.example.com:allow,X="a:b,c=d"
=.example.com:deny
joe@5.6.7.8:allow,WHO="joe"
joe@=h.example.org:deny
5.6.7.10-12:deny
9.8-9.:allow,R="r"
:allow,DEFAULT="1"
EOF
compile "a djb rules file" "
exit 0"
is "$(ls r.*)" "r.cdb" "rules.tmp is renamed"
is "$(ls -l r.cdb | cut -c1-10)" "-rw-r--r--" "mode 0644 (umask 022)"
is "$(check TCPREMOTEIP=1.2.3.4)" "rule 1.2.3.4: deny connection " "exact address"
is "$(check TCPREMOTEIP=1.2.3.9)" 'rule 1.2.3.: set environment variable RELAYCLIENT= set environment variable NAME=a "b" c allow connection ' "prefix, settings and quoting"
is "$(check TCPREMOTEIP=7.7.7.7 TCPREMOTEHOST=mx.example.com)" "rule =mx.example.com: set environment variable X=a:b,c=d allow connection " "host"
is "$(check TCPREMOTEIP=7.7.7.7 TCPREMOTEHOST=a.example.com)" "rule =.example.com: deny connection " "domain"
is "$(check TCPREMOTEIP=5.6.7.8 TCPREMOTEINFO=joe)" "rule joe@5.6.7.8: set environment variable WHO=joe allow connection " "info@ip"
is "$(check TCPREMOTEIP=5.6.7.9 TCPREMOTEINFO=joe TCPREMOTEHOST=h.example.org)" "rule joe@=h.example.org: deny connection " "info@=host"
is "$(check TCPREMOTEIP=5.6.7.11)" "rule 5.6.7.11: deny connection " "range 10-12: 11"
is "$(check TCPREMOTEIP=5.6.7.13)" "rule : set environment variable DEFAULT=1 allow connection " "range 10-12: not 13"
is "$(check TCPREMOTEIP=9.9.1.1)" "rule 9.9.: set environment variable R=r allow connection " "range in a prefix"
is "$(check TCPREMOTEIP=9.7.1.1)" "rule : set environment variable DEFAULT=1 allow connection " "the empty rule"

if command -v cdb >/dev/null 2>&1; then
  is "$(cdb -l r.cdb | tr '\n' ' ')" "+7:1.2.3.4 +6:1.2.3. +15:=mx.example.com +13:=.example.com +11:joe@5.6.7.8 +18:joe@=h.example.org +8:5.6.7.10 +8:5.6.7.11 +8:5.6.7.12 +4:9.8. +4:9.9. +0:  " "the keys, in order"
  is "$(cdb -q r.cdb 1.2.3. | od -An -c | tr -s ' \n' '  ')" " + R E L A Y C L I E N T = \0 + N A M E = a \" b \" c \0 " "a value: djb's format"
  is "$(cdb -q r.cdb 1.2.3.4 | od -An -c | tr -s ' \n' '  ')" " D \0 " "deny: D NUL"
else
  skip "tinycdb's cdb is not installed"
  skip "tinycdb's cdb is not installed"
  skip "tinycdb's cdb is not installed"
fi

cat > in <<'EOF'
10.0.0.0/8:deny
10.1.0.0/15:allow,W="15"
10.1.2.0/24:allow,W="24"
0.0.0.0/0:allow,W="v4"
2001:db8::/32:deny
2001:DB8:0:1::1:allow,W="exact6"
2001:db9::allow,W="groups"
::/0:allow,W="v6"
:deny
EOF
compile "IPv6 and CIDR" "
exit 0"
is "$(check TCPREMOTEIP=10.9.9.9)" "rule 10.: deny connection " "/8 is djb's 10."
is "$(check TCPREMOTEIP=10.0.9.9)" "rule 10.0.0.0/15: set environment variable W=15 allow connection " "/15 beats /8"
is "$(check TCPREMOTEIP=10.1.2.9)" "rule 10.1.2.: set environment variable W=24 allow connection " "/24 beats /15"
is "$(check TCPREMOTEIP=11.1.1.1)" "rule 0.0.0.0/0: set environment variable W=v4 allow connection " "0.0.0.0/0"
is "$(check TCP6REMOTEIP=2001:db8:0:1::1)" "rule 2001:db8:0:1::1: set environment variable W=exact6 allow connection " "IPv6 exact, canonical"
is "$(check TCP6REMOTEIP=2001:db8::7)" "rule 2001:db8::/32: deny connection " "IPv6 CIDR"
is "$(check TCP6REMOTEIP=2001:db9:1::1)" "rule 2001:db9::/32: set environment variable W=groups allow connection " "IPv6 group prefix"
is "$(check TCP6REMOTEIP=fe80::1)" "rule ::/0: set environment variable W=v6 allow connection " "::/0"

# syntax errors: line number and text; rules.cdb untouched, rules.tmp gone
sum=$(cksum < r.cdb)
printf '1.2.3.4:allow\n# two\n1.2.3.5:allow,X="y  \t \n' > in
compile "unterminated value" "tcprules: fatal: unable to parse line 3: 1.2.3.5:allow,X=\"y
exit 100"
is "$(cksum < r.cdb)" "$sum" "rules.cdb untouched"
ok "$([ ! -e r.tmp ]; echo $?)" "rules.tmp removed"
for bad in '1.2.3.4:allowjunk' '1.2.3.4: allow' '1.2.3.4:Allow' '1.2.3.4:allow,' '1.2.3.4:allow,X' \
           '1.2.3.4:allow,X=' '1.2.3.4:allow,X=y' '1.2.3.4:allow,X="a"b' 'a-b:deny' '1.2.3.1-2-3:deny' \
           '::1:allowx' 'joe@::1/64:allow' '2001:db8::/129:allow'; do
  printf '%s\n' "$bad" > in
  compile "refused: $bad" "tcprules: fatal: unable to parse line 1: $bad
exit 100"
done
printf '1.2.3.4:allow\r\n' > in
compile "CR is not white space" "$(printf 'tcprules: fatal: unable to parse line 1: 1.2.3.4:allow\r')
exit 100"
head -c 70000 /dev/zero | tr '\0' x > in
compile "a line over the maximum" "tcprules: fatal: line 1 is longer than 65536 bytes
exit 100"
is "$(cksum < r.cdb)" "$sum" "rules.cdb still untouched"

# temporary errors
printf '1.2.3.4:allow\n' > in
OUT=$("$TR" r.cdb nodir/r.tmp < in 2>&1); RC=$?
is "$OUT
exit $RC" "tcprules: fatal: unable to create nodir/r.tmp: no such file or directory
exit 111" "cannot create rules.tmp"
OUT=$("$TR" nodir/r.cdb r.tmp < in 2>&1); RC=$?
is "$OUT
exit $RC" "tcprules: fatal: unable to move r.tmp to nodir/r.cdb: no such file or directory
exit 111" "cannot rename"
OUT=$("$TR" r.cdb r.tmp < "$T" 2>&1); RC=$?
is "$OUT
exit $RC" "tcprules: fatal: unable to read input: is a directory
exit 111" "read error"
is "$(cksum < r.cdb)" "$sum" "rules.cdb untouched by temporary errors"

# an empty input is an empty database; the last line needs no newline
: > in
compile "empty input" "
exit 0"
is "$(check TCPREMOTEIP=1.2.3.4)" "default: allow connection " "no rules"
printf '1.2.3.4:deny' > in
compile "no final newline" "
exit 0"
is "$(check TCPREMOTEIP=1.2.3.4)" "rule 1.2.3.4: deny connection " "last line used"
done_testing
