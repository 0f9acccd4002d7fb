/* mlline.c — unit test for daemontools/mlline: cutting multilog's input
 * into heads and rests, timestamps, and the e and = formats. */
#include <string.h>

#include "mlline.h"
#include "stralloc.h"
#include "tai64n.h"
#include "tap.h"

/* a clock that ticks one second per call, from a known label */
static unsigned long fake_ticks;
static void fake_clock(struct taia *t)
{
  t->sec.x = 0x4000000050000000ULL + fake_ticks++;
  t->nano = 7;
  t->atto = 0;
}

/* run: feed input in pieces of step bytes (then EOF) and render the
 * events as text: "H(head)" for a head with its newline shown as "\n",
 * "R(bytes)" for a rest */
static void run(const char *in, size_t len, size_t step, int stamp, stralloc *out)
{
  struct mlline l;
  struct mlline_ev ev;
  size_t pos = 0;
  mlline_init(&l, stamp);
  l.clock = fake_clock;
  fake_ticks = 0;
  out->len = 0;
  while (pos < len) {
    size_t n = len - pos < step ? len - pos : step;
    size_t used = mlline_feed(&l, in + pos, n, &ev);
    if (!used) break;
    pos += used;
    if (ev.kind == MLLINE_HEAD) {
      if (!stralloc_cats(out, "H(") || !stralloc_catb(out, l.head, l.len + (ev.ended ? 1 : 0))
          || !stralloc_cats(out, ")")) return;
    } else if (ev.kind == MLLINE_REST) {
      if (!stralloc_cats(out, "R(") || !stralloc_catb(out, ev.p, ev.n) || !stralloc_cats(out, ")"))
        return;
    }
  }
  if (mlline_eof(&l, &ev)) {
    if (!stralloc_cats(out, ev.kind == MLLINE_HEAD ? "EH(" : "ER(")) return;
    if (ev.kind == MLLINE_HEAD ? !stralloc_catb(out, l.head, l.len + 1) : !stralloc_catb(out, ev.p, ev.n))
      return;
    if (!stralloc_cats(out, ")")) return;
  }
}

static void test_short(void)
{
  stralloc out = STRALLOC_ZERO;
  const char *in = "one\ntwo\n\nthree";
  for (size_t step = 1; step <= 16; step *= 2) {
    run(in, strlen(in), step, 0, &out);
    is_mem(out.s, out.len, "H(one\n)H(two\n)H(\n)EH(three\n)", 28, "short lines, pieces of %zu", step);
  }
  run("", 0, 1, 0, &out);
  is_int(out.len, 0, "no input, no event");
  stralloc_free(&out);
}

static void test_stamp(void)
{
  stralloc out = STRALLOC_ZERO;
  struct taia t0 = { { 0x4000000050000000ULL }, 7, 0 }, t1 = t0;
  char want[200], l0[TAI64N_FMT], l1[TAI64N_FMT];
  int n;
  t1.sec.x++;
  tai64n_fmt(l0, &t0);
  tai64n_fmt(l1, &t1);
  n = snprintf(want, sizeof want, "H(%.25s a\n)H(%.25s b\n)", l0, l1);
  run("a\nb\n", 4, 1, 1, &out);
  is_mem(out.s, out.len, want, (size_t)n, "a timestamp per line, taken at its first byte");
  run("a\nb\n", 4, 4, 1, &out);
  is_mem(out.s, out.len, want, (size_t)n, "the same in one piece");
  stralloc_free(&out);
}

