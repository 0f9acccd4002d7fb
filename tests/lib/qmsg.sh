# qmsg.sh — messages written by hand into a queue made by queue-fix, for
# tests of the programs that read or change a queue (qmail-qread, qmail-rm).
# Source after tap.sh. The split directory of message NUM is NUM modulo
# CONFSPLIT (default 151), as the programs under test compute it.
#
#   qmsg_put QUEUE NUM SENDER MTIME RCPT...
#                           a preprocessed message: mess/, info/ (envelope
#                           sender SENDER), and local/ and remote/ with one
#                           record a RCPT: L:addr or R:addr a local or remote
#                           recipient still to do, l:addr or r:addr one
#                           done; info/ gets the time MTIME (Unix seconds),
#                           unless MTIME is "-"
#   qmsg_todo QUEUE NUM SENDER MTIME RCPT...
#                           a message not yet preprocessed: mess/, and
#                           intd/ (uid 1000, pid 4242, SENDER, a T record a
#                           RCPT) linked into todo/; intd/ gets the time
#                           MTIME unless it is "-"

# qmsg_put QUEUE NUM SENDER MTIME RCPT...: see above
qmsg_put() {
  _q=$1 _n=$2 _s=$3 _t=$4; shift 4
  _d=$((_n % ${CONFSPLIT:-151}))
  printf 'Subject: %s\n\nbody\n' "$_n" > "$_q/mess/$_d/$_n"
  printf 'F%s\0' "$_s" > "$_q/info/$_d/$_n"
  for _r; do
    case $_r in
    L:*) printf 'T%s\0' "${_r#L:}" >> "$_q/local/$_d/$_n" ;;
    l:*) printf 'D%s\0' "${_r#l:}" >> "$_q/local/$_d/$_n" ;;
    R:*) printf 'T%s\0' "${_r#R:}" >> "$_q/remote/$_d/$_n" ;;
    r:*) printf 'D%s\0' "${_r#r:}" >> "$_q/remote/$_d/$_n" ;;
    esac
  done
  [ "$_t" = - ] || touch -d "@$_t" "$_q/info/$_d/$_n"
}

# qmsg_todo QUEUE NUM SENDER MTIME RCPT...: see above
qmsg_todo() {
  _q=$1 _n=$2 _s=$3 _t=$4; shift 4
  printf 'Subject: %s\n\nbody\n' "$_n" > "$_q/mess/$((_n % ${CONFSPLIT:-151}))/$_n"
  printf 'u1000\0p4242\0F%s\0' "$_s" > "$_q/intd/$_n"
  for _r; do printf 'T%s\0' "$_r" >> "$_q/intd/$_n"; done
  [ "$_t" = - ] || touch -d "@$_t" "$_q/intd/$_n"
  ln "$_q/intd/$_n" "$_q/todo/$_n"
}
