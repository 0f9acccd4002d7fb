/* dotlssmtp.c — follow an SMTP dialogue to offer, catch and restart around STARTTLS. */
#include "dotlssmtp.h"

#include "byte.h"
#include "case.h"
#include "scan.h"
#include "str.h"

static const char starttls_line[] = "250 STARTTLS\r\n";

static size_t min2(size_t a, size_t b) { return a < b ? a : b; }

/* the room left in o (0 for a broken one) */
static size_t out_room(const struct dotls_out *o)
{
  return o->len <= o->a ? o->a - o->len : 0;
}

/* append x[0..n) to o; callers checked the room (DOTLS_RESERVE) */
static void out_put(struct dotls_out *o, const char *x, size_t n)
{
  if (n > out_room(o)) n = out_room(o);
  byte_copy(o->x + o->len, n, x);
  o->len += n;
}

void dotls_smtp_init(struct dotls_smtp *s, enum dotls_mode mode)
{
  byte_zero(s, sizeof *s);
  s->mode = mode;
  s->cstate = mode == DOTLS_SECURE ? DOTLS_C_PASS : DOTLS_C_CMD;
  s->pend[0] = DOTLS_K_GREETING;
  s->plen = 1;
}

/* ---- the queue of commands awaiting replies ---- */

static void pend_push(struct dotls_smtp *s, int kind)
{
  if (s->plen == DOTLS_PENDING_MAX) return;   /* the client side waits first */
  s->pend[(s->phead + s->plen) % DOTLS_PENDING_MAX] = (unsigned char)kind;
  ++s->plen;
}

static int pend_head(const struct dotls_smtp *s)
{
  return s->plen ? s->pend[s->phead] : DOTLS_K_OTHER;
}

static void pend_pop(struct dotls_smtp *s)
{
  if (!s->plen) return;   /* a reply nobody asked for (a 421 before closing) */
  s->phead = (s->phead + 1) % DOTLS_PENDING_MAX;
  --s->plen;
}

/* ---- words ---- */

/* 1 when x[0..n) starts with word (any case) followed by a blank, CR, LF
 * or its end */
static int word_is(const char *x, size_t n, const char *word)
{
  size_t k = str_len(word);
  if (n < k || !case_startb(x, n, word)) return 0;
  return n == k || x[k] == ' ' || x[k] == '\t' || x[k] == '\r' || x[k] == '\n';
}

int dotls_smtp_is_starttls(const char *x, size_t n)
{
  while (n && (x[n - 1] == '\n' || x[n - 1] == '\r' || x[n - 1] == ' ' || x[n - 1] == '\t')) --n;
  return n == 8 && case_diffb(x, 8, "STARTTLS") == 0;
}

/* the chunk size of a "BDAT size [LAST]" line, 0 when there is none */
static unsigned long long bdat_size(const char *x, size_t n)
{
  unsigned long long size = 0;
  size_t i = 4;
  while (i < n && x[i] == ' ') ++i;
  if (scan_ullong(x + i, n - i, &size) == 0) return 0;
  return size;
}

/* ---- client to program ---- */

/* a whole command line is in cline: pass it on and queue its kind */
static void client_line(struct dotls_smtp *s, struct dotls_out *o)
{
  int kind = DOTLS_K_OTHER;
  out_put(o, s->cline, s->clen);
  if (word_is(s->cline, s->clen, "EHLO")) {
    kind = DOTLS_K_EHLO;
  } else if (word_is(s->cline, s->clen, "DATA")) {
    kind = DOTLS_K_DATA;
    s->cstate = DOTLS_C_HOLD;
  } else if (word_is(s->cline, s->clen, "BDAT")) {
    s->chunk = bdat_size(s->cline, s->clen);
    if (s->chunk) s->cstate = DOTLS_C_CHUNK;
  }
  pend_push(s, kind);
  s->clen = 0;
}

