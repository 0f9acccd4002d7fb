#!/bin/sh
# envdir.t — envdir: usage, exit codes, the variable rules, indimail's
# -c -i -p -w, .envdir and .envfile, and the same results as Debian's
# daemontools envdir where both apply.
. "${IM_SRC:-.}/tests/lib/tap.sh"
tmpdir
P=$(bin daemontools/envdir)
[ -x "$P" ] || skip_all "envdir is not built"
USAGE='envdir: usage: envdir [ -cipw ] dir child'

transcript "no arguments" "$USAGE
exit 100" "$P"
transcript "no child" "$USAGE
exit 100" "$P" "$T"
transcript "bad option" "envdir: illegal option -- z
$USAGE
exit 100" "$P" -z "$T" true
transcript "missing directory" "envdir: fatal: unable to switch to directory $T/none: no such file or directory
exit 111" "$P" "$T/none" true

mkdir "$T/d"
printf 'one\ntwo\n' > "$T/d/A"
printf 'x\000y \t \t' > "$T/d/B"
: > "$T/d/GONE"
printf '\n' > "$T/d/EMPTY"
printf 'hidden\n' > "$T/d/.hidden"
printf '  lead\n' > "$T/d/LEAD"

# show.py prints the child's environment sorted, one NAME=value a line,
# newlines in values shown as \n; with arguments, only those names
need_py() { command -v python3 >/dev/null 2>&1; }
cat > "$T/show.py" <<'PY'
import os, sys
for k in sorted(os.environ):
    if len(sys.argv) == 1 or k in sys.argv[1:]:
        print(k + "=" + os.environ[k].replace("\n", "\\n"))
PY

if need_py; then
  transcript "variables: first line, NUL to newline, trailing blanks, empty file unsets, dot files skipped" \
'A=one
B=x\ny
EMPTY=
KEEP=kept
LEAD=  lead
exit 0' env GONE=was KEEP=kept "$P" "$T/d" python3 "$T/show.py" A B GONE EMPTY .hidden LEAD KEEP
  transcript "-c: start from an empty environment" 'A=one
B=x\ny
EMPTY=
LEAD=  lead
exit 0' env -i PATH=/usr/bin:/bin KEEP=1 "$P" -c "$T/d" python3 "$T/show.py" A B EMPTY LEAD KEEP PATH
else
  skip "python3 is not installed"
  skip "python3 is not installed"
fi

"$P" "$T/d" sh -c 'exit 7' </dev/null
is "$?" 7 "the child's exit code is envdir's"
transcript "missing program" "envdir: fatal: unable to run $T/nope: no such file or directory
exit 111" "$P" "$T/d" "$T/nope"
transcript "program not on PATH" "envdir: fatal: unable to run nope-d4-xyz: no such file or directory
exit 111" env PATH=/usr/bin:/bin "$P" "$T/d" nope-d4-xyz

mkdir "$T/d/sub"
transcript "a subdirectory is an error" "envdir: fatal: unable to read $T/d/sub: is a directory
exit 111" "$P" "$T/d" true
transcript "-w: warn and run the child with the environment unchanged" "envdir: warning: unable to read $T/d/sub: is a directory
[unset]
exit 0" "$P" -w "$T/d" sh -c 'echo "[${A-unset}]"'
transcript "-i: skip what cannot be read" "[one]
exit 0" "$P" -i "$T/d" sh -c 'echo "[${A-unset}]"'
rmdir "$T/d/sub"

# a file the invoking user may not read (root reads everything)
printf 'secret\n' > "$T/d/SECRET" && chmod 000 "$T/d/SECRET"
if [ "$(id -u)" != 0 ]; then
  transcript "an unreadable file is an error" "envdir: fatal: unable to read $T/d/SECRET: permission denied
exit 111" "$P" "$T/d" true
  transcript "-i: an unreadable file is skipped" "[unset] [one]
exit 0" "$P" -i "$T/d" sh -c 'echo "[${SECRET-unset}] [$A]"'
else
  skip "root reads every file"; skip "root reads every file"
fi
rm -f "$T/d/SECRET"

# a name with '=' cannot be a variable
printf v > "$T/d/BAD=NAME"
transcript "a file name with '='" "envdir: fatal: unable to set $T/d/BAD=NAME: invalid argument
exit 111" "$P" "$T/d" true
rm -f "$T/d/BAD=NAME"

