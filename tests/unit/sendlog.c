/* sendlog.c — unit test for qmail/send/sendlog (qmail-send's log lines). */
#include <signal.h>
#include <unistd.h>

#include "sendlog.h"
#include "tap.h"

/* l holds exactly want */
static void is_line(const stralloc *l, const char *want, const char *name)
{
  is_mem(l->s, l->len, want, strlen(want), "%s", name);
}

int main(void)
{
  stralloc l = STRALLOC_ZERO;
  char big[10000];
  int p[2];
  ssize_t n;

  ok(sendlog_starting(&l, 7, 123456, 0, "joe@example.com", 15), "starting, local");
  is_line(&l, "starting delivery 7: msg 123456 to local joe@example.com\n", "starting delivery line");
  ok(sendlog_starting(&l, 8, 9, 1, "a\nb\x7f", 4), "starting, remote");
  is_line(&l, "starting delivery 8: msg 9 to remote a/b_\n", "remote, with the address made safe");
  ok(sendlog_delivery(&l, 7, 'K', "did 0+0+1/", 10), "delivery K");
  is_line(&l, "delivery 7: success: did 0+0+1/\n", "success");
  ok(sendlog_delivery(&l, 7, 'D', "5.1.1 no\nsuch\tuser\0x", 20), "delivery D");
  is_line(&l, "delivery 7: failure: 5.1.1 no/such_user_x\n", "failure: newline /, tab and NUL _");
  ok(sendlog_delivery(&l, 12, 'Z', "", 0), "delivery Z");
  is_line(&l, "delivery 12: deferral: \n", "deferral with an empty text");
  ok(sendlog_delivery(&l, 1, '?', "x", 1), "another letter");
  is_line(&l, "delivery 1: deferral: x\n", "is a deferral");
  ok(sendlog_status(&l, 3, 10, 0, 20), "status");
  is_line(&l, "status: local 3/10 remote 0/20\n", "status line");
  ok(sendlog_end(&l, 4711), "end");
  is_line(&l, "end msg 4711\n", "end msg");
  ok(sendlog_bounce(&l, 4711, 99), "bounce");
  is_line(&l, "bounce msg 4711 qp 99\n", "bounce msg");
  ok(sendlog_triple(&l, 4711), "triple");
  is_line(&l, "triple bounce: discarding bounce/4711\n", "triple bounce");
  ok(sendlog_text(&l, "warning: unable to read ", "info/1/\x01", ": gone", (char *)0), "text");
  is_line(&l, "warning: unable to read info/1/_: gone\n", "a free line, made safe");

  for (size_t i = 0; i < sizeof big; ++i) big[i] = (char)('a' + i % 26);
  signal(SIGPIPE, SIG_IGN);
  if (pipe(p) == -1) return 1;
  ok(sendlog_delivery(&l, 1, 'K', big, sizeof big), "a very long report");
  ok(sendlog_write(p[1], &l) == 0, "write");
  n = read(p[0], big, sizeof big);
  is_int(n, SENDLOG_LINE_MAX, "is cut to SENDLOG_LINE_MAX bytes");
  ok(n > 0 && big[n - 1] == '\n' && big[n - 2] == 'a' + (SENDLOG_LINE_MAX - 23) % 26, "and still ends in a newline");
  l.len = 0;
  ok(stralloc_cats(&l, "no newline") && sendlog_write(p[1], &l) == 0, "a line without a newline");
  n = read(p[0], big, sizeof big);
  is_mem(big, (size_t)n, "no newline\n", 11, "gets one");

  struct sendlog log;
  sendlog_init(&log, p[1]);
  sendlog_say(&log, "warning: unable to open ", "local/2/\n5", ": ", "gone", (const char *)0);
  n = read(p[0], big, sizeof big);
  is_mem(big, (size_t)n, "warning: unable to open local/2//5: gone\n", 41, "say: one safe line on the log");
  ok(sendlog_end(&log.line, 12), "a builder into the log's line");
  sendlog_put(&log);
  n = read(p[0], big, sizeof big);
  is_mem(big, (size_t)n, "end msg 12\n", 11, "put writes it");
  close(p[0]);
  ok(sendlog_write(p[1], &l) == -1, "a log that cannot be written: -1");
  sendlog_say(&log, "lost", (const char *)0);   /* the line is lost; the caller goes on */
  is_mem(log.line.s, log.line.len, "lost\n", 5, "say to a log that cannot be written still builds the line");
  stralloc_free(&log.line);
  stralloc_free(&l);
  return done_testing();
}
