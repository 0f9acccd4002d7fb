/* dsn.c — unit test for qmail/lib/dsn: status codes, bounce records, their parser, the bounce message. */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "dsn.h"
#include "stralloc.h"
#include "tap.h"

static const char *status_of(const char *text, int perm)
{
  static char code[DSN_STATUS_MAX + 1];
  if (!dsn_status(text, strlen(text), perm, code)) return "(failed)";
  return code;
}

static void status(void)
{
  is_str(status_of("5.1.1 no such user", 1), "5.1.1", "leading code");
  is_str(status_of("  5.2.2 mailbox full", 1), "5.2.2", "leading blanks skipped");
  is_str(status_of("#5.1.1 x", 1), "5.1.1", "leading #code");
  is_str(status_of("Sorry, no mailbox here by that name. (#5.1.1)", 1), "5.1.1", "qmail (#code)");
  is_str(status_of("a (#5.1.2) b (#5.1.3)", 1), "5.1.2", "the first (#code) counts");
  is_str(status_of("x (#5.1.1", 1), "5.0.0", "unclosed (#code) is no code");
  is_str(status_of("x (#5.1.1x)", 1), "5.0.0", "(#code) must close at once");
  is_str(status_of("Remote host said: 550 5.7.1 relaying denied", 1), "5.7.1",
         "the code after an SMTP reply");
  is_str(status_of("550 5.1.10 unknown", 1), "5.1.10", "reply code then enhanced code");
  is_str(status_of("550 no code here", 1), "5.0.0", "SMTP reply without enhanced code");
  is_str(status_of("nothing at all", 1), "5.0.0", "permanent default");
  is_str(status_of("nothing at all", 0), "4.0.0", "temporary default");
  is_str(status_of("", 0), "4.0.0", "empty text");
  is_str(status_of("5.123.456 long", 1), "5.123.456", "three-digit parts");
  is_str(status_of("5.1234.1 x", 1), "5.0.0", "four digits are not a code");
  is_str(status_of("5.1.1.1 x", 1), "5.0.0", "four parts are not a code");
  is_str(status_of("5.1 x", 1), "5.0.0", "two parts are not a code");
  is_str(status_of("3.1.1 x", 1), "5.0.0", "class 3 is not a code");
  is_str(status_of("5.1.1", 0), "4.1.1", "the class follows the result (temporary)");
  is_str(status_of("4.2.2 over quota", 1), "5.2.2", "the class follows the result (permanent)");
  is_str(status_of("4.4.7", 0), "4.4.7", "a code alone");
  is_str(status_of("5.1.1: x", 1), "5.1.1", "a code before punctuation");
}

static void record(void)
{
  stralloc sa = STRALLOC_ZERO;
  char addr[DSN_ADDR_MAX + 2], text[DSN_TEXT_MAX + 10];
  ok(dsn_record(&sa, "a@b", 3, "5.1.1", "no\0such", 7), "record");
  is_mem(sa.s, sa.len, "Aa@b\0S5.1.1\0Xno_such\0", 21, "records, NUL in text becomes _");
  sa.len = 0;
  ok(dsn_record(&sa, "a\0b", 3, "4.4.7", "", 0), "record with an empty text");
  is_mem(sa.s, sa.len, "Aa_b\0S4.4.7\0X\0", 14, "NUL in address becomes _");
  memset(addr, 'a', sizeof addr);
  memset(text, 't', sizeof text);
  sa.len = 0;
  ok(dsn_record(&sa, addr, DSN_ADDR_MAX, "5.0.0", text, sizeof text), "longest address");
  is_int(sa.len, 1 + DSN_ADDR_MAX + 1 + 7 + 1 + DSN_TEXT_MAX + 1, "text cut at DSN_TEXT_MAX");
  sa.len = 3;
  errno = 0;
  ok(!dsn_record(&sa, addr, DSN_ADDR_MAX + 1, "5.0.0", "x", 1), "address too long");
  is_int(errno, EINVAL, "EINVAL");
  is_int(sa.len, 3, "out unchanged");
  static const char *bad[] = { "5.1", "2.0.0", "x", "5.1.1 ", "", "5.1.1.1", "6.0.0", "5.1111.1" };
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; ++i) {
    errno = 0;
    ok(!dsn_record(&sa, "a", 1, bad[i], "x", 1) && errno == EINVAL, "bad status '%s'", bad[i]);
  }
  is_int(sa.len, 3, "out still unchanged");
  stralloc_free(&sa);
}

