/* hdr.h — the header of a message being injected: input lines gathered
 * into fields, and qmail-header(5)'s rules applied to them (the fields
 * added, removed and rewritten, the recipients found). Pure: no I/O.
 *
 * Return convention: hdr_line returns an enum hdr_line_result, or -1 with
 * errno set (EMSGSIZE past HDR_MAX bytes or HDR_FIELDS_MAX fields, ENOMEM,
 * EOVERFLOW). hdr_finish returns 1, or 0 with errno set: EINVAL or
 * EMSGSIZE when a field cannot be parsed (out->err and out->errfield say
 * which and why), ENOMEM, EOVERFLOW.
 *
 * Lines: a line that starts with a space or a tab continues the field
 * before it; an empty line ends the header; a line "name: value" starts a
 * field when the name is not empty and is printable ASCII without a colon
 * (white space between the name and the colon is tolerated); any other
 * line (or a continuation before the first field) is not a header line:
 * the header ends there and that line is the first of the body. A CR
 * before the LF of a header line is dropped; every field is kept with LF
 * line ends.
 *
 * Rules (hdr_finish), names compared without regard to case:
 *   - Return-Path and Content-Length fields are removed; the first address
 *     of the first Return-Path is reported (unless HDR_NORETURNPATH);
 *   - address fields are rewritten (addrlist.h): the sender fields Sender,
 *     From, Reply-To, Return-Receipt-To, Errors-To, Resent-Sender,
 *     Resent-From, Resent-Reply-To and the recipient fields To, Cc, Bcc,
 *     Apparently-To, Resent-To, Resent-Cc, Resent-Bcc;
 *   - a message with any Resent- field (Sender, From, Reply-To, To, Cc, Bcc,
 *     Date, Message-ID) is resent: its recipients are those of Resent-To,
 *     Resent-Cc and Resent-Bcc, and Resent-From, Resent-Date and
 *     Resent-Message-ID are added when missing (and Resent-Cc:
 *     "recipient list not shown: ;" when there is neither Resent-To nor
 *     Resent-Cc); otherwise the recipients are those of To, Cc, Bcc and
 *     Apparently-To, and From, Date and Message-ID are added when missing
 *     (and Cc: "recipient list not shown: ;" when there is neither To nor
 *     Cc);
 *   - Bcc and Resent-Bcc fields are removed after their addresses are
 *     taken;
 *   - HDR_DELFROM removes incoming From fields and HDR_DELMSGID incoming
 *     Message-ID fields, so that new ones are added;
 *   - with a mailing-list set (mft), a message that is not resent, has no
 *     Mail-Followup-To and has one of the lists among its To and Cc
 *     addresses gets a Mail-Followup-To with all its To and Cc addresses.
 * The fields added come first, in the order From, Date, Message-ID, Cc,
 * Mail-Followup-To (or their Resent- forms); the input's fields follow in
 * their order. */
#ifndef HDR_H
#define HDR_H

#include <stddef.h>

#include "addrlist.h"
#include "constmap.h"
#include "genalloc.h"
#include "stralloc.h"

/* the most header bytes kept, and the most fields */
#define HDR_MAX (4u << 20)
#define HDR_FIELDS_MAX 65536u

#define HDR_WUR __attribute__((warn_unused_result))

/* a field: its bytes in raw (pos, len, the final LF included) and the
 * offset of its colon from pos */
struct hdr_field { size_t pos; size_t len; size_t colon; };
GENALLOC_DECLARE(hdr_fields, struct hdr_field)

struct hdr {
  stralloc raw;              /* the fields one after another, LF line ends */
  hdr_fields f;
};
#define HDR_ZERO { STRALLOC_ZERO, GENALLOC_ZERO }

enum hdr_line_result {
  HDR_MORE,    /* a header line: give the next one */
  HDR_END,     /* the empty line that ends the header */
  HDR_BODY     /* not a header line: the header ended before it, and the
                  line is the first of the body */
};

/* flags of hdr_opts */
#define HDR_DELFROM 1u         /* QMAILINJECT f */
#define HDR_DELMSGID 2u        /* QMAILINJECT i */
#define HDR_NORETURNPATH 4u    /* QMAILINJECT s */
#define HDR_COMMENTSTYLE 8u    /* QMAILINJECT c: From: addr (name) */

struct hdr_opts {
  const struct addrlist_hosts *hosts;
  unsigned flags;
  const char *user;          /* the From field added: its local part, */
  const char *host;          /* its host (canonical), */
  const char *name;          /* and the personal name (NULL or "": none) */
  const char *date;          /* the value of an added Date or Resent-Date */
  const char *msgid;         /* the value of an added Message-ID ("<...>") */
  const constmap *mft;       /* mailing lists (Mail-Followup-To), or NULL */
};

struct hdr_out {
  stralloc text;             /* the new header: fields ending in LF, without
                                the empty line after them */
  stralloc rcpts;            /* the header recipients, each ending in NUL */
  size_t nrcpts;
  int resent;                /* 1 when the message is resent */
  int returnpath;            /* 1 when a Return-Path gave an address: */
  stralloc sender;           /* its envelope form ("" for "<>"), a C string */
  enum addrlist_err err;     /* after a failure: why, */
  size_t errfield;           /* and the index of the field */
};
#define HDR_OUT_ZERO { STRALLOC_ZERO, STRALLOC_ZERO, 0, 0, 0, STRALLOC_ZERO, ADDRLIST_OK, 0 }

/* line: take the next input line line[0..len), with its LF if it has one. */
int hdr_line(struct hdr *h, const char *line, size_t len) HDR_WUR;

/* name: the name of field i as a C string in buf (cut to size bytes). */
const char *hdr_name(const struct hdr *h, size_t i, char *buf, size_t size);

/* finish: apply the rules to the fields gathered in h and write the
 * result to out (every member replaced; out zeroed or used before). */
int hdr_finish(const struct hdr *h, const struct hdr_opts *o, struct hdr_out *out) HDR_WUR;

/* free: release h's and out's storage (either may be NULL). */
void hdr_free(struct hdr *h, struct hdr_out *out);

#endif
