/* condredirect.c — run a program on the message; when it exits 0, forward
 * the message to a new address and exit 99 so that the rest of the .qmail
 * file is skipped. */
#include <signal.h>
#include <unistd.h>

#include "exitcode.h"
#include "qhrun.h"
#include "sig.h"
#include "strerr.h"

#define FATAL "condredirect: fatal: "
#define USAGE "condredirect: usage: condredirect newaddress program [ arg ... ]"
/* the exit code that tells qmail-local to ignore the rest of .qmail */
#define EXIT_STOP 99

int main(int argc, char **argv)
{
  static const struct qhrun_fwd fwd = { FATAL, FATAL "unable to run ", "condredirect: qp ",
                                        EXIT_STOP };
  const char *sender, *dtline;
  if (argc < 3) strerr_die(EXIT_PERM, USAGE, (char *)0);
  if (sig_ignore(SIGPIPE) == -1) strerr_die(EXIT_TEMP, FATAL, "unable to ignore SIGPIPE", (char *)0);
  sender = qhrun_need("SENDER", FATAL);
  dtline = qhrun_need("DTLINE", FATAL);
  qhrun_test(argv + 2, "condredirect: warning: ", FATAL);
  /* the program read the message: forward it from its start */
  if (lseek(0, 0, SEEK_SET) == -1)
    strerr_die(EXIT_TEMP, FATAL, "unable to rewind the message: ", STRERR_SYS, (char *)0);
  qhrun_forward(&fwd, sender, dtline, argv + 1, 1);
}
