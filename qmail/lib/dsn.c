/* dsn.c — bounce records (A/S/X) and the RFC 3464 bounce message built from them. */
#include <errno.h>
#include <stdint.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "byte.h"
#include "case.h"
#include "date822.h"
#include "dsn.h"
#include "fmt.h"
#include "genalloc.h"
#include "str.h"

#define DSN_CHUNK 16384          /* bytes of the original read at a time */
#define DSN_FOLD 78              /* header lines are folded at a blank before this */
#define DSN_LINE_MAX 990         /* no line we write is longer (RFC 5322: 998) */
#define DSN_RAND_HEX 24          /* 96 random bits in the boundary */

/* ---- status codes ---- */

static int isdigit_(char c) { return c >= '0' && c <= '9'; }
static int isblank_(char c) { return c == ' ' || c == '\t'; }

/* code_len: the length of the enhanced status code "C.S.D" at the start of
 * s (C one of 2 4 5, S and D 1-3 digits, nothing numeric right after),
 * or 0 when there is none. */
static size_t code_len(const char *s, size_t len)
{
  size_t i = 1, part, d;
  if (len < 5 || (s[0] != '2' && s[0] != '4' && s[0] != '5')) return 0;
  for (part = 0; part < 2; ++part) {
    if (i >= len || s[i] != '.') return 0;
    ++i;
    for (d = 0; d < 3 && i < len && isdigit_(s[i]); ++d) ++i;
    if (!d) return 0;
  }
  if (i < len && (isdigit_(s[i]) || s[i] == '.')) return 0;
  return i;
}

/* status_ok: s is a complete code of a failure (class 4 or 5) that fits. */
static int status_ok(const char *s, size_t len)
{
  return len && len <= DSN_STATUS_MAX && code_len(s, len) == len && s[0] != '2';
}

/* smtp_reply: where the text's SMTP reply starts ("550 ..."), after a
 * leading enhanced status code and a "Remote host said:"; len if none. */
static size_t smtp_reply(const char *t, size_t len)
{
  static const char said[] = "Remote host said:";
  size_t i = 0;
  while (i < len && isblank_(t[i])) ++i;
  i += code_len(t + i, len - i);
  while (i < len && isblank_(t[i])) ++i;
  if (case_startb(t + i, len - i, said)) {
    i += sizeof said - 1;
    while (i < len && isblank_(t[i])) ++i;
  }
  if (len - i < 3 || t[i] < '2' || t[i] > '5' || !isdigit_(t[i + 1]) || !isdigit_(t[i + 2]))
    return len;
  if (len - i > 3 && t[i + 3] != ' ' && t[i + 3] != '-' && t[i + 3] != '\n') return len;
  return i;
}

int dsn_status(const char *text, size_t len, int perm, char out[DSN_STATUS_MAX + 1])
{
  size_t i = 0, n = 0;
  while (i < len && isblank_(text[i])) ++i;
  if (i < len && text[i] == '#') ++i;
  n = code_len(text + i, len - i);
  if (!n && (i = smtp_reply(text, len)) + 4 < len && text[i + 3] == ' ') {
    i += 4;  /* an SMTP reply with its code: "550 5.1.1 ..." (RFC 2034) */
    n = code_len(text + i, len - i);
  }
  if (!n) {
    /* qmail style: "... (#5.1.1)" anywhere; the first one counts */
    for (i = 0; i + 2 < len; ++i) {
      if (text[i] != '(' || text[i + 1] != '#') continue;
      n = code_len(text + i + 2, len - i - 2);
      if (n && i + 2 + n < len && text[i + 2 + n] == ')') { i += 2; break; }
      n = 0;
    }
  }
  if (!n) {
    byte_copy(out, 6, perm ? "5.0.0" : "4.0.0");
    return 1;
  }
  byte_copy(out, n, text + i);
  out[n] = 0;
  out[0] = perm ? '5' : '4';  /* the class follows the result, not the text */
  return 1;
}

/* ---- bounce records ---- */

/* cat_record: type, s[0..len) with NUL turned into '_', then NUL. */
static void cat_record(stralloc *out, char type, const char *s, size_t len)
{
  char *p = out->s + out->len;
  *p++ = type;
  for (size_t i = 0; i < len; ++i) *p++ = s[i] ? s[i] : '_';
  *p++ = 0;
  out->len = (size_t)(p - out->s);
}

