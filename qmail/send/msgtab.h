/* msgtab.h — the messages qmail-send knows: a table of small records
 * named by dense ids, with a hash index from message number to id.
 *
 * qmail-send keeps, per queued message, only what scheduling needs (the
 * number, the birth, and per channel whether a file is left and how the
 * current pass goes), so that a queue of 100,000 messages costs a few
 * megabytes. Ids are reused after msgtab_del; they stay below MSGTAB_MAX
 * so that they fit the heaps of sendsched.h. Lookups by number are O(1) on
 * average (open addressing, load at most one half).
 *
 * Return convention: msgtab_add returns 1, or 0 with errno (EEXIST when
 * the number is there already, EOVERFLOW past MSGTAB_MAX messages,
 * ENOMEM); msgtab_find returns an id or MSGTAB_NONE. */
#ifndef MSGTAB_H
#define MSGTAB_H

#include <stddef.h>
#include <stdint.h>

/* the most messages in one table */
#define MSGTAB_MAX ((size_t)1 << 30)
#define MSGTAB_NONE UINT32_MAX

/* the two channels; the same values as retry.h's RETRY_LOCAL/RETRY_REMOTE */
enum { MSGTAB_LOCAL = 0, MSGTAB_REMOTE = 1 };

/* one channel of one message; the counters describe the current pass
 * (from the moment its file is opened until the last of its deliveries
 * has reported) and are zero otherwise */
struct msgtab_chan {
  uint32_t running;      /* deliveries running now */
  uint32_t deferred;     /* temporary failures in this pass */
  uint32_t trouble;      /* results that could not be recorded */
  unsigned char hasfile; /* local/S/N or remote/S/N exists */
  unsigned char injob;   /* a pass has begun and is not yet concluded */
  unsigned char inpass;  /* its file is being read for deliveries */
};

struct msgtab_msg {
  unsigned long num;     /* the message number (inode of mess/S/N) */
  int64_t birth;         /* mtime of info/S/N */
  struct msgtab_chan ch[2];
  unsigned char used;    /* the id names a message */
  unsigned char hasbounce; /* bounce/N exists */
  unsigned char state;   /* the owner's: where the message's end stands */
  unsigned char renew;   /* todo-proc announced num again while it was being
                            removed: a new message has taken the number */
};

struct msgtab {
  struct msgtab_msg *m;  /* by id; m[id].used says whether id is live */
  size_t n, a;           /* ids handed out so far (live or free), allocated */
  uint32_t *freeids;     /* ids to reuse */
  size_t nfree, afree;
  uint32_t *index;       /* hash slots: id + 1, 0 = empty */
  size_t nindex;         /* a power of two, or 0 */
  size_t count;          /* live messages */
};
#define MSGTAB_ZERO { 0, 0, 0, 0, 0, 0, 0, 0, 0 }

/* add: a new message num, zeroed apart from num and used; *id gets its id.
 * Pointers from msgtab_get are invalid after an add. */
int msgtab_add(struct msgtab *, unsigned long num, uint32_t *id)
    __attribute__((warn_unused_result));
/* find: the id of num, or MSGTAB_NONE. */
uint32_t msgtab_find(const struct msgtab *, unsigned long num);
/* get: the record of a live id (valid until the next add). */
struct msgtab_msg *msgtab_get(struct msgtab *, uint32_t id);
/* del: forget the message with this id (a free or bad id is ignored). */
void msgtab_del(struct msgtab *, uint32_t id);
/* count: live messages. */
size_t msgtab_count(const struct msgtab *);
/* free: release everything and zero the table. */
void msgtab_free(struct msgtab *);

#endif
