/* exitcode.c — descriptions of qmail-queue's exit codes. */
#include "exitcode.h"

int qq_permanent(int code) { return code >= 11 && code <= 40; }

const char *qq_str(int code)
{
  switch (code) {
  case QQ_OK: return "ok";
  case QQ_ADDR_TOO_LONG: return "qq address too long";
  case QQ_PERM_REFUSED: return "qq permanently refused";
  case QQ_NOMEM: return "qq out of memory";
  case QQ_TIMEOUT: return "qq timeout";
  case QQ_WRITE: return "qq write error or disk full";
  case QQ_READ: return "qq read error";
  case QQ_CONTROL: return "qq unable to read configuration";
  case QQ_NETWORK: return "qq trouble making network connection";
  case QQ_HOME: return "qq trouble in home directory";
  case QQ_QUEUEDIR: return "qq trouble in queue directory";
  case QQ_PID: return "qq trouble creating files in queue";
  case QQ_MESS: return "qq trouble with queue/mess";
  case QQ_INTD: return "qq trouble with queue/intd";
  case QQ_TODO: return "qq trouble with queue/todo";
  case QQ_TEMP_REFUSED: return "qq temporarily refused";
  case QQ_CONN_TIMEOUT: return "qq connection to mail server timed out";
  case QQ_CONN_REJECTED: return "qq connection to mail server rejected";
  case QQ_CONN_FAILED: return "qq communication with mail server failed";
  case QQ_BUG: return "qq internal bug";
  case QQ_CUSTOM: return "qq custom error";
  case QQ_ENVELOPE: return "qq envelope format error";
  default:
    return qq_permanent(code) ? "qq permanent problem" : "qq temporary problem";
  }
}
