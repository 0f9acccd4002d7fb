/* sendctl.c — unit test for qmail/lib/sendctl: defaults, derived defaults
 * from me, files read, and errors naming the file. */
#include <errno.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sendctl.h"
#include "tap.h"

static void put(const char *dir, const char *name, const char *text)
{
  char path[4200];
  FILE *f;
  snprintf(path, sizeof path, "%s/%s", dir, name);
  f = fopen(path, "w");
  if (!f) { printf("Bail out! cannot write %s\n", path); exit(255); }
  fputs(text, f);
  fclose(f);
}

int main(void)
{
  const char *dir = tap_tmpdir();
  struct sendctl sc;
  stralloc err = STRALLOC_ZERO;
  char host[256];

  ok(sendctl_load(&sc, dir, &err) == 0, "load an empty control directory");
  gethostname(host, sizeof host - 1);
  host[sizeof host - 1] = 0;
  is_str(sc.me.s, host, "me defaults to the host name");
  is_str(sc.envnoathost.s, host, "envnoathost defaults to me");
  is_str(sc.bouncehost.s, host, "bouncehost defaults to me");
  is_str(sc.doublebouncehost.s, host, "doublebouncehost defaults to me");
  is_int(sc.locals.count, 1, "locals defaults to one entry");
  ok(constmap_get(&sc.locals.map, host, strlen(host)) != 0, "me is local by default");
  is_int(sc.concurrencylocal.n, 10, "concurrencylocal 10");
  is_int(sc.concurrencyremote.n, 20, "concurrencyremote 20");
  is_int(sc.queuelifetime.n, 604800, "queuelifetime a week");
  is_str(sc.bouncefrom.s, "MAILER-DAEMON", "bouncefrom");
  is_str(sc.doublebounceto.s, "postmaster", "doublebounceto");
  is_int(sc.bouncemaxbytes.n, 0, "bouncemaxbytes 0");
  sendctl_free(&sc);

  put(dir, "me", "mx.example.org\n");
  put(dir, "locals", "example.org\nlocalhost\n");
  put(dir, "bouncehost", "bounces.example.org\n");
  put(dir, "concurrencyremote", "200\n");
  ok(sendctl_load(&sc, dir, &err) == 0, "load with files");
  is_str(sc.me.s, "mx.example.org", "me from its file");
  is_str(sc.envnoathost.s, "mx.example.org", "envnoathost from me");
  is_str(sc.bouncehost.s, "bounces.example.org", "bouncehost from its file");
  is_int(sc.locals.count, 2, "locals from its file");
  ok(constmap_get(&sc.locals.map, "LOCALHOST", 9) != 0, "locals case-insensitive");
  ok(constmap_get(&sc.locals.map, "mx.example.org", 14) == 0, "me is not added when locals exists");
  is_int(sc.concurrencyremote.n, 200, "concurrencyremote from its file");
  sendctl_free(&sc);

  put(dir, "concurrencylocal", "0\n");
  errno = 0;
  ok(sendctl_load(&sc, dir, &err) == -1, "concurrencylocal 0 refused");
  is_int(errno, ERANGE, "with ERANGE");
  ok(err.len && strstr(err.s, "concurrencylocal") != 0, "the error names the file: %s", err.len ? err.s : "");
  put(dir, "concurrencylocal", "ten\n");
  ok(sendctl_load(&sc, dir, &err) == -1, "concurrencylocal not a number refused");
  put(dir, "concurrencylocal", "10\n");
  ok(sendctl_load(&sc, dir, &err) == 0, "and a good value loads again");
  sendctl_free(&sc);
  stralloc_free(&err);
  tap_rmtree(dir);
  return done_testing();
}
