/* multilog.c — read lines on standard input and carry out a script of
 * actions on each: select, alert, status files and rotated log
 * directories (multilog(8)). */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <unistd.h>

#include "exitcode.h"
#include "iopause.h"
#include "mldir.h"
#include "mlgzip.h"
#include "mlline.h"
#include "mlscript.h"
#include "sig.h"
#include "strerr.h"

#define FATAL "multilog: fatal: "
/* bytes read from standard input at a time */
#define ML_IN 65536

/* the self-pipe's write end: the signal handler needs it */
static int ml_sigw = -1;

static void ml_onsig(int signo)
{
  sig_selfpipe_write(ml_sigw, signo);
}

struct ml_status {
  const char *path;
  int fd;
  int64_t warned;  /* when the last warning went out, or -1 */
};

struct multilog {
  struct ml_script script;
  struct mldir *dirs;        /* script.ndirs of them */
  struct ml_status *status;  /* script.nstatus of them */
  size_t *slot;              /* per action: its index in dirs or status */
  unsigned char *sel;        /* per action: the line is selected there */
  unsigned char *dirsel;     /* per directory: the line goes there */
  struct mlline line;
  int sigr;                  /* the self-pipe's read end */
  int exitasap;              /* TERM: stop at the next line boundary */
  int rotate;                /* ALRM: rotate every non-empty current */
  char in[ML_IN];
  size_t inpos, inlen;
};

static void __attribute__((noreturn)) ml_nomem(void)
{
  strerr_die(EXIT_TEMP, FATAL, "out of memory", NULL);
}

/* parse: the script, or a usage error */
static void ml_parse(struct multilog *ml, int argc, char **argv)
{
  struct ml_error err;
  if (mlscript_parse(&ml->script, argc - 1, argv + 1, &err)) return;
  if (err.code == ML_ERR_NOMEM) ml_nomem();
  strerr_die(EXIT_PERM, FATAL, mlscript_strerror(err.code), ": ", argv[err.index + 1], NULL);
}

/* status_open: a status file, created (mode 600) when missing */
static void ml_status_open(struct ml_status *st, const char *path)
{
  st->path = path;
  st->warned = -1;
  st->fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC | O_NOCTTY, 0600);
  if (st->fd == -1) strerr_die(EXIT_TEMP, FATAL, "unable to create ", path, ": ", STRERR_SYS, NULL);
}

/* open: the arrays, every directory and every status file */
static void ml_open(struct multilog *ml)
{
  const struct ml_script *s = &ml->script;
  size_t nd = 0, ns = 0;
  ml->dirs = calloc(s->ndirs + 1, sizeof *ml->dirs);
  ml->status = calloc(s->nstatus + 1, sizeof *ml->status);
  ml->slot = calloc(s->n + 1, sizeof *ml->slot);
  ml->sel = calloc(s->n + 1, 1);
  ml->dirsel = calloc(s->ndirs + 1, 1);
  if (!ml->dirs || !ml->status || !ml->slot || !ml->sel || !ml->dirsel) ml_nomem();
  for (size_t i = 0; i < s->n; ++i) {
    const struct ml_action *a = &s->act[i];
    const char *what;
    if (a->kind == ML_DIR) {
      if (mldir_open(&ml->dirs[nd], a, &what) == -1) {
        if (errno == ENOMEM) ml_nomem();
        strerr_die(EXIT_TEMP, FATAL, "unable to ", what, " ", a->arg, ": ", STRERR_SYS, NULL);
      }
      ml->slot[i] = nd++;
    } else if (a->kind == ML_STATUS) {
      ml_status_open(&ml->status[ns], a->arg);
      ml->slot[i] = ns++;
    }
  }
}

/* signals: TERM and ALRM through the self-pipe (and not blocked, whatever
 * the parent left); XFSZ ignored so that a file size limit is a write
 * error (retried) rather than death; CHLD at its default so that the
 * processor's exit can be waited for */
static void ml_signals(struct multilog *ml)
{
  int p[2];
  if (sig_selfpipe(p) == -1) strerr_die(EXIT_TEMP, FATAL, "unable to create a pipe: ", STRERR_SYS, NULL);
  ml->sigr = p[0];
  ml_sigw = p[1];
  if (sig_catch_restart(SIGTERM, ml_onsig) == -1 || sig_catch_restart(SIGALRM, ml_onsig) == -1
      || sig_ignore(SIGXFSZ) == -1 || sig_default(SIGCHLD) == -1 || sig_unblock(SIGTERM) == -1
      || sig_unblock(SIGALRM) == -1)
    strerr_die(EXIT_TEMP, FATAL, "unable to catch signals: ", STRERR_SYS, NULL);
}

/* alert: e: the head's first bytes on standard error */
static void ml_alert(const char *head, size_t len)
{
  char out[MLLINE_ALERT_LEN];
  size_t n = mlline_alert(out, head, len);
  if (write(2, out, n) < 0) {}  /* nowhere to report it */
}

/* status: =file: the head padded, over the start of the file; a failed
 * write is reported (at most every MLDIR_WARN_MS) and tried again */
