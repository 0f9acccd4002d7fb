/* qmail-start.c — start one queue's delivery programs, wired with pipes, then become qmail-send.
 *
 * qmail-start [defaultdelivery [logger [arg ...]]]
 *
 * In the queue directory (QUEUEDIR, else QUEUE_BASE/queue<QUEUE_START>),
 * with QUEUEDIR exported as an absolute path, it forks todo-proc,
 * qmail-lspawn, qmail-rspawn and two qmail-clean, each with exactly the
 * descriptors of indimail-queue(5), and then execs qmail-send in its own
 * process, so that a supervisor watches qmail-send's pid. With a logger,
 * the logger runs with a pipe on its fd 0 and fd 2 of every program is
 * that pipe. As root each program runs as its qmail user; a private
 * instance (not root) changes nothing. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "env.h"
#include "exitcode.h"
#include "pathexec.h"
#include "paths.h"
#include "prot.h"
#include "scan.h"
#include "sig.h"
#include "stralloc.h"
#include "strerr.h"
#include "users.h"

#define FATAL "qmail-start: fatal: "
#define WARNING "qmail-start: warning: "
#define USAGE "qmail-start: usage: qmail-start [defaultdelivery [logger [arg ...]]]"
#define START_DEFAULT_DELIVERY "./Maildir/"
/* descriptors at or above this are free for the shuffle: every target is below */
#define START_FD_HIGH 10
/* the most descriptors looked at when /proc/self/fd cannot be read */
#define START_FD_SCAN_MAX 4096
#define START_WIRES_MAX 8

/* the pipes: writer_to_reader */
enum start_pipe {
  P_SEND_TODO, P_TODO_SEND, P_SEND_LSPAWN, P_LSPAWN_SEND, P_SEND_RSPAWN, P_RSPAWN_SEND,
  P_SEND_CLEAN, P_CLEAN_SEND, P_TODO_CLEAN, P_CLEAN_TODO, P_N
};
enum { RD = 0, WR = 1 };

/* one descriptor of a program: target fd = end of pipe */
struct start_wire { int target; enum start_pipe pipe; int end; };

struct start_prog {
  const char *name;
  enum users_role user;           /* USERS_ROOT: keep the ids qmail-start has */
  size_t nwires;
  struct start_wire w[START_WIRES_MAX];
};

/* the five children, then qmail-send (last), as indimail-queue(5) wires them */
static const struct start_prog start_progs[] = {
  { "todo-proc", USERS_QMAILS, 4,
    { { 0, P_SEND_TODO, RD }, { 1, P_TODO_SEND, WR }, { 7, P_TODO_CLEAN, WR }, { 8, P_CLEAN_TODO, RD } } },
  { "qmail-clean", USERS_QMAILQ, 2, { { 0, P_TODO_CLEAN, RD }, { 1, P_CLEAN_TODO, WR } } },
  { "qmail-clean", USERS_QMAILQ, 2, { { 0, P_SEND_CLEAN, RD }, { 1, P_CLEAN_SEND, WR } } },
  { "qmail-lspawn", USERS_ROOT, 2, { { 0, P_SEND_LSPAWN, RD }, { 1, P_LSPAWN_SEND, WR } } },
  { "qmail-rspawn", USERS_QMAILR, 2, { { 0, P_SEND_RSPAWN, RD }, { 1, P_RSPAWN_SEND, WR } } },
  { "qmail-send", USERS_QMAILS, 8,
    { { 0, P_TODO_SEND, RD }, { 1, P_SEND_TODO, WR }, { 3, P_SEND_LSPAWN, WR }, { 4, P_LSPAWN_SEND, RD },
      { 5, P_SEND_RSPAWN, WR }, { 6, P_RSPAWN_SEND, RD }, { 7, P_SEND_CLEAN, WR }, { 8, P_CLEAN_SEND, RD } } },
};
#define START_NPROGS (sizeof start_progs / sizeof start_progs[0])

struct start {
  struct paths ps;
  char *defaultdelivery;
  char defdel[sizeof START_DEFAULT_DELIVERY];
  char argv0[32];                 /* the program's name for its argv[0] */
  char **logger;                  /* logger argv, or NULL */
  int drop;                       /* start_users: 1 change to the qmail users, 0 or -1 not */
  int p[P_N][2];
  stralloc prog;                  /* PREFIX/sbin/NAME */
};

