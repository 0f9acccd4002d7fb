#!/bin/sh
# svscanboot.t — svscanboot's usage errors and its check of the service
# directory. Running a tree with it is tested in tests/e2e/svscanboot.t.
. "${IM_SRC:-.}/tests/lib/tap.sh"
tmpdir
boot=$(bin daemontools/svscanboot)
usage="svscanboot: usage: svscanboot [ dir ]"

transcript "two arguments" "$usage
exit 100" "$boot" "$T" "$T"
transcript "an option" "$usage
exit 100" "$boot" -v
transcript "a missing directory" "svscanboot: fatal: unable to chdir to $T/none
exit 111" "$boot" "$T/none"
transcript "SERVICEDIR names a missing directory" "svscanboot: fatal: unable to chdir to $T/gone
exit 111" env SERVICEDIR="$T/gone" "$boot"
: > "$T/file"
transcript "not a directory" "svscanboot: fatal: unable to chdir to $T/file
exit 111" "$boot" "$T/file"
ok $(head -n 1 "$boot" | grep -q '^#!/bin/sh$'; echo $?) "a /bin/sh script"
done_testing
