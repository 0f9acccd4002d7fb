#!/bin/sh
# tcprules-compat.t — our tcprules and Debian's (djb's ucspi-tcp 0.88) write
# byte-identical cdb files for the same IPv4 rules, refuse the same lines,
# and each tcprulescheck reads the other's database with the same answers
# over a grid of addresses, host names and ident names.
. "${IM_SRC:-.}/tests/lib/tap.sh"
for p in tcprules tcprulescheck; do
  [ -x /usr/bin/$p ] || skip_all "Debian's ucspi-tcp is not installed (/usr/bin/$p)"
done
need_cmd python3 cmp
tmpdir
TR=$(bin ucspi-tcp/tcprules)
TC=$(bin ucspi-tcp/tcprulescheck)
cd "$T" || exit 255

cat > rules <<'EOF'
# djb's syntax, every feature
1.2.3.4:deny
1.2.3.4:allow,SHADOWED="the first line wins"
1.2.3.:allow,RELAYCLIENT="",QMAILQUEUE="/usr/bin/qmail-queue"
1.2.:deny
10.1.2.50-59:allow,RANGE="50-59"
10.1.3-5.:allow,RANGE="3-5"
10.1.254-300.:deny
10.1.-2.:allow,EMPTYLOW="1"
10.:deny

=mx.example.com:allow,X=/a "quoted" value/,Y=yay
=.example.com:deny,WHY="domain"
=.com:allow,TLD="com"
=:allow,ANYHOST="1"
joe@5.6.7.8:allow,WHO="joe"
joe@=h.example.org:deny
bob@5.6.7.8:deny
5.6.7.:allow,NET="5.6.7"
192.168.1.1:allow,,ODD="comma in the name"
192.168.1.2:allow	  
=foo-bar.example.net:allow,DASH="1"
joe@9.9.9.1-3:allow
 #not a comment:deny
this line has no colon and is ignored
127.:allow,TCPREMOTEHOST="",LOCAL="1"
:allow,DEFAULT="1"
EOF
/usr/bin/tcprules d.cdb d.tmp < rules
ok $? "Debian's tcprules compiles the file"
"$TR" o.cdb o.tmp < rules
ok $? "ours compiles it"
cmp -s d.cdb o.cdb
ok $? "the two cdb files are byte-identical"

# the grid: Debian's tcprulescheck reading our cdb says what ours says
# reading Debian's (the files being identical, this also compares each
# program with the other on its own file)
n=0 bad=0
for ip in 1.2.3.4 1.2.3.9 1.2.9.9 10.1.2.50 10.1.2.59 10.1.2.60 10.1.4.1 \
          10.1.255.1 10.1.0.1 10.1.3.1 10.9.9.9 5.6.7.8 5.6.7.9 192.168.1.1 \
          192.168.1.2 9.9.9.2 127.0.0.1 8.8.8.8; do
  for host in - mx.example.com a.b.example.com x.com h.example.org \
              foo-bar.example.net other.org ""; do
    for info in - joe bob; do
      set -- "TCPREMOTEIP=$ip"
      [ "$host" = - ] || set -- "$@" "TCPREMOTEHOST=$host"
      [ "$info" = - ] || set -- "$@" "TCPREMOTEINFO=$info"
      a=$(env -i "$@" /usr/bin/tcprulescheck o.cdb 2>&1)
      b=$(env -i "$@" "$TC" d.cdb 2>&1)
      n=$((n + 1))
      if [ "$a" != "$b" ]; then
        bad=$((bad + 1))
        [ $bad -le 5 ] && diag "$*: theirs '$a' ours '$b'"
      fi
    done
  done
done
is "$bad" 0 "tcprulescheck answers agree both ways ($n cases)"
a=$(env -i /usr/bin/tcprulescheck d.cdb); b=$(env -i "$TC" o.cdb)
is "$b" "$a" "no TCPREMOTEIP: the same answer"