int dsn_record(stralloc *out, const char *addr, size_t addrlen, const char *status,
               const char *text, size_t textlen)
{
  size_t slen = str_len(status), need;
  if (addrlen > DSN_ADDR_MAX || !status_ok(status, slen)) { errno = EINVAL; return 0; }
  if (textlen > DSN_TEXT_MAX) textlen = DSN_TEXT_MAX;
  /* all three lengths are bounded, so the sum cannot wrap */
  need = addrlen + slen + textlen + 6;
  if (!stralloc_readyplus(out, need)) return 0;
  cat_record(out, 'A', addr, addrlen);
  cat_record(out, 'S', status, slen);
  cat_record(out, 'X', text, textlen);
  return 1;
}

/* push: append one recipient to l. */
static int push(struct dsn_list *l, const struct dsn_rcpt *r)
{
  size_t want;
  struct dsn_rcpt *p;
  if (l->n >= DSN_RCPTS_MAX) { errno = EOVERFLOW; return 0; }
  want = l->n + 1;
  if (want > l->a) {
    size_t grow = want < 16 ? 16 : want + want / 2;
    if (grow > DSN_RCPTS_MAX) grow = DSN_RCPTS_MAX;
    p = genalloc_grow(l->r, &l->a, grow, sizeof *p);
    if (!p) return 0;
    l->r = p;
  }
  l->r[l->n++] = *r;
  return 1;
}

/* field: check one complete record of the expected type and put it in r.
 * Returns 1, or 0 with EINVAL. */
static int field(struct dsn_rcpt *r, char type, const char *s, size_t len)
{
  switch (type) {
    case 'A':
      if (len > DSN_ADDR_MAX) break;
      r->addr = s; r->addrlen = len;
      return 1;
    case 'S':
      if (!status_ok(s, len)) break;
      byte_copy(r->status, len, s);
      r->status[len] = 0;
      return 1;
    default:
      if (len > DSN_TEXT_MAX) break;
      r->text = s; r->textlen = len;
      return 1;
  }
  errno = EINVAL;
  return 0;
}

int dsn_parse(const char *s, size_t len, struct dsn_list *l)
{
  static const char order[3] = { 'A', 'S', 'X' };
  size_t pos = 0, before = l->n, k = 0;
  struct dsn_rcpt r;
  byte_zero(&r, sizeof r);
  while (pos < len) {
    size_t z;
    if (s[pos] != order[k]) { errno = EINVAL; goto fail; }
    z = byte_chr(s + pos + 1, len - pos - 1, 0);
    if (z == len - pos - 1) break;  /* cut short by a crash: ignore the rest */
    if (!field(&r, order[k], s + pos + 1, z)) goto fail;
    pos += z + 2;
    if (++k == 3) {
      if (!push(l, &r)) goto fail;
      k = 0;
    }
  }
  return 1;
fail:
  l->n = before;
  return 0;
}

void dsn_list_free(struct dsn_list *l)
{
  genalloc_release(l->r);
  l->r = 0;
  l->n = l->a = 0;
}

/* ---- the bounce message ---- */

struct writer {
  buf *b;
  stralloc line;          /* one header field or text line being prepared */
  const struct dsn_info *info;
  char boundary[80];
  char rnd[DSN_RAND_HEX + 1];
};

static int put(struct writer *w, const char *s, size_t len) { return buf_put(w->b, s, len); }
static int puts_(struct writer *w, const char *s) { return buf_puts(w->b, s); }
static const char *nz(const char *s) { return s ? s : ""; }

/* clean: a byte that may stand in a header or text line: printable ASCII
 * stays, white space becomes a space, anything else '_'. */
static char clean(char c)
{
  if (c == '\t' || c == '\n' || c == '\r') return ' ';
  return c >= 0x20 && c < 0x7f ? c : '_';
}

/* linecat: append s[0..len) to w->line, cleaned; a line break next to
 * white space adds no second space. */
static int linecat(struct writer *w, const char *s, size_t len)
{
  if (!stralloc_readyplus(&w->line, len)) return 0;
  for (size_t i = 0; i < len; ++i) {
    int nl = s[i] == '\n' || s[i] == '\r';
    if (nl && w->line.len && w->line.s[w->line.len - 1] == ' ') continue;
    if (nl && i + 1 < len && isblank_(s[i + 1])) continue;
    w->line.s[w->line.len++] = clean(s[i]);
  }
  return 1;
}

/* fold: write s[0..len) and a newline as lines of at most DSN_LINE_MAX
 * bytes, breaking before a blank so that lines stay under soft when
 * possible; a run without blanks longer than DSN_LINE_MAX is cut, and its
 * rest continues after an added space. */
