/* qqprog.c — unit test for qmail/lib/qqprog: where the queue program is
 * found, the envelope, what its end means (with and without custom texts),
 * and runs end to end with stand-in queue programs: message, head and
 * copy, envelope, error file, exec failures, a program that stops reading. */
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "exitcode.h"
#include "qqprog.h"
#include "tap.h"

#define PATHSIZE 8192

static const char *dir;

static void paths(void)
{
  stralloc p = STRALLOC_ZERO;
  setenv("QMAILQUEUE", "/x/qq", 1);
  ok(qqprog_path(&p, "/usr") && !strcmp(p.s, "/x/qq"), "path: QMAILQUEUE first");
  setenv("QMAILQUEUE", "", 1);
  ok(qqprog_path(&p, "/usr") && !strcmp(p.s, "/usr/sbin/qmail-multi"),
     "path: empty QMAILQUEUE: the caller's PREFIX/sbin/qmail-multi");
  unsetenv("QMAILQUEUE");
  setenv("PREFIX", "/opt/im", 1);
  ok(qqprog_path(&p, 0) && !strcmp(p.s, "/opt/im/sbin/qmail-multi"), "path: PREFIX resolved here");
  setenv("PREFIX", "relative", 1);
  ok(!qqprog_path(&p, 0), "path: a bad PREFIX fails");
  unsetenv("PREFIX");
  stralloc_free(&p);
}

static void envelopes(void)
{
  stralloc e = STRALLOC_ZERO;
  ok(qqprog_envelope(&e, "s@x", 3, "a@b\0c@d\0", 8), "envelope: built");
  is_mem(e.s, e.len, "Fs@x\0Ta@b\0Tc@d\0\0", 16, "envelope: F, T, T, end");
  ok(qqprog_envelope(&e, "", 0, "a@b", 3), "envelope: null sender, last address without NUL");
  is_mem(e.s, e.len, "F\0Ta@b\0\0", 8, "envelope: F, T, end");
  ok(qqprog_envelope(&e, "s@xyz", 3, "", 0), "envelope: sender by length, no recipients");
  is_mem(e.s, e.len, "Fs@x\0\0", 6, "envelope: F, end");
  stralloc_free(&e);
}

/* classify status (with text) under flags: class, and the text or "" */
static void cls(const char *name, int status, const char *text, int flags, enum qqprog_class want,
                const char *wanttext)
{
  struct qqprog_end e;
  qqprog_classify(status, text, text ? strlen(text) : 0, flags, &e);
  is_int(e.cls, want, "classify %s: class", name);
  is_str(e.text, wanttext, "classify %s: text", name);
}

static void classify(void)
{
  struct qqprog_end e;
  const int c = QQPROG_CUSTOM, cc = QQPROG_CUSTOM | QQPROG_CLEAN;
  cls("0", W_EXITCODE(0, 0), 0, c, QQPROG_OK, "");
  cls("31", W_EXITCODE(31, 0), 0, c, QQPROG_PERM, "");
  cls("11", W_EXITCODE(11, 0), 0, c, QQPROG_PERM, "");
  cls("40", W_EXITCODE(40, 0), 0, c, QQPROG_PERM, "");
  cls("53", W_EXITCODE(53, 0), 0, c, QQPROG_TEMP, "");
  cls("91", W_EXITCODE(91, 0), 0, c, QQPROG_TEMP, "");
  cls("111", W_EXITCODE(111, 0), 0, c, QQPROG_TEMP, "");
  cls("88 D", W_EXITCODE(88, 0), "Dspam is not welcome here\nmore", c, QQPROG_PERM,
      "spam is not welcome here");
  cls("88 Z", W_EXITCODE(88, 0), "Ztry later", c, QQPROG_TEMP, "try later");
  cls("88 Z raw", W_EXITCODE(88, 0), "Zbusy\033[2J\tx", c, QQPROG_TEMP, "busy\033[2J\tx");
  cls("88 Z clean", W_EXITCODE(88, 0), "Zbusy\033[2J\tx", cc, QQPROG_TEMP, "busy_[2J_x");
  cls("88 other letter", W_EXITCODE(88, 0), "Xodd", c, QQPROG_TEMP, "");
  cls("88 no text", W_EXITCODE(88, 0), 0, c, QQPROG_TEMP, "");
  cls("88 D not asked for", W_EXITCODE(88, 0), "Dno", 0, QQPROG_TEMP, "");
  qqprog_classify(W_EXITCODE(31, 0), 0, 0, c, &e);
  ok(!e.crashed && !e.custom && e.code == 31, "classify: 31 is code 31, no crash, no text");
  qqprog_classify(W_EXITCODE(88, 0), "D", 1, c, &e);
  ok(e.custom && e.cls == QQPROG_PERM && !e.text[0], "classify: a bare D is an empty custom text");
  qqprog_classify(W_EXITCODE(0, SIGKILL), 0, 0, c, &e);
  ok(e.crashed && e.cls == QQPROG_TEMP && e.code == -1, "classify: a crash is temporary");
}

/* a stand-in queue program dir/name running body; its path in out */
static void script(const char *name, const char *body, char *out)
{
  FILE *f;
  snprintf(out, PATHSIZE, "%.4000s/%.100s", dir, name);
  f = fopen(out, "w");
  if (!f) { printf("Bail out! %s: %s\n", out, strerror(errno)); exit(255); }
  fprintf(f, "#!/bin/sh\n%s\n", body);
  fclose(f);
  chmod(out, 0755);
}