# PATH: envdir looks for the child along the PATH it was given; -p along
# the PATH the directory sets
mkdir "$T/p" "$T/bin"
printf '#!/bin/sh\necho found-in-bin\n' > "$T/bin/d4probe" && chmod 755 "$T/bin/d4probe"
printf '%s\n' "$T/bin" > "$T/p/PATH"
transcript "the child is searched along the old PATH" "envdir: fatal: unable to run d4probe: no such file or directory
exit 111" env PATH=/usr/bin:/bin "$P" "$T/p" d4probe
transcript "-p: the child is searched along the new PATH" "found-in-bin
exit 0" env PATH=/usr/bin:/bin "$P" -p "$T/p" d4probe
transcript "without -p the child still gets the new PATH" "$T/bin
exit 0" env PATH=/usr/bin:/bin "$P" "$T/p" sh -c 'echo "$PATH"'

# indimail's .envdir (a directory or a list) and .envfile
mkdir "$T/e" "$T/e/.envdir" "$T/f"
printf 'inner\n' > "$T/e/.envdir/X"
printf 'inner-y\n' > "$T/e/.envdir/Y"
printf 'outer\n' > "$T/e/X"
transcript ".envdir directory: read first, the directory itself wins" "X=outer Y=inner-y
exit 0" "$P" "$T/e" sh -c 'echo "X=$X Y=$Y"'
ln -s "$T/e" "$T/e/.envdir/.envdir"
transcript ".envdir loop: each directory once" "X=outer Y=inner-y
exit 0" "$P" "$T/e" sh -c 'echo "X=$X Y=$Y"'
printf '# more\n\n../e\n' > "$T/f/.envdir"
printf '  Z=zed \n# note\nY\n' > "$T/f/.envfile"
transcript ".envdir list and .envfile" "X=outer Y=unset Z=[zed ]
exit 0" "$P" "$T/f" sh -c 'echo "X=$X Y=${Y-unset} Z=[$Z]"'
printf '=bad\n' > "$T/f/.envfile"
transcript ".envfile: a bad line" "envdir: fatal: invalid line in $T/f/.envfile
exit 111" "$P" "$T/f" true
rm "$T/f/.envfile"
printf '../missing\n' > "$T/f/.envdir"
transcript ".envdir list: a missing directory" "envdir: fatal: unable to switch to directory $T/f/../missing: no such file or directory
exit 111" "$P" "$T/f" true

# the same results as Debian's daemontools envdir
DEB=/usr/bin/envdir
if [ -x "$DEB" ] && need_py; then
  rm -rf "$T/c" && mkdir "$T/c"
  printf 'one\ntwo\n' > "$T/c/A"
  printf 'x\000y \t' > "$T/c/B"
  : > "$T/c/GONE"
  printf '\n' > "$T/c/EMPTY"
  printf 'h\n' > "$T/c/.hidden"
  for prog in "$P" "$DEB"; do
    GONE=1 KEEP=k "$prog" "$T/c" python3 -c 'import os
for k in sorted(os.environ):
    if k in ("A","B","GONE","EMPTY",".hidden","KEEP"): print(repr(k), repr(os.environ[k]))' \
      > "$T/out.$(basename "$(dirname "$prog")")" 2>&1 </dev/null
    echo "exit $?" >> "$T/out.$(basename "$(dirname "$prog")")"
  done
  is "$(cat "$T/out.daemontools")" "$(cat "$T/out.bin")" "debian: the same environment"
  for case in "$T/none true" "$T/c $T/nope" "$T/c sh -c exit\\ 9"; do
    eval "set -- $case"
    "$P" "$@" </dev/null >/dev/null 2>&1; ours=$?
    "$DEB" "$@" </dev/null >/dev/null 2>&1; theirs=$?
    is "$ours" "$theirs" "debian: same exit status for: $case"
  done
  mkdir "$T/c/sub"
  "$P" "$T/c" true </dev/null >/dev/null 2>&1; ours=$?
  "$DEB" "$T/c" true </dev/null >/dev/null 2>&1; theirs=$?
  is "$ours" "$theirs" "debian: same exit status for a subdirectory"
  like "$("$DEB" "$T/none" true 2>&1)" "^envdir: fatal: unable to switch to directory $T/none: " \
    "debian: same message prefix for a missing directory"
else
  skip "Debian's daemontools envdir (or python3) is not installed"
fi
done_testing
