/* qmail-showctl.c — print the paths, the queues and every control file in
 * effect, with its value and where the value came from. */
#include <errno.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "exitcode.h"
#include "paths.h"
#include "sendctl.h"
#include "stralloc.h"
#include "strerr.h"

#define FATAL "qmail-showctl: fatal: "

static void showctl_out(int r)
{
  if (r == -1) strerr_die(EXIT_TEMP, FATAL, "unable to write output: ", STRERR_SYS, NULL);
}

/* one line per queue: its directory, and whether it looks like a queue */
static void showctl_queues(const struct paths *ps)
{
  stralloc q = STRALLOC_ZERO;
  showctl_out(buf_puts(buf_1, "\nqueues:\n"));
  for (unsigned long i = 0; i < ps->queue_count; ++i) {
    struct stat st;
    const char *state;
    if (paths_queue(ps, ps->queue_start + i, &q) == -1 || !stralloc_cats(&q, "/todo") || !stralloc_0(&q))
      strerr_die(EXIT_TEMP, FATAL, "out of memory", NULL);
    state = stat(q.s, &st) == 0 && S_ISDIR(st.st_mode) ? "ok" : "missing (queue-fix makes it)";
    q.len -= sizeof "/todo";
    showctl_out(buf_puts(buf_1, "  "));
    showctl_out(buf_put(buf_1, q.s, q.len));
    showctl_out(buf_puts(buf_1, ": "));
    showctl_out(buf_puts(buf_1, state));
    showctl_out(buf_puts(buf_1, "\n"));
  }
  stralloc_free(&q);
}

int main(int argc, char **argv)
{
  struct paths ps;
  struct sendctl sc;
  stralloc err = STRALLOC_ZERO;
  (void)argv;
  if (argc > 1) strerr_die(EXIT_PERM, "qmail-showctl: usage: qmail-showctl", NULL);
  if (paths_init(&ps) == -1)
    strerr_die(EXIT_TEMP, FATAL, "bad ", ps.bad ? ps.bad : "setting", ": ", STRERR_SYS, NULL);
  showctl_out(buf_puts(buf_1, "paths:\n"));
  showctl_out(paths_print(&ps, buf_1));
  showctl_queues(&ps);
  showctl_out(buf_puts(buf_1, "\ncontrol files in "));
  showctl_out(buf_puts(buf_1, paths_get(&ps, PATHS_CONTROLDIR)));
  showctl_out(buf_puts(buf_1, ":\n"));
  showctl_out(buf_flush(buf_1));
  if (sendctl_load(&sc, paths_get(&ps, PATHS_CONTROLDIR), &err) == -1)
    strerr_die(EXIT_TEMP, FATAL, err.len ? err.s : "unable to load the control files", NULL);
  showctl_out(sendctl_print(&sc, buf_1));
  showctl_out(buf_flush(buf_1));
  sendctl_free(&sc);
  paths_free(&ps);
  _exit(EXIT_OK);
}