static int fold(struct writer *w, const char *s, size_t len, size_t soft)
{
  size_t col = 0;
  while (len && isblank_(s[len - 1])) --len;
  while (col + len > soft) {
    size_t room = soft - col, hard = DSN_LINE_MAX - col, cut = 0, i;
    for (i = room; i > 0 && !cut; --i) if (isblank_(s[i])) cut = i;
    for (i = room + 1; !cut && i < len && i <= hard; ++i) if (isblank_(s[i])) cut = i;
    if (!cut) {
      if (col + len <= DSN_LINE_MAX) break;
      if (put(w, s, hard) == -1 || puts_(w, "\n ") == -1) return -1;
      s += hard; len -= hard; col = 1;
      continue;
    }
    if (put(w, s, cut) == -1 || puts_(w, "\n") == -1) return -1;
    s += cut; len -= cut; col = 0;
  }
  if (put(w, s, len) == -1 || puts_(w, "\n") == -1) return -1;
  return 0;
}

/* header: write "name: " a b, cleaned and folded. */
static int header(struct writer *w, const char *name, const char *a, size_t alen,
                  const char *b, size_t blen)
{
  w->line.len = 0;
  if (!stralloc_cats(&w->line, name) || !stralloc_cats(&w->line, ": ") ||
      !linecat(w, a, alen) || !linecat(w, b, blen)) return -1;
  return fold(w, w->line.s, w->line.len, DSN_FOLD);
}

static int header_s(struct writer *w, const char *name, const char *a)
{
  return header(w, name, a, str_len(a), "", 0);
}

static int date_header(struct writer *w, const char *name, time_t t)
{
  char d[DATE822_FMT];
  size_t n = date822_fmt(d, sizeof d, t, 0);
  if (!n) return -1;
  return header(w, name, d, n, "", 0);
}

/* randomize: w->rnd = DSN_RAND_HEX unpredictable hex digits (mixed from
 * the clock, pid and message number when getrandom is unavailable). */
static void randomize(struct writer *w)
{
  unsigned char r[DSN_RAND_HEX / 2];
  ssize_t got;
  do got = getrandom(r, sizeof r, GRND_NONBLOCK);
  while (got < 0 && errno == EINTR);
  if (got != (ssize_t)sizeof r) {
    struct timespec ts;
    uint64_t x;
    clock_gettime(CLOCK_REALTIME, &ts);
    x = (uint64_t)ts.tv_nsec ^ ((uint64_t)ts.tv_sec << 20) ^ ((uint64_t)getpid() << 40)
        ^ (uint64_t)w->info->num;
    for (size_t i = 0; i < sizeof r; ++i) {  /* splitmix64 steps */
      uint64_t z = (x += 0x9e3779b97f4a7c15ULL);
      z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
      z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
      r[i] = (unsigned char)(z ^ (z >> 31));
    }
  }
  for (size_t i = 0; i < sizeof r; ++i) {
    w->rnd[2 * i] = "0123456789abcdef"[r[i] >> 4];
    w->rnd[2 * i + 1] = "0123456789abcdef"[r[i] & 15];
  }
  w->rnd[DSN_RAND_HEX] = 0;
}

/* make_boundary: "=_" (never in quoted-printable or base64 text), the time
 * and number in hex, and 96 random bits: it cannot occur in the original
 * in practice, even in one written by someone who expects the bounce. */
static void make_boundary(struct writer *w)
{
  char *p = w->boundary;
  p += fmt_str(p, "=_dsn_");
  p += fmt_xlong(p, (unsigned long)w->info->now);
  *p++ = '_';
  p += fmt_xlong(p, w->info->num);
  *p++ = '_';
  p += fmt_str(p, w->rnd);
  *p = 0;
}

