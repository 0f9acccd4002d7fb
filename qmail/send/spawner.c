/* spawner.c — the spawners' shared loop: requests in, one child per slot,
 * results out (spawner.h). */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <unistd.h>

#include "byte.h"
#include "fmt.h"
#include "iopause.h"
#include "ndelay.h"
#include "scan.h"
#include "sig.h"
#include "spawner.h"
#include "str.h"
#include "strerr.h"
#include "wait.h"

/* the self-pipe's write end, for the SIGCHLD handler */
static volatile sig_atomic_t spawner_sigwfd = -1;

/* ---- requests ---- */

void spawner_parser_init(struct spawner_parser *p)
{
  byte_zero(p, sizeof *p);
}

/* the end of field p->field: store it or mark the request bad */
static void parse_field(struct spawner_parser *p)
{
  unsigned long u;
  if (p->field == 0) { p->bad = 0; p->slotok = 0; }
  if (p->toolong) { p->bad = 1; return; }
  switch (p->field) {
  case 0:
    if (p->len && scan_ulong(p->cur, p->len, &u) == p->len && u < SPAWNER_SLOTS_MAX) {
      p->req.slot = u;
      p->slotok = 1;
    } else
      p->bad = 1;
    break;
  case 1:
    if (p->len && scan_ulong(p->cur, p->len, &u) == p->len) p->req.num = u;
    else p->bad = 1;
    break;
  case 2:
    byte_copy(p->req.sender, p->len, p->cur);
    p->req.sender[p->len] = 0;
    break;
  default:
    byte_copy(p->req.rcpt, p->len, p->cur);
    p->req.rcpt[p->len] = 0;
    break;
  }
}

enum spawner_parse_result spawner_parse(struct spawner_parser *p, const char *s, size_t len,
                                        size_t *used)
{
  for (size_t i = 0; i < len; ++i) {
    size_t max = p->field < 2 ? SPAWNER_NUM_MAX : SPAWNER_ADDR_MAX;
    if (s[i]) {
      if (p->len < max) p->cur[p->len++] = s[i];
      else p->toolong = 1;
      continue;
    }
    parse_field(p);
    p->len = 0;
    p->toolong = 0;
    if (++p->field < 4) continue;
    p->field = 0;
    *used = i + 1;
    return p->bad ? SPAWNER_BAD : SPAWNER_REQUEST;
  }
  *used = len;
  return SPAWNER_MORE;
}

/* ---- results ---- */

int spawner_result(stralloc *out, unsigned long slot, char letter, const char *text, size_t len)
{
  char num[FMT_ULONG];
  size_t room;
  if (!stralloc_catb(out, num, fmt_ulong(num, slot)) || !stralloc_append(out, 0) ||
      !stralloc_append(out, letter))
    return 0;
  if (__builtin_add_overflow(len, 1, &room)) { errno = EOVERFLOW; return 0; }
  if (!stralloc_readyplus(out, room)) return 0;
  for (size_t i = 0; i < len; ++i) {
    unsigned char c = (unsigned char)text[i];
    out->s[out->len++] = (char)(c == '\n' || (c >= 32 && c < 127) ? c : '_');
  }
  out->s[out->len++] = 0;
  return 1;
}

char spawner_local_letter(int wstat)
{
  if (wait_crashed(wstat)) return 'Z';
  switch (wait_exitcode(wstat)) {
  case 0: case 99:
    return 'K';
  case 100: case 64: case 65: case 70: case 76: case 77: case 78: case 112:
    return 'D';
  default:
    return 'Z';
  }
}

static int catnum(stralloc *sa, unsigned long n)
{
  char num[FMT_ULONG];
  return stralloc_catb(sa, num, fmt_ulong(num, n));
}

int spawner_local_report(int wstat, const char *out, size_t len, char *letter, stralloc *text)
{
  *letter = spawner_local_letter(wstat);
  text->len = 0;
  if (wait_crashed(wstat)) {
    if (!stralloc_cats(text, "4.3.0 qmail-local crashed (signal ") ||
        !catnum(text, (unsigned long)wait_termsig(wstat)) || !stralloc_cats(text, ")"))
      return 0;
    if (len && (!stralloc_append(text, '\n') || !stralloc_catb(text, out, len))) return 0;
    return 1;
  }
  if (!len && *letter != 'K') {
    int code = wait_exitcode(wstat);
    return stralloc_cats(text, "qmail-local exited ") && catnum(text, code < 0 ? 0ul : (unsigned long)code);
  }
  return stralloc_copyb(text, out, len);
}

/* the first recipient record and the first final record of out */
struct remote_records {
  char rletter, fletter;
  const char *rtext, *ftext;
  size_t rlen, flen;
};

