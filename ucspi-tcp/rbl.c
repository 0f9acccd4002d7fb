/* rbl.c — rblsmtpd's decisions: reversed names, sources, $RBLSMTPD, replies. */
#include "rbl.h"

#include "byte.h"
#include "case.h"
#include "ip.h"
#include "str.h"

int rbl_reverse(const char *ip, char out[RBL_REVERSE_MAX])
{
  static const char hex[] = "0123456789abcdef";
  unsigned char a[16];
  size_t len = str_len(ip), n = 0;
  int i;
  if (len && ip4_scan(ip, len, a + 12) == len) {
    ip4_to6(a, a + 12);
  } else if (!len || ip6_scan(ip, len, a) != len) {
    return 0;
  }
  if (ip6_is_v4mapped(a)) {
    for (i = 15; i >= 12; --i) {
      unsigned v = a[i];
      if (v >= 100) out[n++] = (char)('0' + v / 100);
      if (v >= 10) out[n++] = (char)('0' + v / 10 % 10);
      out[n++] = (char)('0' + v % 10);
      out[n++] = '.';
    }
  } else {
    for (i = 15; i >= 0; --i) {
      out[n++] = hex[a[i] & 15];
      out[n++] = '.';
      out[n++] = hex[a[i] >> 4];
      out[n++] = '.';
    }
  }
  out[n] = 0;
  return 1;
}

/* text = s, cut to RBL_TEXT_MAX bytes */
static void rbl_settext(struct rbl_state *st, const char *s)
{
  size_t n = 0;
  for (; s[n] && n < RBL_TEXT_MAX; ++n) st->text[n] = s[n];
  st->text[n] = 0;
}

void rbl_fromenv(struct rbl_state *st, const char *value)
{
  if (!*value) {
    st->decision = RBL_ALLOW;
  } else if (*value == '-') {
    st->decision = RBL_BOUNCE;
    rbl_settext(st, value + 1);
  } else {
    st->decision = RBL_BLOCK;
    rbl_settext(st, value);
  }
}

/* one source; the name is prefix + base, cut when it would not fit a DNS
 * name anyway (the lookup then refuses it as a bad name) */
static void rbl_one(struct rbl_state *st, const struct rbl_source *s, const char *prefix,
                    int bounce, int failclosed, rbl_lookup lookup, void *ctx)
{
  char name[RBL_REVERSE_MAX + 1024];
  char text[RBL_TEXT_MAX + 1];
  size_t p = str_len(prefix), b = str_len(s->base);
  int r;
  if (p + b >= sizeof name) return;
  byte_copy(name, p, prefix);
  byte_copy(name + p, b + 1, s->base);
  text[0] = 0;
  r = lookup(ctx, name, !s->anti, text, sizeof text);
  if (r < 0) {
    st->mustnotbounce = 1;
    if (s->anti && !failclosed) st->decision = RBL_ALLOW;
    if (!s->anti && failclosed) {
      st->decision = RBL_BLOCK;
      rbl_settext(st, "temporary RBL lookup error");
    }
    return;
  }
  if (r == 0) return;
  if (s->anti) {
    st->decision = RBL_ALLOW;
  } else if (text[0]) {
    st->decision = bounce ? RBL_BOUNCE : RBL_BLOCK;
    rbl_settext(st, text);
  }
}

void rbl_check(struct rbl_state *st, const struct rbl_source *src, size_t n,
               const char *prefix, int bounce, int failclosed, rbl_lookup lookup, void *ctx)
{
  size_t i;
  for (i = 0; i < n && st->decision == RBL_UNDECIDED; ++i)
    rbl_one(st, &src[i], prefix, bounce, failclosed, lookup, ctx);
}

size_t rbl_message(const struct rbl_state *st, char out[RBL_MESSAGE_MAX])
{
  size_t n = 0, i;
  const char *code = st->decision == RBL_BOUNCE && !st->mustnotbounce ? "553 " : "451 ";
  for (i = 0; code[i]; ++i) out[n++] = code[i];
  for (i = 0; st->text[i] && i < RBL_TEXT_MAX; ++i) {
    unsigned char c = (unsigned char)st->text[i];
    out[n++] = c < 32 || c > 126 ? '?' : (char)c;
  }
  return n;
}

enum rbl_verb rbl_command(const char *x, size_t n)
{
  size_t v;
  if (n && x[n - 1] == '\n') --n;
  if (n && x[n - 1] == '\r') --n;
  v = byte_chr(x, n, ' ');
  if (v == 4 && case_startb(x, v, "quit")) return RBL_QUIT;
  if (v != 4) return RBL_REJECT;
  if (case_startb(x, v, "helo") || case_startb(x, v, "ehlo") || case_startb(x, v, "mail") ||
      case_startb(x, v, "rset") || case_startb(x, v, "noop"))
    return RBL_OK;
  return RBL_REJECT;
}
