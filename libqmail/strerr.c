/* strerr.c — one-line error reports on standard error. */
#include "strerr.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fd.h"

const char strerr_sys[] = "<errno>";

const char *error_str(int err)
{
  static char text[128];
  const char *s;
  switch (err) {
  case 0: return "no error";
  case EAGAIN: return "temporary failure";
  case ETIMEDOUT: return "timed out";
  default: break;
  }
  s = strerror(err);
  if (!s) s = "unknown error";
  strncpy(text, s, sizeof text - 1);
  text[sizeof text - 1] = 0;
  /* qmail style: "permission denied", not "Permission denied" */
  if (text[0] >= 'A' && text[0] <= 'Z' && !(text[1] >= 'A' && text[1] <= 'Z'))
    text[0] = (char)(text[0] - 'A' + 'a');
  return text;
}

static void strerr_vwrite(int err, const char *s, va_list ap)
{
  char line[STRERR_MAX + 1];
  size_t len = 0;
  const char *e = error_str(err);
  for (; s; s = va_arg(ap, const char *)) {
    const char *part = s == strerr_sys ? e : s;
    size_t n = strlen(part);
    if (n > STRERR_MAX - len) n = STRERR_MAX - len;
    memcpy(line + len, part, n);
    len += n;
  }
  line[len++] = '\n';
  if (fd_writeall(2, line, len) == -1) {}  /* nowhere left to report it */
}

void strerr_warn(const char *s, ...)
{
  int err = errno;
  va_list ap;
  va_start(ap, s);
  strerr_vwrite(err, s, ap);
  va_end(ap);
  errno = err;
}

void strerr_die(int exitcode, const char *s, ...)
{
  int err = errno;
  va_list ap;
  va_start(ap, s);
  strerr_vwrite(err, s, ap);
  va_end(ap);
  _exit(exitcode);
}