static void remote_scan(const char *s, size_t len, int truncated, struct remote_records *rr)
{
  size_t pos = 0;
  byte_zero(rr, sizeof *rr);
  while (pos < len && !rr->fletter) {
    size_t k = byte_chr(s + pos, len - pos, 0);
    char c = s[pos];
    if (pos + k == len && !truncated) break;   /* a record the program never finished */
    if (k && !rr->rletter && (c == 'r' || c == 'h' || c == 's')) {
      rr->rletter = c;
      rr->rtext = s + pos + 1;
      rr->rlen = k - 1;
    } else if (k && (c == 'K' || c == 'Z' || c == 'D')) {
      rr->fletter = c;
      rr->ftext = s + pos + 1;
      rr->flen = k - 1;
    }
    if (pos + k == len) break;
    pos += k + 1;
  }
}

int spawner_remote_report(int wstat, const char *out, size_t len, int truncated, char *letter,
                        stralloc *text)
{
  struct remote_records rr;
  text->len = 0;
  remote_scan(out, len, truncated, &rr);
  if (wait_crashed(wstat) || (!rr.rletter && !rr.fletter)) {
    *letter = 'Z';
    if (!stralloc_cats(text, "4.3.0 qmail-remote crashed")) return 0;
    if (len && (!stralloc_append(text, '\n') || !stralloc_catb(text, out, len))) return 0;
    return 1;
  }
  if (rr.rletter) *letter = rr.rletter == 'r' ? 'K' : rr.rletter == 'h' ? 'D' : 'Z';
  else *letter = rr.fletter;
  if (!stralloc_copyb(text, rr.rtext ? rr.rtext : "", rr.rlen)) return 0;
  if (rr.flen) {
    if (text->len && text->s[text->len - 1] != '\n' && !stralloc_append(text, '\n')) return 0;
    if (!stralloc_catb(text, rr.ftext, rr.flen)) return 0;
  }
  return 1;
}

void spawner_child_die(int code, char letter, const char *s, ...)
{
  char buf[2000];
  size_t len = 0;
  va_list ap;
  if (letter) buf[len++] = letter;
  va_start(ap, s);
  for (const char *x = s; x; x = va_arg(ap, const char *)) {
    size_t n = str_len(x);
    if (n > sizeof buf - 1 - len) n = sizeof buf - 1 - len;
    byte_copy(buf + len, n, x);
    len += n;
  }
  va_end(ap);
  if (letter) buf[len++] = 0;
  if (write(1, buf, len) == -1) { /* nobody to tell */ }
  _exit(code);
}

/* ---- the loop ---- */

struct spawner_job {
  pid_t pid;                 /* 0: the slot is free */
  int fd;                    /* the output pipe; -1 once closed */
  size_t len;                /* bytes kept in text */
  int truncated;             /* more output came than text holds */
  char text[SPAWNER_TEXT_MAX];
};

struct spawner_state {
  const struct spawner_ops *ops;
  struct spawner_job *job[SPAWNER_SLOTS_MAX];
  size_t running;
  struct spawner_parser parser;
  char in[4096];             /* request bytes read and not yet parsed */
  size_t inpos, inlen;
  int ineof;
  stralloc out;              /* results not yet written */
  size_t outpos;
  int outbroken;
  int sigfd[2];
  stralloc text;             /* a report being made */
  iopause_fd pfd[3 + SPAWNER_SLOTS_MAX];
  int kind[3 + SPAWNER_SLOTS_MAX];   /* a slot, or one of the KIND_ values */
};

enum { KIND_SIG = -1, KIND_IN = -2, KIND_OUT = -3 };

static void on_child(int sig)
{
  sig_selfpipe_write(spawner_sigwfd, sig);
}

static void warn(const struct spawner_state *st, const char *a, const char *b, const char *c)
{
  strerr_warn(st->ops->prog, ": warning: ", a, b, c, NULL);
}

/* queue a result; a failure to queue it is only a warning (qmail-send
 * gets no answer for the slot, as if the spawner had crashed) */
static void answer(struct spawner_state *st, unsigned long slot, char letter, const char *text, size_t len)
{
  if (st->outbroken) return;
  if (!spawner_result(&st->out, slot, letter, text, len))
    warn(st, "unable to queue a result: ", error_str(errno), "");
}

/* answer_s: answer with a C string */
static void answer_s(struct spawner_state *st, unsigned long slot, char letter, const char *text)
{
  answer(st, slot, letter, text, str_len(text));
}

/* pending: result bytes not yet written */
static size_t pending(const struct spawner_state *st)
{
  return st->out.len - st->outpos;
}

/* busy: a delivery runs in slot */
static int busy(const struct spawner_state *st, unsigned long slot)
{
  return st->job[slot] && st->job[slot]->pid;
}

