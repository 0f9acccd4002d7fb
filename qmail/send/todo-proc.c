/* todo-proc.c — preprocess a queue's new messages for qmail-send (indimail-queue(5)).
 *
 * Runs in the queue directory. For each committed message todo/N it
 * writes local/S/N and remote/S/N (the routed recipients) and then
 * info/S/N (the sender: the commit point of this stage), in batches of
 * up to TP_BATCH messages with one fsync per directory per batch; then
 * it logs the message, has its own qmail-clean remove intd/N and todo/N
 * ("tN" on fd 7, answer on fd 8), and tells qmail-send "N<num>\0" on
 * fd 1. qmail-send talks on fd 0: "H\0" re-reads the control files, "X\0"
 * (or end of file) ends todo-proc after the batch at hand. It wakes on
 * the FIFO lock/trigger, which qmail-queue writes after each commit, and
 * scans todo/ at start and at least every TP_RESCAN_MS (todoscan). The
 * envelope's parsing and routing are in todo, its file I/O in todofile. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include "exitcode.h"
#include "fd.h"
#include "fmt.h"
#include "fsync.h"
#include "iopause.h"
#include "lock.h"
#include "paths.h"
#include "qpath.h"
#include "sendctl.h"
#include "sendproto.h"
#include "sig.h"
#include "stralloc.h"
#include "strerr.h"
#include "todo.h"
#include "todofile.h"
#include "todoscan.h"

#define TP_BATCH 100                 /* messages per batch (one fsync per directory) */
#define TP_RESCAN_MS 60000           /* todo/ is scanned at least this often */
#define TP_CTL_RETRY_MS 10000        /* unreadable controls: try again after this */
#define TP_CMD_MAX 16                /* the longest command from qmail-send */
#define TP_INFO_MAX (TODO_ADDR_MAX + 2)
#define TP_FD_SEND_IN 0
#define TP_FD_SEND_OUT 1
#define TP_FD_CLEAN_OUT 7
#define TP_FD_CLEAN_IN 8

enum tp_state { TP_SKIP, TP_CLEANUP, TP_NEW };
/* the files of a message, and the bits of the directories of its split S
 * it has touched (each fsynced once per batch) */
enum tp_kind { TP_KLOCAL, TP_KREMOTE, TP_KINFO, TP_KINDS };
enum { TP_LOCAL = 1, TP_REMOTE = 2, TP_INFO = 4 };
static const enum qpath_dir tp_dir[TP_KINDS] = { QPATH_LOCAL, QPATH_REMOTE, QPATH_INFO };

struct tp_item {
  unsigned long num;
  enum tp_state state;
  unsigned long long bytes;     /* size of mess/S/N */
  unsigned touched;             /* TP_LOCAL | TP_REMOTE | TP_INFO */
  int fd[TP_KINDS];             /* files written, waiting for their fsync */
  struct todo_msg m;
};

struct tp {
  struct paths ps;
  struct sendctl sc;
  int havectl;
  struct route_ctl rc;
  int lockfd, trigr, trigw, trigwarned;
  struct todoscan scan;         /* todo/, and the messages set aside */
  int wantscan, quit;
  int64_t nextscan, nextctl;
  struct sendproto cmd;         /* commands from qmail-send */
  struct tp_item item[TP_BATCH];
  size_t nitem;
  size_t batch;                 /* TP_BATCH, or less when few descriptors are allowed */
  unsigned char *mark;          /* per split: directory synced in this phase */
  stralloc fn, data, out, line;
};

static void __attribute__((noreturn)) tp_die(const char *what, const char *detail)
{
  strerr_warn("alert: todo-proc: ", what, detail ? ": " : "", detail ? detail : "", NULL);
  _exit(EXIT_TEMP);
}

static void __attribute__((noreturn)) tp_nomem(void)
{
  tp_die("out of memory", 0);
}

static const char *tp_numstr(unsigned long n, char *s)
{
  s[fmt_ulong(s, n)] = 0;
  return s;
}

/* fn = the path of message num in directory d */
static void tp_path(struct tp *t, enum qpath_dir d, unsigned long num)
{
  if (!qpath_file(&t->fn, d, num, t->ps.split)) tp_nomem();
}

