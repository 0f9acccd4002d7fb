/* rbl.c — unit test for ucspi-tcp/rbl: reversed names, the source walk with every lookup outcome, $RBLSMTPD, replies, verbs. */
#include "rbl.h"
#include "tap.h"

/* a fake DNS: names in the table answer as told; the rest have no records */
struct fake {
  const char *name;
  int txt;           /* the record type the answer is for */
  int rc;            /* 1, 0 or -1 */
  const char *text;
};
static const struct fake table[] = {
  { "4.3.2.1.bl.test", 1, 1, "listed here" },
  { "4.3.2.1.empty.test", 1, 1, "" },
  { "4.3.2.1.white.test", 0, 1, 0 },
  { "4.3.2.1.fail.test", 1, -1, 0 },
  { "4.3.2.1.failwhite.test", 0, -1, 0 },
  { 0, 0, 0, 0 }
};

struct calls { int n; char last[256]; };

static int lookup(void *ctx, const char *name, int txt, char *text, size_t size)
{
  struct calls *c = ctx;
  size_t i;
  ++c->n;
  snprintf(c->last, sizeof c->last, "%s %s", txt ? "TXT" : "A", name);
  for (i = 0; table[i].name; ++i) {
    if (strcmp(table[i].name, name) || table[i].txt != txt) continue;
    if (table[i].rc == 1 && txt) snprintf(text, size, "%s", table[i].text);
    return table[i].rc;
  }
  return 0;
}

static struct rbl_state run(const char *spec, int bounce, int failclosed, struct calls *c)
{
  struct rbl_source src[8];
  char copy[256], *p, *save = 0;
  size_t n = 0;
  struct rbl_state st;
  memset(&st, 0, sizeof st);
  memset(c, 0, sizeof *c);
  snprintf(copy, sizeof copy, "%s", spec);
  for (p = strtok_r(copy, " ", &save); p && n < 8; p = strtok_r(0, " ", &save)) {
    src[n].anti = p[0] == '+';
    src[n++].base = p + 1;
  }
  rbl_check(&st, src, n, "4.3.2.1.", bounce, failclosed, lookup, c);
  return st;
}

