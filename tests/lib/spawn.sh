# spawn.sh — driving a delivery spawner (qmail-lspawn, qmail-rspawn) through
# its request and result pipes, for tests. Source after tap.sh, queue.sh
# and proc.sh, then call spawn_init.
#
#   spawn_init PROG SPLIT   calls tmpdir and track_pids; SPAWN = the built
#                           spawner PROG (qmail/send/qmail-lspawn, ...); the
#                           queue $T/q with SPLIT split directories (mkqueue),
#                           CONFSPLIT exported
#   spawn_req SLOT NUM SENDER RECIPIENT
#                           one request (four NUL-terminated fields) on
#                           standard output
#   spawn_results           the results on standard input as lines "SLOT
#                           TEXT", sorted by slot, each newline of TEXT
#                           shown as \n
#   spawn_drive [ARGS...]   $SPAWN ARGS in $T/q with the requests of $T/in
#                           (raw results in $T/out, standard error in
#                           $T/err): prints the results (spawn_results),
#                           then the standard error; returns its exit status
#   spawn_missing VAR NAME NUM RCPT
#                           1 test: with VAR (QMAILLOCAL, QMAILREMOTE)
#                           naming a program that does not exist, a request
#                           for message NUM to RCPT gets "Z4.3.0 unable to
#                           run ...: no such file or directory"
#   spawn_parallel NUM RCPT TEXT
#                           4 tests: 200 requests for message NUM to RCPT,
#                           whose delivery takes a second each, input closed
#                           at once: the spawner exits 0, every result is
#                           "SLOT TEXT" (as spawn_results shows it), on 200
#                           slots, all in well under 200 seconds
#   spawn_fifo              $SPAWN in $T/q in the background (SPAWN_PID, in
#                           $T/pids), reading its requests from the FIFO
#                           $T/fifo, which this shell holds open on fd 3;
#                           raw results in $T/out, standard error in $T/err

# spawn_init PROG SPLIT: see above
spawn_init() {
  tmpdir
  track_pids
  SPAWN=$(bin "$1")
  mkqueue "$T/q" "$2" || exit 255
  CONFSPLIT=$2
  export CONFSPLIT
}

# spawn_req SLOT NUM SENDER RECIPIENT: see above
spawn_req() { printf '%s\0%s\0%s\0%s\0' "$@"; }

# spawn_results: see above
spawn_results() {
  perl -0777 -ne 'my @f = split /\0/, $_, -1; pop @f; my @r;
    while (@f >= 2) { my ($s, $t) = splice @f, 0, 2; $t =~ s/\n/\\n/g; push @r, [$s, $t] }
    print "$_->[0] $_->[1]\n" for sort { $a->[0] <=> $b->[0] } @r'
}

# spawn_drive [ARGS...]: see above
spawn_drive() {
  (cd "$T/q" && "$SPAWN" "$@" < "$T/in" > "$T/out" 2> "$T/err"); _sdrc=$?
  spawn_results < "$T/out"; cat "$T/err"; return $_sdrc
}

# spawn_missing VAR NAME NUM RCPT: see above
spawn_missing() {
  spawn_req 0 "$3" a@b "$4" > "$T/in"
  (export "$1=$T/nonexistent"; spawn_drive) > "$T/o"
  is "$(cat "$T/o")" "0 Z4.3.0 unable to run $T/nonexistent: no such file or directory (#4.3.0)" \
    "a missing $2: Z"
}

# spawn_parallel NUM RCPT TEXT: see above
spawn_parallel() {
  _spi=0
  while [ $_spi -lt 200 ]; do spawn_req $_spi "$1" a@b "$2"; _spi=$((_spi + 1)); done > "$T/in"
  _sps=$(date +%s)
  spawn_drive > "$T/o"
  _sprc=$? _spe=$(date +%s)
  is "$_sprc" 0 "200 slow deliveries: exit 0 after end of input"
  is "$(SPAWN_TEXT=$3 awk '$1 ~ /^[0-9]+$/ && substr($0, length($1) + 2) == ENVIRON["SPAWN_TEXT"]' "$T/o" |
    wc -l | tr -d ' ')" 200 "every one reported K"
  is "$(cut -d' ' -f1 "$T/o" | sort -n | uniq | wc -l | tr -d ' ')" 200 "on 200 different slots"
  ok $([ $((_spe - _sps)) -lt 30 ]; echo $?) "in parallel: $((_spe - _sps)) s for 200 x 1 s"
}

# spawn_fifo: see above
spawn_fifo() {
  mkfifo "$T/fifo" || return 1
  (cd "$T/q" && exec "$SPAWN" < "$T/fifo" > "$T/out" 2> "$T/err") &
  SPAWN_PID=$!
  echo "$SPAWN_PID" >> "$T/pids"
  exec 3> "$T/fifo"
}
