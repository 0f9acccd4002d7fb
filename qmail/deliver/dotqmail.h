/* dotqmail.h — the .qmail file: which file controls an address, and what
 * each of its lines asks for (dot-qmail(5)).
 *
 * Pure: no I/O, so that a unit test and a fuzz target drive it directly.
 * qmail-local asks the cascade for the file names to try, in order, opens
 * the first that exists, and reads its delivery instructions with
 * dotqmail_next.
 *
 * Return convention: dotqmail_safeext returns 1, or 0 with errno set
 * (ENOMEM, EOVERFLOW); dotqmail_cascade_next returns 1 (a name), 0 (no
 * more names) or -1 with errno set; dotqmail_next returns 1 (a line) or
 * 0 (the end of the data). */
#ifndef DOTQMAIL_H
#define DOTQMAIL_H

#include <stddef.h>

#include "stralloc.h"

/* the largest .qmail file qmail-local reads */
#define DOTQMAIL_FILE_MAX (1024u * 1024u)
/* "no DEFAULT": the file found is not a -default file */
#define DOTQMAIL_NODEFAULT ((size_t)-1)

#define DOTQMAIL_WUR __attribute__((warn_unused_result))

/* safeext: out = ext[0..len) as it appears in file names: ASCII upper case
 * folded to lower case, and every '.' and '/' turned into ':', so that no
 * extension can name a file outside the home directory. One byte of out
 * for one byte of ext: positions in out are positions in ext. */
int dotqmail_safeext(stralloc *out, const char *ext, size_t len) DOTQMAIL_WUR;

struct dotqmail_cascade {
  const char *dash;      /* "" or "-" (any string) */
  const char *sext;      /* the safe extension (not NUL-terminated) */
  size_t slen;
  size_t next;           /* the prefix length to try next */
  int state;             /* 0: the exact name; 1: -default names; 2: done */
};

/* cascade_init: the names for dash and the safe extension sext[0..slen):
 * first ".qmail" dash sext; then, only when dash is not empty, for every
 * prefix p of sext that is empty or ends in '-', longest first,
 * ".qmail" dash p "default". (For dash "-" and "a-b": .qmail-a-b,
 * .qmail-a-default, .qmail-default.) sext must outlive c. */
void dotqmail_cascade_init(struct dotqmail_cascade *c, const char *dash,
                           const char *sext, size_t slen);

/* cascade_next: the next name into name (NUL-terminated, the NUL not
 * counted in len) and in *defat the position in the extension where the
 * part that "default" stands for begins (the value of DEFAULT is ext +
 * *defat), or DOTQMAIL_NODEFAULT when the name does not end in "default". */
int dotqmail_cascade_next(struct dotqmail_cascade *c, stralloc *name,
                          size_t *defat) DOTQMAIL_WUR;

enum dotqmail_kind {
  DOTQMAIL_BLANK,        /* nothing but white space */
  DOTQMAIL_COMMENT,      /* # ... */
  DOTQMAIL_PROGRAM,      /* |command: arg is the command */
  DOTQMAIL_FORWARD,      /* &address or address: arg is the address */
  DOTQMAIL_MBOX,         /* /path or ./path not ending in '/' */
  DOTQMAIL_MAILDIR,      /* /path/ or ./path/ */
  DOTQMAIL_BAD           /* a line that cannot be followed; arg is why */
};

struct dotqmail_line {
  enum dotqmail_kind kind;
  const char *arg;       /* points into the data, or a static reason */
  size_t len;
  size_t lineno;         /* 1 for the first line */
};

/* next: the line of data[0..len) that starts at *pos, classified, with
 * *pos moved past it; l->lineno counts from the caller's zeroed struct.
 * Trailing spaces, tabs and CRs are not part of a line. A program line's
 * command is everything after the '|'; an '&' line's address everything
 * after the '&'; a line that starts with a letter or a digit is an address
 * as it stands. BAD: a NUL byte in a line that is not a comment, an
 * address that is empty or holds white space, control characters, '<' or
 * '>', or a line that starts with any other character. */
int dotqmail_next(const char *data, size_t len, size_t *pos, struct dotqmail_line *l);

/* kind_name: "program", "forward", "mbox", "maildir", ... for messages. */
const char *dotqmail_kind_name(enum dotqmail_kind k);

#endif
