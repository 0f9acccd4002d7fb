/* mlscript.c — unit test for daemontools/mlscript: parsing multilog's
 * script and walking it over a line. */
#include <stdlib.h>
#include <string.h>

#include "mlscript.h"
#include "tap.h"

#define N(a) ((int)(sizeof(a) / sizeof (a)[0]))

/* the copies of argv that parse made; the scripts point into them */
static struct { char **v; int n; } copies[64];
static int ncopies;

/* parse: argv (copied, as a program's argv is writable); 1 on success */
static int parse(struct ml_script *s, struct ml_error *e, int argc, const char *const *argv)
{
  char **v = calloc((size_t)argc + 1, sizeof *v);
  if (!v || ncopies == 64) { free(v); return 0; }
  copies[ncopies].v = v;
  copies[ncopies++].n = argc;
  for (int i = 0; i < argc; ++i)
    if (!(v[i] = strdup(argv[i]))) return 0;
  return mlscript_parse(s, argc, v, e);
}

static void free_copies(void)
{
  for (int i = 0; i < ncopies; ++i) {
    for (int j = 0; j < copies[i].n; ++j) free(copies[i].v[j]);
    free(copies[i].v);
  }
  ncopies = 0;
}

static void test_parse(void)
{
  const char *a1[] = { "t", "s5000", "n3", "!gzip", "-*", "+a*", "e", "=st", "./one",
                 "z", "n7", "/two" };
  const char *a2[] = { "./d" };
  struct ml_script s;
  struct ml_error e;
  ok(parse(&s, &e, N(a1), a1), "a script with every action parses");
  is_int(s.stamp, 1, "t sets stamp");
  is_int(s.n, 6, "6 actions kept (t, s, n, !, z, n are settings)");
  is_int(s.ndirs, 2, "two directories");
  is_int(s.nstatus, 1, "one status file");
  is_int(s.gzip, 1, "z is noted");
  is_int(s.act[0].kind, ML_DESELECT, "-* is a deselect");
  is_mem(s.act[0].arg, s.act[0].arglen, "*", 1, "its pattern");
  is_int(s.act[1].kind, ML_SELECT, "+a* is a select");
  is_int(s.act[2].kind, ML_ALERT, "e");
  is_int(s.act[3].kind, ML_STATUS, "=st");
  is_str(s.act[3].arg, "st", "the status file");
  is_int(s.act[4].kind, ML_DIR, "./one is a directory");
  is_str(s.act[4].arg, "./one", "its path, dot included");
  is_int(s.act[4].size, 5000, "size 5000");
  is_int(s.act[4].num, 3, "num 3");
  is_str(s.act[4].processor, "gzip", "processor");
  is_int(s.act[4].gzip, 0, "no z yet");
  is_int(s.act[5].kind, ML_DIR, "/two is a directory");
  is_int(s.act[5].num, 7, "later n applies to later directories");
  is_int(s.act[5].size, 5000, "earlier s still applies");
  is_int(s.act[5].gzip, 1, "z applies to later directories");
  mlscript_free(&s);
  ok(s.act == NULL && s.n == 0, "free empties the script");

  ok(parse(&s, &e, N(a2), a2), "a lone directory");
  is_int(s.stamp, 0, "no timestamp");
  is_int(s.act[0].size, ML_SIZE_DEFAULT, "default size 99999");
  is_int(s.act[0].num, ML_NUM_DEFAULT, "default num 10");
  ok(s.act[0].processor == NULL, "no processor");
  mlscript_free(&s);
  ok(parse(&s, &e, 0, NULL), "an empty script");
  is_int(s.n, 0, "has no actions");
  mlscript_free(&s);
}

static void test_clamp(void)
{
  const char *a[] = { "s100", "n0", "./a", "s99999999999999999999999", "n99999999999999999999", "./b",
                "s4096", "n2", "./c", "s16777215", "./d", "s16777216", "./e" };
  struct ml_script s;
  struct ml_error e;
  ok(parse(&s, &e, N(a), a), "out-of-range numbers parse");
  is_int(s.act[0].size, ML_SIZE_MIN, "s100 becomes 4096");
  is_int(s.act[0].num, ML_NUM_MIN, "n0 becomes 2");
  is_int(s.act[1].size, ML_SIZE_MAX, "a huge s becomes 16777215");
  ok(s.act[1].num == ML_NUM_MAX, "a huge n is clamped");
  is_int(s.act[2].size, 4096, "s4096 is kept");
  is_int(s.act[2].num, 2, "n2 is kept");
  is_int(s.act[3].size, 16777215, "s16777215 is kept");
  is_int(s.act[4].size, 16777215, "s16777216 becomes 16777215");
  mlscript_free(&s);
}

