/* qlmbox.c — unit test for qmail/deliver/qlmbox: ">From " quoting in any
 * chunking, and locked, all-or-nothing appends. */
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "qlmbox.h"
#include "tap.h"

/* the quoted form of in, fed in pieces of step bytes */
static const char *quote(const char *in, size_t len, size_t step)
{
  static stralloc out;
  struct qlmbox_quote q;
  qlmbox_quote_init(&q);
  out.len = 0;
  for (size_t i = 0; i < len; i += step)
    if (!qlmbox_quote(&q, in + i, len - i < step ? len - i : step, &out)) return "nomem";
  if (!qlmbox_quote_end(&q, &out) || !stralloc_0(&out)) return "nomem";
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

int main(void)
{
  char dir[] = "/tmp/qlmbox.XXXXXX", path[64], msgp[64];
  const char *what = "";
  const char *head = "From a@b Thu Jan  1 00:00:00 1970\n";
  size_t len, one = 0;
  int msg, holder;

  check("", "\n", "an empty message: only the end line");
  check("x", "x\n\n", "no final LF: one is added");
  check("a\nb\n", "a\nb\n\n", "plain lines");
  check("From me\n", ">From me\n\n", "From at the start");
  check("x\nFrom me\nFrom\nFrom:\nFromage\n", "x\n>From me\nFrom\nFrom:\nFromage\n\n",
        "only \"From \" with its space");
  check(">From a\n>>From b\n>>>x\n> From c\n", ">>From a\n>>>From b\n>>>x\n> From c\n\n",
        "^>*From  gets one more >");
  check(" From x\nxFrom y\n", " From x\nxFrom y\n\n", "not at the start of a line");
  check("Fro", "Fro\n\n", "a partial From at the end");
  check("From ", ">From \n\n", "From  at the very end");
  check("\n\nFrom \n>", "\n\n>From \n>\n\n", "empty lines and a lone >");
  check("FFrom x\nFrFrom y\n", "FFrom x\nFrFrom y\n\n", "a failed match does not restart");

  if (!mkdtemp(dir)) skip_all("no temporary directory");
  snprintf(path, sizeof path, "%s/mbox", dir);
  snprintf(msgp, sizeof msgp, "%s/msg", dir);
  msg = open(msgp, O_RDWR | O_CREAT | O_TRUNC, 0600);
  ok(msg != -1 && write(msg, "Subject: x\n\nFrom y\nlast", 23) == 23, "a message");
  lseek(msg, 5, SEEK_SET);

  ok(qlmbox_deliver(path, msg, head, strlen(head), 1, &what) == 0, "deliver");
  is_str(slurp(path, &one), "From a@b Thu Jan  1 00:00:00 1970\nSubject: x\n\n>From y\nlast\n\n",
         "the entry, from the start of the message");
  {
    struct stat st;
    ok(stat(path, &st) == 0 && (st.st_mode & 0777) == 0600, "created mode 0600");
  }
  ok(qlmbox_deliver(path, msg, head, strlen(head), 1, &what) == 0, "deliver again");
  ok(slurp(path, &len) && len == 2 * one, "appended after the first");

  holder = open(path, O_RDONLY);
  ok(holder != -1 && flock(holder, LOCK_EX) == 0, "someone else holds the lock");
  errno = 0;
  ok(qlmbox_deliver(path, msg, head, strlen(head), 0, &what) == -1, "lock not granted: failure");
  is_int(errno, ETIMEDOUT, "ETIMEDOUT");
  is_str(what, "unable to lock the mailbox", "what says so");
  ok(slurp(path, &len) && len == 2 * one, "nothing written");
  close(holder);

  /* a message that cannot be read: the mbox gets its old size back */
  {
    int bad = open(dir, O_RDONLY | O_DIRECTORY);
    ok(qlmbox_deliver(path, bad, head, strlen(head), 1, &what) == -1, "unreadable message fails");
    is_str(what, "unable to read the message", "and says why");
    ok(slurp(path, &len) && len == 2 * one, "the mbox is cut back to its old size");
    close(bad);
  }
  ok(qlmbox_deliver(dir, msg, head, strlen(head), 1, &what) == -1, "a directory is no mbox");
  is_str(what, "unable to open the mailbox", "open fails");

  close(msg);
  unlink(msgp);
  unlink(path);
  rmdir(dir);
  return done_testing();
}
