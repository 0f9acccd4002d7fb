/* bounce.c — unit test for qmail/send/bounce (bounce senders, injection). */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "bounce.h"
#include "tap.h"
#include "tfile.h"

#define SPLIT 3

/* a stand-in queue program: keeps what it gets, exits with the code in ./code */
static const char qqscript[] =
  "#!/bin/sh\ncat > msg.out\ncat <&1 > env.out\necho \"$QUEUEDIR\" > dir.out\n"
  "echo $$ > pid.out\nexit $(cat code 2>/dev/null || echo 0)\n";

static size_t get(const char *path, char *out, size_t n)
{
  int fd = open(path, O_RDONLY);
  ssize_t r = fd == -1 ? -1 : read(fd, out, n);
  if (fd != -1) close(fd);
  return r < 0 ? 0 : (size_t)r;
}

static void routes(void)
{
  stralloc from = STRALLOC_ZERO, to = STRALLOC_ZERO;
  is_int(bounce_route("joe@x.example", "postmaster", "here", &from, &to), BOUNCE_NORMAL, "an ordinary sender");
  is_mem(from.s, from.len, "", 1, "the bounce comes from <>");
  is_mem(to.s, to.len, "joe@x.example", 14, "and goes to the sender");
  is_int(bounce_route("", "postmaster", "here.example", &from, &to), BOUNCE_DOUBLE, "the empty sender: a double bounce");
  is_mem(from.s, from.len, "#@[]", 5, "from #@[]");
  is_mem(to.s, to.len, "postmaster@here.example", 24, "to doublebounceto@doublebouncehost");
  is_int(bounce_route("", "admin@else.example", "here.example", &from, &to), BOUNCE_DOUBLE, "doublebounceto with @");
  is_mem(to.s, to.len, "admin@else.example", 19, "is taken as it is");
  is_int(bounce_route("", "", "here.example", &from, &to), BOUNCE_DISCARD, "an empty doublebounceto: discarded");
  is_int(bounce_route("#@[]", "postmaster", "here", &from, &to), BOUNCE_DISCARD, "#@[]: a triple bounce, discarded");
  stralloc_free(&from);
  stralloc_free(&to);
}

int main(void)
{
  const char *dir = tap_tmpdir();
  static char e1[] = "QUEUEDIR=/the/queue", e2[] = "PATH=/bin:/usr/bin";
  char prog[4200], out[8192], *envp[3] = { e1, e2, 0 };
  struct bounce_ctl c;
  stralloc why = STRALLOC_ZERO;
  pid_t qp = 0;
  size_t n;
  const char *dirs[] = { "mess", "info" };

  signal(SIGPIPE, SIG_IGN);
  routes();
  if (chdir(dir) == -1) return 1;
  if (!tfile_queue(dirs, 2, SPLIT)) return 1;
  snprintf(prog, sizeof prog, "%s/qq", dir);
  tfile_put("qq", qqscript, sizeof qqscript - 1, 0700);
  c.prog = prog;
  c.envp = envp;
  c.bouncefrom = "MAILER-DAEMON";
  c.bouncehost = "here.example";
  c.dbto = "postmaster";
  c.dbhost = "here.example";
  c.maxbytes = 0;
  c.split = SPLIT;

  is_int(bounce_send(&c, 10, 1000, 2000, &qp, &why), BOUNCE_NONE, "no bounce file: BOUNCE_NONE");
  tfile_put("info/1/10", "Fjoe@x.example\0", 15, 0600);
  tfile_put("mess/1/10", "Subject: original\n\nhello\n", 25, 0600);
  tfile_put("bounce/10", "Aa@here.example\0S5.1.1\0Xno such user\0", 37, 0600);
  is_int(bounce_send(&c, 10, 1000, 2000, &qp, &why), BOUNCE_SENT, "a bounce: sent");
  n = get("pid.out", out, sizeof out);
  ok(n > 0 && atol(out) == (long)qp, "qp is the queue program's pid");
  n = get("env.out", out, sizeof out);
  is_mem(out, n, "F\0Tjoe@x.example\0\0", 18, "the envelope: from <>, to the sender");
  n = get("dir.out", out, sizeof out);
  is_mem(out, n, "/the/queue\n", 11, "in the environment given");
  n = get("msg.out", out, sizeof out - 1);
  out[n] = 0;
  ok(strstr(out, "a@here.example") && strstr(out, "no such user") && strstr(out, "Subject: original"),
     "the DSN names the recipient and its diagnostic, and holds the original");
  ok(strstr(out, "MAILER-DAEMON@here.example") != 0, "from bouncefrom@bouncehost");

  tfile_put("code", "71\n", 3, 0600);
  is_int(bounce_send(&c, 10, 1000, 2000, &qp, &why), BOUNCE_FAILED, "the queue program refusing: BOUNCE_FAILED");
  is_str(why.s, "qq temporarily refused", "why: qq_str of its exit code");
  unlink("code");
  tfile_put("info/1/10", "F\0", 2, 0600);
  is_int(bounce_send(&c, 10, 1000, 2000, &qp, &why), BOUNCE_SENT, "a double bounce: sent");
  n = get("env.out", out, sizeof out);
  is_mem(out, n, "F#@[]\0Tpostmaster@here.example\0\0", 32, "from #@[] to postmaster@here.example");
  tfile_put("info/1/10", "F#@[]\0", 6, 0600);
  unlink("env.out");
  is_int(bounce_send(&c, 10, 1000, 2000, &qp, &why), BOUNCE_DROPPED, "a triple bounce: dropped");
  ok(access("env.out", F_OK) == -1, "without running the queue program");
  tfile_put("info/1/10", "Fjoe@x.example\0", 15, 0600);
  tfile_put("bounce/10", "Sjunk\0Aa\0Xb\0", 12, 0600);
  is_int(bounce_send(&c, 10, 1000, 2000, &qp, &why), BOUNCE_CORRUPT, "a malformed bounce file: BOUNCE_CORRUPT");
  tfile_put("bounce/10", "Aa@here.example\0S5.1", 20, 0600);
  is_int(bounce_send(&c, 10, 1000, 2000, &qp, &why), BOUNCE_NONE, "only a torn first record: nothing to send");
  tfile_put("bounce/10", "Aa@here.example\0S5.1.1\0Xno such user\0", 37, 0600);
  unlink("info/1/10");
  is_int(bounce_send(&c, 10, 1000, 2000, &qp, &why), BOUNCE_CORRUPT, "no info file: BOUNCE_CORRUPT");
  tfile_put("info/1/10", "Fjoe@x.example\0", 15, 0600);
  unlink("mess/1/10");
  is_int(bounce_send(&c, 10, 1000, 2000, &qp, &why), BOUNCE_SENT, "no message file: sent all the same");
  snprintf(prog, sizeof prog, "%s/none", dir);
  is_int(bounce_send(&c, 10, 1000, 2000, &qp, &why), BOUNCE_FAILED, "no queue program: BOUNCE_FAILED");
  is_str(why.s, "unable to run the queue program: no such file or directory", "why");
  snprintf(prog, sizeof prog, "%s/qq2", dir);
  tfile_put("qq2", "#!/bin/sh\nkill -9 $$\n", 21, 0700);
  is_int(bounce_send(&c, 10, 1000, 2000, &qp, &why), BOUNCE_FAILED, "the queue program crashing: BOUNCE_FAILED");
  is_str(why.s, "qq crashed", "why");
  stralloc_free(&why);
  if (chdir("/") == -1) return 1;
  tap_rmtree(dir);
  return done_testing();
}
