/* sendend.c — unit test for qmail/send/sendend (bounce, "end msg", removal and their retries). */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "dsn.h"
#include "sendend.h"
#include "tap.h"
#include "tfile.h"

#define SPLIT 3

/* a stand-in queue program: swallows message and envelope, exits with ./code */
static const char qqscript[] =
  "#!/bin/sh\ncat > /dev/null\ncat <&1 > env.out\nexit $(cat code 2>/dev/null || echo 0)\n";

/* everything the log pipe holds now, as a C string */
static const char *logged(int fd)
{
  static char b[8192];
  ssize_t n = read(fd, b, sizeof b - 1);
  b[n > 0 ? n : 0] = 0;
  return b;
}

/* the requests queued for qmail-clean since the last call, as a C string */
static const char *asked(struct sendend *e)
{
  static char b[512];
  size_t n = e->clean.out.s.len < sizeof b - 1 ? e->clean.out.s.len : sizeof b - 1;
  for (size_t i = 0; i < n; ++i) b[i] = e->clean.out.s.s[i] ? e->clean.out.s.s[i] : '|';
  b[n] = 0;
  e->clean.out.s.len = 0;
  return b;
}

static uint32_t add(struct msgtab *t, unsigned long num, time_t birth)
{
  uint32_t id = MSGTAB_NONE;
  if (!msgtab_add(t, num, &id)) { printf("Bail out! msgtab_add\n"); exit(255); }
  msgtab_get(t, id)->birth = birth;
  return id;
}

/* a message num from sender with one failed recipient in bounce/num */
static uint32_t failed(struct msgtab *t, unsigned long num, const char *sender, time_t now)
{
  char p[64], info[64];
  stralloc rec = STRALLOC_ZERO;
  uint32_t id = add(t, num, now - 100);
  int n = snprintf(info, sizeof info, "F%s", sender);
  snprintf(p, sizeof p, "info/%lu/%lu", num % SPLIT, num);
  tfile_put(p, info, (size_t)n + 1, 0600);
  snprintf(p, sizeof p, "mess/%lu/%lu", num % SPLIT, num);
  tfile_put(p, "Subject: hi\n\nbody\n", 18, 0600);
  if (!dsn_record(&rec, "bob@x.example", 13, "5.1.1", "no such user", 12)) exit(255);
  snprintf(p, sizeof p, "bounce/%lu", num);
  tfile_put(p, rec.s, rec.len, 0600);
  stralloc_free(&rec);
  msgtab_get(t, id)->hasbounce = 1;
  return id;
}

static void ends(struct sendend *e, struct msgtab *t, int lp, time_t now)
{
  unsigned long renew = 0;
  uint32_t id = add(t, 17, now - 10);
  msgtab_get(t, id)->ch[1].hasfile = 1;
  ok(sendend_finish(e, id, now) == 0 && !*logged(lp) && !*asked(e), "a remote file is left: nothing yet");
  msgtab_get(t, id)->ch[1].hasfile = 0;
  msgtab_get(t, id)->ch[0].injob = 1;
  ok(sendend_finish(e, id, now) == 0 && !*logged(lp) && !*asked(e), "a pass is not concluded: nothing yet");
  msgtab_get(t, id)->ch[0].injob = 0;
  ok(sendend_finish(e, id, now) == 0, "nothing left: finish");
  is_str(logged(lp), "end msg 17\n", "end msg logged");
  is_str(asked(e), "x17|", "qmail-clean asked to remove it");
  is_int(msgtab_get(t, id)->state, SENDEND_CLEANING, "state: cleaning");
  ok(sendend_finish(e, id, now) == 0 && !*asked(e), "a second finish asks nothing more");
  ok(sendend_answer(e, '+', now, &renew) == 0 && msgtab_find(t, 17) == MSGTAB_NONE, "'+': the message leaves the table");

  id = add(t, 20, now - 10);
  ok(sendend_finish(e, id, now) == 0 && asked(e)[0] == 'x', "msg 20 ends");
  (void)logged(lp);
  ok(sendend_answer(e, '!', now, &renew) == 0, "'!': not removed");
  is_str(logged(lp), "warning: qmail-clean was unable to remove msg 20; will try again later\n", "warned");
  int64_t due = 0;
  ok(sendend_next(e, &due) && due == now + SENDEND_RETRY, "waits SENDEND_RETRY seconds");
  ok(sendend_due(e, now + SENDEND_RETRY - 1) == 0 && !*asked(e), "not before");
  ok(sendend_due(e, now + SENDEND_RETRY) == 0, "then taken up");
  is_str(asked(e), "x20|", "qmail-clean asked again");
  ok(!sendend_next(e, &due), "nothing waits any more");
  ok(sendend_answer(e, '+', now, &renew) == 0 && msgtab_count(t) == 0, "removed the second time");

  ok(sendend_answer(e, '+', now, &renew) == 0, "an answer too many");
  is_str(logged(lp), "warning: qmail-clean answered a request it was not sent\n", "is logged and ignored");
  ok(sendend_orphan(e, 99) == 0, "orphan");
  is_str(asked(e), "x99|", "its removal is asked");
  ok(sendend_answer(e, '!', now, &renew) == 0 && !sendend_next(e, &due), "an orphan that failed is not retried");
  (void)logged(lp);

  /* a new message took the number while the old one was being removed */
  id = add(t, 35, now - 10);
  ok(sendend_finish(e, id, now) == 0 && asked(e)[0] == 'x', "msg 35 ends");
  (void)logged(lp);
  msgtab_get(t, id)->renew = 1;
  renew = 0;
  ok(sendend_answer(e, '+', now, &renew) == 1 && renew == 35, "'+' for a number announced again: 1, the number given back");
  ok(msgtab_find(t, 35) == MSGTAB_NONE, "and the old message left the table");
  id = add(t, 35, now);
  ok(msgtab_get(t, id)->renew == 0, "a message added again starts without the mark");
  msgtab_del(t, id);
}