static int top_headers(struct writer *w)
{
  const struct dsn_info *in = w->info;
  char num[FMT_ULONG * 2 + 2];
  size_t n;
  if (date_header(w, "Date", in->now) == -1 || header_s(w, "From", nz(in->from)) == -1 ||
      header_s(w, "To", nz(in->to)) == -1 || header_s(w, "Subject", "failure notice") == -1)
    return -1;
  n = fmt_ulong(num, (unsigned long)in->now);
  num[n++] = '.';
  n += fmt_ulong(num + n, in->num);
  w->line.len = 0;
  if (!stralloc_cats(&w->line, "Message-ID: <") || !linecat(w, num, n) ||
      !stralloc_append(&w->line, '.') || !stralloc_cats(&w->line, w->rnd) ||
      !stralloc_cats(&w->line, ".qmail@") || !linecat(w, nz(in->host), str_len(nz(in->host))) ||
      !stralloc_append(&w->line, '>'))
    return -1;
  if (fold(w, w->line.s, w->line.len, DSN_FOLD) == -1) return -1;
  if (puts_(w, "MIME-Version: 1.0\nContent-Type: multipart/report; report-type=delivery-status;\n"
               " boundary=\"") == -1 || puts_(w, w->boundary) == -1 ||
      puts_(w, "\"\nAuto-Submitted: auto-replied\n\n"
               "This is a delivery status notification in MIME format.\n") == -1)
    return -1;
  return 0;
}

/* part: the delimiter line and the headers of the next part. */
static int part(struct writer *w, const char *type, const char *what)
{
  if (puts_(w, "\n--") == -1 || puts_(w, w->boundary) == -1 || puts_(w, "\nContent-Type: ") == -1 ||
      puts_(w, type) == -1 || puts_(w, "\nContent-Description: ") == -1 || puts_(w, what) == -1 ||
      puts_(w, "\n\n") == -1)
    return -1;
  return 0;
}

/* text_para: the recipient paragraph of QSBMF: "<addr>:" and the text,
 * one line per line of text, blank lines left out, then an empty line. */
static int text_para(struct writer *w, const struct dsn_rcpt *r)
{
  size_t tlen = r->textlen > DSN_TEXT_MAX ? DSN_TEXT_MAX : r->textlen;
  const char *t = r->text;
  w->line.len = 0;
  if (!stralloc_append(&w->line, '<') ||
      !linecat(w, r->addr, r->addrlen > DSN_ADDR_MAX ? DSN_ADDR_MAX : r->addrlen) ||
      !stralloc_cats(&w->line, ">:"))
    return -1;
  if (fold(w, w->line.s, w->line.len, DSN_LINE_MAX) == -1) return -1;
  while (tlen) {
    size_t n = byte_chr(t, tlen, '\n'), i;
    w->line.len = 0;
    if (!linecat(w, t, n)) return -1;
    for (i = 0; i < w->line.len && w->line.s[i] == ' '; ++i) {}
    if (i < w->line.len && fold(w, w->line.s, w->line.len, DSN_LINE_MAX) == -1) return -1;
    if (n < tlen) ++n;
    t += n; tlen -= n;
  }
  return puts_(w, "\n");
}

static int human_part(struct writer *w, const struct dsn_rcpt *r, size_t n)
{
  if (part(w, "text/plain; charset=us-ascii", "Notification") == -1) return -1;
  w->line.len = 0;
  if (!stralloc_cats(&w->line, "Hi. This is the qmail-send program at ") ||
      !linecat(w, nz(w->info->host), str_len(nz(w->info->host))) ||
      !stralloc_append(&w->line, '.'))
    return -1;
  if (fold(w, w->line.s, w->line.len, DSN_LINE_MAX) == -1) return -1;
  if (puts_(w, w->info->doublebounce
                 ? "I wasn't able to deliver a bounce message to the following addresses:\n"
                   "the bounce bounced. This is a permanent error; I've given up.\n\n"
                 : "I'm afraid I wasn't able to deliver your message to the following addresses.\n"
                   "This is a permanent error; I've given up. Sorry it didn't work out.\n\n") == -1)
    return -1;
  for (size_t i = 0; i < n; ++i)
    if (text_para(w, r + i) == -1) return -1;
  return puts_(w, "--- Below this line is a copy of the message.\n\n");
}

static int rcpt_fields(struct writer *w, const struct dsn_rcpt *r)
{
  size_t tlen = r->textlen > DSN_TEXT_MAX ? DSN_TEXT_MAX : r->textlen, at;
  const char *st = status_ok(r->status, str_len(r->status)) ? r->status : "5.0.0";
  if (puts_(w, "\n") == -1 ||
      header(w, "Final-Recipient", "rfc822; ", 8, r->addr,
             r->addrlen > DSN_ADDR_MAX ? DSN_ADDR_MAX : r->addrlen) == -1 ||
      puts_(w, "Action: failed\n") == -1 || header_s(w, "Status", st) == -1)
    return -1;
  while (tlen && (isblank_(r->text[tlen - 1]) || r->text[tlen - 1] == '\n')) --tlen;
  if (tlen) {
    at = smtp_reply(r->text, tlen);
    if (at < tlen) {
      if (header(w, "Diagnostic-Code", "smtp; ", 6, r->text + at, tlen - at) == -1) return -1;
    } else if (header(w, "Diagnostic-Code", "x-unix; ", 8, r->text, tlen) == -1) {
      return -1;
    }
  }
  return date_header(w, "Last-Attempt-Date", w->info->now);
}

