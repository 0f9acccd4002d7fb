/* spawner.c — unit test for qmail/send/spawner: request parser, result
 * encoding, result letters. */
#include <errno.h>
#include <signal.h>
#include <sys/wait.h>

#include "spawner.h"
#include "tap.h"

#define EXITED(n) ((n) << 8)
#define KILLED(s) (s)

/* feed s[0..len) one chunk at a time; the results concatenated as a
 * string of letters R (request) B (bad, slot known) b (bad, no slot) */
static void feed(struct spawner_parser *p, const char *s, size_t len, size_t chunk, char *got)
{
  size_t pos = 0, n = 0;
  while (pos < len) {
    size_t take = len - pos < chunk ? len - pos : chunk, used;
    while (take) {
      enum spawner_parse_result r = spawner_parse(p, s + pos, take, &used);
      pos += used;
      take -= used;
      if (r == SPAWNER_REQUEST) got[n++] = 'R';
      else if (r == SPAWNER_BAD) got[n++] = p->slotok ? 'B' : 'b';
    }
  }
  got[n] = 0;
}

#define FEED(p, lit, chunk, got) feed((p), (lit), sizeof(lit) - 1, (chunk), (got))

static void test_parser(void)
{
  static const char two[] = "3\00017\0a@b\0c@d\0" "999\0" "18\0\0x@y\0";
  struct spawner_parser p;
  char got[64], big[3000];
  size_t used, n;

  for (size_t chunk = 1; chunk <= sizeof two; chunk += sizeof two / 2) {
    spawner_parser_init(&p);
    feed(&p, two, sizeof two - 1, chunk, got);
    is_str(got, "RR", "two requests, chunks of %zu", chunk);
    is_int(p.req.slot, 999, "slot of the last");
    is_int(p.req.num, 18, "num of the last");
    is_str(p.req.sender, "", "empty sender");
    is_str(p.req.rcpt, "x@y", "recipient");
  }
  spawner_parser_init(&p);
  is_int(spawner_parse(&p, two, 14, &used), SPAWNER_REQUEST, "first request alone");
  is_int(used, 13, "its bytes consumed");
  is_int(p.req.slot, 3, "slot 3");
  is_int(p.req.num, 17, "num 17");
  is_str(p.req.sender, "a@b", "sender");
  is_str(p.req.rcpt, "c@d", "recipient");
  is_int(spawner_parse(&p, two + 13, 3, &used), SPAWNER_MORE, "a partial request");
  is_int(used, 3, "all of it consumed");

  spawner_parser_init(&p);
  FEED(&p, "1000\0001\0a\0b\0" "x\0001\0a\0b\0" "\0001\0a\0b\0" "2\0y\0a\0b\0" "4\0\0a\0b\0" "5\0001\0a\0b\0",
       7, got);
  is_str(got, "bbbBBR", "slot 1000, a word, an empty slot; a bad and an empty num; then good");

  spawner_parser_init(&p);
  n = 0;
  memcpy(big, "7\0008\0", 4);
  n = 4;
  memset(big + n, 's', SPAWNER_ADDR_MAX);
  n += SPAWNER_ADDR_MAX;
  big[n++] = 0;
  memset(big + n, 'r', SPAWNER_ADDR_MAX + 1);
  n += SPAWNER_ADDR_MAX + 1;
  big[n++] = 0;
  feed(&p, big, n, 100, got);
  is_str(got, "B", "a recipient one byte over the maximum: bad, slot known");
  is_int(p.req.slot, 7, "slot 7");
  big[n - 2] = 0;   /* now exactly SPAWNER_ADDR_MAX bytes */
  spawner_parser_init(&p);
  feed(&p, big, n - 1, 1000, got);
  is_str(got, "R", "sender and recipient of exactly the maximum are fine");
  is_int(strlen(p.req.sender), SPAWNER_ADDR_MAX, "sender kept whole");
  is_int(strlen(p.req.rcpt), SPAWNER_ADDR_MAX, "recipient kept whole");

  spawner_parser_init(&p);
  FEED(&p, "123456789012345678901\0001\0a\0b\0" "1\0" "123456789012345678901\0a\0b\0" "2\0003\0a\0b\0",
       5, got);
  is_str(got, "bBR", "a 21-digit slot, a 21-digit num, then a good request");
  is_int(p.req.slot, 2, "the parser recovered");
}

static void test_result(void)
{
  stralloc out = STRALLOC_ZERO;
  ok(spawner_result(&out, 12, 'K', "did 0+0+1\n", 10), "result K");
  is_mem(out.s, out.len, "12\0Kdid 0+0+1\n\0", 15, "slot, letter, text, NULs");
  out.len = 0;
  ok(spawner_result(&out, 0, 'Z', "a\0b\tc\r\x7f\xe9", 8), "result with unprintable bytes");
  is_mem(out.s, out.len, "0\0Za_b_c___\0", 12, "unprintable bytes become _");
  out.len = 0;
  ok(spawner_result(&out, 999, 'D', "", 0), "empty text");
  is_mem(out.s, out.len, "999\0D\0", 6, "an empty text is just the NUL");
  stralloc_free(&out);
}