/* collect a command line; 0 consumed means wait */
static size_t client_cmd(struct dotls_smtp *s, const char *x, size_t n, struct dotls_out *o)
{
  size_t k, take;
  if (s->clen == 0 && s->plen == DOTLS_PENDING_MAX) return 0;
  k = byte_chr(x, n, '\n');
  take = min2(k < n ? k + 1 : n, DOTLS_LINE_MAX - s->clen);
  byte_copy(s->cline + s->clen, take, x);
  s->clen += take;
  if (s->cline[s->clen - 1] == '\n') {
    if (dotls_smtp_is_starttls(s->cline, s->clen)) {
      s->cstate = DOTLS_C_STARTTLS;
      s->clen = 0;
    } else {
      client_line(s, o);
    }
  } else if (s->clen == DOTLS_LINE_MAX) {
    /* no server takes such a command: pass it on as an ordinary one */
    out_put(o, s->cline, s->clen);
    pend_push(s, DOTLS_K_OTHER);
    s->clen = 0;
    s->cstate = DOTLS_C_LONG;
  }
  return take;
}

/* message data up to and including the line "." CRLF */
static size_t client_body(struct dotls_smtp *s, const char *x, size_t n, struct dotls_out *o)
{
  size_t i;
  n = min2(n, out_room(o));
  for (i = 0; i < n; ++i) {
    char c = x[i];
    if (c == '\n') {
      if (s->bstate == 2) {   /* the end of the data */
        out_put(o, x, i + 1);
        s->cstate = DOTLS_C_CMD;
        pend_push(s, DOTLS_K_OTHER);
        return i + 1;
      }
      s->bstate = 0;
    } else if (c == '.' && s->bstate == 0) {
      s->bstate = 1;
    } else if (c == '\r' && s->bstate == 1) {
      s->bstate = 2;
    } else {
      s->bstate = 3;
    }
  }
  out_put(o, x, n);
  return n;
}

/* bytes passed as they are: all of them, up to a chunk's end, or up to
 * the end of an over-long line */
static size_t client_raw(struct dotls_smtp *s, const char *x, size_t n, struct dotls_out *o)
{
  size_t k = min2(n, out_room(o));
  if (s->cstate == DOTLS_C_CHUNK) {
    if (k > s->chunk) k = (size_t)s->chunk;
    s->chunk -= k;
    if (!s->chunk) s->cstate = DOTLS_C_CMD;
  } else if (s->cstate == DOTLS_C_LONG) {
    size_t lf = byte_chr(x, k, '\n');
    if (lf < k) {
      k = lf + 1;
      s->cstate = DOTLS_C_CMD;
    }
  }
  out_put(o, x, k);
  return k;
}

size_t dotls_smtp_client(struct dotls_smtp *s, const char *x, size_t n, struct dotls_out *o)
{
  size_t i = 0;
  while (i < n && out_room(o) >= DOTLS_RESERVE) {
    size_t k = 0;
    switch (s->cstate) {
    case DOTLS_C_CMD: k = client_cmd(s, x + i, n - i, o); break;
    case DOTLS_C_BODY: k = client_body(s, x + i, n - i, o); break;
    case DOTLS_C_PASS:
    case DOTLS_C_CHUNK:
    case DOTLS_C_LONG: k = client_raw(s, x + i, n - i, o); break;
    case DOTLS_C_HOLD:
    case DOTLS_C_STARTTLS: break;
    }
    if (!k) break;
    i += k;
  }
  return i;
}

void dotls_smtp_client_end(struct dotls_smtp *s, struct dotls_out *o)
{
  if (s->cstate == DOTLS_C_CMD && s->clen) out_put(o, s->cline, s->clen);
  s->clen = 0;
}

/* ---- program to client ---- */

/* the code of a reply line, 0 when it does not start with three digits */
static int reply_code(const char *l, size_t n)
{
  if (n < 3) return 0;
  if (l[0] < '0' || l[0] > '9' || l[1] < '0' || l[1] > '9' || l[2] < '0' || l[2] > '9') return 0;
  return (l[0] - '0') * 100 + (l[1] - '0') * 10 + (l[2] - '0');
}

/* the line (or the head of a long line) in rline is here: pass it on,
 * rewritten when it closes an EHLO reply without STARTTLS */
