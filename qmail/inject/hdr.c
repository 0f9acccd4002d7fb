/* hdr.c — gathering header fields and applying qmail-header(5)'s rules. */
#include "hdr.h"

#include <errno.h>
#include <string.h>

#include "byte.h"
#include "case.h"
#include "str.h"

/* what a field is to the rules */
#define F_ADDR 1u      /* an address list: rewritten */
#define F_RCPT 2u      /* recipients of a message that is not resent */
#define F_RRCPT 4u     /* recipients of a resent message */
#define F_DROP 8u      /* removed from the output */
#define F_RESENT 16u   /* makes the message resent */
#define F_TOCC 32u     /* To or Cc */
#define F_RTOCC 64u    /* Resent-To or Resent-Cc */

enum hdr_id { ID_OTHER, ID_RETURNPATH, ID_FROM, ID_DATE, ID_MSGID, ID_RFROM, ID_RDATE,
              ID_RMSGID, ID_MFT, ID_N };

static const struct hdr_kind {
  const char *name;
  unsigned flags;
  enum hdr_id id;
} hdr_kinds[] = {
  { "return-path", F_DROP, ID_RETURNPATH },
  { "content-length", F_DROP, ID_OTHER },
  { "from", F_ADDR, ID_FROM },
  { "sender", F_ADDR, ID_OTHER },
  { "reply-to", F_ADDR, ID_OTHER },
  { "return-receipt-to", F_ADDR, ID_OTHER },
  { "errors-to", F_ADDR, ID_OTHER },
  { "to", F_ADDR | F_RCPT | F_TOCC, ID_OTHER },
  { "cc", F_ADDR | F_RCPT | F_TOCC, ID_OTHER },
  { "bcc", F_ADDR | F_RCPT | F_DROP, ID_OTHER },
  { "apparently-to", F_ADDR | F_RCPT, ID_OTHER },
  { "date", 0, ID_DATE },
  { "message-id", 0, ID_MSGID },
  { "mail-followup-to", 0, ID_MFT },
  { "resent-sender", F_ADDR | F_RESENT, ID_OTHER },
  { "resent-from", F_ADDR | F_RESENT, ID_RFROM },
  { "resent-reply-to", F_ADDR | F_RESENT, ID_OTHER },
  { "resent-to", F_ADDR | F_RRCPT | F_RESENT | F_RTOCC, ID_OTHER },
  { "resent-cc", F_ADDR | F_RRCPT | F_RESENT | F_RTOCC, ID_OTHER },
  { "resent-bcc", F_ADDR | F_RRCPT | F_RESENT | F_DROP, ID_OTHER },
  { "resent-date", F_RESENT, ID_RDATE },
  { "resent-message-id", F_RESENT, ID_RMSGID },
};
static const struct hdr_kind hdr_other = { "", 0, ID_OTHER };

/* what hdr_finish learns in its first pass */
struct hdr_scan {
  size_t seen[ID_N];
  int resent, tocc, rtocc;
};

int hdr_line(struct hdr *h, const char *line, size_t len)
{
  struct hdr_field fd;
  size_t n = len, k, name, total;
  if (n && line[n - 1] == '\n') --n;
  if (n && line[n - 1] == '\r') --n;
  if (!n) return HDR_END;
  if (__builtin_add_overflow(h->raw.len, n + 1, &total) || total > HDR_MAX) {
    errno = EMSGSIZE;
    return -1;
  }
  if (line[0] == ' ' || line[0] == '\t') {
    if (!h->f.len) return HDR_BODY;
    if (!stralloc_catb(&h->raw, line, n) || !stralloc_append(&h->raw, '\n')) return -1;
    h->f.items[h->f.len - 1].len += n + 1;
    return HDR_MORE;
  }
  for (k = 0; k < n && line[k] != ':' && (unsigned char)line[k] > 32 && (unsigned char)line[k] < 127; ++k);
  name = k;
  while (k < n && (line[k] == ' ' || line[k] == '\t')) ++k;
  if (!name || k >= n || line[k] != ':') return HDR_BODY;
  if (h->f.len >= HDR_FIELDS_MAX) { errno = EMSGSIZE; return -1; }
  fd.pos = h->raw.len;
  fd.len = n + 1;
  fd.colon = k;
  if (!hdr_fields_readyplus(&h->f, 1)) return -1;
  if (!stralloc_catb(&h->raw, line, n) || !stralloc_append(&h->raw, '\n')) return -1;
  h->f.items[h->f.len++] = fd;
  return HDR_MORE;
}

