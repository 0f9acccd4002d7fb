/* sendjob.c — a message's turn on a channel: recipients out, results marked (sendjob.h). */
#include "sendjob.h"

#include <errno.h>
#include <unistd.h>

#include "dsn.h"
#include "qpath.h"
#include "strerr.h"

#define SENDJOB_EXPIRED \
  "I'm not going to try again; this message has been in the queue too long."

static const enum qpath_dir sendjob_dir[2] = { QPATH_LOCAL, QPATH_REMOTE };

/* j->fn = the path of message num's file in d; NULL with errno */
static const char *sendjob_path(struct sendjob *j, enum qpath_dir d, unsigned long num)
{
  return qpath_file(&j->fn, d, num, j->split) ? j->fn.s : 0;
}

/* sendmark's report of a file whose fsync failed */
static void sendjob_markfail(void *ctx, uint32_t id, int c, int err)
{
  struct sendjob *j = ctx;
  struct msgtab_msg *m = msgtab_get(j->t, id);
  const char *path;
  if (!m->used) return;
  path = sendjob_path(j, sendjob_dir[c], m->num);
  sendlog_say(j->log, "warning: trouble marking ", path ? path : "a channel file", ": ",
              error_str(err), (const char *)0);
  ++m->ch[c].trouble;
}

void sendjob_init(struct sendjob *j, struct msgtab *t, struct sendend *end, struct sendlog *log,
                  unsigned long split)
{
  j->t = t;
  j->end = end;
  j->log = log;
  j->split = split;
  for (int c = 0; c < 2; ++c) {
    sendpass_init(&j->pass[c]);
    j->passid[c] = MSGTAB_NONE;
  }
  sendmark_init(&j->marks, sendjob_markfail, j);
}

/* the pass of (id, c) is over and every delivery has reported: reschedule
 * the file, or remove it when no recipient is left */
static int sendjob_end(struct sendjob *j, uint32_t id, int c, time_t now)
{
  struct msgtab_msg *m = msgtab_get(j->t, id);
  struct msgtab_chan *mc = &m->ch[c];
  int64_t due = (int64_t)now + SENDEND_RETRY;
  if (!mc->injob || mc->inpass || mc->running) return 0;
  mc->injob = 0;
  if (mc->hasfile) {
    const char *path = sendjob_path(j, sendjob_dir[c], m->num);
    if (!path) return -1;
    if (mc->deferred) {
      if (sendmark_retry(path, m->birth, now, c, &due) == -1)
        sendlog_say(j->log, "warning: unable to save the retry time of ", path, ": ",
                    error_str(errno), (const char *)0);
    } else if (mc->trouble) {}
    else if (unlink(path) == 0 || errno == ENOENT) mc->hasfile = 0;
    else sendlog_say(j->log, "warning: unable to remove ", path, ": ", error_str(errno), (const char *)0);
    if (mc->hasfile && !sendsched_push(&j->heap[c], id, due, m->birth)) return -1;
  }
  mc->deferred = mc->trouble = 0;
  return sendend_finish(j->end, id, now);
}

/* start the pass of the first message due on channel c: 1 when one was
 * due (its pass may have ended at once), 0 when none is, -1 errno */
static int sendjob_begin(struct sendjob *j, int c, time_t now)
{
  struct sendsched_entry e;
  struct msgtab_msg *m;
  if (!sendsched_top(&j->heap[c], &e) || e.due > now) return 0;
  sendsched_pop(&j->heap[c]);
  m = msgtab_get(j->t, e.id);
  m->ch[c].injob = 1;
  if (!sendjob_path(j, sendjob_dir[c], m->num)) return -1;
  if (sendpass_open(&j->pass[c], j->fn.s) == -1) {
    if (errno == ENOENT) m->ch[c].hasfile = 0;
    else {
      sendlog_say(j->log, "warning: unable to open ", j->fn.s, ": ", error_str(errno), (const char *)0);
      ++m->ch[c].trouble;
    }
  } else if (!sendjob_path(j, QPATH_INFO, m->num)) {
    return -1;
  } else if (sendpass_sender(j->fn.s, &j->sender[c]) == -1) {
    sendlog_say(j->log, "warning: unable to read ", j->fn.s, ": ", error_str(errno), (const char *)0);
    sendpass_close(&j->pass[c]);
    ++m->ch[c].trouble;
  } else {
    m->ch[c].inpass = 1;
    j->passid[c] = e.id;
    return 1;
  }
  return sendjob_end(j, e.id, c, now) == -1 ? -1 : 1;
}

/* the file of channel c's pass is read to its end */
static int sendjob_close(struct sendjob *j, int c, time_t now)
{
  uint32_t id = j->passid[c];
  sendpass_close(&j->pass[c]);
  j->passid[c] = MSGTAB_NONE;
  msgtab_get(j->t, id)->ch[c].inpass = 0;
  return sendjob_end(j, id, c, now);
}