static void reply_head(struct dotls_smtp *s, struct dotls_out *o)
{
  const char *l = s->rline;
  size_t n = s->rlen;
  int code = reply_code(l, n);
  if (!s->rcont) {   /* the first line of a reply */
    s->rkind = pend_head(s);
    s->rcode = code;
    s->rtls = 0;
    s->rdrop = s->mode == DOTLS_SECURE && !s->greeted && code >= 200 && code <= 299;
  }
  s->rlast = !(code && n >= 4 && l[3] == '-');
  s->radd = 0;
  if (s->mode == DOTLS_PLAIN && s->rkind == DOTLS_K_EHLO && s->rcode == 250 && code == 250) {
    if (n > 4 && word_is(l + 4, n - 4, "STARTTLS")) s->rtls = 1;
    if (s->rlast && !s->rtls) {
      size_t skip = n > 3 && l[3] == ' ' ? 4 : 3;
      out_put(o, "250-", 4);
      out_put(o, l + skip, n - skip);
      s->radd = 1;
      return;
    }
  }
  if (!s->rdrop) out_put(o, l, n);
}

/* the current line has ended */
static void reply_end(struct dotls_smtp *s, struct dotls_out *o)
{
  if (s->radd) out_put(o, starttls_line, sizeof starttls_line - 1);
  s->radd = 0;
  if (!s->rlast) {
    s->rcont = 1;
    return;
  }
  s->rcont = 0;
  pend_pop(s);
  if (s->mode == DOTLS_SECURE) {
    s->greeted = 1;
    s->rdrop = 0;
    return;
  }
  if (s->rkind == DOTLS_K_DATA && s->cstate == DOTLS_C_HOLD) {
    s->cstate = s->rcode == 354 ? DOTLS_C_BODY : DOTLS_C_CMD;
    s->bstate = 0;
  }
}

/* collect a reply line */
static size_t server_line(struct dotls_smtp *s, const char *x, size_t n, struct dotls_out *o)
{
  size_t k = byte_chr(x, n, '\n');
  size_t take = min2(k < n ? k + 1 : n, DOTLS_LINE_MAX - s->rlen);
  byte_copy(s->rline + s->rlen, take, x);
  s->rlen += take;
  if (s->rline[s->rlen - 1] == '\n') {
    reply_head(s, o);
    s->rlen = 0;
    reply_end(s, o);
  } else if (s->rlen == DOTLS_LINE_MAX) {
    reply_head(s, o);
    s->rlen = 0;
    s->rlong = 1;
  }
  return take;
}

/* the rest of an over-long reply line */
static size_t server_long(struct dotls_smtp *s, const char *x, size_t n, struct dotls_out *o)
{
  size_t k = min2(n, out_room(o));
  size_t lf = byte_chr(x, k, '\n');
  int done = lf < k;
  if (done) k = lf + 1;
  if (!s->rdrop) out_put(o, x, k);
  if (done) {
    s->rlong = 0;
    reply_end(s, o);
  }
  return k;
}

size_t dotls_smtp_server(struct dotls_smtp *s, const char *x, size_t n, struct dotls_out *o)
{
  size_t i = 0;
  while (i < n && out_room(o) >= DOTLS_RESERVE) {
    size_t k;
    if (s->mode == DOTLS_SECURE && s->greeted) {
      k = min2(n - i, out_room(o));
      out_put(o, x + i, k);
    } else if (s->rlong) {
      k = server_long(s, x + i, n - i, o);
    } else {
      k = server_line(s, x + i, n - i, o);
    }
    i += k;
  }
  return i;
}

void dotls_smtp_server_end(struct dotls_smtp *s, struct dotls_out *o)
{
  if (s->rlen && !s->rdrop) out_put(o, s->rline, s->rlen);
  s->rlen = 0;
}

int dotls_smtp_starttls(const struct dotls_smtp *s)
{
  if (s->cstate != DOTLS_C_STARTTLS) return 0;
  return s->plen == 0 && s->rlen == 0 && !s->rlong && !s->rcont ? 2 : 1;
}