/* long: a line of n bytes of 'x' and a newline, fed in pieces of step */
static void test_long1(size_t n, size_t step, int stamp)
{
  char in[3000], want[3200];
  stralloc out = STRALLOC_ZERO;
  size_t headn = ML_LINE_MAX - (stamp ? TAI64N_FMT + 1 : 0), w = 0;
  memset(in, 'x', n);
  in[n] = '\n';
  run(in, n + 1, step, stamp, &out);
  /* the head: the first bytes; the rest: everything after it */
  ok(out.len > 2 && memcmp(out.s, "H(", 2) == 0, "long %zu/%zu/%d: starts with a head", n, step, stamp);
  if (n < headn) {
    w = (size_t)snprintf(want, sizeof want, "%.*s\n)", (int)n, in);
  } else {
    /* (a newline right after a full head may end it at once) */
    w = (size_t)snprintf(want, sizeof want, "%.*s", (int)headn, in);
  }
  ok(out.len >= w + 2 + (stamp ? TAI64N_FMT + 1 : 0)
     && memcmp(out.s + 2 + (stamp ? TAI64N_FMT + 1 : 0), want, w) == 0,
     "long %zu/%zu/%d: the head holds %zu bytes of the line", n, step, stamp, n < headn ? n : headn);
  {
    /* every byte of the line is in the head or a rest, once, in order */
    stralloc all = STRALLOC_ZERO;
    size_t i = 0;
    while (i < out.len) {
      size_t j;
      int head = out.s[i] == 'H';
      i += 2;
      j = i;
      while (j < out.len && out.s[j] != ')') ++j;
      if (head && stamp) i += TAI64N_FMT + 1;
      if (!stralloc_catb(&all, out.s + i, j - i)) break;
      i = j + 1;
    }
    is_mem(all.s, all.len, in, n + 1, "long %zu/%zu/%d: all bytes once, in order", n, step, stamp);
    stralloc_free(&all);
  }
  stralloc_free(&out);
}

static void test_long(void)
{
  static const size_t lens[] = { 999, 1000, 1001, 2500 };
  static const size_t steps[] = { 1, 7, 1000, 4096 };
  for (size_t i = 0; i < 4; ++i)
    for (size_t j = 0; j < 4; ++j) {
      test_long1(lens[i], steps[j], 0);
      test_long1(lens[i], steps[j], 1);
    }
}

static void test_eof(void)
{
  stralloc out = STRALLOC_ZERO;
  char in[1500];
  memset(in, 'y', sizeof in);
  run(in, sizeof in, 512, 0, &out);
  ok(out.len > 5 && memcmp(out.s + out.len - 5, "ER(\n)", 5) == 0, "EOF inside a rest adds a newline");
  run("abc", 3, 1, 0, &out);
  is_mem(out.s, out.len, "EH(abc\n)", 8, "EOF inside a head finishes it");
  {
    struct mlline l;
    struct mlline_ev ev;
    mlline_init(&l, 0);
    ok(mlline_between(&l), "between lines at the start");
    ok(mlline_feed(&l, "ab", 2, &ev) == 2 && ev.kind == MLLINE_NONE, "a partial line: no event");
    ok(!mlline_between(&l), "not between lines inside one");
    ok(mlline_feed(&l, "\nc", 2, &ev) == 1 && ev.kind == MLLINE_HEAD && ev.ended, "the newline ends it");
    ok(mlline_between(&l), "between lines again");
    ok(mlline_feed(&l, "", 0, &ev) == 0 && ev.kind == MLLINE_NONE, "feeding nothing takes nothing");
    ok(!mlline_eof(&l, &ev) && ev.kind == MLLINE_NONE, "EOF between lines: no event");
  }
  stralloc_free(&out);
}

static void test_formats(void)
{
  char out[MLLINE_ALERT_LEN], line[1200], st[ML_STATUS_LEN], want[ML_STATUS_LEN];
  size_t n;
  memset(line, 'z', sizeof line);
  n = mlline_alert(out, "hello", 5);
  is_mem(out, n, "hello\n", 6, "alert: a short line and a newline");
  n = mlline_alert(out, line, 200);
  ok(n == 201 && out[200] == '\n', "alert: 200 bytes are kept whole");
  n = mlline_alert(out, line, 201);
  ok(n == 204 && memcmp(out + 200, "...\n", 4) == 0, "alert: 201 bytes are cut with ...");
  n = mlline_alert(out, "", 0);
  is_mem(out, n, "\n", 1, "alert: the empty line");

  mlline_status(st, "hello", 5);
  memset(want, '\n', sizeof want);
  memcpy(want, "hello", 5);
  is_mem(st, sizeof st, want, sizeof want, "status: padded with newlines to 1001 bytes");
  mlline_status(st, line, 1000);
  ok(memcmp(st, line, 1000) == 0 && st[1000] == '\n', "status: 1000 bytes and one newline");
  mlline_status(st, line, 1200);
  ok(memcmp(st, line, 1000) == 0 && st[1000] == '\n', "status: longer heads are cut at 1000");
}

int main(void)
{
  test_short();
  test_stamp();
  test_long();
  test_eof();
  test_formats();
  return done_testing();
}
