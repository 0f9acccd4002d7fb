/* sendproto.h — the NUL-terminated fields that arrive on qmail-send's pipes
 * (from todo-proc and the spawners), split incrementally.
 *
 * Bytes are put in as they are read, in pieces of any size; complete
 * fields come out in order. A field longer than the reader's max keeps
 * its first max bytes and the rest, up to its NUL, is dropped, so a peer
 * cannot make the buffer grow without limit: at most the complete fields
 * of one put plus max bytes are ever held. The module does no I/O.
 *
 * Return convention: sendproto_put returns 1, or 0 with errno (ENOMEM,
 * EOVERFLOW); sendproto_field returns 1 with a field, 0 when no complete
 * field is waiting. */
#ifndef SENDPROTO_H
#define SENDPROTO_H

#include <stddef.h>

#include "stralloc.h"

struct sendproto {
  stralloc in;        /* complete fields in[pos..start), then the partial one */
  size_t pos;         /* the first byte not handed out */
  size_t start;       /* where the partial field begins */
  size_t max;         /* the longest field kept */
  int skipping;       /* the partial field reached max: dropping to its NUL */
};

/* init: an empty reader keeping fields of at most max bytes (max >= 1). */
void sendproto_init(struct sendproto *, size_t max);
/* put: n more bytes. Fields handed out before are invalid afterwards. */
int sendproto_put(struct sendproto *, const char *data, size_t n)
    __attribute__((warn_unused_result));
/* field: the next complete field, without its NUL: *s points into the
 * reader (valid until the next put), *len its length. */
int sendproto_field(struct sendproto *, const char **s, size_t *len);
/* partial: 1 when bytes of an unfinished field are waiting (a peer that
 * stopped in the middle of a field). */
int sendproto_partial(const struct sendproto *);
/* free: release the buffer. */
void sendproto_free(struct sendproto *);

#endif
