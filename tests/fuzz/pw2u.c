/* pw2u.c — fuzz target: passwd, subusers and mailnames lines into users/assign lines.
 * Input: one option byte, then a passwd line, a subusers line and a mailnames
 * value separated by newlines. Every line pw2u writes must be accepted by
 * qgetpw_assign_parse (so by qmail-newu), a refusal must leave the output as
 * it was, and remember/recall must give back the account. */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "pw2u.h"
#include "qgetpw.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int count(void *ctx, const char *key, size_t keylen, const char *d, size_t dlen)
{
  (void)key, (void)keylen, (void)d, (void)dlen;
  ++*(size_t *)ctx;
  return 1;
}

/* the next newline-ended piece of s[*pos..len) */
static const char *piece(const char *s, size_t len, size_t *pos, size_t *n)
{
  const char *p = s + *pos, *nl = memchr(p, '\n', len - *pos);
  *n = nl ? (size_t)(nl - p) : len - *pos;
  *pos += nl ? *n + 1 : *n;
  return p;
}

/* a builder's result: accepted lines parse, a refusal changes nothing */
static void check(int r, stralloc *out, size_t before)
{
  size_t lines = 0, records = 0, line = 0;
  if (!r) {
    if (out->len != before || (errno != EINVAL && errno != EMSGSIZE && errno != ENOMEM)) abort();
    return;
  }
  for (size_t i = before; i < out->len; ++i) lines += out->s[i] == '\n';
  if (!lines || lines > 2 || out->s[out->len - 1] != '\n') abort();
  if (!stralloc_cats(out, ".\n")) abort();
  if (!qgetpw_assign_parse(out->s, out->len, count, &records, &line)) abort();
  if (records != lines + 1) abort();
  out->len = 0;
}

static void remembered(const struct pw2u_pw *pw)
{
  stralloc sa = STRALLOC_ZERO;
  struct pw2u_pw back;
  const char *v;
  if (!pw2u_remember(&sa, pw)) { stralloc_free(&sa); return; }
  v = memchr(sa.s, ':', sa.len);
  if (!v || !pw2u_recall(v + 1, &back)) abort();
  if (back.uid != pw->uid || back.gid != pw->gid || back.userlen != pw->userlen ||
      back.homelen != pw->homelen || memcmp(back.user, pw->user, pw->userlen) ||
      memcmp(back.home, pw->home, pw->homelen))
    abort();
  stralloc_free(&sa);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  static const char breaks[] = { '-', '+', 0, '.' };
  const char *s = (const char *)data + 1, *l, *sub, *user, *pre, *name;
  size_t len, pos = 0, n, sl, ul, pl, np = 0, nl;
  struct pw2u_opt opt;
  struct pw2u_pw pw;
  stralloc out = STRALLOC_ZERO;
  if (!size) return 0;
  len = size - 1;
  opt.breakc = breaks[data[0] & 3];
  opt.slash = (data[0] >> 2) & 1;
  l = piece(s, len, &pos, &n);
  if (pw2u_parse(l, n, &pw)) {
    if (!pw.userlen || pw.userlen > PW2U_NAME_MAX || pw.user != l) abort();
    remembered(&pw);
    check(pw2u_user(&out, &opt, pw.user, pw.userlen, &pw), &out, 0);
    l = piece(s, len, &pos, &n);
    if (pw2u_subparse(l, n, &sub, &sl, &user, &ul, &pre, &pl)) {
      if (!sl || !ul) abort();
      check(pw2u_sub(&out, &opt, sub, sl, pre, pl, &pw), &out, 0);
    }
    l = piece(s, len, &pos, &n);
    while (pw2u_nextname(l, n, &np, &name, &nl)) {
      if (!nl || name < l || name + nl > l + n) abort();
      check(pw2u_user(&out, &opt, name, nl, &pw), &out, 0);
    }
  }
  stralloc_free(&out);
  return 0;
}