# lines djb refuses are refused the same way (exit 100, rules.cdb kept)
bad=0
for line in '1.2.3.4:allowjunk' '1.2.3.4: allow' '1.2.3.4:Allow' \
            '1.2.3.4:allow,' '1.2.3.4:allow,X' '1.2.3.4:allow,X=' \
            '1.2.3.4:allow,X=y' '1.2.3.4:allow,X="a"b' 'a-b:deny' \
            '1.2.3.1-2-3:deny' '1.2.3.x-5:deny' '1.2.3.4:allow,X="a" ,Y="b"'; do
  printf '1.1.1.1:allow\n%s\n' "$line" > bad
  /usr/bin/tcprules d.cdb d.tmp < bad > /dev/null 2>&1; x=$?
  "$TR" o.cdb o.tmp < bad > /dev/null 2>&1; y=$?
  [ $x = 100 ] && [ $y = 100 ] || { bad=$((bad + 1)); diag "$line: theirs $x ours $y"; }
done
is "$bad" 0 "the same syntax errors"
cmp -s d.cdb o.cdb
ok $? "both databases kept"

# random rule files from a small alphabet: the same exit code and bytes
cat > gen.py <<'EOF'
import os, random, subprocess, sys
tr = sys.argv[1]
random.seed(4)
words = ['1', '2', '25', '255', '300', '.', '-', '=', '@', ':', 'allow',
         'deny', ',', 'X', '=', '"', '/', ' ', '\t', '#', 'a', '0', 'joe',
         'h.com', ':allow', ':deny', ',X="v"', ',Y=/a b/', '']
diff = 0
for i in range(150):
    lines = [''.join(random.choice(words) for _ in range(random.randint(0, 9)))
             for _ in range(random.randint(1, 4))]
    data = ('\n'.join(lines) + random.choice(['\n', ''])).encode()
    got = []
    for prog, base in (('/usr/bin/tcprules', 'rd'), (tr, 'ro')):
        if os.path.exists(base + '.cdb'):
            os.unlink(base + '.cdb')
        p = subprocess.run([prog, base + '.cdb', base + '.tmp'], input=data,
                           capture_output=True)
        body = open(base + '.cdb', 'rb').read() if p.returncode == 0 else None
        got.append((p.returncode, body))
    if got[0] != got[1]:
        diff += 1
        print('# differs: %r theirs %d ours %d' % (data, got[0][0], got[1][0]),
              file=sys.stderr)
print(diff)
EOF
is "$(python3 gen.py "$TR")" 0 "150 random rule files: identical results"

# our CIDR and IPv6 rules: Debian's tcprulescheck skips what it does not
# know (the CIDR keys and markers) and agrees on everything else
cat > ext <<'EOF'
10.0.0.0/12:deny,W="12"
2001:db8::/32:deny
1.2.3.0/24:allow,W="24 as djb's 1.2.3."
1.2.3.4:allow,W="exact"
:allow,W="default"
EOF
"$TR" o.cdb o.tmp < ext
ok $? "ours compiles IPv6 and CIDR rules"
for ip in 1.2.3.4 1.2.3.5 7.7.7.7; do
  a=$(env -i TCPREMOTEIP=$ip /usr/bin/tcprulescheck o.cdb 2>&1)
  b=$(env -i TCPREMOTEIP=$ip "$TC" o.cdb 2>&1)
  is "$a" "$b" "Debian's reads our CIDR file: $ip"
done
a=$(env -i TCPREMOTEIP=10.1.1.1 /usr/bin/tcprulescheck o.cdb 2>&1)
is "$a" "rule :
set environment variable W=default
allow connection" "Debian's ignores a CIDR rule"
b=$(env -i TCPREMOTEIP=10.1.1.1 "$TC" o.cdb 2>&1)
is "$b" "rule 10.0.0.0/12:
deny connection" "ours applies it"
done_testing