const char *hdr_name(const struct hdr *h, size_t i, char *buf, size_t size)
{
  size_t n = 0;
  if (!size) return buf;
  if (i < h->f.len) {
    const char *s = h->raw.s + h->f.items[i].pos;
    while (n < h->f.items[i].colon && n + 1 < size && s[n] != ' ' && s[n] != '\t') {
      buf[n] = s[n];
      ++n;
    }
  }
  buf[n] = 0;
  return buf;
}

/* the kind of field i (names longer than any known one are cut, and
 * then match nothing) */
static const struct hdr_kind *hdr_kind(const struct hdr *h, size_t i)
{
  char name[32];
  size_t k;
  hdr_name(h, i, name, sizeof name);
  for (k = 0; k < sizeof hdr_kinds / sizeof hdr_kinds[0]; ++k)
    if (case_equals(name, hdr_kinds[k].name)) return &hdr_kinds[k];
  return &hdr_other;
}

/* the kind of field i once the flags have removed some: NULL for a field
 * that QMAILINJECT f or i deletes */
static const struct hdr_kind *hdr_kindf(const struct hdr *h, size_t i, unsigned flags)
{
  const struct hdr_kind *k = hdr_kind(h, i);
  if (k->id == ID_FROM && (flags & HDR_DELFROM)) return 0;
  if (k->id == ID_MSGID && (flags & HDR_DELMSGID)) return 0;
  return k;
}

static void hdr_scan(const struct hdr *h, unsigned flags, struct hdr_scan *sc)
{
  size_t i;
  memset(sc, 0, sizeof *sc);
  for (i = 0; i < h->f.len; ++i) {
    const struct hdr_kind *k = hdr_kindf(h, i, flags);
    if (!k) continue;
    ++sc->seen[k->id];
    if (k->flags & F_RESENT) sc->resent = 1;
    if (k->flags & F_TOCC) sc->tocc = 1;
    if (k->flags & F_RTOCC) sc->rtocc = 1;
  }
}

/* a personal name as a phrase: as it is when it is atoms and single
 * spaces, else quoted; control characters become spaces */
static int hdr_phrase(stralloc *out, const char *name)
{
  size_t k, n = str_len(name);
  int plain = n > 0 && name[0] != ' ' && name[n - 1] != ' ';
  for (k = 0; k < n && plain; ++k) {
    unsigned char c = (unsigned char)name[k];
    if (c == ' ') plain = name[k + 1] != ' ';
    else plain = c >= 128 || (c > 32 && c < 127 && !strchr("()<>@,;:\\\".[]", c));
  }
  if (plain) return stralloc_cats(out, name);
  if (!stralloc_append(out, '"')) return 0;
  for (k = 0; k < n; ++k) {
    char c = name[k];
    if ((unsigned char)c < 32 || c == 127) c = ' ';
    if ((c == '"' || c == '\\') && !stralloc_append(out, '\\')) return 0;
    if (!stralloc_append(out, c)) return 0;
  }
  return stralloc_append(out, '"');
}

/* a personal name inside a comment: parentheses and backslashes escaped,
 * control characters as spaces */
static int hdr_comment(stralloc *out, const char *name)
{
  size_t k;
  if (!stralloc_cats(out, " (")) return 0;
  for (k = 0; name[k]; ++k) {
    char c = name[k];
    if ((unsigned char)c < 32 || c == 127) c = ' ';
    if ((c == '(' || c == ')' || c == '\\') && !stralloc_append(out, '\\')) return 0;
    if (!stralloc_append(out, c)) return 0;
  }
  return stralloc_append(out, ')');
}