/* the contents of dir/name (up to 4 kB) as a C string, or "" */
static const char *got(const char *name)
{
  static char data[4096];
  char path[PATHSIZE];
  int fd;
  ssize_t n = -1;
  snprintf(path, sizeof path, "%.4000s/%.100s", dir, name);
  fd = open(path, O_RDONLY);
  if (fd != -1) { n = read(fd, data, sizeof data - 1); close(fd); }
  data[n < 0 ? 0 : n] = 0;
  return data;
}

/* our descriptor 2 into dir/err while on, back when off */
static void catch_err(int on)
{
  static int saved = -1;
  char path[PATHSIZE];
  snprintf(path, sizeof path, "%.4000s/err", dir);
  if (on) {
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    saved = dup(2);
    dup2(fd, 2);
    close(fd);
  } else {
    dup2(saved, 2);
    close(saved);
  }
}

/* run prog as how says on the message head + file in (when not -1) and
 * env; what went wrong in *werr; the end in *e; -1 when it did not run */
static int run(const char *prog, const struct qqprog_how *how, const char *head, int in,
               const stralloc *env, struct qqprog_end *e, int *werr)
{
  struct qqprog q;
  int r;
  catch_err(1);
  r = qqprog_start(&q, prog, how);
  if (r == 0) {
    qqprog_put(&q, head, strlen(head));
    if (in != -1 && qqprog_copy(&q, in) == -1) r = -2;
    if (qqprog_close(&q, r == 0 ? env : 0, e) == -1) r = -1;
    *werr = q.werr;
  }
  catch_err(0);
  return r;
}

static void runs(void)
{
  static const struct qqprog_how quiet = { 0, 0, QQPROG_CUSTOM };
  static const struct qqprog_how loud = { "t: cannot run ", ". (#4.3.0)", 0 };
  char prog[PATHSIZE], msgp[PATHSIZE];
  stralloc env = STRALLOC_ZERO;
  struct qqprog_end e;
  int werr = -1, in;
  ok(qqprog_envelope(&env, "s@x", 3, "r@x", 3), "run: an envelope");
  snprintf(msgp, sizeof msgp, "%.4000s/message", dir);
  in = open(msgp, O_RDWR | O_CREAT | O_TRUNC, 0600);
  ok(in != -1 && write(in, "line 1\nline 2\n", 14) == 14 && lseek(in, 0, SEEK_SET) == 0,
     "run: a message file");

  script("qq", "cat > \"$0.msg\"; tr '\\0' '|' <&1 > \"$0.env\"; echo 'said on 2' >&2\n"
         "exit ${QQ_EXIT:-0}", prog);
  ok(run(prog, &quiet, "DT: x\n", in, &env, &e, &werr) == 0 && e.cls == QQPROG_OK && !werr,
     "run: accepted");
  is_str(got("qq.msg"), "DT: x\nline 1\nline 2\n", "run: the head, then the copied file, on 0");
  is_str(got("qq.env"), "Fs@x|Tr@x||", "run: the envelope on 1");
  is_str(got("err"), "said on 2\n", "run: what it said on 2 is passed on");
  setenv("QQ_EXIT", "31", 1);
  ok(run(prog, &quiet, "x\n", -1, &env, &e, &werr) == 0 && e.cls == QQPROG_PERM && e.code == 31,
     "run: exit 31 is permanent");
  unsetenv("QQ_EXIT");
  ok(run(prog, &quiet, "x\n", -1, 0, &e, &werr) == 0, "run: no envelope");
  is_str(got("qq.env"), "", "run: none was sent");

  script("qqd", "cat > /dev/null; echo 'Dgo away' >&2; exit 88", prog);
  ok(run(prog, &quiet, "x\n", -1, &env, &e, &werr) == 0 && e.cls == QQPROG_PERM && e.custom,
     "run: 88 D is a permanent custom answer");
  is_str(e.text, "go away", "run: its text");
  is_str(got("err"), "", "run: which is not passed on");
  ok(run(prog, &loud, "x\n", -1, &env, &e, &werr) == 0 && e.cls == QQPROG_TEMP && !e.custom,
     "run: without QQPROG_CUSTOM 88 is only a temporary code");
  is_str(got("err"), "Dgo away\n", "run: and the text is passed on");

  script("qq71", "exit 71", prog);
  close(in);
  in = open("/dev/zero", O_RDONLY);
  ok(run(prog, &quiet, "x\n", in, &env, &e, &werr) == 0 && e.cls == QQPROG_TEMP && e.code == 71,
     "run: a program that reads nothing: its code, no hang on endless input");
  is_int(werr, EPIPE, "run: the broken pipe is kept in werr");
  close(in);
  in = open(dir, O_RDONLY | O_DIRECTORY);
  ok(run(prog, &quiet, "x\n", in, &env, &e, &werr) == -2, "run: copy reports a read error");
  close(in);

  snprintf(prog, sizeof prog, "%.4000s/does-not-exist", dir);
  errno = 0;
  ok(run(prog, &quiet, "x\n", -1, &env, &e, &werr) == -1 && errno == ENOENT,
     "run: no failhead: a missing program fails qqprog_start with ENOENT");
  ok(run(prog, &loud, "x\n", -1, &env, &e, &werr) == 0 && e.code == QQ_BUG && e.cls == QQPROG_TEMP,
     "run: with failhead: the child exits 81");
  snprintf(msgp, sizeof msgp, "t: cannot run %.4100s: no such file or directory. (#4.3.0)\n", prog);
  is_str(got("err"), msgp, "run: and says why on 2");
  stralloc_free(&env);
}

int main(void)
{
  dir = tap_tmpdir();
  signal(SIGPIPE, SIG_IGN);
  paths();
  envelopes();
  classify();
  runs();
  tap_rmtree(dir);
  return done_testing();
}
