/* envelope.h — the qmail-queue envelope: records on fd 1, checked one by one.
 *
 * The envelope qmail-queue reads is 'F' sender NUL, then 'T' recipient
 * NUL for each recipient, then one more NUL (qmail-queue(8)). The stream
 * is read record by record (a record is the bytes before a NUL); this
 * module says, for each record, whether it is acceptable where it stands.
 * It does no I/O: qmail-queue feeds it, a unit test and a fuzz target
 * drive it directly.
 *
 * Return convention: envelope_next returns an enum envelope_result; the
 * values other than ENVELOPE_MORE and ENVELOPE_END are qmail-queue exit
 * codes (enum qq_exit), so the caller can exit with them. */
#ifndef ENVELOPE_H
#define ENVELOPE_H

#include <stddef.h>

#include "exitcode.h"

/* the longest address, as qmail's ADDR; a record is one byte longer */
#define ENVELOPE_ADDR_MAX 1003
#define ENVELOPE_RECORD_MAX (ENVELOPE_ADDR_MAX + 1)

enum envelope_state { ENVELOPE_WANT_SENDER, ENVELOPE_WANT_RCPT, ENVELOPE_DONE };

struct envelope {
  enum envelope_state state;
  unsigned long rcpts;   /* recipients accepted so far */
};

enum envelope_result {
  ENVELOPE_MORE = -1,                       /* record accepted; read the next */
  ENVELOPE_END = 0,                         /* the closing empty record */
  ENVELOPE_TOO_LONG = QQ_ADDR_TOO_LONG,     /* an address over ENVELOPE_ADDR_MAX */
  ENVELOPE_BAD = QQ_ENVELOPE                /* anything out of place */
};

/* init: a parser waiting for the sender record. */
void envelope_init(struct envelope *);

/* next: judge record rec[0..len) (without its NUL). An empty record ends
 * the envelope after the sender; the sender record must start with 'F',
 * recipient records with 'T'. After ENVELOPE_END or an error the parser
 * stays where it was and answers ENVELOPE_BAD to anything more. */
enum envelope_result envelope_next(struct envelope *, const char *rec, size_t len);

#endif