int main(void)
{
  char rev[RBL_REVERSE_MAX], msg[RBL_MESSAGE_MAX], big[400];
  struct rbl_state st;
  struct calls c;
  size_t n;

  ok(rbl_reverse("1.2.3.4", rev), "IPv4");
  is_str(rev, "4.3.2.1.", "reversed quad");
  ok(rbl_reverse("192.168.100.0", rev), "three-digit parts");
  is_str(rev, "0.100.168.192.", "numbers keep their digits");
  ok(rbl_reverse("::ffff:10.0.0.2", rev), "v4-mapped");
  is_str(rev, "2.0.0.10.", "v4-mapped is looked up as IPv4");
  ok(rbl_reverse("2001:db8::1", rev), "IPv6");
  is_str(rev, "1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.",
         "32 nibbles, lowest first");
  is_int(strlen(rev), RBL_REVERSE_MAX - 1, "the longest prefix fits");
  ok(!rbl_reverse("", rev) && !rbl_reverse("junk", rev) && !rbl_reverse("1.2.3.4.5", rev),
     "no address, no name");

  st = run("-bl.test", 0, 0, &c);
  is_int(st.decision, RBL_BLOCK, "listed: block");
  is_str(st.text, "listed here", "the TXT text");
  is_str(c.last, "TXT 4.3.2.1.bl.test", "the name asked");
  n = rbl_message(&st, msg);
  is_mem(msg, n, "451 listed here", 15, "451 reply");
  st = run("-bl.test", 1, 0, &c);
  n = rbl_message(&st, msg);
  is_mem(msg, n, "553 listed here", 15, "-b: 553 reply");

  st = run("-none.test -bl.test -other.test", 0, 0, &c);
  is_int(st.decision, RBL_BLOCK, "the second source lists it");
  is_int(c.n, 2, "and the third is not asked");
  st = run("-none.test", 0, 0, &c);
  is_int(st.decision, RBL_UNDECIDED, "not listed: undecided");
  st = run("-empty.test", 0, 0, &c);
  is_int(st.decision, RBL_UNDECIDED, "a TXT record with no text does not list");

  st = run("+white.test -bl.test", 0, 0, &c);
  is_int(st.decision, RBL_ALLOW, "anti-listed first: allowed");
  is_int(c.n, 1, "the RBL is not asked");
  is_str(c.last, "A 4.3.2.1.white.test", "an A lookup");
  st = run("-bl.test +white.test", 0, 0, &c);
  is_int(st.decision, RBL_BLOCK, "order matters: listed first");

  st = run("-fail.test -bl.test", 1, 0, &c);
  is_int(st.decision, RBL_BOUNCE, "fail-open: next source decides");
  n = rbl_message(&st, msg);
  is_mem(msg, n, "451 listed here", 15, "after a temporary failure never 553");
  st = run("-fail.test -bl.test", 0, 1, &c);
  is_int(st.decision, RBL_BLOCK, "fail-closed: blocked");
  is_str(st.text, "temporary RBL lookup error", "its text");
  is_int(c.n, 1, "and no more lookups");
  st = run("-fail.test", 0, 0, &c);
  is_int(st.decision, RBL_UNDECIDED, "fail-open alone: undecided");
  st = run("+failwhite.test -bl.test", 0, 0, &c);
  is_int(st.decision, RBL_ALLOW, "anti-RBL failure, fail-open: allowed");
  st = run("+failwhite.test -bl.test", 1, 1, &c);
  is_int(st.decision, RBL_BOUNCE, "anti-RBL failure, fail-closed: goes on");
  n = rbl_message(&st, msg);
  is_mem(msg, n, "451 listed here", 15, "and 451 even with -b");

  memset(&st, 0, sizeof st);
  rbl_fromenv(&st, "");
  is_int(st.decision, RBL_ALLOW, "RBLSMTPD empty: allow");
  run("-bl.test", 0, 0, &c);
  rbl_check(&st, 0, 0, "4.3.2.1.", 0, 0, lookup, &c);
  is_int(st.decision, RBL_ALLOW, "a decision stays");
  memset(&st, 0, sizeof st);
  rbl_fromenv(&st, "go away");
  n = rbl_message(&st, msg);
  is_mem(msg, n, "451 go away", 11, "RBLSMTPD text: 451");
  memset(&st, 0, sizeof st);
  rbl_fromenv(&st, "-go away");
  n = rbl_message(&st, msg);
  is_mem(msg, n, "553 go away", 11, "RBLSMTPD -text: 553");
  memset(&st, 0, sizeof st);
  rbl_fromenv(&st, "-");
  n = rbl_message(&st, msg);
  is_mem(msg, n, "553 ", 4, "RBLSMTPD -: 553 with no text");
  memset(&st, 0, sizeof st);
  memset(big, 'x', sizeof big - 1);
  big[sizeof big - 1] = 0;
  big[1] = '\t';
  big[2] = (char)0xe9;
  rbl_fromenv(&st, big);
  n = rbl_message(&st, msg);
  is_int(n, 4 + RBL_TEXT_MAX, "text cut at RBL_TEXT_MAX");
  is_mem(msg, 8, "451 x??x", 8, "unprintable bytes become ?");

  is_int(rbl_command("QUIT\r\n", 6), RBL_QUIT, "QUIT");
  is_int(rbl_command("quit now\n", 9), RBL_QUIT, "quit with an argument");
  is_int(rbl_command("quit\t\r\n", 7), RBL_REJECT, "the verb ends at a space only");
  is_int(rbl_command(" quit", 5), RBL_REJECT, "a leading space");
  is_int(rbl_command("QUITX", 5), RBL_REJECT, "a longer verb");
  is_int(rbl_command("HELO x", 6), RBL_OK, "HELO");
  is_int(rbl_command("ehlo x", 6), RBL_OK, "EHLO");
  is_int(rbl_command("Mail From:<a@b>", 15), RBL_OK, "MAIL");
  is_int(rbl_command("RSET", 4), RBL_OK, "RSET");
  is_int(rbl_command("NOOP\r\n", 6), RBL_OK, "NOOP");
  is_int(rbl_command("RCPT TO:<x>", 11), RBL_REJECT, "RCPT");
  is_int(rbl_command("DATA\r\n", 6), RBL_REJECT, "DATA");
  is_int(rbl_command("VRFY x", 6), RBL_REJECT, "VRFY");
  is_int(rbl_command("\r\n", 2), RBL_REJECT, "an empty line");
  is_int(rbl_command("", 0), RBL_REJECT, "nothing");
  return done_testing();
}
