/* tap.h — a small Test Anything Protocol producer for the C unit tests.
 *
 * Usage: call ok()/is_int()/is_str()/is_mem() as many times as needed and
 * end main() with `return done_testing();`, or declare plan(n) first.
 * Every check prints "ok N - name" or "not ok N - name" with a diagnostic
 * naming the file and line; done_testing() returns the exit status. */
#ifndef TAP_H
#define TAP_H

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct tap_state { int n; int failed; int planned; };
static struct tap_state tap_st;

static inline void __attribute__((format(printf, 1, 0))) tap_vname(const char *fmt, va_list ap)
{
  if (fmt && *fmt) { fputs(" - ", stdout); vprintf(fmt, ap); }
  putchar('\n');
}

/* plan: announce the number of tests up front. */
static inline void plan(int n)
{
  tap_st.planned = n;
  printf("1..%d\n", n);
  fflush(stdout);
}

/* skip_all: the whole file does not apply here; exits 0. */
static inline void __attribute__((noreturn)) skip_all(const char *why)
{
  printf("1..0 # SKIP %s\n", why);
  fflush(stdout);
  exit(0);
}

/* diag: a comment line on standard error (prove shows it). */
static inline void __attribute__((format(printf, 1, 2))) diag(const char *fmt, ...)
{
  va_list ap;
  fflush(stdout);
  fputs("# ", stderr);
  va_start(ap, fmt);
  vfprintf(stderr, fmt, ap);
  va_end(ap);
  fputc('\n', stderr);
}

static inline int __attribute__((format(printf, 4, 5)))
tap_ok(int pass, const char *file, int line, const char *fmt, ...)
{
  va_list ap;
  ++tap_st.n;
  if (!pass) ++tap_st.failed;
  printf("%sok %d", pass ? "" : "not ", tap_st.n);
  va_start(ap, fmt);
  tap_vname(fmt, ap);
  va_end(ap);
  fflush(stdout);
  if (!pass) diag("  Failed test at %s line %d.", file, line);
  return pass;
}

#define ok(cond, ...) tap_ok(!!(cond), __FILE__, __LINE__, __VA_ARGS__)

#define is_int(got, want, ...) do { \
    long long tap_g_ = (long long)(got), tap_w_ = (long long)(want); \
    if (!tap_ok(tap_g_ == tap_w_, __FILE__, __LINE__, __VA_ARGS__)) \
      diag("         got: %lld\n#     expected: %lld", tap_g_, tap_w_); \
  } while (0)

#define is_str(got, want, ...) do { \
    const char *tap_g_ = (got), *tap_w_ = (want); \
    int tap_p_ = tap_g_ && tap_w_ ? strcmp(tap_g_, tap_w_) == 0 : tap_g_ == tap_w_; \
    if (!tap_ok(tap_p_, __FILE__, __LINE__, __VA_ARGS__)) \
      diag("         got: '%s'\n#     expected: '%s'", tap_g_ ? tap_g_ : "(null)", \
           tap_w_ ? tap_w_ : "(null)"); \
  } while (0)

#define is_mem(got, glen, want, wlen, ...) do { \
    const void *tap_g_ = (got), *tap_w_ = (want); \
    size_t tap_gl_ = (glen), tap_wl_ = (wlen); \
    int tap_p_ = tap_gl_ == tap_wl_ && (tap_gl_ == 0 || memcmp(tap_g_, tap_w_, tap_gl_) == 0); \
    if (!tap_ok(tap_p_, __FILE__, __LINE__, __VA_ARGS__)) \
      diag("         got: '%.*s' (%zu bytes)\n#     expected: '%.*s' (%zu bytes)", \
           (int)tap_gl_, (const char *)tap_g_, tap_gl_, (int)tap_wl_, \
           (const char *)tap_w_, tap_wl_); \
  } while (0)

/* skip: count n tests as skipped, with a reason. */
static inline void skip(int n, const char *why)
{
  while (n-- > 0) printf("ok %d # skip %s\n", ++tap_st.n, why);
  fflush(stdout);
}

/* done_testing: print the plan if none was given; the exit status. */
static inline int done_testing(void)
{
  if (!tap_st.planned) printf("1..%d\n", tap_st.n);
  else if (tap_st.planned != tap_st.n)
    diag("planned %d tests but ran %d", tap_st.planned, tap_st.n);
  fflush(stdout);
  if (tap_st.failed) return tap_st.failed > 254 ? 254 : tap_st.failed;
  return tap_st.planned && tap_st.planned != tap_st.n ? 255 : 0;
}

/* tap_tmpdir: a fresh private directory under $TMPDIR (or /tmp); the
 * caller removes it. Dies (bail out) on failure. */
static inline const char *tap_tmpdir(void)
{
  static char path[4096];
  const char *t = getenv("TMPDIR");
  snprintf(path, sizeof path, "%s/imtest.XXXXXX", t && *t ? t : "/tmp");
  if (!mkdtemp(path)) {
    printf("Bail out! mkdtemp: %s\n", strerror(errno));
    exit(255);
  }
  return path;
}

/* tap_rmtree: remove a directory tree made by a test (uses rm -rf). */
static inline void tap_rmtree(const char *dir)
{
  char cmd[4200];
  if (!dir || !*dir || strchr(dir, '\'')) return;
  snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
  if (system(cmd) != 0) diag("could not remove %s", dir);
}

/* tap_srcdir / tap_builddir: the source tree and build tree, from make. */
static inline const char *tap_srcdir(void)
{
  const char *s = getenv("IM_SRC");
  return s && *s ? s : ".";
}
static inline const char *tap_builddir(void)
{
  const char *s = getenv("IM_BUILD");
  return s && *s ? s : "build";
}

#endif