/* mark the record at offset at of (id, c)'s file done */
static int sendjob_mark(struct sendjob *j, uint32_t id, int c, off_t at)
{
  const char *path = sendjob_path(j, sendjob_dir[c], msgtab_get(j->t, id)->num);
  if (!path) return -1;
  if (sendmark_done(&j->marks, id, c, path, at) == 0) return 0;
  sendlog_say(j->log, "warning: trouble marking ", path, ": ", error_str(errno), (const char *)0);
  ++msgtab_get(j->t, id)->ch[c].trouble;
  return 0;
}

int sendjob_next(struct sendjob *j, int c, time_t now, struct sendjob_rcpt *out)
{
  for (;;) {
    uint32_t id = j->passid[c];
    int r;
    if (id == MSGTAB_NONE) {
      r = sendjob_begin(j, c, now);
      if (r <= 0) return r;
      continue;
    }
    r = sendpass_next(&j->pass[c], &out->addr, &out->len, &out->at);
    if (r == SENDPASS_RCPT) {
      struct msgtab_msg *m = msgtab_get(j->t, id);
      out->id = id;
      out->num = m->num;
      out->sender = j->sender[c].s;
      ++m->ch[c].running;
      return 1;
    }
    if (!sendjob_path(j, sendjob_dir[c], msgtab_get(j->t, id)->num)) return -1;
    if (r == SENDPASS_LONG) {
      sendlog_say(j->log, "alert: discarding an over-long recipient in ", j->fn.s, (const char *)0);
      if (sendjob_mark(j, id, c, out->at) == -1) return -1;
      continue;
    }
    if (r == -1) {
      sendlog_say(j->log, "warning: trouble reading ", j->fn.s, ": ", error_str(errno), (const char *)0);
      ++msgtab_get(j->t, id)->ch[c].trouble;
    }
    if (sendjob_close(j, c, now) == -1) return -1;
  }
}

/* a permanent failure of slot sl's recipient: record it in bounce/N, then
 * mark it done */
static int sendjob_failed(struct sendjob *j, int c, const struct sendchan_slot *sl,
                          const char *status, const char *text, size_t len)
{
  struct msgtab_msg *m = msgtab_get(j->t, sl->id);
  j->rec.len = 0;
  if (!dsn_record(&j->rec, sl->rcpt.s, sl->rcpt.len, status, text, len)) {
    if (errno == ENOMEM) return -1;
    /* an address too long for a bounce record: recorded without it */
    if (!dsn_record(&j->rec, "", 0, status, text, len)) return -1;
  }
  if (!sendjob_path(j, QPATH_BOUNCE, m->num)) return -1;
  if (sendmark_bounce(j->fn.s, j->rec.s, j->rec.len) == -1) {
    sendlog_say(j->log, "alert: unable to append to ", j->fn.s, ": ", error_str(errno),
                "; will try again later", (const char *)0);
    ++m->ch[c].trouble;
    return 0;
  }
  m->hasbounce = 1;
  return sendjob_mark(j, sl->id, c, sl->at);
}

/* remember (id, c) for sendjob_flush */
static int sendjob_check(struct sendjob *j, uint32_t id, int c)
{
  struct sendjob_check k;
  k.id = id;
  k.chan = c;
  return sendjob_checklist_append(&j->checks, k) ? 0 : -1;
}

int sendjob_result(struct sendjob *j, int c, const struct sendchan_slot *sl, char letter,
                   const char *text, size_t len, time_t now, unsigned long lifetime)
{
  char status[DSN_STATUS_MAX + 1];
  int r = 0;
  switch (sendmark_verdict(letter, now, msgtab_get(j->t, sl->id)->birth, lifetime)) {
  case SENDMARK_DONE:
    r = sendjob_mark(j, sl->id, c, sl->at);
    break;
  case SENDMARK_FAIL:
    if (!dsn_status(text, len, 1, status)) return -1;
    r = sendjob_failed(j, c, sl, status, text, len);
    break;
  case SENDMARK_EXPIRE:
    r = sendjob_failed(j, c, sl, "4.4.7", SENDJOB_EXPIRED, sizeof SENDJOB_EXPIRED - 1);
    break;
  default:
    ++msgtab_get(j->t, sl->id)->ch[c].deferred;
  }
  if (r == -1) return -1;
  --msgtab_get(j->t, sl->id)->ch[c].running;
  return sendjob_check(j, sl->id, c);
}

void sendjob_lost(struct sendjob *j, int c, uint32_t id)
{
  --msgtab_get(j->t, id)->ch[c].running;
}

int sendjob_flush(struct sendjob *j, time_t now)
{
  sendmark_flush(&j->marks);
  for (size_t i = 0; i < j->checks.len; ++i) {
    struct sendjob_check k = j->checks.items[i];
    if (msgtab_get(j->t, k.id)->used && sendjob_end(j, k.id, k.chan, now) == -1) return -1;
  }
  j->checks.len = 0;
  return 0;
}

int sendjob_due(const struct sendjob *j, int c, int64_t *due)
{
  struct sendsched_entry e;
  if (j->passid[c] != MSGTAB_NONE || !sendsched_top(&j->heap[c], &e)) return 0;
  *due = e.due;
  return 1;
}

void sendjob_alldue(struct sendjob *j, time_t now)
{
  sendsched_all(&j->heap[0], now);
  sendsched_all(&j->heap[1], now);
}