/* the From (or Resent-From) field of the user */
static int hdr_from(stralloc *out, const char *field, const struct hdr_opts *o)
{
  int named = o->name && *o->name;
  int angle = named && !(o->flags & HDR_COMMENTSTYLE);
  if (!stralloc_cats(out, field) || !stralloc_cats(out, ": ")) return 0;
  if (angle && (!hdr_phrase(out, o->name) || !stralloc_cats(out, " <"))) return 0;
  if (!addrlist_quotelocal(out, o->user, str_len(o->user)) || !stralloc_append(out, '@') ||
      !stralloc_cats(out, o->host)) return 0;
  if (angle && !stralloc_append(out, '>')) return 0;
  if (named && !angle && !hdr_comment(out, o->name)) return 0;
  return stralloc_append(out, '\n');
}

static int hdr_put(stralloc *out, const char *field, const char *value)
{
  return stralloc_cats(out, field) && stralloc_cats(out, ": ") && stralloc_cats(out, value) &&
         stralloc_append(out, '\n');
}

/* append the addresses of list[0..len) (NUL-terminated, "" skipped) to
 * out, counting them in *n */
static int hdr_addrs(stralloc *out, size_t *n, const char *list, size_t len)
{
  size_t k = 0;
  while (k < len) {
    size_t l = str_len(list + k);
    if (l) {
      if (!stralloc_catb(out, list + k, l + 1)) return 0;
      ++*n;
    }
    k += l + 1;
  }
  return 1;
}

/* Mail-Followup-To with every To and Cc address, when one is a list */
static int hdr_mft(stralloc *out, const constmap *mft, const stralloc *tocc)
{
  size_t k, l, at;
  int found = 0;
  for (k = 0; k < tocc->len && !found; k += str_len(tocc->s + k) + 1)
    if (constmap_get(mft, tocc->s + k, str_len(tocc->s + k))) found = 1;
  if (!found) return 1;
  if (!stralloc_cats(out, "Mail-Followup-To: ")) return 0;
  for (k = 0; k < tocc->len; k += l + 1) {
    l = str_len(tocc->s + k);
    at = byte_rchr(tocc->s + k, l, '@');
    if (k && !stralloc_cats(out, ",\n  ")) return 0;
    if (!addrlist_quotelocal(out, tocc->s + k, at) || !stralloc_catb(out, tocc->s + k + at, l - at))
      return 0;
  }
  return stralloc_append(out, '\n');
}

/* the fields the rules add */
static int hdr_added(stralloc *out, const struct hdr_scan *sc, const struct hdr_opts *o,
                     const stralloc *tocc)
{
  const char *r = sc->resent ? "Resent-" : "";
  stralloc name = STRALLOC_ZERO;
  int ok = 1;
  if (!sc->seen[sc->resent ? ID_RFROM : ID_FROM])
    ok = stralloc_copys(&name, r) && stralloc_cats(&name, "From") && stralloc_0(&name) &&
         hdr_from(out, name.s, o);
  if (ok && !sc->seen[sc->resent ? ID_RDATE : ID_DATE])
    ok = stralloc_copys(&name, r) && stralloc_cats(&name, "Date") && stralloc_0(&name) &&
         hdr_put(out, name.s, o->date);
  if (ok && !sc->seen[sc->resent ? ID_RMSGID : ID_MSGID])
    ok = stralloc_copys(&name, r) && stralloc_cats(&name, "Message-ID") && stralloc_0(&name) &&
         hdr_put(out, name.s, o->msgid);
  if (ok && !(sc->resent ? sc->rtocc : sc->tocc))
    ok = stralloc_copys(&name, r) && stralloc_cats(&name, "Cc") && stralloc_0(&name) &&
         hdr_put(out, name.s, "recipient list not shown: ;");
  if (ok && o->mft && !sc->resent && !sc->seen[ID_MFT]) ok = hdr_mft(out, o->mft, tocc);
  stralloc_free(&name);
  return ok;
}

