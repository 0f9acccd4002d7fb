/* mbox.c — unit test for qmail/lib/mbox: From_ lines from a Return-Path
 * line, ">From " quoting in any chunking, the quoted copy of a file, and
 * locked, all-or-nothing appends. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "mbox.h"
#include "tap.h"

static void uflines(void)
{
  static const struct { const char *first; long long t; const char *want, *name; } c[] = {
    { "Return-Path: <joe@x>\n", 0, "From joe@x Thu Jan  1 00:00:00 1970\n", "the epoch" },
    { "Return-Path: <joe@x>\n", 1700000000, "From joe@x Tue Nov 14 22:13:20 2023\n",
      "a two-digit day" },
    { "Return-Path: <>\n", 1700000000, "From MAILER-DAEMON Tue Nov 14 22:13:20 2023\n",
      "the null sender" },
    { "return-path:<a b\tc\001@x>\r\n", 1700000000, "From a-b-c-@x Tue Nov 14 22:13:20 2023\n",
      "any case, no space, white space and controls made -" },
    { "Subject: hi\n", 1700000000, "From unknown Tue Nov 14 22:13:20 2023\n", "no Return-Path" },
    { "Return-Path: joe@x\n", 1700000000, "From unknown Tue Nov 14 22:13:20 2023\n",
      "no angle brackets" },
    { "Return-Path: <joe@x\n", 1700000000, "From unknown Tue Nov 14 22:13:20 2023\n",
      "no closing bracket" },
    { "", 1700000000, "From unknown Tue Nov 14 22:13:20 2023\n", "an empty message" },
    { "Return-Path: <joe@x>\n", 253402300799LL, "From joe@x Fri Dec 31 23:59:59 9999\n",
      "the last second of 9999" },
    { "Return-Path: <joe@x>\n", 253402300800LL, 0, "year 10000 is refused" },
  };
  stralloc out = STRALLOC_ZERO;
  for (size_t i = 0; i < sizeof c / sizeof c[0]; ++i) {
    int built = mbox_ufline(&out, c[i].first, strlen(c[i].first), (time_t)c[i].t) && stralloc_0(&out);
    is_str(built ? out.s : 0, c[i].want, "ufline: %s", c[i].name);
  }
  stralloc_free(&out);
}

static void fromlines(void)
{
  static const struct { const char *sender; size_t len; long long t; const char *want, *name; } c[] = {
    { "joe@x", 5, 0, "From joe@x Thu Jan  1 00:00:00 1970\n", "the epoch" },
    { "", 0, 1700000000, "From MAILER-DAEMON Tue Nov 14 22:13:20 2023\n", "the empty sender" },
    { "a b\tc\nd\177e\200@x", 12, 1795525509, "From a-b-c-d-e\200@x Tue Nov 24 13:05:09 2026\n",
      "blanks, controls and DEL made -, 8-bit bytes kept" },
    { "joe@xyz", 5, 0, "From joe@x Thu Jan  1 00:00:00 1970\n", "only len bytes" },
    { "a\0b", 3, 0, "From a-b Thu Jan  1 00:00:00 1970\n", "a NUL is a control" },
    { "joe@x", 5, -61000000000LL, "From joe@x Fri Dec 26 11:33:20 0036\n", "a year below 1000, 4 digits" },
    { "joe@x", 5, 253402300800LL, 0, "year 10000 is refused" },
  };
  stralloc out = STRALLOC_ZERO;
  for (size_t i = 0; i < sizeof c / sizeof c[0]; ++i) {
    int built = mbox_fromline(&out, c[i].sender, c[i].len, (time_t)c[i].t) && stralloc_0(&out);
    is_str(built ? out.s : 0, c[i].want, "fromline: %s", c[i].name);
  }
  errno = 0;
  ok(!mbox_fromline(&out, "x", 1, (time_t)253402300800LL) && errno == EOVERFLOW,
     "fromline: EOVERFLOW past 9999");
  stralloc_free(&out);
}

/* the quoted form of in, fed in pieces of step bytes */
static const char *quote(const char *in, size_t len, size_t step)
{
  static stralloc out;
  struct mbox_quote q;
  mbox_quote_init(&q);
  out.len = 0;
  for (size_t i = 0; i < len; i += step)
    if (!mbox_quote(&q, in + i, len - i < step ? len - i : step, &out)) return "nomem";
  if (!mbox_quote_end(&q, &out) || !stralloc_0(&out)) return "nomem";
  return out.s;
}

/* the same result for every chunk size from 1 to 8 and whole */
static void check(const char *in, const char *want, const char *name)
{
  size_t len = strlen(in);
  int same = 1;
  for (size_t step = 1; step <= 8; ++step)
    if (strcmp(quote(in, len, step), want)) { same = 0; diag("step %zu: %s", step, quote(in, len, step)); }
  is_str(quote(in, len, len ? len : 1), want, "%s", name);
  ok(same, "%s, in pieces", name);
}

