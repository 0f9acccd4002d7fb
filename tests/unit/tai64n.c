/* tai64n.c — unit test for libqmail/tai64n, cross-checked against Debian's
 * daemontools (tai64n, tai64nlocal) when they are installed. */
#include <errno.h>
#include <stdint.h>
#include <sys/stat.h>

#include "tai64n.h"
#include "tap.h"

static struct taia mk(uint64_t s, uint32_t n)
{
  struct taia t;
  t.sec.x = s;
  t.nano = n;
  t.atto = 0;
  return t;
}

/* scan from an exact-size heap copy, so ASan sees any read past len */
static size_t scan_copy(const char *s, size_t len, struct taia *t)
{
  char *p = malloc(len ? len : 1);
  size_t r;
  if (!p) return 0;
  memcpy(p, s, len);
  r = tai64n_scan(p, len, t);
  free(p);
  return r;
}

static void test_fmt_scan(void)
{
  char out[TAI64N_FMT + 1];
  struct taia t = mk(TAI_UNIX_EPOCH, 0), u;
  is_int(tai64n_fmt(out, &t), 25, "fmt writes 25 bytes");
  out[25] = 0;
  is_str(out, "@400000000000000a00000000", "the Unix epoch");
  t = mk(0x4000000065a1b2c3ULL, 999999999);
  tai64n_fmt(out, &t);
  is_str(out, "@4000000065a1b2c33b9ac9ff", "lowercase hex, nanoseconds last");
  u = mk(1, 1);
  is_int(scan_copy(out, 25, &u), 25, "scan reads it back");
  ok(u.sec.x == t.sec.x && u.nano == t.nano && u.atto == 0, "same time");
  is_int(scan_copy("@4000000065a1b2c33b9ac9ff rest of line", 38, &u), 25,
         "scan stops after the label");

  u = mk(7, 7);
  is_int(scan_copy(out, 24, &u), 0, "24 bytes: too short");
  is_int(scan_copy("", 0, &u), 0, "empty input");
  is_int(scan_copy("4000000065a1b2c33b9ac9ff0", 25, &u), 0, "no '@'");
  is_int(scan_copy("@4000000065A1B2C33B9AC9FF", 25, &u), 0, "uppercase hex is refused");
  is_int(scan_copy("@4000000065a1b2c33b9aca00", 25, &u), 0, "10^9 nanoseconds is refused");
  is_int(scan_copy("@4000000065a1b2c33b9ac9f", 25, &u), 0, "24 digits then the end");
  is_int(scan_copy("@4000000065a1b2c3 b9ac9ff", 25, &u), 0, "a space inside");
  is_int(scan_copy("@4000000065a1b2cg3b9ac9ff", 25, &u), 0, "a non-hex letter");
  is_int(scan_copy("@4000000065a1b2c3\0""3b9ac9f", 25, &u), 0, "a NUL inside");
  ok(u.sec.x == 7 && u.nano == 7, "t untouched by failures");

  /* round trips over a spread of values */
  int good = 1;
  uint64_t s = 0x9e3779b97f4a7c15ULL;
  for (int i = 0; i < 1000; ++i) {
    struct taia a = mk(s, (uint32_t)(s % 1000000000U)), b;
    s = s * 6364136223846793005ULL + 1442695040888963407ULL;
    tai64n_fmt(out, &a);
    if (tai64n_scan(out, 25, &b) != 25 || b.sec.x != a.sec.x || b.nano != a.nano) good = 0;
  }
  ok(good, "1000 fmt/scan round trips");
}

static void test_local(void)
{
  char out[TAI64NLOCAL_FMT];
  struct taia t;
  if (setenv("TZ", "UTC", 1) != 0) diag("setenv failed");
  t = mk(TAI_UNIX_EPOCH, 5);
  is_int(tai64nlocal_fmt(out, &t), 29, "local rendering is 29 bytes");
  is_str(out, "1970-01-01 00:00:00.000000005", "the epoch in UTC");
  t = mk(TAI_UNIX_EPOCH + 1700000000, 123456789);
  ok(tai64nlocal_fmt(out, &t) > 0, "2023 in UTC");
  is_str(out, "2023-11-14 22:13:20.123456789", "2023-11-14 22:13:20 UTC");
  t = mk(TAI_UNIX_EPOCH - 60526000000ULL, 0);
  ok(tai64nlocal_fmt(out, &t) > 0, "an early year");
  ok(strncmp(out, "52-", 3) == 0, "the year is not padded, as tai64nlocal prints it (%s)", out);
  if (setenv("TZ", "EST5", 1) != 0) diag("setenv failed");
  t = mk(TAI_UNIX_EPOCH, 0);
  ok(tai64nlocal_fmt(out, &t) > 0, "the epoch in EST5");
  is_str(out, "1969-12-31 19:00:00.000000000", "five hours behind");
  t = mk(0, 0);
  errno = 0;
  ok(tai64nlocal_fmt(out, &t) == 0 && errno == EOVERFLOW, "label 0 has no local time: 0");
  t = mk(UINT64_MAX, 0);
  ok(tai64nlocal_fmt(out, &t) == 0, "the largest label has none either");
  if (setenv("TZ", "UTC", 1) != 0) diag("setenv failed");
}

