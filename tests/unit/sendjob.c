/* sendjob.c — unit test for qmail/send/sendjob (passes over channel files, results, retries). */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "sendjob.h"
#include "sendscan.h"
#include "tap.h"
#include "tfile.h"

#define SPLIT 3

/* a stand-in queue program for the bounces: swallows everything */
static const char qqscript[] = "#!/bin/sh\ncat > /dev/null\ncat <&1 > /dev/null\nexit 0\n";

struct fixture {
  struct msgtab t;
  struct sendend end;
  struct sendjob job;
  struct sendlog log;
  int lp;                 /* the log pipe's read end */
  time_t now;
};

static const char *path(const char *d, unsigned long num)
{
  static char p[64];
  snprintf(p, sizeof p, "%s/%lu/%lu", d, num % SPLIT, num);
  return p;
}

static void put(const char *p, const char *data, size_t len, time_t mtime)
{
  struct timespec ts[2];
  tfile_put(p, data, len, 0700);
  if (!mtime) return;
  ts[0].tv_sec = ts[1].tv_sec = mtime;
  ts[0].tv_nsec = ts[1].tv_nsec = 0;
  if (utimensat(AT_FDCWD, p, ts, 0) == -1) exit(255);
}

static size_t get(const char *p, char *out, size_t n)
{
  int fd = open(p, O_RDONLY);
  ssize_t r = fd == -1 ? -1 : read(fd, out, n);
  if (fd != -1) close(fd);
  return r < 0 ? 0 : (size_t)r;
}

static const char *logged(int fd)
{
  static char b[8192];
  ssize_t n = read(fd, b, sizeof b - 1);
  b[n > 0 ? n : 0] = 0;
  return b;
}

/* message num born at birth, with channel file contents for chan c */
static uint32_t message(struct fixture *f, unsigned long num, time_t birth, int c, const char *rcpts,
                        size_t len)
{
  uint32_t id;
  put(path("info", num), "Fs@x.example", 13, birth);
  put(path("mess", num), "Subject: x\n\nbody\n", 17, birth);
  put(path(c ? "remote" : "local", num), rcpts, len, birth);
  id = sendscan_message(&f->t, f->job.heap, SPLIT, num);
  if (id == MSGTAB_NONE) { printf("Bail out! sendscan_message\n"); exit(255); }
  return id;
}

/* the result of the delivery r with the letter and text */
static int report(struct fixture *f, int c, const struct sendjob_rcpt *r, const char *res)
{
  struct sendchan_slot sl = { 1, r->id, r->at, 1, STRALLOC_ZERO };
  int ret;
  if (!stralloc_copyb(&sl.rcpt, r->addr, r->len)) exit(255);
  ret = sendjob_result(&f->job, c, &sl, res[0], res + 1, strlen(res + 1), f->now,
                       7 * 86400);
  stralloc_free(&sl.rcpt);
  return ret;
}

static void local_pass(struct fixture *f)
{
  struct sendjob_rcpt a, b, x;
  char data[64];
  struct stat st;
  int64_t due = 0;
  uint32_t id = message(f, 10, f->now - 100, 0, "Ta@x\0Db@x\0Tc@x", 15);
  struct msgtab_msg *m = msgtab_get(&f->t, id);
  ok(sendjob_due(&f->job, 0, &due) && due == f->now - 100, "due at the file's mtime");
  is_int(sendjob_next(&f->job, 0, f->now, &a), 1, "a recipient");
  ok(a.id == id && a.num == 10 && a.at == 0 && !strcmp(a.sender, "s@x.example"), "of msg 10, at 0, its sender");
  is_mem(a.addr, a.len, "a@x", 3, "the first T record");
  ok(!sendjob_due(&f->job, 0, &due), "no due time while a pass is open");
  is_int(sendjob_next(&f->job, 0, f->now, &b), 1, "another");
  ok(b.at == 10 && b.len == 3 && !memcmp(b.addr, "c@x", 3), "D records are skipped; the last one is whole");
  is_int(m->ch[0].running, 2, "two running");
  is_int(sendjob_next(&f->job, 0, f->now, &x), 0, "the file is read; nothing else due");
  ok(m->ch[0].injob && !m->ch[0].inpass, "the pass waits for its deliveries");
  ok(report(f, 0, &a, "Kok") == 0 && report(f, 0, &b, "Zlater") == 0, "K and Z reported");
  is_int(m->ch[0].running, 0, "nothing running");
  is_int(sendmark_pending(&f->job.marks), 1, "one file to fsync");
  ok(sendjob_flush(&f->job, f->now) == 0, "flush");
  is_mem(data, get(path("local", 10), data, sizeof data), "Da@x\0Db@x\0Tc@x", 15, "a marked D, c still to do");
  ok(sendjob_due(&f->job, 0, &due) && due > f->now, "the file is due again later");
  ok(stat(path("local", 10), &st) == 0 && st.st_mtime == due, "its retry time saved as its mtime");
  ok(!m->ch[0].injob && !m->ch[0].deferred, "the pass is concluded");
  sendjob_alldue(&f->job, f->now);
  is_int(sendjob_next(&f->job, 0, f->now, &x), 1, "SIGALRM: due now");
  ok(x.at == 10 && report(f, 0, &x, "Kdone") == 0, "c delivered");
  is_int(sendjob_next(&f->job, 0, f->now, &a), 0, "nothing more");
  ok(sendjob_flush(&f->job, f->now) == 0, "flush");
  ok(stat(path("local", 10), &st) == -1 && errno == ENOENT, "a file with nothing left is removed");
  is_str(logged(f->lp), "end msg 10\n", "and the message ends");
  is_int(msgtab_get(&f->t, id)->state, SENDEND_CLEANING, "its removal is asked");
}

