/* svscan.c — run one supervise per service directory, plus one for each
 * service's log directory joined to it by a pipe that svscan holds open,
 * so that no log line is lost (svscan(8)). */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include "coe.h"
#include "env.h"
#include "exitcode.h"
#include "fmt.h"
#include "genalloc.h"
#include "iopause.h"
#include "open.h"
#include "pathexec.h"
#include "scan.h"
#include "sig.h"
#include "str.h"
#include "strerr.h"
#include "svstatus.h"
#include "wait.h"

#define FATAL "svscan: fatal: "
#define WARNING "svscan: warning: "
#define USAGE "svscan: usage: svscan [ dir ]"

/* the most services (subdirectories) svscan runs at once */
#define SVSCAN_SERVICES_MAX 1000
/* the longest service name; a directory entry is never longer */
#define SVSCAN_NAME_MAX 255
/* room for NAME "/log" and its NUL */
#define SVSCAN_PATH_MAX (SVSCAN_NAME_MAX + 8)
/* SCANINTERVAL: default and largest value, in seconds */
#define SVSCAN_INTERVAL_DEFAULT 5
#define SVSCAN_INTERVAL_MAX 86400
/* on SIGTERM: how long a logger may take to finish its input after its
 * service stopped, before it is told to stop (svc -d) */
#define SVSCAN_DRAIN_MS 5000
/* on SIGTERM: how long a service may take to stop before svc -k */
#define SVSCAN_KILL_MS 10000
/* on SIGTERM: a supervise that has not exited this long after svscan
 * began to stop its side is left running, with a warning */
#define SVSCAN_GIVEUP_MS (2 * SVSCAN_KILL_MS)
/* on SIGTERM: how often undelivered commands are tried again */
#define SVSCAN_RETRY_MS 100
/* the descriptors svscan wants: per service its directory and a log
 * pipe, and a few */
#define SVSCAN_NOFILE_WANT (3 * SVSCAN_SERVICES_MAX + 64)

/* the write end of the self-pipe, for the signal handler */
static volatile sig_atomic_t selfpipe_w = -1;

enum stage { STAGE_RUN, STAGE_MAIN, STAGE_LOG, STAGE_DONE };

struct svent {
  dev_t dev;
  ino_t ino;
  char name[SVSCAN_NAME_MAX + 1];
  int self;            /* ".svscan": the service is svscan itself (SCANLOG) */
  int active;          /* seen by the last scan */
  int haslog;          /* pi is the pipe to name/log */
  int dirfd;           /* the directory, found even after a rename */
  int pi[2];           /* -1 when closed */
  pid_t pid, pidlog;   /* the two supervise processes, 0 when none */
  enum stage stage;    /* after SIGTERM: how far stopping has gone */
  int64_t since;       /* when the stage began */
  unsigned sent;       /* the commands of this stage delivered (bits) */
};
GENALLOC_DECLARE(svents, struct svent)

struct svscan {
  svents x;
  unsigned long interval;  /* seconds between scans */
  int64_t nextscan;
  int selfpipe[2];
  int stopping;
  int origout, origerr;    /* with SCANLOG: the first stdout and stderr */
  struct rlimit nofile;    /* the limit to give back to children */
  int nofileraised;
  int leftrunning;         /* a supervise was given up on while stopping */
};

static void onsig(int signo)
{
  if (selfpipe_w >= 0) sig_selfpipe_write(selfpipe_w, signo);
}

/* control: write cmd to the supervise of e (or of e's log), through e's
 * directory descriptor so that a renamed directory is still reached; 1
 * when it was delivered, 0 when supervise does not listen (yet) */