/* 0, 1 and 2 open (on /dev/null if they were closed), so that no pipe takes them */
static void start_stdfds(void)
{
  for (int fd = 0; fd < 3; ++fd) {
    if (fcntl(fd, F_GETFD) != -1 || errno != EBADF) continue;
    if (open("/dev/null", O_RDWR) != fd) _exit(EXIT_TEMP);
  }
}

/* every inherited descriptor above 2 close-on-exec: children get only their own */
static void start_cloexec_inherited(void)
{
  DIR *d = opendir("/proc/self/fd");
  if (d) {
    struct dirent *de;
    int self = dirfd(d);
    while ((de = readdir(d))) {
      unsigned long fd;
      size_t len = strlen(de->d_name);
      if (!len || scan_ulong(de->d_name, len, &fd) != len) continue;
      if (fd > 2 && (int)fd != self) fcntl((int)fd, F_SETFD, FD_CLOEXEC);
    }
    closedir(d);
    return;
  }
  for (int fd = 3; fd < START_FD_SCAN_MAX; ++fd) fcntl(fd, F_SETFD, FD_CLOEXEC);
}

/* as root: whether to change users (1), or not (0: not root; -1: root, but
 * all qmail users are unknown, a private instance run by root, which is
 * said once, on the log). Some users unknown is an error. */
static int start_users(void)
{
  static const enum users_role roles[] = {
    USERS_QMAILL, USERS_QMAILQ, USERS_QMAILR, USERS_QMAILS, USERS_GROUP_QMAIL, USERS_GROUP_NOFILES
  };
  size_t known = 0, n = sizeof roles / sizeof roles[0];
  const char *missing = 0;
  if (geteuid() != 0) return 0;
  for (size_t i = 0; i < n; ++i) {
    if (users_lookup(roles[i], 0, 0) == 0) { ++known; continue; }
    if (errno != ENOENT) strerr_die(EXIT_TEMP, FATAL, "unable to look up ", users_name(roles[i]), ": ", STRERR_SYS, NULL);
    missing = users_name(roles[i]);
  }
  if (known == n) return 1;
  if (known) strerr_die(EXIT_TEMP, FATAL, "unable to find user or group ", missing, NULL);
  return -1;
}

/* become role, in group, unless this is a private instance (root stays root) */
static void start_become(const struct start *st, enum users_role role, enum users_role group)
{
  if (st->drop != 1 || role == USERS_ROOT) return;
  if (prot_drop(users_name(role), users_name(group)) == -1)
    strerr_die(EXIT_TEMP, FATAL, "unable to switch to ", users_name(role), ": ", STRERR_SYS, NULL);
}

/* put the pipe ends of pr on their target descriptors; everything else
 * of ours stays close-on-exec. Copies go high first so that no target
 * overwrites a source still needed. */
static void start_wire_fds(const struct start *st, const struct start_prog *pr)
{
  int hi[START_WIRES_MAX];
  for (size_t i = 0; i < pr->nwires; ++i) {
    hi[i] = fcntl(st->p[pr->w[i].pipe][pr->w[i].end], F_DUPFD_CLOEXEC, START_FD_HIGH);
    if (hi[i] == -1) strerr_die(EXIT_TEMP, FATAL, "unable to move descriptors: ", STRERR_SYS, NULL);
  }
  for (size_t i = 0; i < pr->nwires; ++i) {
    if (dup2(hi[i], pr->w[i].target) == -1)
      strerr_die(EXIT_TEMP, FATAL, "unable to move descriptors: ", STRERR_SYS, NULL);
    close(hi[i]);
  }
}

/* exec PREFIX/sbin/NAME with argv; returns only to die */
static void __attribute__((noreturn)) start_exec(struct start *st, const char *name, char *const argv[])
{
  if (!stralloc_copys(&st->prog, paths_get(&st->ps, PATHS_PREFIX)) || !stralloc_cats(&st->prog, "/sbin/") ||
      !stralloc_cats(&st->prog, name) || !stralloc_0(&st->prog))
    strerr_die(EXIT_TEMP, FATAL, "out of memory", NULL);
  execv(st->prog.s, argv);
  strerr_die(EXIT_TEMP, FATAL, "unable to run ", st->prog.s, ": ", STRERR_SYS, NULL);
}

