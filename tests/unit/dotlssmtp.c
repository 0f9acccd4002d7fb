/* dotlssmtp.c — unit test for ucspi-tcp/dotlssmtp: EHLO rewriting, STARTTLS catching, DATA and BDAT. */
#include <string.h>

#include "dotlssmtp.h"
#include "tap.h"

#define S(x) (x), sizeof (x) - 1
/* is_mem against a string literal or char array (without its NUL) */
#define IS(got, glen, want, ...) is_mem((got), (glen), (want), sizeof (want) - 1, __VA_ARGS__)

static char space[1 << 16];
static struct dotls_smtp st;   /* 10 KB: not on the stack */

/* feed: x[0..n) to one side (dotls_smtp_client or _server) in pieces of
 * cut bytes; returns what it consumed, its output in o */
static size_t feed(size_t (*side)(struct dotls_smtp *, const char *, size_t, struct dotls_out *),
                   struct dotls_smtp *s, const char *x, size_t n, size_t cut, struct dotls_out *o)
{
  size_t used = 0;
  o->x = space;
  o->len = 0;
  o->a = sizeof space;
  while (used < n) {
    size_t k = n - used < cut ? n - used : cut;
    size_t c = side(s, x + used, k, o);
    used += c;
    if (c < k) break;
  }
  return used;
}

static size_t client(struct dotls_smtp *s, const char *x, size_t n, size_t cut, struct dotls_out *o)
{
  return feed(dotls_smtp_client, s, x, n, cut, o);
}

static size_t server(struct dotls_smtp *s, const char *x, size_t n, size_t cut, struct dotls_out *o)
{
  return feed(dotls_smtp_server, s, x, n, cut, o);
}

static void test_is_starttls(void)
{
  ok(dotls_smtp_is_starttls(S("STARTTLS\r\n")), "is_starttls: CRLF");
  ok(dotls_smtp_is_starttls(S("starttls\n")), "is_starttls: lower case, LF");
  ok(dotls_smtp_is_starttls(S("StartTLS  \r\n")), "is_starttls: trailing blanks");
  ok(!dotls_smtp_is_starttls(S("STARTTLS x\r\n")), "is_starttls: not with a parameter");
  ok(!dotls_smtp_is_starttls(S("STARTTLSX\r\n")), "is_starttls: not a longer word");
  ok(!dotls_smtp_is_starttls(S("STARTTL\r\n")), "is_starttls: not a shorter one");
  ok(!dotls_smtp_is_starttls(S("")), "is_starttls: not empty");
}

/* the plain dialogue: greeting, EHLO with and without STARTTLS, then STARTTLS */
static void test_ehlo(size_t cut)
{
  struct dotls_out o;
  static const char ehlo_reply[] = "250-mx.example\r\n250-PIPELINING\r\n250 8BITMIME\r\n";
  static const char ehlo_want[] = "250-mx.example\r\n250-PIPELINING\r\n250-8BITMIME\r\n250 STARTTLS\r\n";
  dotls_smtp_init(&st, DOTLS_PLAIN);
  is_int(server(&st, S("220 mx ESMTP\r\n"), cut, &o), 14, "cut %zu: greeting consumed", cut);
  IS(o.x, o.len, "220 mx ESMTP\r\n", "cut %zu: greeting passed", cut);
  is_int(client(&st, S("EHLO c\r\n"), cut, &o), 8, "cut %zu: EHLO consumed", cut);
  IS(o.x, o.len, "EHLO c\r\n", "cut %zu: EHLO passed", cut);
  server(&st, S(ehlo_reply), cut, &o);
  IS(o.x, o.len, ehlo_want, "cut %zu: STARTTLS added to the EHLO reply", cut);
  client(&st, S("EHLO again\r\n"), cut, &o);
  server(&st, S("250-mx\r\n250-STARTTLS\r\n250 SIZE\r\n"), cut, &o);
  IS(o.x, o.len, "250-mx\r\n250-STARTTLS\r\n250 SIZE\r\n", "cut %zu: not added twice", cut);
  client(&st, S("EHLO single\r\n"), cut, &o);
  server(&st, S("250 mx\r\n"), cut, &o);
  IS(o.x, o.len, "250-mx\r\n250 STARTTLS\r\n", "cut %zu: a one-line EHLO reply", cut);
  client(&st, S("EHLO bad\r\n"), cut, &o);
  server(&st, S("550 go away\r\n"), cut, &o);
  IS(o.x, o.len, "550 go away\r\n", "cut %zu: a refused EHLO is left alone", cut);
  client(&st, S("HELO c\r\n"), cut, &o);
  server(&st, S("250 mx\r\n"), cut, &o);
  IS(o.x, o.len, "250 mx\r\n", "cut %zu: HELO gets nothing added", cut);
  is_int(dotls_smtp_starttls(&st), 0, "cut %zu: no STARTTLS yet", cut);
  is_int(client(&st, S("STARTTLS\r\nMAIL FROM:<evil>\r\n"), cut, &o), 10,
         "cut %zu: STARTTLS consumed, the rest is not", cut);
  is_int(o.len, 0, "cut %zu: STARTTLS is not passed to the program", cut);
  is_int(dotls_smtp_starttls(&st), 2, "cut %zu: ready for 220", cut);
  is_int(client(&st, S("MAIL FROM:<evil>\r\n"), cut, &o), 0, "cut %zu: nothing more is taken", cut);
}