static int status_part(struct writer *w, const struct dsn_rcpt *r, size_t n)
{
  char d[DATE822_FMT];
  size_t dl;
  if (part(w, "message/delivery-status", "Delivery report") == -1 ||
      header(w, "Reporting-MTA", "dns; ", 5, nz(w->info->host), str_len(nz(w->info->host))) == -1)
    return -1;
  dl = date822_fmt(d, sizeof d, w->info->arrival, 0);  /* optional: left out if absurd */
  if (dl && header(w, "Arrival-Date", d, dl, "", 0) == -1) return -1;
  for (size_t i = 0; i < n; ++i)
    if (rcpt_fields(w, r + i) == -1) return -1;
  return 0;
}

/* whole_fits: 1 when the rest of origfd is within maxbytes (or unknown:
 * only a regular file has a size to compare). */
static int whole_fits(int fd, unsigned long maxbytes)
{
  struct stat st;
  off_t pos;
  if (!maxbytes || fstat(fd, &st) == -1 || !S_ISREG(st.st_mode)) return 1;
  pos = lseek(fd, 0, SEEK_CUR);
  if (pos < 0 || pos > st.st_size) pos = 0;
  return (uintmax_t)(st.st_size - pos) <= (uintmax_t)maxbytes;
}

/* copy: the original from origfd in DSN_CHUNK pieces: everything, or
 * (headers_only) the lines before the first empty one, at most
 * DSN_HEADERS_MAX bytes, ended by a newline. */
static int copy(struct writer *w, int fd, int headers_only)
{
  char chunk[DSN_CHUNK];
  size_t total = 0;
  int atline = 1;
  for (;;) {
    ssize_t got = read(fd, chunk, sizeof chunk);
    size_t n, i;
    if (got == -1 && errno == EINTR) continue;
    if (got == -1) return -1;
    if (!got) break;
    n = (size_t)got;
    if (headers_only) {
      int before = atline, end = 0;
      for (i = 0; i < n && !end; ++i) {
        if (atline && chunk[i] == '\n') end = 1;
        else atline = chunk[i] == '\n';
      }
      if (end) --i;  /* the empty line itself is not copied */
      if (i >= DSN_HEADERS_MAX - total) {
        i = DSN_HEADERS_MAX - total;
        atline = i ? chunk[i - 1] == '\n' : before;
        end = 1;
      }
      if (put(w, chunk, i) == -1) return -1;
      total += i;
      if (end) break;
      continue;
    }
    if (put(w, chunk, n) == -1) return -1;
  }
  if (headers_only && !atline && puts_(w, "\n") == -1) return -1;
  return 0;
}

static int original_part(struct writer *w, int fd)
{
  int whole = whole_fits(fd, w->info->maxbytes);
  if (part(w, whole ? "message/rfc822" : "text/rfc822-headers",
           whole ? "Undelivered message" : "Header of the undelivered message") == -1)
    return -1;
  w->line.len = 0;
  if (!stralloc_cats(&w->line, "Return-Path: <") ||
      !linecat(w, nz(w->info->sender), str_len(nz(w->info->sender))) ||
      !stralloc_append(&w->line, '>'))
    return -1;
  if (fold(w, w->line.s, w->line.len, DSN_FOLD) == -1) return -1;
  return copy(w, fd, !whole);
}

int dsn_write(buf *out, const struct dsn_info *info, const struct dsn_rcpt *r, size_t n, int origfd)
{
  struct writer w;
  int rc = -1;
  byte_zero(&w, sizeof w);
  w.b = out;
  w.info = info;
  randomize(&w);
  make_boundary(&w);
  if (top_headers(&w) == 0 && human_part(&w, r, n) == 0 && status_part(&w, r, n) == 0 &&
      original_part(&w, origfd) == 0 && puts_(&w, "\n--") == 0 && puts_(&w, w.boundary) == 0 &&
      puts_(&w, "--\n") == 0)
    rc = 0;
  stralloc_free(&w.line);
  return rc;
}
