/* supervise.c — start and watch one service: ./run, restarted at most once
 * a second, driven through supervise/control, reported in supervise/status. */
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "coe.h"
#include "exitcode.h"
#include "fd.h"
#include "fifo.h"
#include "fmt.h"
#include "iopause.h"
#include "lock.h"
#include "ndelay.h"
#include "open.h"
#include "sig.h"
#include "str.h"
#include "stralloc.h"
#include "strerr.h"
#include "svstatus.h"
#include "taia.h"
#include "wait.h"

#define FATAL "supervise: fatal: "
#define WARNING "supervise: warning: "

/* the shortest time between two starts of ./run, in milliseconds */
#define SV_RESTART_MS 1000
/* how long to wait before trying again after fork fails */
#define SV_FORKFAIL_MS 60000
/* the longest target of a supervise symbolic link that we create */
#define SV_LINK_MAX 4095

/* the write end of the self-pipe, for the SIGCHLD handler */
static volatile sig_atomic_t selfpipe_w = -1;

enum aux { AUX_NONE, AUX_INIT, AUX_SHUTDOWN };

struct sv {
  const char *dir;        /* as given, for messages */
  int fdlock, fdcontrol, fdcontrolw, fdok;
  int selfpipe[2];
  pid_t pid;              /* ./run, 0 when down */
  pid_t auxpid;           /* ./init or ./shutdown while it runs */
  enum aux aux;
  int initdone;           /* ./init was run (or there is none) */
  int want, wantup;       /* djb's flagwant, flagwantup */
  int paused, exiting;
  int startreq;           /* ./run should be started when it may */
  int shutdownreq;        /* ./run was brought down by svc -d */
  int64_t nextstart;      /* monotonic ms: no start before this */
  struct taia when;       /* last change of pid */
};

static void onchild(int signo)
{
  if (selfpipe_w >= 0) sig_selfpipe_write(selfpipe_w, signo);
}

/* announce: write supervise/status.new and rename it over the status */
static void announce(const struct sv *s)
{
  struct svstatus st;
  unsigned char x[SVSTATUS_LEN];
  int fd;

  st.when = s->when;
  st.pid = (uint32_t)s->pid;
  st.paused = s->pid && s->paused;
  st.want = s->want ? (s->wantup ? 'u' : 'd') : 0;
  st.spid = (uint32_t)getpid();
  svstatus_pack(x, &st);
  fd = open_trunc("supervise/status.new");
  if (fd == -1) {
    strerr_warn(WARNING, "unable to open ", s->dir, "/supervise/status.new: ", STRERR_SYS, NULL);
    return;
  }
  if (fd_writeall(fd, (const char *)x, sizeof x) == -1) {
    strerr_warn(WARNING, "unable to write ", s->dir, "/supervise/status.new: ", STRERR_SYS, NULL);
    close(fd);
    return;
  }
  close(fd);
  if (rename("supervise/status.new", "supervise/status") == -1)
    strerr_warn(WARNING, "unable to rename ", s->dir,
                "/supervise/status.new to status: ", STRERR_SYS, NULL);
}

static void pidchange(struct sv *s, pid_t pid)
{
  s->pid = pid;
  taia_now(&s->when);
}

/* spawn: fork and exec ./prog; the child's pid, 0 when fork failed */
static pid_t spawn(const struct sv *s, const char *prog)
{
  char *argv[2];
  pid_t f = fork();
  if (f == -1) {
    strerr_warn(WARNING, "unable to fork for ", s->dir, ": ", STRERR_SYS, NULL);
    return 0;
  }
  if (f) return f;
  if (sig_default(SIGCHLD) == -1) _exit(EXIT_TEMP);
  sig_blocknone();
  argv[0] = (char *)(uintptr_t)prog;
  argv[1] = 0;
  execv(prog, argv);
  strerr_die(EXIT_TEMP, FATAL, "unable to start ", s->dir, "/", prog + 2, ": ", STRERR_SYS, NULL);
}

/* runnable: 1 when ./prog exists and may be executed */
static int runnable(const char *prog)
{
  struct stat st;
  return stat(prog, &st) == 0 && S_ISREG(st.st_mode) && access(prog, X_OK) == 0;
}

static int startaux(struct sv *s, enum aux which)
{
  const char *prog = which == AUX_INIT ? "./init" : "./shutdown";
  pid_t f;
  if (!runnable(prog)) return 0;
  f = spawn(s, prog);
  if (!f) return 0;
  s->auxpid = f;
  s->aux = which;
  return 1;
}