/* one address field: rewritten into body (unless dropped), its recipients
 * taken; 0 with out->err on a parse failure */
static int hdr_addrfield(const struct hdr *h, size_t i, const struct hdr_kind *k,
                         const struct hdr_opts *o, const struct hdr_scan *sc,
                         struct addrlist *al, stralloc *body, stralloc *tocc,
                         struct hdr_out *out)
{
  const struct hdr_field *fd = &h->f.items[i];
  const char *s = h->raw.s + fd->pos;
  size_t n = 0;
  if (!addrlist_parse(al, s + fd->colon + 1, fd->len - fd->colon - 2, o->hosts)) {
    out->err = al->err;
    out->errfield = i;
    return 0;
  }
  if (k->flags & (sc->resent ? F_RRCPT : F_RCPT))
    if (!hdr_addrs(&out->rcpts, &out->nrcpts, al->addrs.s, al->addrs.len)) return 0;
  if ((k->flags & F_TOCC) && !hdr_addrs(tocc, &n, al->addrs.s, al->addrs.len)) return 0;
  if (k->flags & F_DROP) return 1;
  return stralloc_catb(body, s, fd->colon + 1) && stralloc_cat(body, &al->text) &&
         stralloc_append(body, '\n');
}

/* the first address of a Return-Path field as the envelope sender */
static int hdr_returnpath(const struct hdr *h, size_t i, const struct hdr_opts *o,
                          struct addrlist *al, struct hdr_out *out)
{
  const struct hdr_field *fd = &h->f.items[i];
  if (!addrlist_parse(al, h->raw.s + fd->pos + fd->colon + 1, fd->len - fd->colon - 2, o->hosts)) {
    out->err = al->err;
    out->errfield = i;
    return 0;
  }
  if (!al->count) return 1;
  out->returnpath = 1;
  return stralloc_copys(&out->sender, al->addrs.s) && stralloc_0(&out->sender);
}

int hdr_finish(const struct hdr *h, const struct hdr_opts *o, struct hdr_out *out)
{
  struct hdr_scan sc;
  struct addrlist al = ADDRLIST_ZERO;
  stralloc body = STRALLOC_ZERO, tocc = STRALLOC_ZERO;
  size_t i;
  int ok = 1;
  out->text.len = out->rcpts.len = out->sender.len = 0;
  out->nrcpts = 0;
  out->returnpath = 0;
  out->err = ADDRLIST_OK;
  out->errfield = 0;
  hdr_scan(h, o->flags, &sc);
  out->resent = sc.resent;
  for (i = 0; ok && i < h->f.len; ++i) {
    const struct hdr_kind *k = hdr_kindf(h, i, o->flags);
    const struct hdr_field *fd = &h->f.items[i];
    if (!k) continue;
    if (k->id == ID_RETURNPATH) {
      if (!(o->flags & HDR_NORETURNPATH) && !out->returnpath) ok = hdr_returnpath(h, i, o, &al, out);
    } else if (k->flags & F_ADDR) {
      ok = hdr_addrfield(h, i, k, o, &sc, &al, &body, &tocc, out);
    } else if (!(k->flags & F_DROP)) {
      ok = stralloc_catb(&body, h->raw.s + fd->pos, fd->len);
    }
  }
  if (ok) ok = hdr_added(&out->text, &sc, o, &tocc) && stralloc_cat(&out->text, &body);
  addrlist_free(&al);
  stralloc_free(&body);
  stralloc_free(&tocc);
  return ok;
}

void hdr_free(struct hdr *h, struct hdr_out *out)
{
  if (h) {
    stralloc_free(&h->raw);
    hdr_fields_free(&h->f);
  }
  if (out) {
    stralloc_free(&out->text);
    stralloc_free(&out->rcpts);
    stralloc_free(&out->sender);
  }
}