/* bad: argv fails with code at index */
static void bad(const char *arg0, const char *arg1, enum ml_err code, int index, const char *name)
{
  const char *a[] = { arg0, arg1 };
  struct ml_script s;
  struct ml_error e;
  int r = parse(&s, &e, arg1 ? 2 : 1, a);
  ok(!r && e.code == code && e.index == index, "refused: %s", name);
  if (r) mlscript_free(&s);
  else ok(s.act == NULL, "nothing left allocated: %s", name);
}

static void test_errors(void)
{
  bad("x", NULL, ML_ERR_UNKNOWN, 0, "unknown action");
  bad("main", NULL, ML_ERR_UNKNOWN, 0, "a directory without ./");
  bad("", NULL, ML_ERR_EMPTY, 0, "empty argument");
  bad("./d", "t", ML_ERR_STAMP, 1, "t not first");
  bad("tt", NULL, ML_ERR_STAMP, 0, "t with more");
  bad("t", "t", ML_ERR_STAMP, 1, "t twice");
  bad("s", NULL, ML_ERR_SIZE, 0, "s alone");
  bad("s12k", NULL, ML_ERR_SIZE, 0, "s with a suffix");
  bad("s-5", NULL, ML_ERR_SIZE, 0, "s negative");
  bad("n", NULL, ML_ERR_NUM, 0, "n alone");
  bad("n+3", NULL, ML_ERR_NUM, 0, "n with a sign");
  bad("!", NULL, ML_ERR_PROCESSOR, 0, "! alone");
  bad("=", NULL, ML_ERR_STATUS, 0, "= alone");
  bad("e1", NULL, ML_ERR_FLAG, 0, "e with more");
  bad("zz", NULL, ML_ERR_FLAG, 0, "z with more");
  ok(strcmp(mlscript_strerror(ML_ERR_UNKNOWN), "unknown action") == 0, "strerror");
  ok(mlscript_strerror((enum ml_err)99) != NULL, "strerror of a bad code");
}

static void test_select(void)
{
  const char *a[] = { "e", "-*", "e", "+*fatal*", "=st", "-*ignore*", "./d", "+", "e" };
  struct ml_script s;
  struct ml_error e;
  unsigned char sel[16];
  char big[ML_LINE_MAX + 10];
  ok(parse(&s, &e, N(a), a), "selection script");
  ok(!mlscript_select(&s, "plain", 5, sel), "a plain line ends deselected");
  ok(sel[0] == 1 && sel[1] == 0 && sel[2] == 0 && sel[4] == 0 && sel[5] == 0,
     "selected at first, deselected by -*");
  ok(mlscript_select(&s, "a fatal error", 13, sel), "a fatal line ends selected");
  ok(sel[3] == 1 && sel[4] == 1 && sel[5] == 1, "+*fatal* selects it for = and the directory");
  ok(!mlscript_select(&s, "fatal: ignore me", 16, sel), "fatal but ignored");
  ok(sel[4] == 1 && sel[5] == 0, "= sees it, the directory does not");
  ok(mlscript_select(&s, "", 0, sel), "the empty line");
  ok(sel[6] == 0 && sel[7] == 1 && sel[8] == 1, "+ (empty pattern) selects the empty line again");

  /* only the first ML_LINE_MAX bytes are looked at */
  memset(big, 'x', sizeof big);
  memcpy(big + ML_LINE_MAX, "fatal", 5);
  ok(!mlscript_select(&s, big, sizeof big, sel) && sel[3] == 0,
     "a pattern cannot see past byte 1000");
  memcpy(big + ML_LINE_MAX - 5, "fatal", 5);
  ok(sel[3] == 0 && (mlscript_select(&s, big, sizeof big, sel), sel[3] == 1),
     "but sees up to byte 1000");
  mlscript_free(&s);
}

int main(void)
{
  test_parse();
  test_clamp();
  test_errors();
  test_select();
  free_copies();
  return done_testing();
}
