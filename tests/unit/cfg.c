/* cfg.c — unit test for libqmail/cfg: every kind from every source, printing, errors. */
#include <errno.h>
#include <fcntl.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "cfg.h"
#include "constmap.h"
#include "control.h"
#include "env.h"
#include "stralloc.h"
#include "tap.h"

struct demo {
  cfg_value me, greeting, concurrency, timeout, tarpit, spf, rcpthosts, routes;
};

#define OFF(m) offsetof(struct demo, m)
static const cfg_entry table[] = {
  { "me", CFG_STRING, "localhost", 0, 0, OFF(me), 0, "Fully qualified name of this host." },
  { "smtpgreeting", CFG_STRING, 0, 0, 0, OFF(greeting), "SMTPGREETING", "SMTP greeting text." },
  { "concurrencyremote", CFG_UINT, "20", 1, 1000, OFF(concurrency), "CONCURRENCYREMOTE",
    "Remote deliveries at once." },
  { "timeoutremote", CFG_UINT, "1200", 0, 86400, OFF(timeout), 0, "Seconds to wait for a peer." },
  { "tarpit", CFG_BOOL, 0, 0, 0, OFF(tarpit), "TARPIT", "Slow down abusive clients." },
  { "spf", CFG_BOOL, "1", 0, 0, OFF(spf), 0, "Check SPF." },
  { "rcpthosts", CFG_LIST, "localhost\n# no\nexample.org\n", 0, 0, OFF(rcpthosts), "RCPTHOSTS",
    "Domains we accept mail for." },
  { "smtproutes", CFG_MAP, 0, 0, 0, OFF(routes), "SMTPROUTES", "Static routes." },
};
#define N (sizeof table / sizeof *table)

static char dir[4096], ctl[4200];

static const char *p(const char *name)
{
  static char pbuf[2][4300];
  static int i;
  i ^= 1;
  snprintf(pbuf[i], sizeof pbuf[i], "%s/%s", ctl, name);
  return pbuf[i];
}

