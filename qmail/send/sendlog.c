/* sendlog.c — qmail-send's log lines (sendlog.h). */
#include "sendlog.h"

#include <errno.h>
#include <stdarg.h>
#include <unistd.h>

#include "fd.h"
#include "str.h"

int sendlog_safe(stralloc *out, const char *s, size_t len)
{
  if (!stralloc_readyplus(out, len)) return 0;
  for (size_t i = 0; i < len; ++i) {
    unsigned char c = (unsigned char)s[i];
    if (c == '\n') c = '/';
    else if (c < 32 || c > 126) c = '_';
    out->s[out->len++] = (char)c;
  }
  return 1;
}

/* line = prefix, then the decimal n */
static int sendlog_num(stralloc *line, const char *prefix, unsigned long n)
{
  return stralloc_copys(line, prefix) && stralloc_catulong0(line, n, 0);
}

int sendlog_starting(stralloc *line, unsigned long d, unsigned long num, int remote,
                     const char *addr, size_t len)
{
  return sendlog_num(line, "starting delivery ", d) && stralloc_cats(line, ": msg ") &&
         stralloc_catulong0(line, num, 0) &&
         stralloc_cats(line, remote ? " to remote " : " to local ") &&
         sendlog_safe(line, addr, len) && stralloc_append(line, '\n');
}

int sendlog_delivery(stralloc *line, unsigned long d, char result, const char *text, size_t len)
{
  const char *what = result == 'K' ? ": success: " : result == 'D' ? ": failure: " : ": deferral: ";
  return sendlog_num(line, "delivery ", d) && stralloc_cats(line, what) &&
         sendlog_safe(line, text, len) && stralloc_append(line, '\n');
}

int sendlog_status(stralloc *line, unsigned long l, unsigned long lmax, unsigned long r,
                   unsigned long rmax)
{
  return sendlog_num(line, "status: local ", l) && stralloc_append(line, '/') &&
         stralloc_catulong0(line, lmax, 0) && stralloc_cats(line, " remote ") &&
         stralloc_catulong0(line, r, 0) && stralloc_append(line, '/') &&
         stralloc_catulong0(line, rmax, 0) && stralloc_append(line, '\n');
}

int sendlog_end(stralloc *line, unsigned long num)
{
  return sendlog_num(line, "end msg ", num) && stralloc_append(line, '\n');
}

int sendlog_bounce(stralloc *line, unsigned long num, unsigned long qp)
{
  return sendlog_num(line, "bounce msg ", num) && stralloc_cats(line, " qp ") &&
         stralloc_catulong0(line, qp, 0) && stralloc_append(line, '\n');
}

int sendlog_triple(stralloc *line, unsigned long num)
{
  return sendlog_num(line, "triple bounce: discarding bounce/", num) &&
         stralloc_append(line, '\n');
}

/* line = the strings s, then those of ap up to a NULL, made safe, and a newline */
static int sendlog_vtext(stralloc *line, const char *s, va_list ap)
{
  int ok = 1;
  line->len = 0;
  for (; s && ok; s = va_arg(ap, const char *)) ok = sendlog_safe(line, s, str_len(s));
  return ok && stralloc_append(line, '\n');
}

int sendlog_text(stralloc *line, const char *s, ...)
{
  va_list ap;
  int ok;
  va_start(ap, s);
  ok = sendlog_vtext(line, s, ap);
  va_end(ap);
  return ok;
}

int sendlog_write(int fd, stralloc *line)
{
  if (line->len > SENDLOG_LINE_MAX) line->len = SENDLOG_LINE_MAX;
  if (!line->len || line->s[line->len - 1] != '\n') {
    if (line->len == SENDLOG_LINE_MAX) --line->len;
    if (!stralloc_append(line, '\n')) return -1;
  }
  return fd_writeall(fd, line->s, line->len);
}

void sendlog_init(struct sendlog *log, int fd)
{
  log->fd = fd;
  log->line.len = 0;
}

void sendlog_put(struct sendlog *log)
{
  if (sendlog_write(log->fd, &log->line) == -1) {}
}

void sendlog_say(struct sendlog *log, const char *s, ...)
{
  va_list ap;
  int ok;
  va_start(ap, s);
  ok = sendlog_vtext(&log->line, s, ap);
  va_end(ap);
  if (ok) sendlog_put(log);
}