static void quoting(void)
{
  check("", "\n", "an empty message: only the end line");
  check("x", "x\n\n", "no final LF: one is added");
  check("a\nb\n", "a\nb\n\n", "plain lines");
  check("From me\n", ">From me\n\n", "From at the start");
  check("x\nFrom me\nFrom\nFrom:\nFromage\n", "x\n>From me\nFrom\nFrom:\nFromage\n\n",
        "only \"From \" with its space");
  check(">From a\n>>From b\n>>>x\n> From c\n", ">>From a\n>>>From b\n>>>x\n> From c\n\n",
        "^>*From  gets one more >");
  check(">>>From ", ">>>>From \n\n", ">>>From  at the very end");
  check(" From x\nxFrom y\nfrom z\n", " From x\nxFrom y\nfrom z\n\n",
        "not at the start of a line, not in lower case");
  check("Fro", "Fro\n\n", "a partial From at the end");
  check(">>From", ">>From\n\n", "a partial From after >s");
  check("From ", ">From \n\n", "From  at the very end");
  check("\n\nFrom \n>", "\n\n>From \n>\n\n", "empty lines and a lone >");
  check("FFrom x\nFrFrom y\n", "FFrom x\nFrFrom y\n\n", "a failed match does not restart");
}

static char *slurp(const char *path, size_t *len)
{
  static char data[65536];
  int fd = open(path, O_RDONLY);
  ssize_t n;
  if (fd == -1) return 0;
  n = read(fd, data, sizeof data - 1);
  close(fd);
  if (n < 0) return 0;
  data[n] = 0;
  *len = (size_t)n;
  return data;
}

/* mbox_copy from a file's current offset into a file, through a buf */
static void copies(const char *dir, int msg)
{
  char path[8192], space[16];
  enum mbox_step step = MBOX_WRITE;
  size_t len = 0;
  buf b;
  int out, bad;
  snprintf(path, sizeof path, "%.4000s/copy", dir);
  out = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
  buf_init(&b, buf_fdwrite, out, space, sizeof space);
  lseek(msg, 12, SEEK_SET);
  ok(mbox_copy(msg, &b, &step) == 0 && buf_flush(&b) == 0, "copy: from the offset");
  close(out);
  is_str(slurp(path, &len), ">From y\nlast\n\n", "copy: quoted, ended, through a small buf");
  bad = open(dir, O_RDONLY | O_DIRECTORY);
  ok(mbox_copy(bad, &b, &step) == -1 && step == MBOX_READ, "copy: a read error is MBOX_READ");
  close(bad);
  lseek(msg, 0, SEEK_SET);
  bad = open("/dev/full", O_WRONLY);
  buf_init(&b, buf_fdwrite, bad, space, sizeof space);
  if (bad == -1) skip(1, "no /dev/full");
  else ok(mbox_copy(msg, &b, &step) == -1 && step == MBOX_WRITE, "copy: a write error is MBOX_WRITE");
  if (bad != -1) close(bad);
}

static void delivers(const char *dir, int msg)
{
  char path[8192];
  const char *what = "";
  const char *head = "From a@b Thu Jan  1 00:00:00 1970\n";
  size_t len, one = 0;
  struct stat st;
  int holder, bad;
  snprintf(path, sizeof path, "%.4000s/mbox", dir);
  lseek(msg, 5, SEEK_SET);
  ok(mbox_deliver(path, msg, head, strlen(head), 1, &what) == 0, "deliver");
  is_str(slurp(path, &one), "From a@b Thu Jan  1 00:00:00 1970\nSubject: x\n\n>From y\nlast\n\n",
         "the entry, from the start of the message");
  ok(stat(path, &st) == 0 && (st.st_mode & 0777) == 0600, "created mode 0600");
  ok(mbox_deliver(path, msg, head, strlen(head), 1, &what) == 0, "deliver again");
  ok(slurp(path, &len) && len == 2 * one, "appended after the first");

  holder = open(path, O_RDONLY);
  ok(holder != -1 && flock(holder, LOCK_EX) == 0, "someone else holds the lock");
  errno = 0;
  ok(mbox_deliver(path, msg, head, strlen(head), 0, &what) == -1, "lock not granted: failure");
  is_int(errno, ETIMEDOUT, "ETIMEDOUT");
  is_str(what, "unable to lock the mailbox", "what says so");
  ok(slurp(path, &len) && len == 2 * one, "nothing written");
  close(holder);

  /* a message that cannot be read: the mbox gets its old size back */
  bad = open(dir, O_RDONLY | O_DIRECTORY);
  ok(mbox_deliver(path, bad, head, strlen(head), 1, &what) == -1, "unreadable message fails");
  is_str(what, "unable to read the message", "and says why");
  ok(slurp(path, &len) && len == 2 * one, "the mbox is cut back to its old size");
  close(bad);
  ok(mbox_deliver(dir, msg, head, strlen(head), 1, &what) == -1, "a directory is no mbox");
  is_str(what, "unable to open the mailbox", "open fails");
}

int main(void)
{
  const char *dir = tap_tmpdir();
  char msgp[8192];
  int msg;
  uflines();
  fromlines();
  quoting();
  snprintf(msgp, sizeof msgp, "%.4000s/msg", dir);
  msg = open(msgp, O_RDWR | O_CREAT | O_TRUNC, 0600);
  ok(msg != -1 && write(msg, "Subject: x\n\nFrom y\nlast", 23) == 23, "a message");
  copies(dir, msg);
  delivers(dir, msg);
  close(msg);
  tap_rmtree(dir);
  return done_testing();
}