/* 1 when cmd is on PATH */
static int have(const char *cmd)
{
  char line[256];
  snprintf(line, sizeof line, "command -v %s >/dev/null 2>&1", cmd);
  return system(line) == 0;
}

/* Debian's tai64n labels a line with the current time */
static void test_debian_tai64n(void)
{
  char line[256];
  struct taia got, now, d;
  FILE *p;
  if (!have("tai64n")) { skip(3, "daemontools' tai64n is not installed"); return; }
  p = popen("echo hello | tai64n", "r");
  if (!p || !fgets(line, sizeof line, p)) {
    skip(3, "could not run tai64n");
    if (p) pclose(p);
    return;
  }
  pclose(p);
  taia_now(&now);
  is_int(tai64n_scan(line, strlen(line), &got), 25, "we scan tai64n's label (%.25s)", line);
  is_str(line + 25, " hello\n", "and the rest of its line");
  if (taia_less(&got, &now)) taia_sub(&d, &now, &got);
  else taia_sub(&d, &got, &now);
  ok(taia_approx(&d) < 2.0, "its time is within 2 s of taia_now (%.3f s)", taia_approx(&d));
}

/* run Debian's tai64nlocal over file in zone tz; compare line by line */
static void compare_local(const char *file, const struct taia *t, size_t n, const char *tz)
{
  char cmd[4200], line[256], mine[TAI64NLOCAL_FMT + 8];
  size_t i = 0, same = 0;
  FILE *p;
  if (setenv("TZ", tz, 1) != 0) diag("setenv failed");
  if ((size_t)snprintf(cmd, sizeof cmd, "tai64nlocal < '%s'", file) >= sizeof cmd) {
    skip(1, "path too long");
    return;
  }
  p = popen(cmd, "r");
  if (!p) { skip(1, "could not run tai64nlocal"); return; }
  while (i < n && fgets(line, sizeof line, p)) {
    size_t l = tai64nlocal_fmt(mine, &t[i]);
    memcpy(mine + l, " x\n", 4);
    if (l && strcmp(line, mine) == 0) ++same;
    else diag("TZ=%s: tai64nlocal said '%s', we said '%s'", tz, strtok(line, "\n"), mine);
    ++i;
  }
  ok(pclose(p) == 0 && i == n && same == n, "TZ=%s: %zu of %zu lines equal tai64nlocal's", tz,
     same, n);
}

static void test_debian_tai64nlocal(void)
{
  static const char *const zones[] = { "UTC", "EST5EDT,M3.2.0,M11.1.0", "America/New_York",
                                       "Asia/Kolkata", "Australia/Lord_Howe", "Europe/Amsterdam" };
  struct taia t[16];
  size_t n = 0;
  char path[4200], label[TAI64N_FMT];
  const char *dir;
  FILE *f;
  if (!have("tai64nlocal")) { skip(6, "daemontools' tai64nlocal is not installed"); return; }
  dir = tap_tmpdir();
  taia_now(&t[n++]);
  t[n++] = mk(TAI_UNIX_EPOCH, 0);                        /* 1970 */
  t[n++] = mk(TAI_UNIX_EPOCH - 10, 161);                  /* just before */
  t[n++] = mk(TAI_UNIX_EPOCH + 2147483647, 999999999);  /* 2038 */
  t[n++] = mk(TAI_UNIX_EPOCH + 2147483648ULL, 1);       /* after 2038 */
  t[n++] = mk(TAI_UNIX_EPOCH + 4294967296ULL, 0);       /* 2106 */
  t[n++] = mk(TAI_UNIX_EPOCH + 1711846800, 0);          /* around a DST change in 2024 */
  t[n++] = mk(TAI_UNIX_EPOCH + 1730595600, 500);        /* and another */
  t[n++] = mk(0x3fffffff00000000ULL, 123456789);        /* 1833: local mean time */
  t[n++] = mk(TAI_UNIX_EPOCH - 60526000000ULL, 0);      /* the year 52 */
  t[n++] = mk(TAI_UNIX_EPOCH + 253402300799ULL, 0);     /* 9999-12-31 */
  t[n++] = mk(TAI_UNIX_EPOCH + 1000000000000ULL, 42);   /* year 33658 */
  if ((size_t)snprintf(path, sizeof path, "%s/labels", dir) >= sizeof path || !(f = fopen(path, "w"))) { skip(6, "cannot write labels"); tap_rmtree(dir); return; }
  for (size_t i = 0; i < n; ++i) {
    tai64n_fmt(label, &t[i]);
    fprintf(f, "%.25s x\n", label);
  }
  fclose(f);
  for (size_t z = 0; z < sizeof zones / sizeof zones[0]; ++z) {
    char zpath[256];
    struct stat st;
    snprintf(zpath, sizeof zpath, "/usr/share/zoneinfo/%s", zones[z]);
    if (strchr(zones[z], '/') && stat(zpath, &st) != 0) { skip(1, "no tzdata for the zone"); continue; }
    compare_local(path, t, n, zones[z]);
  }
  if (setenv("TZ", "UTC", 1) != 0) diag("setenv failed");
  tap_rmtree(dir);
}

int main(void)
{
  test_fmt_scan();
  test_local();
  test_debian_tai64n();
  test_debian_tai64nlocal();
  return done_testing();
}
