/* paths.c — unit test for libqmail/paths: defaults, overrides, checks, queues, listing. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "conf_defaults.h"
#include "env.h"
#include "paths.h"
#include "stralloc.h"
#include "tap.h"

static void clear_env(void)
{
  for (unsigned i = 0; i < PATHS_N; ++i)
    if (!env_del(paths_name((enum paths_id)i))) {
      printf("Bail out! env_del failed\n");
      exit(255);
    }
}

static void setv(const char *name, const char *value)
{
  if (!env_put(name, value)) {
    printf("Bail out! env_put %s failed\n", name);
    exit(255);
  }
}

/* paths_init must fail with err, naming var */
static void fails(const char *var, const char *value, int err)
{
  struct paths ps;
  clear_env();
  setv(var, value);
  errno = 0;
  ok(paths_init(&ps) == -1 && errno == err && ps.bad && strcmp(ps.bad, var) == 0,
     "%s='%s' is refused (%s)", var, value, strerror(err));
  if (ps.bad && strcmp(ps.bad, var) != 0) diag("bad names %s", ps.bad);
  paths_free(&ps);
}

static void test_defaults(void)
{
  struct paths ps;
  int any = 0;
  clear_env();
  is_int(paths_init(&ps), 0, "defaults: init");
  ok(ps.bad == 0, "defaults: nothing bad");
  is_str(paths_get(&ps, PATHS_PREFIX), CONF_PREFIX, "PREFIX default");
  is_str(paths_get(&ps, PATHS_QMAILHOME), CONF_QMAIL, "QMAILHOME default");
  is_str(paths_get(&ps, PATHS_SYSCONFDIR), CONF_SYSCONFDIR, "SYSCONFDIR default");
  is_str(paths_get(&ps, PATHS_CONTROLDIR), CONF_SYSCONFDIR "/control", "CONTROLDIR default");
  is_str(paths_get(&ps, PATHS_CERTDIR), CONF_SYSCONFDIR "/certs", "CERTDIR default");
  is_str(paths_get(&ps, PATHS_ASSIGNDIR), CONF_QMAIL "/users", "ASSIGNDIR default");
  is_str(paths_get(&ps, PATHS_LIBEXECDIR), CONF_LIBEXEC, "LIBEXECDIR default");
  is_str(paths_get(&ps, PATHS_SHAREDDIR), CONF_SHARED, "SHAREDDIR default");
  is_str(paths_get(&ps, PATHS_SERVICEDIR), CONF_SERVICEDIR, "SERVICEDIR default");
  is_str(paths_get(&ps, PATHS_QUEUE_BASE), CONF_QMAIL "/queue", "QUEUE_BASE default");
  is_str(paths_get(&ps, PATHS_QUEUEDIR), CONF_QMAIL "/queue/queue1", "QUEUEDIR default: the first queue");
  is_str(paths_get(&ps, PATHS_QUEUE_COUNT), "5", "QUEUE_COUNT default 5");
  is_str(paths_get(&ps, PATHS_QUEUE_START), "1", "QUEUE_START default 1");
  ok(ps.queue_count == 5 && ps.queue_start == 1, "queue numbers");
  is_int(ps.split, CONF_SPLIT, "CONFSPLIT default from conf-split");
  for (unsigned i = 0; i < PATHS_N; ++i) any |= paths_fromenv(&ps, (enum paths_id)i);
  ok(!any, "defaults: nothing from the environment");
  ok(paths_get(&ps, PATHS_N) == 0 && paths_get(&ps, (enum paths_id)-1) == 0, "get: bad id is NULL");
  ok(paths_name(PATHS_N) == 0, "name: bad id is NULL");
  is_str(paths_name(PATHS_QUEUE_BASE), "QUEUE_BASE", "name");
  ok(!paths_fromenv(&ps, PATHS_N), "fromenv: bad id is 0");
  paths_free(&ps);
  paths_free(&ps);
  ok(paths_get(&ps, PATHS_PREFIX) == 0, "free: values gone, twice harmless");
}

