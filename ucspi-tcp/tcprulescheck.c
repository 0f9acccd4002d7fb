/* tcprulescheck.c — say what tcpserver would do with a connection, following
 * a rules cdb: tcprulescheck rules.cdb, the connection in the environment */
#include <unistd.h>

#include "buf.h"
#include "cdb.h"
#include "env.h"
#include "exitcode.h"
#include "open.h"
#include "rules.h"
#include "str.h"
#include "stralloc.h"
#include "strerr.h"

#define FATAL "tcprulescheck: fatal: "

struct check {
  const char *fn;
  const char *ip;               /* TCP6REMOTEIP, TCPREMOTEIP or 0.0.0.0 */
  const char *host;             /* TCPREMOTEHOST, or NULL */
  const char *info;             /* TCPREMOTEINFO, or NULL */
  struct rules_result res;
  stralloc key;
};

static void __attribute__((noreturn)) die_read(const char *fn)
{
  strerr_die(EXIT_TEMP, FATAL, "unable to read ", fn, ": ", STRERR_SYS,
             (const char *)NULL);
}

static void put(const char *s, size_t n)
{
  if (buf_put(buf_1, s, n) == -1)
    strerr_die(EXIT_TEMP, FATAL, "unable to write output: ", STRERR_SYS,
               (const char *)NULL);
}

static void puts1(const char *s)
{
  put(s, str_len(s));
}

/* report: the rule (or "default") and what it does, in djb's words */
static void report(struct check *c, int found)
{
  if (found) {
    puts1("rule ");
    put(c->key.s, c->key.len);
    puts1(":\n");
  } else {
    puts1("default:\n");
  }
  if (!c->res.allow) {
    puts1("deny connection\n");
  } else {
    for (size_t i = 0; i < c->res.env.len; i += str_len(c->res.env.s + i) + 1) {
      puts1("set environment variable ");
      puts1(c->res.env.s + i);
      puts1("\n");
    }
    puts1("allow connection\n");
  }
  if (buf_flush(buf_1) == -1)
    strerr_die(EXIT_TEMP, FATAL, "unable to write output: ", STRERR_SYS,
               (const char *)NULL);
}

int main(int argc, char **argv)
{
  struct check c = { 0 };
  struct cdb db;
  int fd, r;
  if (argc < 2)
    strerr_die(EXIT_PERM, "tcprulescheck: usage: tcprulescheck rules.cdb",
               (const char *)NULL);
  c.fn = argv[1];
  c.ip = env_get("TCP6REMOTEIP");
  if (!c.ip || !*c.ip) c.ip = env_get("TCPREMOTEIP");
  if (!c.ip) c.ip = "0.0.0.0";
  c.host = env_get("TCPREMOTEHOST");
  c.info = env_get("TCPREMOTEINFO");
  fd = open_read(c.fn);
  if (fd == -1) die_read(c.fn);
  if (cdb_init(&db, fd) == -1) die_read(c.fn);
  r = rules_lookup_text(&db, c.ip, c.info, c.host, &c.res, &c.key);
  if (r == -1) die_read(c.fn);
  report(&c, r);
  cdb_free(&db);
  close(fd);
  rules_result_free(&c.res);
  stralloc_free(&c.key);
  return 0;
}