static void put(const char *name, const char *s)
{
  int fd = open(p(name), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  size_t len = strlen(s);
  if (fd == -1 || write(fd, s, len) != (ssize_t)len || close(fd) == -1) {
    printf("Bail out! cannot write %s\n", p(name));
    exit(255);
  }
}

static void clear(void)
{
  static const char *vars[] = { "SMTPGREETING", "CONCURRENCYREMOTE", "TARPIT", "RCPTHOSTS", "SMTPROUTES" };
  for (size_t i = 0; i < sizeof vars / sizeof *vars; ++i)
    if (!env_del(vars[i])) exit(255);
  /* remove every control file */
  static const char *files[] = { "me", "smtpgreeting", "concurrencyremote", "timeoutremote",
                                 "tarpit", "spf", "rcpthosts", "smtproutes", "alt" };
  for (size_t i = 0; i < sizeof files / sizeof *files; ++i) {
    unlink(p(files[i]));
    rmdir(p(files[i]));
  }
}

static void setv(const char *name, const char *value)
{
  if (!env_put(name, value)) exit(255);
}

/* cfg_print of d into out (a C string) */
static int print(const struct demo *d, char *out, size_t size)
{
  char space[64], file[4300];
  buf b;
  int fd, r;
  ssize_t n;
  snprintf(file, sizeof file, "%s/print", dir);
  fd = open(file, O_RDWR | O_CREAT | O_TRUNC, 0600);
  if (fd == -1) return -1;
  buf_init(&b, buf_fdwrite, fd, space, sizeof space);
  r = cfg_print(table, N, d, &b);
  if (r == 0) r = buf_flush(&b);
  n = pread(fd, out, size - 1, 0);
  out[n > 0 ? n : 0] = 0;
  close(fd);
  return r;
}

static void test_defaults(void)
{
  struct demo d;
  stralloc err = STRALLOC_ZERO;
  char out[4096];
  clear();
  is_int(cfg_load(table, N, &d, ctl, &err), 0, "defaults: load");
  is_int(err.len, 0, "defaults: no error text");
  is_str(d.me.s, "localhost", "string default");
  ok(d.me.src == CFG_DEFAULT, "string default: source");
  ok(d.greeting.s == 0 && d.greeting.src == CFG_DEFAULT, "string without default is NULL");
  ok(d.concurrency.n == 20 && d.timeout.n == 1200, "number defaults");
  ok(d.tarpit.n == 0 && d.spf.n == 1, "boolean defaults");
  ok(d.rcpthosts.count == 2 && d.rcpthosts.src == CFG_DEFAULT, "list default: two entries");
  ok(constmap_get(&d.rcpthosts.map, "EXAMPLE.ORG", 11) != 0, "list default: looked up");
  ok(d.routes.count == 0 && constmap_count(&d.routes.map) == 0, "map without default is empty");
  is_int(print(&d, out, sizeof out), 0, "defaults: print");
  is_str(out,
         "# Fully qualified name of this host.\n"
         "me: localhost (default)\n"
         "# SMTP greeting text.\n"
         "smtpgreeting: (unset) (default)\n"
         "# Remote deliveries at once.\n"
         "concurrencyremote: 20 (default)\n"
         "# Seconds to wait for a peer.\n"
         "timeoutremote: 1200 (default)\n"
         "# Slow down abusive clients.\n"
         "tarpit: no (default)\n"
         "# Check SPF.\n"
         "spf: yes (default)\n"
         "# Domains we accept mail for.\n"
         "rcpthosts: 2 entries (default)\n"
         "  localhost\n"
         "  example.org\n"
         "# Static routes.\n"
         "smtproutes: 0 entries (default)\n",
         "defaults: printed form");
  cfg_free(table, N, &d);
  cfg_free(table, N, &d);
  ok(d.me.s == 0 && d.rcpthosts.data.s == 0, "free zeroes, twice harmless");
  stralloc_free(&err);
}

static void test_files(void)
{
  struct demo d;
  stralloc err = STRALLOC_ZERO;
  char out[4096];
  clear();
  put("me", "# name\nmail.example.com \n");
  put("smtpgreeting", "");
  put("concurrencyremote", "1000\n");
  put("timeoutremote", "0\n");
  put("tarpit", "");
  put("spf", "0\n");
  put("rcpthosts", "example.com\n");
  put("smtproutes", "example.com:relay\\1:25\n:smart\xff\n");
  is_int(cfg_load(table, N, &d, ctl, &err), 0, "files: load");
  is_str(d.me.s, "mail.example.com", "string from the file");
  ok(d.me.src == CFG_FILE, "string: source is the file");
  ok(d.greeting.s && !*d.greeting.s && d.greeting.src == CFG_FILE, "an empty file gives \"\"");
  ok(d.concurrency.n == 1000 && d.concurrency.src == CFG_FILE, "number at its maximum");
  ok(d.timeout.n == 0, "number at its minimum 0");
  ok(d.tarpit.n == 1 && d.tarpit.src == CFG_FILE, "boolean: an empty file is true");
  ok(d.spf.n == 0 && d.spf.src == CFG_FILE, "boolean: a file with 0 is false");
  ok(d.rcpthosts.count == 1 && !constmap_get(&d.rcpthosts.map, "localhost", 9), "list: the file replaces the default");
  is_str(constmap_get(&d.routes.map, "Example.Com", 11), "relay\\1:25", "map from the file");
  is_int(d.routes.count, 2, "map: two entries");
  is_int(print(&d, out, sizeof out), 0, "files: print");
  ok(strstr(out, "\nme: mail.example.com (control file)\n") != 0, "print: string and source");
  ok(strstr(out, "\nsmtpgreeting: (empty) (control file)\n") != 0, "print: empty string");
  ok(strstr(out, "\ntarpit: yes (control file)\n") != 0, "print: boolean");
  ok(strstr(out, "\nrcpthosts: 1 entry (control file)\n  example.com\n") != 0, "print: one entry");
  ok(strstr(out, "\n  example.com:relay\\\\1:25\n  :smart\\xff\n") != 0, "print: entries escaped");
  cfg_free(table, N, &d);
  stralloc_free(&err);
}

static void test_env(void)
{
  struct demo d;
  stralloc err = STRALLOC_ZERO;
  char out[4096];
  char abs[4400];
  clear();
  put("concurrencyremote", "5000\n"); /* out of range, but the environment wins */
  put("tarpit", "");
  put("alt", "alt.example\n");
  setv("SMTPGREETING", "hi\tthere");
  setv("CONCURRENCYREMOTE", "7");
  setv("TARPIT", "0");
  setv("RCPTHOSTS", "alt");
  setv("SMTPROUTES", "missing");
  is_int(cfg_load(table, N, &d, ctl, &err), 0, "env: load");
  ok(d.greeting.src == CFG_ENV && strcmp(d.greeting.s, "hi\tthere") == 0, "string from the environment");
  ok(d.concurrency.n == 7 && d.concurrency.src == CFG_ENV, "number from the environment, over the file");
  ok(d.tarpit.n == 0 && d.tarpit.src == CFG_ENV, "boolean 0 from the environment, over the file");
  ok(d.rcpthosts.src == CFG_ENV && d.rcpthosts.count == 1
         && constmap_get(&d.rcpthosts.map, "alt.example", 11), "list: the variable names a relative file");
  ok(d.routes.src == CFG_DEFAULT && d.routes.count == 0, "list: a named file that is missing gives the default");
  is_int(print(&d, out, sizeof out), 0, "env: print");
  ok(strstr(out, "\nsmtpgreeting: hi\\tthere (environment SMTPGREETING)\n") != 0, "print: escaped, environment");
  ok(strstr(out, "\nconcurrencyremote: 7 (environment CONCURRENCYREMOTE)\n") != 0, "print: number from env");
  cfg_free(table, N, &d);

  snprintf(abs, sizeof abs, "%s/alt", ctl);
  setv("RCPTHOSTS", abs);
  setv("TARPIT", "");
  is_int(cfg_load(table, N, &d, ctl, &err), 0, "env: absolute list file");
  ok(d.rcpthosts.src == CFG_ENV && d.rcpthosts.count == 1, "list: the variable names an absolute file");
  ok(d.tarpit.n == 1, "boolean: an empty variable is true");
  cfg_free(table, N, &d);
  stralloc_free(&err);
  clear();
}

/* cfg_load must fail with errno want and an error text containing needle */
static void fails(const cfg_entry *t, size_t n, const char *needle, int want, const char *what)
{
  struct demo d;
  stralloc err = STRALLOC_ZERO;
  int r;
  memset(&d, 0x5a, sizeof d);
  errno = 0;
  r = cfg_load(t, n, &d, ctl, &err);
  ok(r == -1 && errno == want, "%s: -1 with %s", what, strerror(want));
  if (!ok(err.s && err.s[err.len] == 0 && strstr(err.s, needle) != 0, "%s: reason names '%s'", what,
          needle))
    diag("reason: %s", err.s ? err.s : "(none)");
  ok(d.me.s == 0 && d.me.data.s == 0 && d.concurrency.n == 0 && d.concurrency.src == CFG_DEFAULT,
     "%s: values freed and zeroed", what);
  if (n == N) ok(d.routes.data.s == 0 && d.rcpthosts.count == 0, "%s: every value zeroed", what);
  stralloc_free(&err);
}

static void test_errors(void)
{
  char want[4400];
  clear();
  put("concurrencyremote", "5000\n");
  snprintf(want, sizeof want, "%s: 5000 is out of range 1..1000", p("concurrencyremote"));
  fails(table, N, want, ERANGE, "number out of range");
  put("concurrencyremote", "0\n");
  fails(table, N, "0 is out of range 1..1000", ERANGE, "number below min");
  put("concurrencyremote", "twenty\n");
  snprintf(want, sizeof want, "%s: not a number", p("concurrencyremote"));
  fails(table, N, want, EINVAL, "not a number");
  put("concurrencyremote", "99999999999999999999999\n");
  fails(table, N, "number too large", ERANGE, "number overflow");
  clear();
  setv("CONCURRENCYREMOTE", "-3");
  fails(table, N, "CONCURRENCYREMOTE: not a number", EINVAL, "bad variable");
  clear();
  {
    static char huge[CONTROL_LINE_MAX + 2];
    memset(huge, 'h', sizeof huge - 1);
    setv("SMTPGREETING", huge);
    fails(table, N, "SMTPGREETING: value too long", EMSGSIZE, "variable too long");
    huge[CONTROL_LINE_MAX] = 0;
    setv("SMTPGREETING", huge);
    {
      struct demo d;
      ok(cfg_load(table, N, &d, ctl, 0) == 0 && strlen(d.greeting.s) == CONTROL_LINE_MAX,
         "a variable of CONTROL_LINE_MAX bytes is fine");
      cfg_free(table, N, &d);
    }
  }
  clear();
  put("tarpit", "yes\n");
  fails(table, N, "tarpit: not a boolean", EINVAL, "bad boolean");
  clear();
  mkdir(p("me"), 0755);
  snprintf(want, sizeof want, "unable to read %s: is a directory", p("me"));
  fails(table, N, want, EISDIR, "unreadable string file");
  clear();
  mkdir(p("smtproutes"), 0755);
  fails(table, N, "unable to read ", EISDIR, "unreadable map file");
  clear();
  if (geteuid() == 0) {
    skip(3, "root reads mode-000 files");
  } else {
    put("rcpthosts", "x\n");
    chmod(p("rcpthosts"), 0);
    fails(table, N, "permission denied", EACCES, "unreadable list file");
  }
  clear();
  {
    static const cfg_entry bad[] = {
      { "me", CFG_STRING, "x", 0, 0, offsetof(struct demo, me), 0, "" },
      { "n", CFG_UINT, "abc", 0, 10, offsetof(struct demo, concurrency), 0, "" },
    };
    static const cfg_entry none[] = {
      { "me", CFG_STRING, "x", 0, 0, offsetof(struct demo, me), 0, "" },
      { "n", CFG_UINT, 0, 0, 10, offsetof(struct demo, concurrency), 0, "" },
    };
    static const cfg_entry kind[] = {
      { "me", CFG_STRING, "x", 0, 0, offsetof(struct demo, me), 0, "" },
      { "n", (enum cfg_kind)42, 0, 0, 10, offsetof(struct demo, concurrency), 0, "" },
    };
    fails(bad, 2, "the default of n: not a number", EINVAL, "bad default in the table");
    fails(none, 2, "no value and no default", EINVAL, "number without default");
    fails(kind, 2, "bad configuration table entry n", EINVAL, "bad kind");
  }
  {
    struct demo d;
    errno = 0;
    ok(cfg_load(table, N, &d, 0, 0) == -1 && errno == EINVAL, "no control directory, no err: EINVAL");
    ok(cfg_load(table, N, &d, "", 0) == -1 && errno == EINVAL, "empty control directory: EINVAL");
  }
}

int main(void)
{
  snprintf(dir, sizeof dir, "%s", tap_tmpdir());
  snprintf(ctl, sizeof ctl, "%s/control", dir);
  if (mkdir(ctl, 0755) == -1) {
    printf("Bail out! mkdir %s\n", ctl);
    return 255;
  }
  test_defaults();
  test_files();
  test_env();
  test_errors();
  tap_rmtree(dir);
  return done_testing();
}
