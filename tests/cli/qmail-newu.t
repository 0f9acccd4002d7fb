#!/bin/sh
# qmail-newu.t — users/assign into users/cdb: the records, the error lines,
# and atomicity (a bad assign or a failed write leaves the old cdb alone).
. "${IM_SRC:-.}/tests/lib/tap.sh"
tmpdir
nu=$(bin qmail/admin/qmail-newu)
unset ASSIGNDIR QMAILHOME
export ASSIGNDIR="$T/users"
mkdir "$ASSIGNDIR"

transcript "usage: an argument" "qmail-newu: usage: qmail-newu
exit 100" "$nu" "$T"
ASSIGNDIR=users transcript "a relative ASSIGNDIR" "qmail-newu: fatal: bad ASSIGNDIR: invalid argument
exit 111" "$nu"
transcript "no users/assign" "qmail-newu: fatal: unable to read $T/users/assign: no such file or directory
exit 111" "$nu"

cat > "$ASSIGNDIR/assign" <<'EOF'
=Joe.Shmoe:joe:503:78:/home/joe:::
+joe-:joe:503:78:/home/joe:-::
+:alias:7790:2108:/var/qmail/alias:-::
+sales-x:ann:504:78:/home/ann:-:work-:trailing text
.
anything after the dot is ignored
EOF
transcript "a good assign: silent" "
exit 0" "$nu"
ok "$(test -f "$ASSIGNDIR/cdb"; echo $?)" "users/cdb exists"
ok "$(test ! -e "$ASSIGNDIR/cdb.tmp"; echo $?)" "no cdb.tmp is left"
is "$(stat -c %a "$ASSIGNDIR/cdb")" 644 "users/cdb has mode 644"

# the records, in order, NUL shown as |
dump() {
  python3 - "$1" <<'PY'
import struct, sys
d = open(sys.argv[1], 'rb').read()
pos, end = 2048, struct.unpack('<I', d[0:4])[0]
for slot in range(256):
    end = min(end, struct.unpack('<I', d[slot * 8:slot * 8 + 4])[0])
while pos < end:
    kl, dl = struct.unpack('<II', d[pos:pos + 8])
    k, v = d[pos + 8:pos + 8 + kl], d[pos + 8 + kl:pos + 8 + kl + dl]
    print((k + b' -> ' + v).replace(b'\0', b'|').decode())
    pos += 8 + kl + dl
PY
}
want='!joe.shmoe| -> joe|503|78|/home/joe||
!joe- -> joe|503|78|/home/joe|-|
! -> alias|7790|2108|/var/qmail/alias|-|
!sales-x -> ann|504|78|/home/ann|-|work-
 -> -x'
is "$(dump "$ASSIGNDIR/cdb")" "$want" "the records: lower-case keys, NUL after exact ones, wildchars last"

if command -v cdb > /dev/null 2>&1; then
  is "$(cdb -q "$ASSIGNDIR/cdb" "!joe-" | tr '\0' '|')" "joe|503|78|/home/joe|-|" \
    "tinycdb finds the wildcard record"
  is "$(cdb -q "$ASSIGNDIR/cdb" "" | tr '\0' '|')" "-x" "tinycdb finds the wildchars"
  is "$(cdb -l "$ASSIGNDIR/cdb" | grep -c "^+")" 5 "tinycdb lists five records"
else
  skip "tinycdb is not installed"; skip "tinycdb"; skip "tinycdb"
fi

cp "$ASSIGNDIR/cdb" "$T/good.cdb"
ino=$(stat -c %i "$ASSIGNDIR/cdb")

# bad files: the error names the line; the old cdb stays
bad() {
  printf "$2" > "$ASSIGNDIR/assign"
  transcript "$1" "qmail-newu: fatal: bad format in $T/users/assign line $3: $4
exit 100" "$nu"
  cmp -s "$ASSIGNDIR/cdb" "$T/good.cdb"
  ok $? "$1: the old cdb stays"
  ok "$(test ! -e "$ASSIGNDIR/cdb.tmp"; echo $?)" "$1: no cdb.tmp is left"
}
bad "a bad third line" '=a:a:1:1:/a:::\n+b-:b:1:1:/b:-::\nbad line\n.\n' 3 "invalid argument"
bad "a uid that is not a number" '=a:a:x:1:/a:::\n.\n' 1 "invalid argument"
bad "a relative home" '=a:a:1:1:a:::\n.\n' 1 "invalid argument"
bad "too few fields" '=a:a:1:1:/a::\n.\n' 1 "invalid argument"
bad "an empty user" '=a::1:1:/a:::\n.\n' 1 "invalid argument"
bad "no final dot" '=a:a:1:1:/a:::\n=b:b:1:1:/b:::\n' 3 "invalid argument"
bad "an empty file" '' 1 "invalid argument"
long=$(head -c 5000 /dev/zero | tr '\0' h)
bad "an over-long line" "=a:a:1:1:/a:::\n=b:b:1:1:/$long:::\n.\n" 2 "message too long"
printf '=a:a:1:1:/a\0:::\n.\n' > "$ASSIGNDIR/assign"
run "$nu"
is "$RC" 100 "a NUL in a line: exit 100"
cmp -s "$ASSIGNDIR/cdb" "$T/good.cdb"
ok $? "a NUL: the old cdb stays"

# a failed write: the directory cannot take cdb.tmp (not as root, who may write anyway)
printf '=a:a:1:1:/a:::\n.\n' > "$ASSIGNDIR/assign"
if [ "$(id -u)" != 0 ]; then
  chmod 555 "$ASSIGNDIR"
  transcript "an unwritable directory" "qmail-newu: fatal: unable to create $T/users/cdb.tmp: permission denied
exit 111" "$nu"
  chmod 755 "$ASSIGNDIR"
  cmp -s "$ASSIGNDIR/cdb" "$T/good.cdb"
  ok $? "a failed write: the old cdb stays"
else
  skip "root writes into a read-only directory"; skip "as root"
fi
mkdir "$ASSIGNDIR/cdb.tmp"
run "$nu"
like "$OUT" "^qmail-newu: fatal: unable to create $T/users/cdb.tmp: " "cdb.tmp is a directory: the error"
is "$RC" 111 "cdb.tmp is a directory: exit 111"
cmp -s "$ASSIGNDIR/cdb" "$T/good.cdb"
ok $? "cdb.tmp is a directory: the old cdb stays"
rmdir "$ASSIGNDIR/cdb.tmp"

# a good run replaces the file by a rename: a new inode, never rewritten in
# place, so that a reader holding the old file keeps reading it whole
exec 3< "$ASSIGNDIR/cdb"
transcript "the fixed assign" "
exit 0" "$nu"
is "$(dump "$ASSIGNDIR/cdb")" '!a| -> a|1|1|/a||
 -> ' "the new records"
[ "$(stat -c %i "$ASSIGNDIR/cdb")" != "$ino" ]
ok $? "users/cdb is a new file (renamed into place)"
cmp -s - "$T/good.cdb" <&3
ok $? "a reader that opened the old file still reads it unchanged"
exec 3<&-

# deterministic output
cp "$ASSIGNDIR/cdb" "$T/one.cdb"
"$nu" && cmp -s "$ASSIGNDIR/cdb" "$T/one.cdb"
ok $? "the same assign gives the same bytes"
done_testing
