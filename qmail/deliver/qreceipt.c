/* qreceipt.c — answer a Notice-Requested-Upon-Delivery-To field that names
 * our address with a success notice to the envelope sender. */
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <unistd.h>

#include "buf.h"
#include "case.h"
#include "env.h"
#include "exitcode.h"
#include "getln.h"
#include "paths.h"
#include "qhaddr.h"
#include "qhrun.h"
#include "sig.h"
#include "str.h"
#include "stralloc.h"
#include "strerr.h"
#include "wait.h"

#define FATAL "qreceipt: fatal: "
#define USAGE "qreceipt: usage: qreceipt youraddress"
#define FIELD "Notice-Requested-Upon-Delivery-To"
/* the longest header line read whole, and the most bytes of one field kept */
#define QR_LINE_MAX 65536
#define QR_FIELD_MAX 65536

struct qreceipt {
  const char *address;   /* ours, from the command line */
  const char *sender;    /* the envelope sender: SENDER */
  stralloc line, field, prog, msg;
  int infield;           /* 1: the field being read is FIELD */
  int found;
};

static void __attribute__((noreturn)) nomem(void)
{
  strerr_die(EXIT_TEMP, FATAL, "out of memory", (char *)0);
}

/* 1 when line[0..len) starts a FIELD field; *value = where its body starts */
static int is_field(const char *line, size_t len, size_t *value)
{
  size_t n = str_len(FIELD);
  if (!case_startb(line, len, FIELD)) return 0;
  while (n < len && (line[n] == ' ' || line[n] == '\t')) ++n;
  if (n >= len || line[n] != ':') return 0;
  *value = n + 1;
  return 1;
}

static void field_add(struct qreceipt *q, const char *s, size_t n)
{
  if (q->field.len >= QR_FIELD_MAX) return;
  if (n > QR_FIELD_MAX - q->field.len) n = QR_FIELD_MAX - q->field.len;
  if (!stralloc_catb(&q->field, s, n)) nomem();
}

static void field_end(struct qreceipt *q)
{
  if (q->infield && qhaddr_has(q->field.s, q->field.len, q->address)) q->found = 1;
  q->infield = 0;
  q->field.len = 0;
}

/* read the header from standard input, setting q->found */
static void read_header(struct qreceipt *q)
{
  int match;
  size_t value;
  for (;;) {
    if (getln(buf_0, &q->line, &match, '\n', QR_LINE_MAX) == -1) {
      if (errno != EMSGSIZE) strerr_die(EXIT_TEMP, FATAL, "unable to read input: ", STRERR_SYS, (char *)0);
      if (getln_skip(buf_0, '\n') == -1) strerr_die(EXIT_TEMP, FATAL, "unable to read input: ", STRERR_SYS, (char *)0);
      match = 1;
    }
    if (!q->line.len) break;
    if (q->line.s[0] == '\n' || (q->line.s[0] == '\r' && q->line.len > 1 && q->line.s[1] == '\n')) break;
    if (q->line.s[0] == ' ' || q->line.s[0] == '\t') {
      if (q->infield) field_add(q, q->line.s, q->line.len);
    } else {
      field_end(q);
      if (is_field(q->line.s, q->line.len, &value)) {
        q->infield = 1;
        field_add(q, q->line.s + value, q->line.len - value);
      }
    }
    if (!match) break;
  }
  field_end(q);
}

/* s with every control byte made '_', for a header line */
static void cat_clean(stralloc *out, const char *s)
{
  for (; *s; ++s) {
    unsigned char c = (unsigned char)*s;
    if (!stralloc_append(out, c < 32 || c == 127 ? '_' : (char)c)) nomem();
  }
}

static void build_notice(struct qreceipt *q)
{
  stralloc *m = &q->msg;
  if (!stralloc_copys(m, "From: Delivery notices <")) nomem();
  cat_clean(m, q->address);
  if (!stralloc_cats(m, ">\nTo: <")) nomem();
  cat_clean(m, q->sender);
  if (!stralloc_cats(m, ">\nSubject: delivery notice\nAuto-Submitted: auto-replied\n\n"
                        "This is qreceipt. Your message was delivered to\n")) nomem();
  cat_clean(m, q->address);
  if (!stralloc_cats(m, "\nwhich its " FIELD " field asked for.\n")) nomem();
}

/* PREFIX/bin/qmail-inject -a -f "" -- sender, with the notice on its input */
static void send_notice(struct qreceipt *q)
{
  struct paths ps;
  char *argv[7];
  int status, readerr;
  if (paths_init(&ps) == -1)
    strerr_die(EXIT_TEMP, FATAL, "bad ", ps.bad ? ps.bad : "path", ": ", STRERR_SYS, (char *)0);
  if (!stralloc_copys(&q->prog, paths_get(&ps, PATHS_PREFIX)) ||
      !stralloc_cats(&q->prog, "/bin/qmail-inject") || !stralloc_0(&q->prog))
    nomem();
  paths_free(&ps);
  /* a missing qmail-inject is the system's problem, not the sender's */
  if (access(q->prog.s, X_OK) == -1)
    strerr_die(EXIT_TEMP, FATAL, "unable to run ", q->prog.s, ": ", STRERR_SYS, (char *)0);
  argv[0] = q->prog.s;
  argv[1] = (char *)(uintptr_t)"-a";
  argv[2] = (char *)(uintptr_t)"-f";
  argv[3] = (char *)(uintptr_t)"";
  argv[4] = (char *)(uintptr_t)"--";
  argv[5] = (char *)(uintptr_t)q->sender;
  argv[6] = 0;
  if (qhrun_feed(argv, FATAL, q->msg.s, q->msg.len, -1, &status, &readerr) == -1)
    strerr_die(EXIT_TEMP, FATAL, "unable to run ", q->prog.s, ": ", STRERR_SYS, (char *)0);
  if (wait_crashed(status)) strerr_die(EXIT_TEMP, FATAL, "qmail-inject crashed", (char *)0);
  if (wait_exitcode(status) == 0) return;
  strerr_die(wait_exitcode(status) == EXIT_PERM ? EXIT_PERM : EXIT_TEMP, FATAL,
             "unable to send the notice", (char *)0);
}

static void qreceipt_free(struct qreceipt *q)
{
  stralloc_free(&q->line);
  stralloc_free(&q->field);
  stralloc_free(&q->prog);
  stralloc_free(&q->msg);
}

int main(int argc, char **argv)
{
  struct qreceipt q = { 0, 0, STRALLOC_ZERO, STRALLOC_ZERO, STRALLOC_ZERO, STRALLOC_ZERO, 0, 0 };
  if (argc != 2 || !argv[1][0]) strerr_die(EXIT_PERM, USAGE, (char *)0);
  q.address = argv[1];
  q.sender = env_get("SENDER");
  if (!q.sender) strerr_die(EXIT_PERM, FATAL, "SENDER not set", (char *)0);
  /* never answer a bounce */
  if (!*q.sender || str_equal(q.sender, "#@[]")) return EXIT_OK;
  if (sig_ignore(SIGPIPE) == -1) strerr_die(EXIT_TEMP, FATAL, "unable to ignore SIGPIPE", (char *)0);
  read_header(&q);
  if (q.found) {
    build_notice(&q);
    send_notice(&q);
  }
  qreceipt_free(&q);
  return EXIT_OK;
}