/* trystart: start ./run (after ./init, once) when it is wanted and may */
static void trystart(struct sv *s)
{
  pid_t f;
  if (!s->startreq || s->pid || s->auxpid || s->exiting) return;
  if (iopause_now() < s->nextstart) return;
  if (!s->initdone) {
    s->initdone = 1;
    if (startaux(s, AUX_INIT)) return;
  }
  f = spawn(s, "./run");
  if (!f) {
    s->nextstart = iopause_deadline(SV_FORKFAIL_MS);
    return;
  }
  s->startreq = 0;
  s->paused = 0;
  s->shutdownreq = 0;
  s->nextstart = iopause_deadline(SV_RESTART_MS);
  pidchange(s, f);
  announce(s);
}

static void sendsig(const struct sv *s, int signo)
{
  if (s->pid) kill(s->pid, signo);
}

/* command: one byte from supervise/control (svc's option letters) */
static void command(struct sv *s, char c)
{
  switch (c) {
  case 'd':
    s->want = 1; s->wantup = 0; s->startreq = 0;
    if (s->pid) {
      s->shutdownreq = 1;
      kill(s->pid, SIGTERM);
      kill(s->pid, SIGCONT);
    }
    s->paused = 0;
    break;
  case 'u':
    s->want = 1; s->wantup = 1;
    if (!s->pid) s->startreq = 1;
    break;
  case 'o':
    s->want = 0;
    if (!s->pid) s->startreq = 1;
    break;
  case 'x': s->exiting = 1; break;
  case 'p': s->paused = 1; sendsig(s, SIGSTOP); break;
  case 'c': s->paused = 0; sendsig(s, SIGCONT); break;
  case 'a': sendsig(s, SIGALRM); return;
  case 'h': sendsig(s, SIGHUP); return;
  case 'i': sendsig(s, SIGINT); return;
  case 't': sendsig(s, SIGTERM); return;
  case 'k': sendsig(s, SIGKILL); return;
  case '1': sendsig(s, SIGUSR1); return;
  case '2': sendsig(s, SIGUSR2); return;
  default: return;
  }
  announce(s);
}

static void readcontrol(struct sv *s)
{
  char x[64];
  for (;;) {
    ssize_t r = read(s->fdcontrol, x, sizeof x);
    if (r == -1 && errno == EINTR) continue;
    if (r <= 0) return;
    for (ssize_t i = 0; i < r; ++i) command(s, x[i]);
  }
}

static void auxdone(struct sv *s, int status)
{
  const char *prog = s->aux == AUX_INIT ? "/init" : "/shutdown";
  char code[FMT_ULONG];
  int e = wait_exitcode(status);
  s->auxpid = 0;
  s->aux = AUX_NONE;
  if (e == 0) return;
  if (e > 0) {
    code[fmt_uint(code, (unsigned int)e)] = 0;
    strerr_warn(WARNING, s->dir, prog, " exited ", code, NULL);
  } else
    strerr_warn(WARNING, s->dir, prog, " was killed by a signal", NULL);
}

/* reap: collect every child that has ended */
static void reap(struct sv *s)
{
  unsigned char sigs[64];
  int status;
  pid_t r;
  while (sig_selfpipe_drain(s->selfpipe[0], sigs, sizeof sigs) > 0) {}
  while ((r = wait_nohang(&status)) > 0) {
    if (r == s->auxpid) {
      auxdone(s, status);
    } else if (r == s->pid) {
      pidchange(s, 0);
      s->paused = 0;
      if (s->want && s->wantup) s->startreq = 1;
      if (s->shutdownreq) {
        s->shutdownreq = 0;
        startaux(s, AUX_SHUTDOWN);
      }
      announce(s);
    }
  }
}

/* mkpath: mkdir -p path (the last component with mode 0700) */
static int mkpath(char *path)
{
  size_t len = str_len(path);
  for (size_t i = 1; i < len; ++i) {
    if (path[i] != '/') continue;
    path[i] = 0;
    if (mkdir(path, 0755) == -1 && errno != EEXIST) { path[i] = '/'; return -1; }
    path[i] = '/';
  }
  if (mkdir(path, 0700) == -1 && errno != EEXIST) return -1;
  return 0;
}

/* mksupervise: create supervise/, or the directory a dangling
 * supervise symbolic link points to (a /run tree after a reboot) */