static void parse(void)
{
  stralloc sa = STRALLOC_ZERO;
  struct dsn_list l = { 0, 0, 0 };
  size_t complete[3], k = 0, bad = 0;

  ok(dsn_parse("", 0, &l) && l.n == 0, "empty file: no recipients");
  ok(dsn_record(&sa, "one@x", 5, "5.1.1", "first", 5), "record 1");
  complete[k++] = sa.len;
  ok(dsn_record(&sa, "two@y", 5, "4.4.7", "line 1\nline 2", 13), "record 2");
  complete[k++] = sa.len;
  ok(dsn_record(&sa, "", 0, "5.0.0", "", 0), "record 3 (empty fields)");
  complete[k++] = sa.len;
  ok(dsn_parse(sa.s, sa.len, &l), "parse");
  is_int(l.n, 3, "three recipients");
  is_mem(l.r[0].addr, l.r[0].addrlen, "one@x", 5, "addr 1");
  is_str(l.r[0].status, "5.1.1", "status 1");
  is_mem(l.r[0].text, l.r[0].textlen, "first", 5, "text 1");
  is_mem(l.r[1].text, l.r[1].textlen, "line 1\nline 2", 13, "text 2 keeps its newline");
  is_str(l.r[1].status, "4.4.7", "status 2");
  is_int(l.r[2].addrlen + l.r[2].textlen, 0, "empty fields 3");
  ok(dsn_parse(sa.s, complete[0], &l) && l.n == 4, "parse appends");
  dsn_list_free(&l);
  ok(!l.r && !l.n && !l.a, "free zeroes");

  /* every prefix: the complete triples, the crash tail ignored */
  for (size_t len = 0; len <= sa.len; ++len) {
    size_t want = 0;
    while (want < 3 && complete[want] <= len) ++want;
    l.n = 0;
    if (!dsn_parse(sa.s, len, &l) || l.n != want) ++bad;
  }
  is_int(bad, 0, "every prefix of the file parses to its complete triples");

  struct { const char *s; size_t len; const char *why; } no[] = {
    { "S5.1.1\0", 7, "S first" },
    { "Aa\0X\0", 5, "X before S" },
    { "Aa\0S5.1.1\0Aa\0", 13, "A again before X" },
    { "Q\0", 2, "unknown type" },
    { "Aa\0S5.1\0X\0", 10, "bad status" },
    { "Aa\0S2.0.0\0X\0", 12, "success status" },
    { "Aa\0S5.1.1\0X\0Ab\0Sx", 18, "a bad type in the tail" },
    { "Aa\0S5.1.1\0X\0\0", 13, "an empty record" },
  };
  for (size_t i = 0; i < sizeof no / sizeof no[0]; ++i) {
    l.n = 1;
    errno = 0;
    ok(!dsn_parse(no[i].s, no[i].len, &l) && errno == EINVAL && l.n == 1, "EINVAL: %s", no[i].why);
  }
  l.n = 0;
  ok(dsn_parse("Aa\0S5.1.1\0X\0Ab\0S5.1", 19, &l) && l.n == 1, "an incomplete status in the tail");

  /* limits */
  char big[DSN_TEXT_MAX + 20];
  memset(big, 'x', sizeof big);
  big[0] = 'A';
  big[DSN_ADDR_MAX + 2] = 0;
  errno = 0;
  ok(!dsn_parse(big, DSN_ADDR_MAX + 3, &l) && errno == EINVAL, "address over DSN_ADDR_MAX");
  memset(big, 'x', sizeof big);
  memcpy(big, "Aa\0S5.1.1\0X", 11);
  big[11 + DSN_TEXT_MAX + 1] = 0;
  errno = 0;
  ok(!dsn_parse(big, 11 + DSN_TEXT_MAX + 2, &l) && errno == EINVAL, "text over DSN_TEXT_MAX");
  big[11 + DSN_TEXT_MAX] = 0;
  ok(dsn_parse(big, 11 + DSN_TEXT_MAX + 1, &l), "text of DSN_TEXT_MAX");

  sa.len = 0;
  for (size_t i = 0; i <= DSN_RCPTS_MAX; ++i)
    if (!stralloc_catb(&sa, "Aa\0S5.0.0\0X\0", 12)) break;
  l.n = 0;
  ok(dsn_parse(sa.s, sa.len - 12, &l) && l.n == DSN_RCPTS_MAX, "DSN_RCPTS_MAX recipients");
  l.n = 0;
  errno = 0;
  ok(!dsn_parse(sa.s, sa.len, &l) && errno == EOVERFLOW && l.n == 0, "one more is EOVERFLOW");
  dsn_list_free(&l);
  stralloc_free(&sa);
}