/* read what j's pipe holds now, at most rounds reads; close it at EOF */
static void job_read(struct spawner_job *j, int rounds)
{
  char buf[4096];
  while (rounds-- > 0) {
    ssize_t r = read(j->fd, buf, sizeof buf);
    size_t keep;
    if (r == -1 && errno == EINTR) continue;
    if (r == -1 && (errno == EAGAIN || errno == EWOULDBLOCK)) return;
    if (r <= 0) {
      close(j->fd);
      j->fd = -1;
      return;
    }
    keep = SPAWNER_TEXT_MAX - j->len;
    if ((size_t)r < keep) keep = (size_t)r;
    else if ((size_t)r > keep) j->truncated = 1;
    byte_copy(j->text + j->len, keep, buf);
    j->len += keep;
  }
}

static void job_finish(struct spawner_state *st, unsigned long slot, int wstat)
{
  struct spawner_job *j = st->job[slot];
  char letter;
  if (j->fd != -1) {
    job_read(j, 64);   /* the child is gone: what it wrote is in the pipe */
    if (j->fd != -1) close(j->fd);
    j->fd = -1;
  }
  if (st->ops->report(st->ops->ctx, wstat, j->text, j->len, j->truncated, &letter, &st->text))
    answer(st, slot, letter, st->text.s, st->text.len);
  else
    answer_s(st, slot, 'Z', "4.3.0 out of memory in the spawner (#4.3.0)");
  j->pid = 0;
  --st->running;
}

static void reap(struct spawner_state *st)
{
  pid_t pid;
  int wstat;
  while ((pid = wait_nohang(&wstat)) > 0) {
    for (unsigned long i = 0; i < SPAWNER_SLOTS_MAX; ++i)
      if (st->job[i] && st->job[i]->pid == pid) {
        job_finish(st, i, wstat);
        break;
      }
  }
}

/* in the child: signals back to normal, fd 1 and 2 on the pipe */
static void child_setup(struct spawner_state *st, int wfd)
{
  if (sig_default(SIGCHLD) == -1 || sig_default(SIGPIPE) == -1) _exit(111);
  close(st->sigfd[0]);
  close(st->sigfd[1]);
  if (dup2(wfd, 1) == -1 || dup2(wfd, 2) == -1) _exit(111);
  if (wfd > 2) close(wfd);
}

static void start(struct spawner_state *st, const struct spawner_req *r)
{
  struct spawner_job *j = st->job[r->slot];
  int pi[2];
  pid_t pid;
  if (busy(st, r->slot)) {
    char num[FMT_ULONG];
    num[fmt_ulong(num, r->slot)] = 0;
    warn(st, "request for busy slot ", num, " ignored");
    return;
  }
  if (!j && !(j = st->job[r->slot] = malloc(sizeof *j))) {
    answer_s(st, r->slot, 'Z', "4.3.0 out of memory in the spawner (#4.3.0)");
    return;
  }
  if (pipe2(pi, O_CLOEXEC) == -1 || ndelay_on(pi[0]) == -1) {
    answer_s(st, r->slot, 'Z', "4.3.0 unable to create a pipe (#4.3.0)");
    return;
  }
  pid = fork();
  if (pid == -1) {
    close(pi[0]);
    close(pi[1]);
    answer_s(st, r->slot, 'Z', "4.3.0 unable to fork (#4.3.0)");
    return;
  }
  if (pid == 0) {
    child_setup(st, pi[1]);
    st->ops->child(st->ops->ctx, r);
  }
  close(pi[1]);
  j->pid = pid;
  j->fd = pi[0];
  j->len = 0;
  j->truncated = 0;
  ++st->running;
}

/* parse and start what the input buffer holds, while results have room */
static void take_requests(struct spawner_state *st)
{
  while (st->inpos < st->inlen && pending(st) < SPAWNER_OUT_MAX) {
    size_t used;
    enum spawner_parse_result r = spawner_parse(&st->parser, st->in + st->inpos, st->inlen - st->inpos, &used);
    st->inpos += used;
    if (r == SPAWNER_REQUEST) start(st, &st->parser.req);
    else if (r == SPAWNER_BAD && st->parser.slotok && !busy(st, st->parser.req.slot))
      answer_s(st, st->parser.req.slot, 'D', "5.3.0 malformed delivery request (#5.3.0)");
    else if (r == SPAWNER_BAD)
      warn(st, "malformed request ignored", "", "");
  }
}

static void read_requests(struct spawner_state *st)
{
  ssize_t r = read(0, st->in, sizeof st->in);
  if (r == -1 && (errno == EINTR || errno == EAGAIN || errno == EWOULDBLOCK)) return;
  if (r <= 0) {
    if (r == -1) warn(st, "unable to read requests: ", error_str(errno), "");
    if (st->parser.field || st->parser.len) warn(st, "incomplete request at end of input ignored", "", "");
    st->ineof = 1;
    return;
  }
  st->inpos = 0;
  st->inlen = (size_t)r;
}

