/* exitcode.h — exit codes: the programs' own and qmail-queue's protocol.
 *
 * Programs exit 0 on success, 100 on a permanent failure or bad usage,
 * 111 on a temporary failure, 101 on an internal inconsistency.
 * qmail-queue and every program that speaks its protocol use enum qq_exit:
 * 0 accepted; 11-40 permanent; 51-81 temporary (qmail-queue(8)); 88 means
 * a custom text was written on fd 2 and its first letter (D or Z) decides. */
#ifndef EXITCODE_H
#define EXITCODE_H

enum exit_code {
  EXIT_OK = 0,
  EXIT_PERM = 100,
  EXIT_BUG = 101,
  EXIT_TEMP = 111
};

enum qq_exit {
  QQ_OK = 0,
  QQ_ADDR_TOO_LONG = 11,
  QQ_PERM_REFUSED = 31,
  QQ_NOMEM = 51,
  QQ_TIMEOUT = 52,
  QQ_WRITE = 53,
  QQ_READ = 54,
  QQ_CONTROL = 55,
  QQ_NETWORK = 56,
  QQ_HOME = 61,
  QQ_QUEUEDIR = 62,
  QQ_PID = 63,
  QQ_MESS = 64,
  QQ_INTD = 65,
  QQ_TODO = 66,
  QQ_TEMP_REFUSED = 71,
  QQ_CONN_TIMEOUT = 72,
  QQ_CONN_REJECTED = 73,
  QQ_CONN_FAILED = 74,
  QQ_BUG = 81,
  QQ_CUSTOM = 88,
  QQ_ENVELOPE = 91
};

/* qq_permanent: 1 if the code means the message will never be accepted. */
int qq_permanent(int code);
/* qq_str: the description qmail-queue(8) gives for a code, for replies
 * and logs ("qq write error or disk full"). Never NULL. */
const char *qq_str(int code);

#endif