static void mksupervise(const struct sv *s)
{
  char target[SV_LINK_MAX + 1];
  struct stat st;
  ssize_t n;
  if (mkdir("supervise", 0700) == 0 || errno != EEXIST) goto check;
  if (lstat("supervise", &st) == -1 || !S_ISLNK(st.st_mode)) goto check;
  if (stat("supervise", &st) == 0 || errno != ENOENT) goto check;
  n = readlink("supervise", target, sizeof target);
  if (n <= 0 || (size_t)n >= sizeof target) goto check;
  target[n] = 0;
  if (mkpath(target) == -1)
    strerr_die(EXIT_TEMP, FATAL, "unable to create ", s->dir, "/supervise -> ", target, ": ",
               STRERR_SYS, NULL);
check:
  if (stat("supervise", &st) == -1)
    strerr_die(EXIT_TEMP, FATAL, "unable to create ", s->dir, "/supervise: ", STRERR_SYS, NULL);
  if (!S_ISDIR(st.st_mode)) {
    errno = ENOTDIR;
    strerr_die(EXIT_TEMP, FATAL, "unable to use ", s->dir, "/supervise: ", STRERR_SYS, NULL);
  }
}

static void xfifo(const struct sv *s, const char *name)
{
  if (fifo_make(name, 0600) == -1 && errno != EEXIST)
    strerr_die(EXIT_TEMP, FATAL, "unable to create ", s->dir, "/", name, ": ", STRERR_SYS, NULL);
}

static int xopen(const struct sv *s, const char *name, int (*op)(const char *))
{
  int fd = op(name);
  if (fd == -1 || coe_on(fd) == -1)
    strerr_die(EXIT_TEMP, FATAL, "unable to open ", s->dir, "/", name, ": ", STRERR_SYS, NULL);
  return fd;
}

/* setup: the supervise directory, its lock, FIFOs and the self-pipe */
static void setup(struct sv *s)
{
  mksupervise(s);
  s->fdlock = xopen(s, "supervise/lock", open_append);
  if (lock_exnb(s->fdlock) == -1)
    strerr_die(EXIT_TEMP, FATAL, "unable to acquire ", s->dir, "/supervise/lock: ", STRERR_SYS, NULL);
  xfifo(s, "supervise/control");
  s->fdcontrol = xopen(s, "supervise/control", open_read);
  if (ndelay_on(s->fdcontrol) == -1)
    strerr_die(EXIT_TEMP, FATAL, "unable to open ", s->dir, "/supervise/control: ", STRERR_SYS, NULL);
  /* our own writer keeps the FIFO from reporting end of file */
  s->fdcontrolw = xopen(s, "supervise/control", open_write);
  xfifo(s, "supervise/ok");
  s->fdok = xopen(s, "supervise/ok", open_read);
  if (sig_selfpipe(s->selfpipe) == -1)
    strerr_die(EXIT_TEMP, FATAL, "unable to create a pipe: ", STRERR_SYS, NULL);
  selfpipe_w = s->selfpipe[1];
  if (sig_catch(SIGCHLD, onchild) == -1)
    strerr_die(EXIT_TEMP, FATAL, "unable to catch SIGCHLD: ", STRERR_SYS, NULL);
}

static void loop(struct sv *s)
{
  iopause_fd x[2];
  for (;;) {
    trystart(s);
    if (s->exiting && !s->pid && !s->auxpid) return;
    x[0].fd = s->selfpipe[0];
    x[0].events = IOPAUSE_READ;
    x[1].fd = s->fdcontrol;
    x[1].events = IOPAUSE_READ;
    x[0].revents = x[1].revents = 0;
    if (iopause(x, 2, s->startreq && !s->pid && !s->auxpid ? s->nextstart : IOPAUSE_FOREVER) == -1)
      strerr_die(EXIT_TEMP, FATAL, "unable to wait: ", STRERR_SYS, NULL);
    reap(s);
    if (x[1].revents) readcontrol(s);
  }
}

int main(int argc, char **argv)
{
  struct sv s = { 0 };
  struct stat st;

  if (argc != 2 || !argv[1][0])
    strerr_die(EXIT_PERM, "supervise: usage: supervise dir", NULL);
  s.dir = argv[1];
  if (chdir(s.dir) == -1)
    strerr_die(EXIT_TEMP, FATAL, "unable to chdir to ", s.dir, ": ", STRERR_SYS, NULL);
  setup(&s);
  s.want = 1;
  s.wantup = 1;
  if (stat("down", &st) == 0) s.wantup = 0;
  else if (errno != ENOENT)
    strerr_die(EXIT_TEMP, FATAL, "unable to stat ", s.dir, "/down: ", STRERR_SYS, NULL);
  s.startreq = s.wantup;
  s.nextstart = iopause_now();
  taia_now(&s.when);
  announce(&s);
  loop(&s);
  announce(&s);
  return 0;
}