static void write_results(struct spawner_state *st)
{
  size_t n = pending(st);
  ssize_t w;
  if (n > PIPE_BUF) n = PIPE_BUF;
  w = write(1, st->out.s + st->outpos, n);
  if (w == -1 && (errno == EINTR || errno == EAGAIN || errno == EWOULDBLOCK)) return;
  if (w <= 0) {
    warn(st, "unable to write results: ", error_str(w == -1 ? errno : EIO), "");
    st->outbroken = 1;
    st->out.len = st->outpos = 0;
    return;
  }
  st->outpos += (size_t)w;
  if (st->outpos == st->out.len) st->out.len = st->outpos = 0;
}

static size_t poll_setup(struct spawner_state *st)
{
  size_t n = 0;
  st->pfd[n].fd = st->sigfd[0]; st->pfd[n].events = IOPAUSE_READ; st->kind[n++] = KIND_SIG;
  if (!st->ineof && st->inpos == st->inlen && pending(st) < SPAWNER_OUT_MAX) {
    st->pfd[n].fd = 0; st->pfd[n].events = IOPAUSE_READ; st->kind[n++] = KIND_IN;
  }
  if (!st->outbroken && pending(st)) {
    st->pfd[n].fd = 1; st->pfd[n].events = IOPAUSE_WRITE; st->kind[n++] = KIND_OUT;
  }
  for (int i = 0; i < SPAWNER_SLOTS_MAX; ++i)
    if (st->job[i] && st->job[i]->pid && st->job[i]->fd != -1) {
      st->pfd[n].fd = st->job[i]->fd; st->pfd[n].events = IOPAUSE_READ; st->kind[n++] = i;
    }
  for (size_t i = 0; i < n; ++i) st->pfd[i].revents = 0;
  return n;
}

static void poll_handle(struct spawner_state *st, size_t n)
{
  int sig = 0;
  for (size_t i = 0; i < n; ++i) {
    if (!st->pfd[i].revents) continue;
    if (st->kind[i] == KIND_SIG) sig = 1;
    else if (st->kind[i] == KIND_IN) read_requests(st);
    else if (st->kind[i] == KIND_OUT) write_results(st);
    else job_read(st->job[st->kind[i]], 4);
  }
  if (sig) {
    unsigned char buf[64];
    while (sig_selfpipe_drain(st->sigfd[0], buf, sizeof buf) > 0) { }
    reap(st);
  }
}

/* descriptors 0, 1, 2 open (so that no pipe lands there), SIGCHLD and
 * SIGPIPE set up, room for a descriptor per slot */
static int setup(struct spawner_state *st)
{
  struct rlimit rl;
  for (int fd = 0; fd < 3; ++fd)
    if (fcntl(fd, F_GETFD) == -1 && open("/dev/null", O_RDWR) == -1) return -1;
  if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < SPAWNER_SLOTS_MAX + 64) {
    rl.rlim_cur = rl.rlim_max < SPAWNER_SLOTS_MAX + 64 ? rl.rlim_max : SPAWNER_SLOTS_MAX + 64;
    if (setrlimit(RLIMIT_NOFILE, &rl) == -1) { /* fewer slots will fit */ }
  }
  if (sig_selfpipe(st->sigfd) == -1) return -1;
  spawner_sigwfd = st->sigfd[1];
  if (sig_ignore(SIGPIPE) == -1 || sig_catch(SIGCHLD, on_child) == -1) return -1;
  return 0;
}

int spawner_run(const struct spawner_ops *ops)
{
  struct spawner_state *st = malloc(sizeof *st);
  int r = 0, e = 0;
  if (!st) return -1;
  byte_zero(st, sizeof *st);
  st->ops = ops;
  st->sigfd[0] = st->sigfd[1] = -1;
  if (setup(st) == -1) { r = -1; e = errno; goto done; }
  for (;;) {
    size_t n;
    take_requests(st);
    if (st->ineof && !st->running && (st->outbroken || !pending(st))) break;
    n = poll_setup(st);
    if (iopause(st->pfd, n, IOPAUSE_FOREVER) == -1) { r = -1; e = errno; break; }
    poll_handle(st, n);
  }
done:
  if (sig_default(SIGCHLD) == -1 || sig_default(SIGPIPE) == -1) { /* leaving anyway */ }
  if (st->sigfd[0] != -1) { close(st->sigfd[0]); close(st->sigfd[1]); }
  spawner_sigwfd = -1;
  for (int i = 0; i < SPAWNER_SLOTS_MAX; ++i) free(st->job[i]);
  stralloc_free(&st->out);
  stralloc_free(&st->text);
  free(st);
  errno = e;
  return r;
}