static void test_overrides(void)
{
  struct paths ps;
  stralloc q = STRALLOC_ZERO;
  clear_env();
  setv("QMAILHOME", "/tmp/qh//");
  setv("SYSCONFDIR", "/s");
  setv("CONTROLDIR", "ctl2");
  setv("QUEUE_COUNT", "2");
  setv("QUEUE_START", "03");
  setv("CONFSPLIT", "23");
  setv("PREFIX", "/");
  is_int(paths_init(&ps), 0, "overrides: init");
  is_str(paths_get(&ps, PATHS_QMAILHOME), "/tmp/qh", "trailing slashes removed");
  is_str(paths_get(&ps, PATHS_PREFIX), "/", "the root stays /");
  is_str(paths_get(&ps, PATHS_CONTROLDIR), "/s/ctl2", "relative CONTROLDIR under SYSCONFDIR");
  is_str(paths_get(&ps, PATHS_CERTDIR), "/s/certs", "CERTDIR follows SYSCONFDIR");
  is_str(paths_get(&ps, PATHS_ASSIGNDIR), "/tmp/qh/users", "ASSIGNDIR follows QMAILHOME");
  is_str(paths_get(&ps, PATHS_QUEUE_BASE), "/tmp/qh/queue", "QUEUE_BASE follows QMAILHOME");
  is_str(paths_get(&ps, PATHS_QUEUEDIR), "/tmp/qh/queue/queue3", "QUEUEDIR: queue QUEUE_START");
  is_str(paths_get(&ps, PATHS_QUEUE_START), "3", "number in canonical form");
  ok(ps.split == 23 && ps.queue_count == 2 && ps.queue_start == 3, "numbers");
  ok(paths_fromenv(&ps, PATHS_QMAILHOME) && paths_fromenv(&ps, PATHS_CONTROLDIR)
         && !paths_fromenv(&ps, PATHS_CERTDIR) && !paths_fromenv(&ps, PATHS_QUEUEDIR),
     "fromenv marks exactly the variables set");

  ok(paths_queue(&ps, 3, &q) == 0, "queue 3");
  is_str(q.s, "/tmp/qh/queue/queue3", "queue 3 path");
  ok(paths_queue(&ps, 4, &q) == 0 && strcmp(q.s, "/tmp/qh/queue/queue4") == 0 && q.len == 20,
     "queue 4 path, len without the NUL");
  errno = 0;
  ok(paths_queue(&ps, 2, &q) == -1 && errno == ERANGE, "queue below QUEUE_START is ERANGE");
  errno = 0;
  ok(paths_queue(&ps, 5, &q) == -1 && errno == ERANGE, "queue past the count is ERANGE");
  ok(paths_queue(&ps, (unsigned long)-1, &q) == -1, "queue ULONG_MAX is refused");
  paths_free(&ps);
  errno = 0;
  ok(paths_queue(&ps, 3, &q) == -1 && errno == ERANGE, "queue after free is refused");

  clear_env();
  setv("CONTROLDIR", "/abs/ctl/");
  setv("QUEUEDIR", "/q/one");
  setv("CERTDIR", "/c");
  ok(paths_init(&ps) == 0, "absolute CONTROLDIR, QUEUEDIR");
  is_str(paths_get(&ps, PATHS_CONTROLDIR), "/abs/ctl", "absolute CONTROLDIR as given");
  is_str(paths_get(&ps, PATHS_QUEUEDIR), "/q/one", "QUEUEDIR as given");
  ok(paths_fromenv(&ps, PATHS_QUEUEDIR), "QUEUEDIR marked as from the environment");
  is_str(paths_get(&ps, PATHS_CERTDIR), "/c", "CERTDIR as given");
  paths_free(&ps);
  stralloc_free(&q);
}

