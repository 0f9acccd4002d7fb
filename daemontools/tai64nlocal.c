/* tai64nlocal.c — copy standard input to standard output, turning a
 * TAI64N label at the start of a line into local time (tai64nlocal(8)). */
#include <string.h>

#include "buf.h"
#include "exitcode.h"
#include "strerr.h"
#include "tai64n.h"
#include "taia.h"

#define FATAL "tai64nlocal: fatal: "

struct t64l {
  int state;               /* 0 at a line start, 1 in a label, 2 in the rest */
  char label[TAI64N_FMT];  /* the label read so far */
  size_t len;
};

static void __attribute__((noreturn)) t64l_nowrite(void)
{
  strerr_die(EXIT_TEMP, FATAL, "unable to write output: ", STRERR_SYS, NULL);
}

static void t64l_put(const char *p, size_t n)
{
  if (buf_put(buf_1, p, n) == -1) t64l_nowrite();
}

/* label: the label is complete or cut short: write it converted when it
 * is a whole, valid label with a local rendering, else as it came */
static void t64l_label(struct t64l *t)
{
  char local[TAI64NLOCAL_FMT];
  struct taia when;
  size_t n = 0;
  if (t->len == TAI64N_FMT && tai64n_scan(t->label, t->len, &when))
    n = tai64nlocal_fmt(local, &when);
  if (n) t64l_put(local, n);
  else t64l_put(t->label, t->len);
  t->state = 2;
}

static int t64l_hex(char c)
{
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
}

/* chunk: p[0..n) through the state machine */
static void t64l_chunk(struct t64l *t, const char *p, size_t n)
{
  while (n) {
    if (t->state == 0) {
      t->state = *p == '@' ? 1 : 2;
      t->len = 0;
    }
    if (t->state == 1) {
      if (t->len && !t64l_hex(*p)) { t64l_label(t); continue; }
      t->label[t->len++] = *p++;
      --n;
      if (t->len == TAI64N_FMT) t64l_label(t);
      continue;
    }
    {
      const char *nl = memchr(p, '\n', n);
      size_t k = nl ? (size_t)(nl - p) + 1 : n;
      t64l_put(p, k);
      if (nl) t->state = 0;
      p += k;
      n -= k;
    }
  }
}

int main(int argc, char **argv)
{
  struct t64l t = { 0, { 0 }, 0 };
  (void)argv;
  if (argc > 1) strerr_die(EXIT_PERM, "tai64nlocal: usage: tai64nlocal", NULL);
  for (;;) {
    ssize_t r;
    if (!buf_buffered(buf_0) && buf_flush(buf_1) == -1) t64l_nowrite();
    r = buf_feed(buf_0);
    if (r == -1) strerr_die(EXIT_TEMP, FATAL, "unable to read input: ", STRERR_SYS, NULL);
    if (r == 0) break;
    t64l_chunk(&t, buf_peek(buf_0), (size_t)r);
    buf_seek(buf_0, (size_t)r);
  }
  if (t.state == 1) t64l_label(&t);
  if (buf_flush(buf_1) == -1) t64l_nowrite();
  return 0;
}
