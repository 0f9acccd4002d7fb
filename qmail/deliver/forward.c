/* forward.c — forward the message on standard input to the given addresses
 * through the queue program, as a .qmail forward line would. */
#include <signal.h>

#include "exitcode.h"
#include "qhrun.h"
#include "sig.h"
#include "strerr.h"

#define FATAL "forward: fatal: "
#define USAGE "forward: usage: forward address [ address ... ]"

int main(int argc, char **argv)
{
  static const struct qhrun_fwd fwd = { FATAL, FATAL "unable to run ", "forward: qp ", EXIT_OK };
  const char *sender, *dtline;
  if (argc < 2) strerr_die(EXIT_PERM, USAGE, (char *)0);
  if (sig_ignore(SIGPIPE) == -1) strerr_die(EXIT_TEMP, FATAL, "unable to ignore SIGPIPE", (char *)0);
  sender = qhrun_need("NEWSENDER", FATAL);
  dtline = qhrun_need("DTLINE", FATAL);
  qhrun_forward(&fwd, sender, dtline, argv + 1, (size_t)(argc - 1));
}