static void test_errors(void)
{
  char longpath[PATHS_VALUE_MAX + 3];
  fails("QUEUE_COUNT", "0", ERANGE);
  fails("QUEUE_COUNT", "abc", EINVAL);
  fails("QUEUE_COUNT", "", EINVAL);
  fails("QUEUE_COUNT", "5x", EINVAL);
  fails("QUEUE_COUNT", " 5", EINVAL);
  fails("QUEUE_COUNT", "-1", EINVAL);
  fails("QUEUE_COUNT", "1001", ERANGE);
  fails("QUEUE_COUNT", "99999999999999999999999", ERANGE);
  fails("QUEUE_START", "1001", ERANGE);
  fails("CONFSPLIT", "0", ERANGE);
  fails("CONFSPLIT", "10001", ERANGE);
  fails("QMAILHOME", "var/indimail", EINVAL);
  fails("QMAILHOME", "", EINVAL);
  fails("QMAILHOME", "/var/ind\nimail", EINVAL);
  fails("SYSCONFDIR", "etc", EINVAL);
  fails("CERTDIR", "certs", EINVAL);
  fails("QUEUEDIR", "queue1", EINVAL);
  fails("CONTROLDIR", "", EINVAL);
  fails("CONTROLDIR", "a\nb", EINVAL);
  fails("ASSIGNDIR", "users", EINVAL);
  memset(longpath, 'x', sizeof longpath - 1);
  longpath[0] = '/';
  longpath[sizeof longpath - 1] = 0;
  fails("SERVICEDIR", longpath, ENAMETOOLONG);
  longpath[PATHS_VALUE_MAX] = 0;
  {
    struct paths ps;
    clear_env();
    setv("SERVICEDIR", longpath);
    ok(paths_init(&ps) == 0, "a path of PATHS_VALUE_MAX bytes is fine");
    paths_free(&ps);
  }
  {
    /* a derived path that grows past the maximum fails too */
    struct paths ps;
    clear_env();
    longpath[PATHS_VALUE_MAX - 2] = 0;
    setv("SYSCONFDIR", longpath);
    errno = 0;
    ok(paths_init(&ps) == -1 && errno == ENAMETOOLONG && strcmp(ps.bad, "CONTROLDIR") == 0,
       "SYSCONFDIR/control past the maximum is ENAMETOOLONG, naming CONTROLDIR");
    paths_free(&ps);
  }
}

static void test_print(void)
{
  struct paths ps;
  char space[256], out[8192];
  const char *tmp = tap_tmpdir();
  char file[4200];
  buf b;
  int fd;
  ssize_t n;
  clear_env();
  setv("QMAILHOME", "/h");
  setv("QUEUE_COUNT", "1");
  ok(paths_init(&ps) == 0, "print: init");
  snprintf(file, sizeof file, "%s/out", tmp);
  fd = open(file, O_RDWR | O_CREAT | O_TRUNC, 0600);
  buf_init(&b, buf_fdwrite, fd, space, sizeof space);
  ok(fd >= 0 && paths_print(&ps, &b) == 0 && buf_flush(&b) == 0, "print: written");
  n = pread(fd, out, sizeof out - 1, 0);
  out[n > 0 ? n : 0] = 0;
  ok(strstr(out, "PREFIX=" CONF_PREFIX " (default)\nQMAILHOME=/h (environment)\n") == out,
     "print: first lines in order, with their sources");
  ok(strstr(out, "\nQUEUE_BASE=/h/queue (default)\n") != 0, "print: derived value");
  ok(strstr(out, "\nQUEUE_COUNT=1 (environment)\n") != 0, "print: number");
  ok(strstr(out, "\nQUEUEDIR=/h/queue/queue1 (default)\n") != 0, "print: QUEUEDIR");
  {
    int lines = 0;
    for (char *c = out; *c; ++c) lines += *c == '\n';
    is_int(lines, PATHS_N, "print: one line per variable");
  }
  if (fd >= 0) close(fd);
  {
    /* a writer that fails */
    buf bad;
    char sp[16];
    buf_init(&bad, buf_fdwrite, -1, sp, sizeof sp);
    ok(paths_print(&ps, &bad) == -1, "print: a write error is -1");
  }
  paths_free(&ps);
  tap_rmtree(tmp);
}

int main(void)
{
  test_defaults();
  test_overrides();
  test_errors();
  test_print();
  clear_env();
  return done_testing();
}