/* ---- the bounce message ---- */

struct sink { stralloc sa; int fail; };

static ssize_t sink_op(buf *b, char *s, size_t n)
{
  struct sink *k = b->ctx;
  if (k->fail) { errno = EIO; return -1; }
  if (!stralloc_catb(&k->sa, s, n)) return -1;
  return (ssize_t)n;
}

/* bounce: dsn_write into k->sa; returns its result */
static int bounce(struct sink *k, const struct dsn_info *in, const struct dsn_rcpt *r, size_t n,
                  int fd)
{
  char space[1024];
  buf b;
  int rc;
  k->sa.len = 0;
  buf_init(&b, sink_op, -1, space, sizeof space);
  b.ctx = k;
  rc = dsn_write(&b, in, r, n, fd);
  if (rc == 0 && buf_flush(&b) == -1) rc = -1;
  if (stralloc_0(&k->sa)) --k->sa.len;
  return rc;
}

static size_t longest_line(const stralloc *sa)
{
  size_t best = 0, start = 0;
  for (size_t i = 0; i < sa->len; ++i)
    if (sa->s[i] == '\n') {
      if (i - start > best) best = i - start;
      start = i + 1;
    }
  return best;
}

static int has(const struct sink *k, const char *s) { return strstr(k->sa.s, s) != 0; }

/* boundary: the boundary parameter's value in dst */
static void boundary(const struct sink *k, char *dst, size_t size)
{
  const char *p = strstr(k->sa.s, "boundary=\"");
  size_t n = 0;
  if (p) for (p += 10; *p && *p != '"' && n + 1 < size; ++p) dst[n++] = *p;
  dst[n] = 0;
}

static int origfile(const char *dir, const char *name, const char *s, size_t len)
{
  char path[4200];
  int fd;
  snprintf(path, sizeof path, "%s/%s", dir, name);
  fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
  if (fd == -1 || write(fd, s, len) != (ssize_t)len || lseek(fd, 0, SEEK_SET) != 0) {
    printf("Bail out! %s: %s\n", path, strerror(errno));
    exit(255);
  }
  return fd;
}