static void failures(struct fixture *f)
{
  struct sendjob_rcpt r;
  char data[512];
  size_t n;
  uint32_t id = message(f, 13, f->now - 100, 1, "Tbob@y\0", 7);
  is_int(sendjob_next(&f->job, 1, f->now, &r), 1, "a remote recipient");
  ok(report(f, 1, &r, "DSorry, no mailbox here by that name. (#5.1.1)") == 0, "D reported");
  n = get("bounce/13", data, sizeof data);
  ok(n > 0 && memmem(data, n, "bob@y", 5) && memmem(data, n, "no mailbox here", 15), "recorded in bounce/13");
  ok(msgtab_get(&f->t, id)->hasbounce, "the message has a bounce");
  is_mem(data, get(path("remote", 13), data, sizeof data), "Dbob@y\0", 7, "and the recipient is done");
  ok(sendjob_flush(&f->job, f->now) == 0 && !*logged(f->lp), "flush: the pass is still open");
  is_int(sendjob_next(&f->job, 1, f->now, &r), 0, "the pass reads to the end of the file");
  { const char *l = logged(f->lp);
    ok(strstr(l, "\nend msg 13\n") != 0, "the bounce is sent, the message ends");
    if (!strstr(l, "\nend msg 13\n")) diag("%s", l); }

  message(f, 16, f->now - 8 * 86400, 0, "Told@z\0", 7);
  is_int(sendjob_next(&f->job, 0, f->now, &r), 1, "a message older than the queue lifetime");
  ok(report(f, 0, &r, "Zstill trying") == 0, "Z reported");
  n = get("bounce/16", data, sizeof data);
  ok(n > 0 && memmem(data, n, "4.4.7", 5) && memmem(data, n, "in the queue too long", 21), "bounced: 4.4.7, too long");
  ok(sendjob_flush(&f->job, f->now) == 0, "flush");
  is_int(sendjob_next(&f->job, 0, f->now, &r), 0, "end of the file");
  ok(strstr(logged(f->lp), "\nend msg 16\n") != 0, "the message ends at once: no delivery runs");
}

static void damaged(struct fixture *f)
{
  struct sendjob_rcpt r;
  static char rec[1200];
  char data[64];
  uint32_t id;
  rec[0] = 'T';
  memset(rec + 1, 'x', sizeof rec - 2);
  id = message(f, 19, f->now - 50, 0, rec, sizeof rec);
  is_int(sendjob_next(&f->job, 0, f->now, &r), 0, "an over-long recipient is not delivered");
  is_str(logged(f->lp), "alert: discarding an over-long recipient in local/1/19\nend msg 19\n",
         "but discarded, and with nothing else left the message ends");
  ok(get(path("local", 19), data, 1) == 0 && msgtab_get(&f->t, id)->state == SENDEND_CLEANING,
     "its file is removed");
  ok(sendjob_flush(&f->job, f->now) == 0, "flush");

  id = message(f, 22, f->now - 50, 0, "Tq@x\0", 5);
  unlink(path("local", 22));
  is_int(sendjob_next(&f->job, 0, f->now, &r), 0, "a file gone meanwhile");
  ok(!msgtab_get(&f->t, id)->ch[0].hasfile && msgtab_get(&f->t, id)->state == SENDEND_CLEANING,
     "is taken as done; the message ends");
  (void)logged(f->lp);

  id = message(f, 25, f->now - 50, 1, "Tw@x\0", 5);
  is_int(sendjob_next(&f->job, 1, f->now, &r), 1, "a delivery");
  sendjob_lost(&f->job, 1, id);
  is_int(msgtab_get(&f->t, id)->ch[1].running, 0, "lost: no longer running");
  ok(sendjob_flush(&f->job, f->now) == 0 && msgtab_get(&f->t, id)->ch[1].hasfile, "its recipient stays to do");
}

int main(void)
{
  const char *dir = tap_tmpdir();
  static char e1[] = "PATH=/bin:/usr/bin";
  char prog[4200], *envp[2] = { e1, 0 };
  const char *dirs[] = { "mess", "info", "local", "remote" };
  static struct fixture f;
  int lp[2], cp[2];

  signal(SIGPIPE, SIG_IGN);
  if (chdir(dir) == -1 || pipe(lp) == -1 || pipe(cp) == -1) return 1;
  if (fcntl(lp[0], F_SETFL, O_NONBLOCK) == -1) return 1;
  if (!tfile_queue(dirs, 4, SPLIT)) return 1;
  snprintf(prog, sizeof prog, "%s/qq", dir);
  put("qq", qqscript, sizeof qqscript - 1, 0);
  f.now = time(0);
  f.lp = lp[0];
  sendlog_init(&f.log, lp[1]);
  sendend_init(&f.end, &f.t, &f.log, cp[1], SPLIT);
  sendjob_init(&f.job, &f.t, &f.end, &f.log, SPLIT);
  f.end.bctl.prog = prog;
  f.end.bctl.envp = envp;
  f.end.bctl.bouncefrom = "MAILER-DAEMON";
  f.end.bctl.bouncehost = f.end.bctl.dbhost = "here.example";
  f.end.bctl.dbto = "postmaster";
  f.end.bctl.maxbytes = 1000;
  f.end.bctl.split = SPLIT;

  local_pass(&f);
  failures(&f);
  damaged(&f);

  msgtab_free(&f.t);
  tap_rmtree(dir);
  return done_testing();
}