/* pipelined commands before STARTTLS: 220 waits for their replies */
static void test_pipelined_starttls(void)
{
  struct dotls_out o;
  dotls_smtp_init(&st, DOTLS_PLAIN);
  is_int(client(&st, S("EHLO early\r\nNOOP\r\nSTARTTLS\r\nQUIT\r\n"), 1000, &o), 28,
         "pipelined: up to STARTTLS consumed");
  IS(o.x, o.len, "EHLO early\r\nNOOP\r\n", "pipelined: the commands before it passed");
  is_int(dotls_smtp_starttls(&st), 1, "pipelined: the greeting and two replies outstanding");
  server(&st, S("220 mx\r\n250-mx\r\n250 SIZE 10\r\n"), 1000, &o);
  IS(o.x, o.len, "220 mx\r\n250-mx\r\n250-SIZE 10\r\n250 STARTTLS\r\n",
         "pipelined: the reply to an early EHLO is matched");
  is_int(dotls_smtp_starttls(&st), 1, "pipelined: NOOP not answered yet");
  server(&st, S("250 o"), 1000, &o);
  is_int(dotls_smtp_starttls(&st), 1, "pipelined: half a reply line is not an answer");
  server(&st, S("k\r\n"), 1000, &o);
  is_int(dotls_smtp_starttls(&st), 2, "pipelined: all answered");
}

/* DATA: input waits for the reply; STARTTLS inside the message is data */
static void test_data(void)
{
  struct dotls_out o;
  static const char body[] = "Subject: x\r\n\r\nSTARTTLS\r\n..STARTTLS\r\n.\n.x\r\n.\r\n";
  dotls_smtp_init(&st, DOTLS_PLAIN);
  server(&st, S("220 mx\r\n"), 100, &o);
  is_int(client(&st, S("MAIL FROM:<a>\r\nRCPT TO:<b>\r\nDATA\r\nSubject"), 100, &o), 34,
         "data: input stops after DATA");
  is_int(client(&st, S("Subject"), 100, &o), 0, "data: and waits for the reply");
  server(&st, S("250 ok\r\n250 ok\r\n354 go\r\n"), 100, &o);
  is_int(client(&st, S(body), 1, &o), sizeof body - 1, "data: the message is taken");
  IS(o.x, o.len, body, "data: passed as it is, STARTTLS in it included");
  is_int(dotls_smtp_starttls(&st), 0, "data: STARTTLS in the message is no command");
  client(&st, S("STARTTLS\r\n"), 100, &o);
  is_int(dotls_smtp_starttls(&st), 1, "data: after the dot, STARTTLS counts (reply pending)");
  server(&st, S("250 queued\r\n"), 100, &o);
  is_int(dotls_smtp_starttls(&st), 2, "data: ready once the message is answered");

  dotls_smtp_init(&st, DOTLS_PLAIN);
  server(&st, S("220 mx\r\n"), 100, &o);
  client(&st, S("DATA\r\n"), 100, &o);
  server(&st, S("503 no\r\n"), 100, &o);
  client(&st, S("STARTTLS\r\n"), 100, &o);
  is_int(dotls_smtp_starttls(&st), 2, "data: a refused DATA leaves command mode");
}