static int control(const struct svent *e, int log, const char *cmd)
{
  const char *path = log ? "log/supervise/control" : "supervise/control";
  size_t len = str_len(cmd);
  ssize_t w;
  int fd;
  do fd = openat(e->dirfd, path, O_WRONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
  while (fd == -1 && errno == EINTR);
  if (fd == -1) return 0;
  do w = write(fd, cmd, len); while (w == -1 && errno == EINTR);
  close(fd);
  return w == (ssize_t)len;
}

/* child: the forked child's side of spawn; never returns */
static void __attribute__((noreturn))
child(const struct svscan *s, char *const argv[], const int moves[3])
{
  if (sig_default(SIGCHLD) == -1 || sig_default(SIGHUP) == -1 || sig_default(SIGTERM) == -1
      || sig_default(SIGPIPE) == -1)
    _exit(EXIT_TEMP);
  sig_blocknone();
  if (s->nofileraised && setrlimit(RLIMIT_NOFILE, &s->nofile) == -1) _exit(EXIT_TEMP);
  for (int fd = 0; fd < 3; ++fd) {
    if (moves[fd] < 0) continue;
    if (moves[fd] == fd ? coe_off(fd) == -1 : dup2(moves[fd], fd) == -1) {
      strerr_warn(WARNING, "unable to set up descriptors for supervise ", argv[1], ": ",
                  STRERR_SYS, NULL);
      _exit(EXIT_TEMP);
    }
  }
  pathexec_run(argv[0], argv, NULL);
  strerr_warn(WARNING, "unable to start supervise ", argv[1], ": ", STRERR_SYS, NULL);
  _exit(EXIT_TEMP);
}

/* spawn: run "supervise dir" with moves[fd] (when >= 0) on fd 0, 1, 2;
 * its pid, or 0 when fork failed */
static pid_t spawn(const struct svscan *s, const char *dir, const int moves[3])
{
  char *argv[3];
  pid_t pid;
  argv[0] = (char *)(uintptr_t)"supervise";
  argv[1] = (char *)(uintptr_t)dir;
  argv[2] = 0;
  /* a signal between fork and exec must not reach our handlers */
  if (sig_block(SIGCHLD) == -1 || sig_block(SIGHUP) == -1 || sig_block(SIGTERM) == -1)
    strerr_die(EXIT_TEMP, FATAL, "unable to block signals: ", STRERR_SYS, NULL);
  pid = fork();
  if (pid == 0) child(s, argv, moves);
  if (pid == -1) strerr_warn(WARNING, "unable to fork for ", dir, ": ", STRERR_SYS, NULL);
  if (sig_unblock(SIGCHLD) == -1 || sig_unblock(SIGHUP) == -1 || sig_unblock(SIGTERM) == -1)
    strerr_die(EXIT_TEMP, FATAL, "unable to unblock signals: ", STRERR_SYS, NULL);
  return pid == -1 ? 0 : pid;
}

static void startmain(const struct svscan *s, struct svent *e)
{
  int moves[3] = { -1, -1, -1 };
  if (e->haslog) moves[1] = e->pi[1];
  e->pid = spawn(s, e->name, moves);
}

static void startlog(const struct svscan *s, struct svent *e)
{
  char dir[SVSCAN_PATH_MAX];
  int moves[3] = { -1, -1, -1 };
  size_t n = fmt_str(dir, e->name);
  n += fmt_str(dir + n, "/log");
  dir[n] = 0;
  moves[0] = e->pi[0];
  if (e->self) {
    /* svscan's own logger writes its errors where svscan's went */
    moves[1] = s->origout;
    moves[2] = s->origerr;
  }
  e->pidlog = spawn(s, dir, moves);
}

/* makepipe: the log pipe of e, both ends close-on-exec; 0 or -1 */
static int makepipe(struct svent *e)
{
  if (pipe(e->pi) == -1) {
    strerr_warn(WARNING, "unable to create a pipe for ", e->name, ": ", STRERR_SYS, NULL);
    e->pi[0] = e->pi[1] = -1;
    return -1;
  }
  if (coe_on(e->pi[0]) == -1 || coe_on(e->pi[1]) == -1) {
    strerr_warn(WARNING, "unable to create a pipe for ", e->name, ": ", STRERR_SYS, NULL);
    close(e->pi[0]);
    close(e->pi[1]);
    e->pi[0] = e->pi[1] = -1;
    return -1;
  }
  e->haslog = 1;
  return 0;
}

/* uselog: give e its pipe when name/log is a directory; -1 when that
 * directory exists but the pipe could not be made */
static int uselog(struct svent *e)
{
  char dir[SVSCAN_PATH_MAX];
  struct stat st;
  size_t n = fmt_str(dir, e->name);
  n += fmt_str(dir + n, "/log");
  dir[n] = 0;
  if (stat(dir, &st) == -1 || !S_ISDIR(st.st_mode)) return 0;
  return makepipe(e);
}

/* add: a new entry for the directory name, or NULL */
static struct svent *add(struct svscan *s, const char *name, const struct stat *st)
{
  struct svent e = { 0 };
  size_t count = 0;
  for (size_t i = 0; i < s->x.len; ++i) count += !s->x.items[i].self;
  if (count >= SVSCAN_SERVICES_MAX) {
    strerr_warn(WARNING, "unable to start ", name, ": running too many services", NULL);
    return 0;
  }
  e.dev = st->st_dev;
  e.ino = st->st_ino;
  e.pi[0] = e.pi[1] = -1;
  e.dirfd = open(name, O_RDONLY | O_DIRECTORY | O_NOCTTY | O_CLOEXEC);
  if (e.dirfd == -1 || !str_copyb(e.name, sizeof e.name, name) || !svents_append(&s->x, e)) {
    strerr_warn(WARNING, "unable to start ", name, ": ", STRERR_SYS, NULL);
    if (e.dirfd != -1) close(e.dirfd);
    return 0;
  }
  return &s->x.items[s->x.len - 1];
}

/* trystart: the directory entry name: (re)start what is not running */
static void trystart(struct svscan *s, const char *name)
{
  struct svent *e = 0;
  struct stat st;
  if (str_len(name) > SVSCAN_NAME_MAX) {
    strerr_warn(WARNING, "unable to start ", name, ": name too long", NULL);
    return;
  }
  if (stat(name, &st) == -1) {
    strerr_warn(WARNING, "unable to stat ", name, ": ", STRERR_SYS, NULL);
    return;
  }
  if (!S_ISDIR(st.st_mode)) return;
  for (size_t i = 0; i < s->x.len && !e; ++i)
    if (!s->x.items[i].self && s->x.items[i].ino == st.st_ino && s->x.items[i].dev == st.st_dev)
      e = &s->x.items[i];
  if (!e && !(e = add(s, name, &st))) return;
  if (!str_copyb(e->name, sizeof e->name, name)) return;
  e->active = 1;
  /* a log directory is taken on when the main supervise (re)starts */
  if (!e->pid && !e->haslog && uselog(e) == -1) return;
  if (!e->pid) startmain(s, e);
  if (e->haslog && !e->pidlog) startlog(s, e);
}

static void closepipe(struct svent *e)
{
  for (int k = 0; k < 2; ++k)
    if (e->pi[k] != -1) { close(e->pi[k]); e->pi[k] = -1; }
}

/* forget: drop entries whose directory is gone and whose supervise
 * processes have both exited */
static void forget(struct svscan *s)
{
  for (size_t i = 0; i < s->x.len;) {
    struct svent *e = &s->x.items[i];
    if (e->self || e->active || e->pid || e->pidlog) { ++i; continue; }
    closepipe(e);
    close(e->dirfd);
    s->x.items[i] = s->x.items[--s->x.len];
  }
}

/* scan: every subdirectory not starting with a dot */
static void scan(struct svscan *s)
{
  DIR *d = opendir(".");
  struct dirent *de;
  if (!d) {
    strerr_warn(WARNING, "unable to open the service directory: ", STRERR_SYS, NULL);
    return;
  }
  for (size_t i = 0; i < s->x.len; ++i) s->x.items[i].active = 0;
  for (;;) {
    errno = 0;
    de = readdir(d);
    if (!de) break;
    if (de->d_name[0] != '.') trystart(s, de->d_name);
  }
  if (errno) {
    strerr_warn(WARNING, "unable to read the service directory: ", STRERR_SYS, NULL);
    closedir(d);
    return;
  }
  closedir(d);
  forget(s);
  for (size_t i = 0; i < s->x.len; ++i)
    if (s->x.items[i].self && !s->x.items[i].pidlog) startlog(s, &s->x.items[i]);
}

/* reap: every supervise that has exited */
static void reap(struct svscan *s)
{
  pid_t pid;
  int status;
  while ((pid = wait_nohang(&status)) > 0)
    for (size_t i = 0; i < s->x.len; ++i) {
      if (s->x.items[i].pid == pid) s->x.items[i].pid = 0;
      if (s->x.items[i].pidlog == pid) s->x.items[i].pidlog = 0;
    }
}

static void beginstop(struct svscan *s)
{
  int64_t now = iopause_now();
  s->stopping = 1;
  for (size_t i = 0; i < s->x.len; ++i) {
    s->x.items[i].stage = STAGE_MAIN;
    s->x.items[i].since = now;
    s->x.items[i].sent = 0;
  }
}

/* giveup: stop waiting for the supervise of e (or of its log) */
static void giveup(struct svscan *s, struct svent *e, int log)
{
  s->leftrunning = 1;
  strerr_warn(WARNING, "leaving supervise ", e->name, log ? "/log" : "", " running", NULL);
  if (log) e->pidlog = 0;
  else e->pid = 0;
}

static int othersalive(const struct svscan *s)
{
  for (size_t i = 0; i < s->x.len; ++i)
    if (!s->x.items[i].self && s->x.items[i].stage != STAGE_DONE) return 1;
  return 0;
}

/* quiet: svscan stops writing to its own logger, so that it sees the end */
static void quiet(void)
{
  int fd = open("/dev/null", O_WRONLY | O_NOCTTY | O_CLOEXEC);
  if (fd == -1) { close(1); close(2); return; }
  if (dup2(fd, 1) == -1) close(1);
  if (dup2(fd, 2) == -1) close(2);
  close(fd);
}

/* stopmain: svc -dx to the service, then -k after SVSCAN_KILL_MS; when
 * its supervise has gone, close our write end and go on to the log */
static void stopmain(struct svscan *s, struct svent *e, int64_t now)
{
  if (!e->self && e->pid && now - e->since >= SVSCAN_GIVEUP_MS) giveup(s, e, 0);
  if (e->self ? othersalive(s) : e->pid != 0) {
    if (e->self) return;
    if (!(e->sent & 1)) {
      if (control(e, 0, "dx")) e->sent |= 1;
    } else if (!(e->sent & 2) && now - e->since >= SVSCAN_KILL_MS) {
      if (control(e, 0, "k")) e->sent |= 2;
    }
    return;
  }
  if (e->self) quiet();
  if (e->pi[1] != -1) { close(e->pi[1]); e->pi[1] = -1; }
  e->stage = STAGE_LOG;
  e->since = now;
  e->sent = 0;
}

/* stoplog: svc -x, so that the logger ends at the end of its input; -d
 * after SVSCAN_DRAIN_MS, -k after SVSCAN_KILL_MS more */
static void stoplog(struct svscan *s, struct svent *e, int64_t now)
{
  if (e->pidlog && now - e->since >= SVSCAN_DRAIN_MS + SVSCAN_GIVEUP_MS) giveup(s, e, 1);
  if (!e->pidlog) {
    closepipe(e);
    e->stage = STAGE_DONE;
    return;
  }
  if (!(e->sent & 1)) {
    if (control(e, 1, "x")) e->sent |= 1;
  } else if (!(e->sent & 2)) {
    if (now - e->since >= SVSCAN_DRAIN_MS && control(e, 1, "d")) e->sent |= 2;
  } else if (!(e->sent & 4) && now - e->since >= SVSCAN_DRAIN_MS + SVSCAN_KILL_MS) {
    if (control(e, 1, "k")) e->sent |= 4;
  }
}

/* stopstep: move every entry on; 1 when all have stopped */
static int stopstep(struct svscan *s)
{
  int64_t now = iopause_now();
  int done = 1;
  for (size_t i = 0; i < s->x.len; ++i) {
    struct svent *e = &s->x.items[i];
    if (e->stage == STAGE_MAIN) stopmain(s, e, now);
    if (e->stage == STAGE_LOG) stoplog(s, e, now);
    if (e->stage != STAGE_DONE) done = 0;
  }
  return done;
}

/* signals: what the handler put into the self-pipe */
static void signals(struct svscan *s)
{
  unsigned char sigs[64];
  ssize_t n;
  while ((n = sig_selfpipe_drain(s->selfpipe[0], sigs, sizeof sigs)) > 0)
    for (ssize_t i = 0; i < n; ++i) {
      if (sigs[i] == SIGHUP) s->nextscan = 0;
      if (sigs[i] == SIGTERM && !s->stopping) beginstop(s);
    }
}

static void loop(struct svscan *s)
{
  iopause_fd x;
  for (;;) {
    int64_t deadline;
    signals(s);
    reap(s);
    if (s->stopping) {
      if (stopstep(s)) return;
      deadline = iopause_deadline(SVSCAN_RETRY_MS);
    } else {
      if (iopause_now() >= s->nextscan) {
        scan(s);
        s->nextscan = iopause_deadline((int64_t)s->interval * 1000);
      }
      deadline = s->nextscan;
    }
    x.fd = s->selfpipe[0];
    x.events = IOPAUSE_READ;
    x.revents = 0;
    if (iopause(&x, 1, deadline) == -1)
      strerr_die(EXIT_TEMP, FATAL, "unable to wait: ", STRERR_SYS, NULL);
  }
}

/* interval: SCANINTERVAL, or the default with a warning when it is bad */
static unsigned long interval(void)
{
  const char *v = env_get("SCANINTERVAL");
  unsigned long n;
  size_t len;
  if (!v) return SVSCAN_INTERVAL_DEFAULT;
  len = str_len(v);
  if (len && scan_ulong(v, len, &n) == len && n >= 1 && n <= SVSCAN_INTERVAL_MAX) return n;
  strerr_warn(WARNING, "SCANINTERVAL=", v, " is not a number of seconds from 1 to 86400; using 5",
              NULL);
  return SVSCAN_INTERVAL_DEFAULT;
}

/* pidfile: our pid in SVSTATUS_SVSCAN_PIDFILE, replaced atomically */
static void pidfile(void)
{
  char num[FMT_ULONG + 1];
  size_t n = fmt_ulong(num, (unsigned long)getpid());
  ssize_t w;
  int fd;
  num[n++] = '\n';
  if (mkdir(SVSTATUS_SVSCAN_DIR, 0755) == -1 && errno != EEXIST) goto fail;
  fd = open_trunc(SVSTATUS_SVSCAN_PIDFILE ".new");
  if (fd == -1) goto fail;
  do w = write(fd, num, n); while (w == -1 && errno == EINTR);
  if (w != (ssize_t)n) { if (w >= 0) errno = EIO; close(fd); goto fail; }
  if (close(fd) == -1) goto fail;
  if (rename(SVSTATUS_SVSCAN_PIDFILE ".new", SVSTATUS_SVSCAN_PIDFILE) == -1) goto fail;
  return;
fail:
  strerr_warn(WARNING, "unable to write ", SVSTATUS_SVSCAN_PIDFILE, ": ", STRERR_SYS, NULL);
}

/* scanlog: with SCANLOG set, run .svscan/log and send our own output
 * (and what every supervise writes to stderr) into it */
static void scanlog(struct svscan *s)
{
  struct svent e = { 0 };
  struct stat st;
  if (!env_get("SCANLOG")) return;
  if (stat(SVSTATUS_SVSCAN_LOG, &st) == -1 || !S_ISDIR(st.st_mode)) {
    strerr_warn(WARNING, "SCANLOG is set but ", SVSTATUS_SVSCAN_LOG, " is not a directory", NULL);
    return;
  }
  e.self = 1;
  e.active = 1;
  if (!str_copyb(e.name, sizeof e.name, SVSTATUS_SVSCAN_DIR)) return;
  e.dirfd = open(SVSTATUS_SVSCAN_DIR, O_RDONLY | O_DIRECTORY | O_NOCTTY | O_CLOEXEC);
  s->origout = fcntl(1, F_DUPFD_CLOEXEC, 3);
  s->origerr = fcntl(2, F_DUPFD_CLOEXEC, 3);
  if (e.dirfd == -1 || s->origout == -1 || s->origerr == -1 || makepipe(&e) == -1
      || !svents_append(&s->x, e))
    strerr_die(EXIT_TEMP, FATAL, "unable to set up ", SVSTATUS_SVSCAN_LOG, ": ", STRERR_SYS, NULL);
  startlog(s, &s->x.items[s->x.len - 1]);
  if (dup2(e.pi[1], 1) == -1 || dup2(e.pi[1], 2) == -1)
    strerr_die(EXIT_TEMP, FATAL, "unable to set up ", SVSTATUS_SVSCAN_LOG, ": ", STRERR_SYS, NULL);
}

/* setup: descriptors 0-2 open, room for the pipes, signals */
static void setup(struct svscan *s)
{
  struct rlimit r;
  for (int fd = 0; fd < 3; ++fd)
    if (fcntl(fd, F_GETFD) == -1 && open("/dev/null", O_RDWR | O_NOCTTY) != fd)
      strerr_die(EXIT_TEMP, FATAL, "unable to open /dev/null: ", STRERR_SYS, NULL);
  if (getrlimit(RLIMIT_NOFILE, &r) == 0 && r.rlim_cur < SVSCAN_NOFILE_WANT) {
    s->nofile = r;
    r.rlim_cur = r.rlim_max < SVSCAN_NOFILE_WANT ? r.rlim_max : SVSCAN_NOFILE_WANT;
    if (setrlimit(RLIMIT_NOFILE, &r) == 0) s->nofileraised = 1;
  }
  if (sig_selfpipe(s->selfpipe) == -1)
    strerr_die(EXIT_TEMP, FATAL, "unable to create a pipe: ", STRERR_SYS, NULL);
  selfpipe_w = s->selfpipe[1];
  if (sig_catch(SIGCHLD, onsig) == -1 || sig_catch(SIGHUP, onsig) == -1
      || sig_catch(SIGTERM, onsig) == -1 || sig_ignore(SIGPIPE) == -1)
    strerr_die(EXIT_TEMP, FATAL, "unable to catch signals: ", STRERR_SYS, NULL);
  sig_blocknone();  /* a mask inherited from the boot system would hide them */
}

int main(int argc, char **argv)
{
  struct svscan s = { .x = GENALLOC_ZERO, .origout = -1, .origerr = -1 };

  if (argc > 2 || (argc == 2 && !argv[1][0])) strerr_die(EXIT_PERM, USAGE, NULL);
  if (argc == 2 && chdir(argv[1]) == -1)
    strerr_die(EXIT_TEMP, FATAL, "unable to chdir to ", argv[1], ": ", STRERR_SYS, NULL);
  setup(&s);
  scanlog(&s);
  pidfile();
  s.interval = interval();
  loop(&s);
  if (unlink(SVSTATUS_SVSCAN_PIDFILE) == -1 && errno != ENOENT)
    strerr_warn(WARNING, "unable to remove ", SVSTATUS_SVSCAN_PIDFILE, ": ", STRERR_SYS, NULL);
  svents_free(&s.x);
  return s.leftrunning ? EXIT_TEMP : 0;
}