static void bounces(struct sendend *e, struct msgtab *t, int lp, time_t now)
{
  char log[256], want[256];
  uint32_t id = failed(t, 23, "joe@y.example", now);
  unsigned long qp = 0, renew;
  int64_t due = 0;
  struct stat st;
  ok(sendend_finish(e, id, now) == 0, "a message with a bounce file ends");
  snprintf(log, sizeof log, "%s", logged(lp));
  ok(sscanf(log, "bounce msg 23 qp %lu", &qp) == 1 && qp > 0, "bounce msg with the queue program's pid");
  snprintf(want, sizeof want, "bounce msg 23 qp %lu\nend msg 23\n", qp);
  is_str(log, want, "then end msg");
  ok(stat("bounce/23", &st) == -1 && errno == ENOENT, "bounce/23 removed");
  is_str(asked(e), "x23|", "and the message's removal asked");
  ok(sendend_answer(e, '+', now, &renew) == 0, "removed");

  tfile_put("code", "71\n", 3, 0600);
  id = failed(t, 26, "joe@y.example", now);
  ok(sendend_finish(e, id, now) == 0 && !*asked(e), "a bounce the queue program refuses");
  snprintf(log, sizeof log, "%s", logged(lp));
  ok(strncmp(log, "warning: unable to inject bounce message for msg 26: qq ", 56) == 0,
     "is logged with the queue program's verdict");
  if (strncmp(log, "warning: unable to inject bounce message for msg 26: qq ", 56)) diag("%s", log);
  ok(stat("bounce/26", &st) == 0 && msgtab_get(t, id)->state == SENDEND_BOUNCEWAIT, "bounce/26 kept; waiting");
  ok(sendend_next(e, &due) && due == now + SENDEND_RETRY, "to try again later");
  unlink("code");
  sendend_alldue(e, now);
  ok(sendend_next(e, &due) && due == now, "SIGALRM: due now");
  ok(sendend_due(e, now) == 0, "taken up");
  snprintf(log, sizeof log, "%s", logged(lp));
  ok(sscanf(log, "bounce msg 26 qp %lu", &qp) == 1, "then sent");
  snprintf(want, sizeof want, "bounce msg 26 qp %lu\nend msg 26\n", qp);
  is_str(log, want, "and ended");
  is_str(asked(e), "x26|", "and removed");
  ok(sendend_answer(e, '+', now, &renew) == 0, "answered");

  id = failed(t, 29, "#@[]", now);
  ok(sendend_finish(e, id, now) == 0, "a failed double bounce");
  is_str(logged(lp), "triple bounce: discarding bounce/29\nend msg 29\n", "is discarded");
  ok(stat("bounce/29", &st) == -1 && asked(e)[0] == 'x', "bounce/29 removed, the message too");

  id = failed(t, 32, "joe@y.example", now);
  tfile_put("bounce/32", "junk without a record", 21, 0600);
  ok(sendend_finish(e, id, now) == 0, "a corrupt bounce file");
  snprintf(log, sizeof log, "%s", logged(lp));
  is_str(log, "alert: discarding bounce/32: the bounce file is malformed\nend msg 32\n", "is discarded");
  (void)asked(e);
}

int main(void)
{
  const char *dir = tap_tmpdir();
  static char e1[] = "PATH=/bin:/usr/bin";
  char prog[4200], *envp[2] = { e1, 0 };
  const char *dirs[] = { "mess", "info" };
  struct msgtab t = MSGTAB_ZERO;
  static struct sendend e;
  struct sendlog log;
  time_t now = time(0);
  int lp[2], cp[2];

  signal(SIGPIPE, SIG_IGN);
  if (chdir(dir) == -1 || pipe(lp) == -1 || pipe(cp) == -1) return 1;
  if (fcntl(lp[0], F_SETFL, O_NONBLOCK) == -1) return 1;
  if (!tfile_queue(dirs, 2, SPLIT)) return 1;
  snprintf(prog, sizeof prog, "%s/qq", dir);
  tfile_put("qq", qqscript, sizeof qqscript - 1, 0700);
  sendlog_init(&log, lp[1]);
  sendend_init(&e, &t, &log, cp[1], SPLIT);
  e.bctl.prog = prog;
  e.bctl.envp = envp;
  e.bctl.bouncefrom = "MAILER-DAEMON";
  e.bctl.bouncehost = "here.example";
  e.bctl.dbto = "postmaster";
  e.bctl.dbhost = "here.example";
  e.bctl.maxbytes = 1000;
  e.bctl.split = SPLIT;

  ends(&e, &t, lp[0], now);
  bounces(&e, &t, lp[0], now);

  msgtab_free(&t);
  sendclean_free(&e.clean);
  sendsched_free(&e.later);
  stralloc_free(&e.fn);
  stralloc_free(&e.why);
  stralloc_free(&log.line);
  tap_rmtree(dir);
  return done_testing();
}