static void test_bdat(void)
{
  struct dotls_out o;
  dotls_smtp_init(&st, DOTLS_PLAIN);
  server(&st, S("220 mx\r\n"), 100, &o);
  is_int(client(&st, S("BDAT 12 LAST\r\nSTARTTLS\r\n\r\nSTARTTLS\r\n"), 5, &o), 36,
         "bdat: the chunk is data, the STARTTLS after it a command");
  IS(o.x, o.len, "BDAT 12 LAST\r\nSTARTTLS\r\n\r\n", "bdat: chunk passed");
  is_int(dotls_smtp_starttls(&st), 1, "bdat: waits for the BDAT reply");
  server(&st, S("250 ok\r\n"), 100, &o);
  is_int(dotls_smtp_starttls(&st), 2, "bdat: then ready");
}

static void test_long_lines(void)
{
  struct dotls_out o;
  static char line[DOTLS_LINE_MAX * 2 + 3];
  dotls_smtp_init(&st, DOTLS_PLAIN);
  server(&st, S("220 mx\r\n"), 100, &o);
  memset(line, 'x', sizeof line);
  memcpy(line, "NOOP ", 5);
  memcpy(line + sizeof line - 2, "\r\n", 2);
  is_int(client(&st, line, sizeof line, 7, &o), sizeof line, "long: an over-long command passes");
  is_mem(o.x, o.len, line, sizeof line, "long: unchanged");
  memcpy(line, "250-", 4);
  client(&st, S("EHLO c\r\n"), 100, &o);
  server(&st, S("250 mx\r\n"), 100, &o);   /* answers the long NOOP */
  server(&st, line, sizeof line, 13, &o);
  is_mem(o.x, o.len, line, sizeof line, "long: an over-long reply line passes");
  server(&st, S("250 x\r\n"), 100, &o);
  IS(o.x, o.len, "250-x\r\n250 STARTTLS\r\n", "long: the reply after it is still matched");
}

/* secure mode: the new program's greeting is dropped, the rest passes */
static void test_secure(void)
{
  struct dotls_out o;
  dotls_smtp_init(&st, DOTLS_SECURE);
  is_int(client(&st, S("EHLO c\r\nSTARTTLS\r\n"), 3, &o), 18, "secure: client bytes all pass");
  IS(o.x, o.len, "EHLO c\r\nSTARTTLS\r\n", "secure: STARTTLS is the program's business now");
  server(&st, S("220-mx\r\n220 ESMTP\r\n250-mx\r\n250 SIZE\r\n"), 4, &o);
  IS(o.x, o.len, "250-mx\r\n250 SIZE\r\n", "secure: a 220 greeting is dropped, nothing added");
  dotls_smtp_init(&st, DOTLS_SECURE);
  server(&st, S("421 busy\r\n"), 100, &o);
  IS(o.x, o.len, "421 busy\r\n", "secure: a 421 greeting is passed");
}

static void test_room_and_ends(void)
{
  struct dotls_out o;
  char small[DOTLS_RESERVE - 1];
  dotls_smtp_init(&st, DOTLS_PLAIN);
  o.x = small;
  o.len = 0;
  o.a = sizeof small;
  is_int(dotls_smtp_server(&st, S("220 mx\r\n"), &o), 0, "room: nothing taken without DOTLS_RESERVE");
  is_int(dotls_smtp_client(&st, S("EHLO\r\n"), &o), 0, "room: on either side");
  client(&st, S("QUIT"), 100, &o);
  is_int(o.len, 0, "end: a partial command is held");
  dotls_smtp_client_end(&st, &o);
  IS(o.x, o.len, "QUIT", "end: and given out at the end");
  server(&st, S("220 mx\r\n221 by"), 100, &o);
  dotls_smtp_server_end(&st, &o);
  IS(o.x, o.len, "220 mx\r\n221 by", "end: a partial reply too");
}

static void test_pending_limit(void)
{
  struct dotls_out o;
  size_t i, took = 0;
  dotls_smtp_init(&st, DOTLS_PLAIN);   /* the greeting counts as one */
  for (i = 0; i < DOTLS_PENDING_MAX + 5; ++i) took += client(&st, S("NOOP\r\n"), 100, &o);
  is_int(took, (DOTLS_PENDING_MAX - 1) * 6, "pending: the client waits at DOTLS_PENDING_MAX");
  server(&st, S("220 mx\r\n"), 100, &o);
  is_int(client(&st, S("NOOP\r\n"), 100, &o), 6, "pending: one reply makes room for one command");
}

int main(void)
{
  size_t cut;
  test_is_starttls();
  for (cut = 1; cut <= 9; cut += 4) test_ehlo(cut);
  test_ehlo(1000);
  test_pipelined_starttls();
  test_data();
  test_bdat();
  test_long_lines();
  test_secure();
  test_room_and_ends();
  test_pending_limit();
  return done_testing();
}