static void ml_status(struct ml_status *st, const char *head, size_t len)
{
  char block[ML_STATUS_LEN];
  mlline_status(block, head, len);
  while (pwrite(st->fd, block, sizeof block, 0) != (ssize_t)sizeof block) {
    int64_t now = iopause_now();
    if (errno == EINTR) continue;
    if (st->warned < 0 || now - st->warned >= MLDIR_WARN_MS) {
      st->warned = now;
      strerr_warn("multilog: warning: unable to write to ", st->path, ": ", STRERR_SYS,
                  "; pausing", NULL);
    }
    poll(NULL, 0, MLDIR_RETRY_MS);
  }
}

/* head: a line's head is complete: walk the script over it */
static void ml_head(struct multilog *ml, int ended)
{
  const char *h = ml->line.head;
  size_t len = ml->line.len;
  mlscript_select(&ml->script, h, len, ml->sel);
  for (size_t i = 0; i < ml->script.n; ++i) {
    enum ml_kind k = ml->script.act[i].kind;
    int on = ml->sel[i];
    if (k == ML_ALERT && on) ml_alert(h, len);
    else if (k == ML_STATUS && on) ml_status(&ml->status[ml->slot[i]], h, len);
    else if (k == ML_DIR) {
      struct mldir *d = &ml->dirs[ml->slot[i]];
      ml->dirsel[ml->slot[i]] = (unsigned char)on;
      if (!on) continue;
      mldir_put(d, h, len + (ended ? 1 : 0));
      if (ended) mldir_lineend(d);
    }
  }
}

/* event: what mlline reported */
static void ml_event(struct multilog *ml, const struct mlline_ev *ev)
{
  if (ev->kind == MLLINE_HEAD) {
    ml_head(ml, ev->ended);
    return;
  }
  if (ev->kind != MLLINE_REST) return;
  for (size_t k = 0; k < ml->script.ndirs; ++k) {
    if (!ml->dirsel[k]) continue;
    mldir_put(&ml->dirs[k], ev->p, ev->n);
    if (ev->ended) mldir_lineend(&ml->dirs[k]);
  }
}

/* take: the signals that arrived */
static void ml_take(struct multilog *ml)
{
  unsigned char s[64];
  ssize_t n;
  while ((n = sig_selfpipe_drain(ml->sigr, s, sizeof s)) > 0)
    for (ssize_t i = 0; i < n; ++i) {
      if (s[i] == SIGTERM) ml->exitasap = 1;
      if (s[i] == SIGALRM) ml->rotate = 1;
    }
}

/* fill: write out what waits, then wait for input (handling signals
 * meanwhile); 1 when ml->in holds some, 0 at the end of input or after
 * TERM at a line boundary. After TERM in the middle of a line, input is
 * read a byte at a time, so that nothing past the newline is taken. */
static int ml_fill(struct multilog *ml)
{
  for (size_t k = 0; k < ml->script.ndirs; ++k) mldir_flush(&ml->dirs[k]);
  for (;;) {
    iopause_fd x[2];
    ssize_t r;
    ml_take(ml);
    if (ml->rotate) {
      ml->rotate = 0;
      for (size_t k = 0; k < ml->script.ndirs; ++k) mldir_rotate(&ml->dirs[k]);
    }
    if (ml->exitasap && mlline_between(&ml->line)) return 0;
    x[0].fd = 0;
    x[0].events = IOPAUSE_READ;
    x[1].fd = ml->sigr;
    x[1].events = IOPAUSE_READ;
    if (iopause(x, 2, IOPAUSE_FOREVER) == -1)
      strerr_die(EXIT_TEMP, FATAL, "unable to wait for input: ", STRERR_SYS, NULL);
    /* signals first: a TERM that came with the input limits this read */
    if (x[1].revents || !x[0].revents) continue;
    r = read(0, ml->in, ml->exitasap ? 1 : sizeof ml->in);
    if (r == -1) {
      if (errno == EINTR || errno == EAGAIN) continue;
      strerr_die(EXIT_TEMP, FATAL, "unable to read input: ", STRERR_SYS, NULL);
    }
    ml->inpos = 0;
    ml->inlen = (size_t)r;
    return r > 0;
  }
}

/* run: every line of the input through the script, then close */
static void ml_run(struct multilog *ml)
{
  struct mlline_ev ev;
  for (;;) {
    if (ml->inpos == ml->inlen && !ml_fill(ml)) break;
    ml->inpos += mlline_feed(&ml->line, ml->in + ml->inpos, ml->inlen - ml->inpos, &ev);
    ml_event(ml, &ev);
  }
  if (mlline_eof(&ml->line, &ev)) ml_event(ml, &ev);
  for (size_t k = 0; k < ml->script.ndirs; ++k) mldir_close(&ml->dirs[k]);
  for (size_t k = 0; k < ml->script.nstatus; ++k) close(ml->status[k].fd);
}

int main(int argc, char **argv)
{
  static struct multilog ml;
  if (argc < 1) strerr_die(EXIT_PERM, "multilog: usage: multilog script", NULL);
  ml_parse(&ml, argc, argv);
  if (ml.script.gzip && !mlgzip_available())
    strerr_die(EXIT_PERM, FATAL, "z: this multilog was built without zlib", NULL);
  ml_signals(&ml);
  mlline_init(&ml.line, ml.script.stamp);
  ml_open(&ml);
  ml_run(&ml);
  free(ml.dirs);
  free(ml.status);
  free(ml.slot);
  free(ml.sel);
  free(ml.dirsel);
  mlscript_free(&ml.script);
  return 0;
}
