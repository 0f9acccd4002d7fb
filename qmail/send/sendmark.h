/* sendmark.h — recording delivery results in the queue: the 'D' that
 * replaces a recipient's 'T' in its channel file, and the failure records
 * appended to bounce/N.
 *
 * Marks are batched: sendmark_done writes the 'D' at once (pwrite) and
 * keeps the file open; sendmark_flush fsyncs each file of the batch once,
 * so that several results for one file in one round of qmail-send's loop
 * cost one fsync. A batch holds at most SENDMARK_BATCH files; the next one
 * flushes it first. A bounce record is on disk (file fsynced, and bounce/
 * fsynced when the file is new) before sendmark_bounce returns, because
 * the 'D' that follows it must never be durable without it.
 *
 * Return convention: sendmark_done and sendmark_bounce return 0, or -1
 * with errno. sendmark_flush reports each file whose fsync failed through
 * the batch's fail callback. */
#ifndef SENDMARK_H
#define SENDMARK_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#define SENDMARK_BATCH 64

struct sendmark_file {
  uint32_t id;    /* the message's id, and its channel: the file's name */
  int chan;
  int fd;
};

/* called by sendmark_flush for a file whose marks may not be on disk */
typedef void (*sendmark_fail)(void *ctx, uint32_t id, int chan, int err);

struct sendmark {
  struct sendmark_file f[SENDMARK_BATCH];
  size_t n;
  sendmark_fail fail;
  void *ctx;
};

/* init: an empty batch reporting to fail(ctx, ...). */
void sendmark_init(struct sendmark *, sendmark_fail fail, void *ctx);
/* done: write 'D' at offset at of path, the channel file (id, chan). On
 * -1 nothing is left pending for this mark. */
int sendmark_done(struct sendmark *, uint32_t id, int chan, const char *path, off_t at)
    __attribute__((warn_unused_result));
/* flush: fsync and close every file of the batch. */
void sendmark_flush(struct sendmark *);
/* pending: the number of files waiting for their fsync. */
size_t sendmark_pending(const struct sendmark *);

/* what a delivery's result means for its recipient */
enum sendmark_verdict {
  SENDMARK_DONE,      /* K: delivered; mark it D */
  SENDMARK_FAIL,      /* D: failed for good; bounce record, then D */
  SENDMARK_EXPIRE,    /* Z past queuelifetime: as FAIL, with status 4.4.7 */
  SENDMARK_DEFER      /* Z (or anything else): keep the T, try again later */
};

/* verdict: the meaning of result letter r at now for a message born at
 * birth that may stay lifetime seconds in the queue. */
enum sendmark_verdict sendmark_verdict(char r, int64_t now, int64_t birth, unsigned long lifetime);

/* retry: after a deferral at now, the time of the next attempt on
 * channel chan (0 local, 1 remote) of a message born at birth
 * (retry_next), saved as the mtime of path; 0 with *due, or -1 with
 * errno when the time could not be saved (*due is still set). */
int sendmark_retry(const char *path, int64_t birth, int64_t now, int chan, int64_t *due)
    __attribute__((warn_unused_result));

/* bounce: append rec[0..len) (dsn_record's records) to path, creating it
 * (mode 0600), and make it durable. */
int sendmark_bounce(const char *path, const char *rec, size_t len)
    __attribute__((warn_unused_result));

#endif