/* wire, change user and exec program pr in this process */
static void __attribute__((noreturn)) start_run(struct start *st, const struct start_prog *pr)
{
  char *argv[3];
  if (strlen(pr->name) >= sizeof st->argv0) _exit(EXIT_BUG);
  strcpy(st->argv0, pr->name);
  argv[0] = st->argv0;
  argv[1] = 0;
  if (!strcmp(pr->name, "qmail-lspawn")) argv[1] = st->defaultdelivery;
  argv[2] = 0;
  start_wire_fds(st, pr);
  start_become(st, pr->user, USERS_GROUP_QMAIL);
  start_exec(st, pr->name, argv);
}

/* the logger, as qmaill, reading fd 0 from a pipe whose other end becomes our fd 2 */
static void start_logger(struct start *st)
{
  int pi[2];
  if (pipe2(pi, O_CLOEXEC) == -1) strerr_die(EXIT_TEMP, FATAL, "unable to create a pipe: ", STRERR_SYS, NULL);
  switch (fork()) {
  case -1: strerr_die(EXIT_TEMP, FATAL, "unable to fork: ", STRERR_SYS, NULL);
  case 0:
    if (dup2(pi[RD], 0) == -1) strerr_die(EXIT_TEMP, FATAL, "unable to move descriptors: ", STRERR_SYS, NULL);
    start_become(st, USERS_QMAILL, USERS_GROUP_NOFILES);
    pathexec_run(st->logger[0], st->logger, 0);
    strerr_die(EXIT_TEMP, FATAL, "unable to run ", st->logger[0], ": ", STRERR_SYS, NULL);
  default: break;
  }
  if (dup2(pi[WR], 2) == -1) strerr_die(EXIT_TEMP, FATAL, "unable to move descriptors: ", STRERR_SYS, NULL);
  close(pi[RD]);
  close(pi[WR]);
}

/* the queue directory: chdir there and export it for every child */
static void start_queue(struct start *st)
{
  const char *dir;
  if (paths_init(&st->ps) == -1)
    strerr_die(EXIT_TEMP, FATAL, "bad ", st->ps.bad ? st->ps.bad : "setting", ": ", STRERR_SYS, NULL);
  dir = paths_get(&st->ps, PATHS_QUEUEDIR);
  if (chdir(dir) == -1) strerr_die(EXIT_TEMP, FATAL, "unable to switch to ", dir, ": ", STRERR_SYS, NULL);
  if (!env_put("QUEUEDIR", dir)) strerr_die(EXIT_TEMP, FATAL, "out of memory", NULL);
}

static void start_args(struct start *st, int argc, char **argv)
{
  int i = 1;
  /* indimail's -s (static queues) is the only mode there is */
  if (i < argc && !strcmp(argv[i], "-s")) ++i;
  if (i < argc && !strcmp(argv[i], "--")) ++i;
  else if (i < argc && argv[i][0] == '-' && argv[i][1]) strerr_die(EXIT_PERM, USAGE, NULL);
  memcpy(st->defdel, START_DEFAULT_DELIVERY, sizeof st->defdel);
  st->defaultdelivery = i < argc ? argv[i++] : st->defdel;
  st->logger = i < argc ? argv + i : 0;
}

int main(int argc, char **argv)
{
  static struct start st;
  start_stdfds();
  start_args(&st, argc, argv);
  sig_blocknone();
  start_queue(&st);
  start_cloexec_inherited();
  st.drop = start_users();
  if (st.logger) start_logger(&st);
  if (st.drop == -1) strerr_warn(WARNING, "the qmail users are unknown: every program runs as the invoking user", NULL);
  for (size_t i = 0; i < P_N; ++i)
    if (pipe2(st.p[i], O_CLOEXEC) == -1) strerr_die(EXIT_TEMP, FATAL, "unable to create pipes: ", STRERR_SYS, NULL);
  for (size_t i = 0; i + 1 < START_NPROGS; ++i) {
    switch (fork()) {
    case -1: strerr_die(EXIT_TEMP, FATAL, "unable to fork: ", STRERR_SYS, NULL);
    case 0: start_run(&st, &start_progs[i]);
    default: break;
    }
  }
  start_run(&st, &start_progs[START_NPROGS - 1]);
}