static void test_local(void)
{
  stralloc t = STRALLOC_ZERO;
  char letter;
  int bad = 0;
  for (int code = 0; code < 256; ++code) {
    char want = 'Z';
    if (code == 0 || code == 99) want = 'K';
    if (code == 100 || code == 64 || code == 65 || code == 70 || code == 76 || code == 77 ||
        code == 78 || code == 112)
      want = 'D';
    if (spawner_local_letter(EXITED(code)) != want) {
      diag("exit %d: got %c, want %c", code, spawner_local_letter(EXITED(code)), want);
      ++bad;
    }
  }
  is_int(bad, 0, "every exit code 0..255 maps as qmail-local(8) says");
  is_int(spawner_local_letter(KILLED(SIGKILL)), 'Z', "killed: Z");
  is_int(spawner_local_letter(KILLED(SIGSEGV) | 0x80), 'Z', "crashed with a core: Z");

  ok(spawner_local_report(EXITED(0), "did 1+0+0\n", 10, &letter, &t), "report K");
  is_int(letter, 'K', "K");
  is_mem(t.s, t.len, "did 1+0+0\n", 10, "the output is the text");
  ok(spawner_local_report(EXITED(100), "", 0, &letter, &t), "report D without output");
  is_int(letter, 'D', "D");
  is_mem(t.s, t.len, "qmail-local exited 100", 22, "a text for a silent failure");
  ok(spawner_local_report(EXITED(0), "", 0, &letter, &t), "report K without output");
  is_int(t.len, 0, "K may have no text");
  ok(spawner_local_report(KILLED(SIGSEGV), "half", 4, &letter, &t), "report a crash");
  is_int(letter, 'Z', "crash: Z");
  is_mem(t.s, t.len, "4.3.0 qmail-local crashed (signal 11)\nhalf", 42, "crash text, then the output");
  stralloc_free(&t);
}

struct rcase { const char *name; int wstat; const char *out; size_t len; int trunc; char letter; const char *text; };

static void test_remote(void)
{
  static const struct rcase c[] = {
    { "r then K", EXITED(0), "r250 ok\0Kdelivered\0", 20, 0, 'K', "250 ok\ndelivered" },
    { "r then Z: the recipient record wins", EXITED(0), "rok\0Zlater\0", 11, 0, 'K', "ok\nlater" },
    { "h then D", EXITED(0), "h550 no\0DGiving up\0", 19, 0, 'D', "550 no\nGiving up" },
    { "s then Z", EXITED(0), "s451 busy\0Zdeferred\0", 20, 0, 'Z', "451 busy\ndeferred" },
    { "s with a newline", EXITED(0), "s451 busy\n\0Zx\0", 14, 0, 'Z', "451 busy\nx" },
    { "empty r text", EXITED(0), "r\0Kfine\0", 8, 0, 'K', "fine" },
    { "only K", EXITED(0), "Kconnected to nobody\0", 21, 0, 'K', "connected to nobody" },
    { "only Z", EXITED(0), "Zno host answered\0", 18, 0, 'Z', "no host answered" },
    { "only D", EXITED(0), "DSorry, no host\0", 16, 0, 'D', "Sorry, no host" },
    { "r with no final record", EXITED(0), "rok\0", 4, 0, 'K', "ok" },
    { "nothing", EXITED(0), "", 0, 0, 'Z', "4.3.0 qmail-remote crashed" },
    { "nothing, exit 111", EXITED(111), "", 0, 0, 'Z', "4.3.0 qmail-remote crashed" },
    { "garbage", EXITED(0), "x\0y\0", 4, 0, 'Z', "4.3.0 qmail-remote crashed\nx_y_" },
    { "an unfinished record", EXITED(0), "rhalf", 5, 0, 'Z', "4.3.0 qmail-remote crashed\nrhalf" },
    { "a record cut by truncation", EXITED(0), "rlong", 5, 1, 'K', "long" },
    { "empty records skipped", EXITED(0), "\0\0hno\0Dx\0", 9, 0, 'D', "no\nx" },
    { "killed after r", KILLED(SIGKILL), "rok\0", 4, 0, 'Z', "4.3.0 qmail-remote crashed\nrok_" },
    { "second recipient record ignored", EXITED(0), "hno\0ryes\0Dz\0", 12, 0, 'D', "no\nz" },
  };
  stralloc t = STRALLOC_ZERO, enc = STRALLOC_ZERO;
  for (size_t i = 0; i < sizeof c / sizeof c[0]; ++i) {
    char letter = 0;
    ok(spawner_remote_report(c[i].wstat, c[i].out, c[i].len, c[i].trunc, &letter, &t), "%s: report", c[i].name);
    is_int(letter, c[i].letter, "%s: letter %c", c[i].name, c[i].letter);
    enc.len = 0;
    if (!spawner_result(&enc, 0, letter, t.s, t.len) || !stralloc_0(&enc)) break;
    is_str(enc.s + 3, c[i].text, "%s: text", c[i].name);
  }
  stralloc_free(&t);
  stralloc_free(&enc);
}

int main(void)
{
  test_parser();
  test_result();
  test_local();
  test_remote();
  return done_testing();
}