/* load the control files; keep the old ones when that fails */
static void tp_loadctl(struct tp *t)
{
  struct sendctl fresh;
  t->line.len = 0;
  if (sendctl_load(&fresh, paths_get(&t->ps, PATHS_CONTROLDIR), &t->line) == -1) {
    strerr_warn("alert: unable to read controls: ", t->line.len ? t->line.s : error_str(errno), NULL);
    t->nextctl = iopause_deadline(TP_CTL_RETRY_MS);
    return;
  }
  if (t->havectl) sendctl_free(&t->sc);
  t->sc = fresh;
  t->havectl = 1;
  t->rc.envnoathost = t->sc.envnoathost.s;
  t->rc.locals = &t->sc.locals.map;
  t->rc.percenthack = &t->sc.percenthack.map;
  t->rc.virtualdomains = &t->sc.virtualdomains.map;
}

/* open lock/trigger for reading, and for writing so it never reports EOF */
static void tp_trigger(struct tp *t)
{
  struct stat st;
  if (t->trigr != -1) return;
  t->trigr = open("lock/trigger", O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
  if (t->trigr != -1 && fstat(t->trigr, &st) == 0 && S_ISFIFO(st.st_mode)) {
    t->trigw = open("lock/trigger", O_WRONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
    if (t->trigw != -1) { t->trigwarned = 0; return; }
  } else if (t->trigr != -1) {
    errno = EINVAL;
  }
  if (!t->trigwarned)
    strerr_warn("warning: todo-proc: unable to open lock/trigger, scanning todo/ every minute: ",
                STRERR_SYS, NULL);
  t->trigwarned = 1;
  if (t->trigr != -1) close(t->trigr);
  t->trigr = -1;
}

static void tp_drain(struct tp *t)
{
  char b[512];
  ssize_t r;
  while ((r = read(t->trigr, b, sizeof b)) > 0 || (r == -1 && errno == EINTR)) {}
}

/* set num aside until the next periodic scan */
static void tp_fail(struct tp *t, unsigned long num)
{
  if (!todoscan_fail(&t->scan, num)) tp_nomem();
}

/* scan todo/ (forgetting the messages set aside when periodic) */
static void tp_scan(struct tp *t, int periodic)
{
  tp_trigger(t);
  t->wantscan = 0;
  if (periodic) t->nextscan = iopause_deadline(TP_RESCAN_MS);
  if (todoscan_run(&t->scan, "todo", t->ps.split, periodic) == -1) {
    if (errno == ENOMEM || errno == EOVERFLOW) tp_nomem();
    strerr_warn("warning: unable to read todo/: ", STRERR_SYS, NULL);
  }
  if (t->scan.more) t->wantscan = 1;
}

/* info/S/N exists and is whole: 1; missing or cut: 0; unreadable: -1 */
static int tp_done(struct tp *t, unsigned long num)
{
  tp_path(t, QPATH_INFO, num);
  if (todofile_read(t->fn.s, &t->data, TP_INFO_MAX) == -1)
    return errno == ENOENT || errno == EFBIG ? 0 : -1;
  return todo_infook(t->data.s, t->data.len);
}

/* write, or remove, the channel file of kind k; 0 or -1 (warned) */
static int tp_channel(struct tp *t, struct tp_item *it, enum tp_kind k, const stralloc *c)
{
  tp_path(t, tp_dir[k], it->num);
  if (c->len) {
    if (todofile_create(t->fn.s, c->s, c->len, &it->fd[k]) == 0) { it->touched |= 1u << k; return 0; }
    strerr_warn("warning: unable to write ", t->fn.s, ": ", STRERR_SYS, NULL);
    return -1;
  }
  /* a file left by an earlier attempt that crashed must not stay */
  if (unlink(t->fn.s) == 0) { it->touched |= 1u << k; return 0; }
  if (errno == ENOENT) return 0;
  strerr_warn("warning: unable to remove ", t->fn.s, ": ", STRERR_SYS, NULL);
  return -1;
}

/* phase 1 for one message: read todo/N, write local/S/N and remote/S/N */
static enum tp_state tp_prepare(struct tp *t, struct tp_item *it)
{
  char ns[FMT_ULONG];
  struct stat st;
  int done = tp_done(t, it->num);
  if (done == 1) { it->touched = TP_LOCAL | TP_REMOTE | TP_INFO; return TP_CLEANUP; }
  if (done == -1) {
    strerr_warn("warning: unable to read ", t->fn.s, ": ", STRERR_SYS, NULL);
    return TP_SKIP;
  }
  tp_path(t, QPATH_TODO, it->num);
  if (todofile_read(t->fn.s, &t->data, TODO_ENVELOPE_MAX) == -1) {
    if (errno == ENOENT) return TP_SKIP; /* cleaned up meanwhile */
    strerr_warn("warning: trouble with todo/", tp_numstr(it->num, ns), ": ", STRERR_SYS, NULL);
    return TP_SKIP;
  }
  if (!todo_parse(&it->m, &t->rc, t->data.s, t->data.len)) {
    if (errno != EINVAL) tp_nomem();
    strerr_warn("warning: trouble with todo/", tp_numstr(it->num, ns), NULL);
    return TP_SKIP;
  }
  tp_path(t, QPATH_MESS, it->num);
  if (stat(t->fn.s, &st) == -1) {
    strerr_warn("warning: unable to stat ", t->fn.s, ": ", STRERR_SYS, NULL);
    return TP_SKIP;
  }
  it->bytes = (unsigned long long)st.st_size;
  if (tp_channel(t, it, TP_KLOCAL, &it->m.local) == -1) return TP_SKIP;
  if (tp_channel(t, it, TP_KREMOTE, &it->m.remote) == -1) return TP_SKIP;
  return TP_NEW;
}

/* phase 2 for one message: info/S/N, the commit point */
static enum tp_state tp_commit(struct tp *t, struct tp_item *it)
{
  tp_path(t, QPATH_INFO, it->num);
  if (todofile_create(t->fn.s, it->m.info.s, it->m.info.len, &it->fd[TP_KINFO]) == 0) {
    it->touched |= TP_INFO;
    return TP_NEW;
  }
  strerr_warn("warning: unable to write ", t->fn.s, ": ", STRERR_SYS, NULL);
  if (unlink(t->fn.s) == -1 && errno != ENOENT)
    strerr_warn("warning: unable to remove ", t->fn.s, ": ", STRERR_SYS, NULL);
  return TP_SKIP;
}

/* fsync and close the files of kind k the batch left open. Their
 * writeback is started for all of them first, so that few journal commits
 * cover the whole batch instead of one per file. An item whose file
 * fails is dropped (its info/S/N removed: it must not look done). */
static void tp_flush(struct tp *t, enum tp_kind k)
{
  for (size_t i = 0; i < t->nitem; ++i)
    if (t->item[i].fd[k] != -1) todofile_start(t->item[i].fd[k]);
  for (size_t i = 0; i < t->nitem; ++i) {
    struct tp_item *it = &t->item[i];
    if (it->fd[k] == -1) continue;
    if (todofile_sync(&it->fd[k]) == 0 || it->state == TP_SKIP) continue;
    tp_path(t, tp_dir[k], it->num);
    strerr_warn("warning: unable to write ", t->fn.s, ": ", STRERR_SYS, NULL);
    if (k == TP_KINFO && unlink(t->fn.s) == -1 && errno != ENOENT)
      strerr_warn("warning: unable to remove ", t->fn.s, ": ", STRERR_SYS, NULL);
    it->state = TP_SKIP;
    tp_fail(t, it->num);
  }
}

/* fsync, once each, the directories of kind d the live items touched;
 * an item whose directory cannot be synced is dropped from the batch */
static void tp_syncdirs(struct tp *t, enum qpath_dir d, unsigned bit)
{
  for (size_t i = 0; i < t->nitem; ++i) {
    struct tp_item *it = &t->item[i];
    unsigned long s = it->num % t->ps.split;
    if (it->state == TP_SKIP || !(it->touched & bit)) continue;
    if (!t->mark[s]) {
      if (!qpath_dir(&t->fn, d, it->num, t->ps.split)) tp_nomem();
      t->mark[s] = 1;
      if (fsync_dir(t->fn.s) == -1) {
        strerr_warn("warning: unable to sync ", t->fn.s, ": ", STRERR_SYS, NULL);
        t->mark[s] = 2;
      }
    }
    if (t->mark[s] == 2) { it->state = TP_SKIP; tp_fail(t, it->num); }
  }
  for (size_t i = 0; i < t->nitem; ++i) t->mark[t->item[i].num % t->ps.split] = 0;
}

/* log the new messages; have qmail-clean remove their todo/ and intd/
 * files; then tell qmail-send about each one that is cleaned up */
static void tp_announce(struct tp *t)
{
  char ns[FMT_ULONG], answer[TP_BATCH];
  size_t asked = 0, got = 0;
  t->out.len = 0;
  for (size_t i = 0; i < t->nitem; ++i) {
    struct tp_item *it = &t->item[i];
    if (it->state == TP_SKIP) continue;
    if (it->state == TP_NEW) {
      if (!todo_lognew(&t->line, it->num)) tp_nomem();
      if (fd_writeall(2, t->line.s, t->line.len) == -1) {}
      if (!todo_loginfo(&t->line, it->num, it->bytes, &it->m)) tp_nomem();
      if (fd_writeall(2, t->line.s, t->line.len) == -1) {}
    }
    if (!stralloc_append(&t->out, 't') || !stralloc_catulong0(&t->out, it->num, 0) ||
        !stralloc_0(&t->out))
      tp_nomem();
    ++asked;
  }
  if (!asked) return;
  if (fd_writeall(TP_FD_CLEAN_OUT, t->out.s, t->out.len) == -1)
    tp_die("unable to talk to qmail-clean", error_str(errno));
  while (got < asked) {
    ssize_t r = read(TP_FD_CLEAN_IN, answer + got, asked - got);
    if (r == -1 && errno == EINTR) continue;
    if (r <= 0) tp_die("unable to talk to qmail-clean", r ? error_str(errno) : "end of file");
    got += (size_t)r;
  }
  t->out.len = got = 0;
  for (size_t i = 0; i < t->nitem; ++i) {
    struct tp_item *it = &t->item[i];
    if (it->state == TP_SKIP) continue;
    if (answer[got++] != '+') {
      strerr_warn("warning: qmail-clean unable to clean up todo/", tp_numstr(it->num, ns), NULL);
      tp_fail(t, it->num);
      continue;
    }
    if (!stralloc_append(&t->out, 'N') || !stralloc_catulong0(&t->out, it->num, 0) ||
        !stralloc_0(&t->out))
      tp_nomem();
  }
  if (t->out.len && fd_writeall(TP_FD_SEND_OUT, t->out.s, t->out.len) == -1)
    tp_die("unable to talk to qmail-send", error_str(errno));
}

/* one batch: the next TP_BATCH numbers of the scan */
static void tp_batch(struct tp *t)
{
  t->nitem = 0;
  while (t->nitem < t->batch && todoscan_left(&t->scan)) {
    struct tp_item *it = &t->item[t->nitem++];
    if (!todoscan_next(&t->scan, &it->num)) break;
    it->touched = 0;
    it->fd[TP_KLOCAL] = it->fd[TP_KREMOTE] = it->fd[TP_KINFO] = -1;
    it->state = tp_prepare(t, it);
    if (it->state == TP_SKIP) tp_fail(t, it->num);
  }
  tp_flush(t, TP_KLOCAL);
  tp_flush(t, TP_KREMOTE);
  tp_syncdirs(t, QPATH_LOCAL, TP_LOCAL);
  tp_syncdirs(t, QPATH_REMOTE, TP_REMOTE);
  for (size_t i = 0; i < t->nitem; ++i)
    if (t->item[i].state == TP_NEW) {
      t->item[i].state = tp_commit(t, &t->item[i]);
      if (t->item[i].state == TP_SKIP) tp_fail(t, t->item[i].num);
    }
  tp_flush(t, TP_KINFO);
  tp_syncdirs(t, QPATH_INFO, TP_INFO);
  tp_announce(t);
}

/* what qmail-send says: "H\0", "X\0"; end of file ends us too */
static void tp_commands(struct tp *t)
{
  char b[64];
  const char *f;
  size_t len;
  ssize_t r = read(TP_FD_SEND_IN, b, sizeof b);
  if (r == -1 && (errno == EINTR || errno == EAGAIN)) return;
  if (r <= 0) { t->quit = 1; return; }
  if (!sendproto_put(&t->cmd, b, (size_t)r)) tp_nomem();
  /* a command over TP_CMD_MAX bytes comes out cut, so it is unknown */
  while (sendproto_field(&t->cmd, &f, &len)) {
    if (len == 1 && f[0] == 'X') t->quit = 1;
    else if (len == 1 && f[0] == 'H') tp_loadctl(t);
    else strerr_warn("warning: todo-proc: unknown command from qmail-send", NULL);
  }
}

static void tp_loop(struct tp *t)
{
  t->wantscan = 1;
  t->nextscan = t->nextctl = iopause_now();
  while (!t->quit) {
    iopause_fd x[2];
    int64_t now = iopause_now(), deadline;
    int busy;
    if (!t->havectl && now >= t->nextctl) tp_loadctl(t);
    if (t->havectl && !todoscan_left(&t->scan) && (t->wantscan || now >= t->nextscan))
      tp_scan(t, now >= t->nextscan);
    busy = t->havectl && todoscan_left(&t->scan);
    deadline = busy ? 0 : t->havectl ? t->nextscan : t->nextctl;
    x[0].fd = TP_FD_SEND_IN;
    x[1].fd = t->trigr;
    x[0].events = x[1].events = IOPAUSE_READ;
    x[0].revents = x[1].revents = 0;
    if (iopause(x, 2, deadline) == -1) tp_die("unable to wait", error_str(errno));
    if (x[0].revents) tp_commands(t);
    if (t->quit) break;
    if (x[1].revents) { tp_drain(t); t->wantscan = 1; }
    if (busy) tp_batch(t);
  }
}

/* the batch size: two files of each message are open at once */
static size_t tp_batchsize(void)
{
  struct rlimit rl;
  if (getrlimit(RLIMIT_NOFILE, &rl) == -1 || rl.rlim_cur == RLIM_INFINITY) return TP_BATCH;
  if (rl.rlim_cur < 2 * TP_BATCH + 32) return rl.rlim_cur > 34 ? (size_t)(rl.rlim_cur - 32) / 2 : 1;
  return TP_BATCH;
}

/* take lock/todomutex, waiting for another todo-proc if one holds it */
static void tp_lock(struct tp *t)
{
  t->lockfd = open("lock/todomutex", O_WRONLY | O_CREAT | O_CLOEXEC | O_NOCTTY, 0600);
  if (t->lockfd == -1) tp_die("cannot start: unable to open lock/todomutex", error_str(errno));
  if (lock_exnb(t->lockfd) == 0) return;
  if (errno != EWOULDBLOCK) tp_die("cannot start: unable to lock lock/todomutex", error_str(errno));
  strerr_warn("warning: waiting for another todo-proc to exit", NULL);
  if (lock_ex(t->lockfd) == -1) tp_die("cannot start: unable to lock lock/todomutex", error_str(errno));
}

int main(int argc, char **argv)
{
  static struct tp t;
  static const int fds[] = { TP_FD_SEND_IN, TP_FD_SEND_OUT, TP_FD_CLEAN_OUT, TP_FD_CLEAN_IN };
  (void)argv;
  if (argc > 1) strerr_die(EXIT_PERM, "todo-proc: usage: todo-proc", NULL);
  umask(077);
  if (sig_ignore(SIGPIPE) == -1) tp_die("cannot start: unable to ignore SIGPIPE", error_str(errno));
  if (paths_init(&t.ps) == -1) {
    const char *e = error_str(errno);
    strerr_warn("alert: todo-proc: cannot start: bad ", t.ps.bad ? t.ps.bad : "setting", ": ", e, NULL);
    _exit(EXIT_TEMP);
  }
  for (size_t i = 0; i < sizeof fds / sizeof fds[0]; ++i)
    if (fcntl(fds[i], F_GETFD) == -1) tp_die("cannot start: descriptors 0, 1, 7 and 8 must be open", 0);
  if (!(t.mark = calloc(t.ps.split, 1))) tp_nomem();
  t.trigr = t.trigw = -1;
  sendproto_init(&t.cmd, TP_CMD_MAX);
  t.batch = tp_batchsize();
  tp_lock(&t);
  tp_trigger(&t);
  tp_loop(&t);
  _exit(EXIT_OK);
}