static void message(const char *dir)
{
  static const char orig[] = "Subject: hi\nFrom: a@b\n\nbody\n--=_dsn_ not ours\n";
  struct sink k = { STRALLOC_ZERO, 0 };
  struct dsn_info in = { "mx.test", "MAILER-DAEMON@mx.test", "a@b", "a@b", 4711,
                         1700000000, 1700003600, 0, 0 };
  struct dsn_rcpt r[2] = {
    { "bob@x", 5, "5.1.1", "Remote host said: 550 5.1.1 no such user", 40 },
    { "joe@y", 5, "5.2.2", "Sorry. (#5.2.2)\n\nsecond\r\nthird", 30 },
  };
  char b1[100], b2[100];
  int fd = origfile(dir, "orig", orig, sizeof orig - 1);

  is_int(bounce(&k, &in, r, 2, fd), 0, "write");
  ok(!strncmp(k.sa.s, "Date: Tue, 14 Nov 2023 23:13:20 +0000\nFrom: MAILER-DAEMON@mx.test\n"
                      "To: a@b\nSubject: failure notice\nMessage-ID: <1700003600.4711.", 100),
     "top header");
  ok(has(&k, "\nMIME-Version: 1.0\nContent-Type: multipart/report; report-type=delivery-status;\n"
             " boundary=\"=_dsn_6553ff10_1267_"), "content type and boundary");
  ok(has(&k, "\nAuto-Submitted: auto-replied\n\n"), "Auto-Submitted");
  ok(has(&k, "Content-Type: text/plain; charset=us-ascii\nContent-Description: Notification\n\n"
             "Hi. This is the qmail-send program at mx.test.\nI'm afraid"), "QSBMF intro");
  ok(has(&k, "\n\n<bob@x>:\nRemote host said: 550 5.1.1 no such user\n\n<joe@y>:\n"
             "Sorry. (#5.2.2)\nsecond\nthird\n\n--- Below this line is a copy of the message.\n\n\n--=_dsn_"),
     "QSBMF recipient paragraphs and break");
  ok(has(&k, "\nReporting-MTA: dns; mx.test\nArrival-Date: Tue, 14 Nov 2023 22:13:20 +0000\n\n"
             "Final-Recipient: rfc822; bob@x\nAction: failed\nStatus: 5.1.1\n"
             "Diagnostic-Code: smtp; 550 5.1.1 no such user\n"
             "Last-Attempt-Date: Tue, 14 Nov 2023 23:13:20 +0000\n"), "recipient 1 fields");
  ok(has(&k, "Status: 5.2.2\nDiagnostic-Code: x-unix; Sorry. (#5.2.2) second third\n"),
     "recipient 2: x-unix, newlines as single spaces");
  ok(has(&k, "Content-Type: message/rfc822\nContent-Description: Undelivered message\n\n"
             "Return-Path: <a@b>\nSubject: hi\nFrom: a@b\n\nbody\n--=_dsn_ not ours\n\n--=_dsn_"),
     "the original after Return-Path");
  boundary(&k, b1, sizeof b1);
  is_int(strlen(b1), strlen("=_dsn_6553ff10_1267_") + 24, "boundary length");
  char tail[120];
  snprintf(tail, sizeof tail, "\n--%s--\n", b1);
  ok(k.sa.len > strlen(tail) && !strcmp(k.sa.s + k.sa.len - strlen(tail), tail),
     "closing delimiter at the end");
  ok(strstr(orig, b1) == 0, "the boundary is not in the original");

  lseek(fd, 0, SEEK_SET);
  is_int(bounce(&k, &in, r, 2, fd), 0, "write again");
  boundary(&k, b2, sizeof b2);
  ok(strcmp(b1, b2) != 0, "a new boundary each time");

  /* only the header over maxbytes; the file offset counts */
  in.maxbytes = sizeof orig - 2;
  lseek(fd, 0, SEEK_SET);
  is_int(bounce(&k, &in, r, 1, fd), 0, "write with maxbytes");
  ok(has(&k, "Content-Type: text/rfc822-headers\n") && !has(&k, "message/rfc822") &&
     has(&k, "Return-Path: <a@b>\nSubject: hi\nFrom: a@b\n\n--=_dsn_"), "header only");
  lseek(fd, 12, SEEK_SET);
  is_int(bounce(&k, &in, r, 1, fd), 0, "write from an offset");
  ok(has(&k, "Content-Type: message/rfc822\n") &&
     has(&k, "Return-Path: <a@b>\nFrom: a@b\n\nbody\n"), "from the offset, within maxbytes");
  close(fd);

  /* double bounce, NULL fields, no recipients, a header without an end */
  struct dsn_info d = { 0, 0, 0, 0, 1, 0, 1700000000, 5, 1 };
  fd = origfile(dir, "o2", "X-Long: 1234567890\nno end", 25);
  is_int(bounce(&k, &d, r, 0, fd), 0, "double bounce with NULL fields");
  ok(has(&k, "\nFrom:\nTo:\n") && has(&k, "at .\nI wasn't able to deliver a bounce message"),
     "double bounce intro");
  ok(has(&k, "Return-Path: <>\nX-Long: 1234567890\nno end\n\n--"), "header cut ends with a newline");
  close(fd);

  /* long texts: every line stays under 998; headers fold at blanks */
  char addr[DSN_ADDR_MAX + 1], text[DSN_TEXT_MAX];
  memset(addr, 'a', DSN_ADDR_MAX);
  addr[DSN_ADDR_MAX] = 0;
  memset(text, 'w', sizeof text);
  for (size_t i = 50; i < 2000; i += 50) text[i] = ' ';
  struct dsn_rcpt lr = { addr, DSN_ADDR_MAX, "5.0.0", text, sizeof text };
  in.maxbytes = 0;
  in.to = addr;
  fd = origfile(dir, "o3", "Subject: x\n\n", 12);
  is_int(bounce(&k, &in, &lr, 1, fd), 0, "write long fields");
  ok(longest_line(&k.sa) <= 990, "no line over 990 bytes (%zu)", longest_line(&k.sa));
  char want[200], *w = want;
  w += sprintf(w, "\nDiagnostic-Code: x-unix; ");
  memset(w, 'w', 50); w += 50;
  w += sprintf(w, "\n ");
  memset(w, 'w', 49); w += 49;
  sprintf(w, "\n ww");
  ok(has(&k, want), "folded at blanks, under 78 bytes");
  close(fd);

  /* a control character cannot start a header field */
  struct dsn_rcpt inj = { "a@b\nX-Evil: 1", 13, "5.0.0", "t\nX-Evil: 2", 11 };
  in.to = "c@d\r\nBcc: e@f";
  fd = origfile(dir, "o4", "", 0);
  is_int(bounce(&k, &in, &inj, 1, fd), 0, "write with newlines in fields");
  ok(!has(&k, "\nBcc") && has(&k, "\nTo: c@d Bcc: e@f\n"), "no header injection");
  ok(has(&k, "\nFinal-Recipient: rfc822; a@b X-Evil: 1\n") &&
     has(&k, "\nDiagnostic-Code: x-unix; t X-Evil: 2\n"), "no field injection in the report");
  ok(has(&k, "<a@b X-Evil: 1>:\nt\nX-Evil: 2\n\n"), "the text keeps its lines in the first part");
  close(fd);

  /* a pipe has no size: copied whole whatever maxbytes says */
  int p[2];
  in.maxbytes = 3;
  in.to = "a@b";
  if (pipe(p) == 0) {
    if (write(p[1], "Subject: p\n\npiped\n", 18) != 18) diag("short write");
    close(p[1]);
    is_int(bounce(&k, &in, r, 1, p[0]), 0, "write from a pipe");
    ok(has(&k, "message/rfc822") && has(&k, "Subject: p\n\npiped\n\n--"), "pipe copied whole");
    close(p[0]);
  } else {
    skip(2, "no pipe");
  }

  /* errors */
  k.fail = 1;
  fd = origfile(dir, "o5", "x", 1);
  errno = 0;
  ok(bounce(&k, &in, r, 1, fd) == -1 && errno == EIO, "a write error is -1 with errno");
  k.fail = 0;
  close(fd);
  fd = open(dir, O_RDONLY | O_DIRECTORY);
  errno = 0;
  ok(bounce(&k, &in, r, 1, fd) == -1 && errno == EISDIR, "a read error is -1 with errno");
  close(fd);
  in.now = (time_t)400000000000LL;
  errno = 0;
  ok(bounce(&k, &in, r, 1, -1) == -1, "a date past 9999 cannot be written");
  stralloc_free(&k.sa);
}

int main(void)
{
  const char *dir = tap_tmpdir();
  status();
  record();
  parse();
  message(dir);
  tap_rmtree(dir);
  return done_testing();
}
