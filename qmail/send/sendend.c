/* sendend.c — a message's bounce, its last log line and its removal (sendend.h). */
#include "sendend.h"

#include <errno.h>
#include <unistd.h>

#include "fmt.h"
#include "fsync.h"
#include "qpath.h"
#include "strerr.h"

void sendend_init(struct sendend *e, struct msgtab *t, struct sendlog *log, int cleanfd,
                  unsigned long split)
{
  e->t = t;
  e->log = log;
  e->split = split;
  sendclean_init(&e->clean, cleanfd);
}

/* put id on the later heap in state, due SENDEND_RETRY seconds from now */
static int sendend_later(struct sendend *e, uint32_t id, int state, time_t now)
{
  msgtab_get(e->t, id)->state = (unsigned char)state;
  return sendsched_push(&e->later, id, (int64_t)now + SENDEND_RETRY, 0) ? 0 : -1;
}

/* ask qmail-clean to remove message num (id: MSGTAB_NONE for an orphan) */
static int sendend_clean(struct sendend *e, unsigned long num, uint32_t id)
{
  if (!sendclean_ask(&e->clean, num, id)) return -1;
  if (id != MSGTAB_NONE) msgtab_get(e->t, id)->state = SENDEND_CLEANING;
  return 0;
}

/* send the bounce of id; 1 when it is dealt with, 0 to try again later */
static int sendend_bounce(struct sendend *e, uint32_t id, time_t now)
{
  struct msgtab_msg *m = msgtab_get(e->t, id);
  unsigned long num = m->num;
  char nb[FMT_ULONG];
  pid_t qp = 0;
  int r = bounce_send(&e->bctl, num, m->birth, now, &qp, &e->why);
  nb[fmt_ulong(nb, num)] = 0;
  if (r == BOUNCE_FAILED) {
    sendlog_say(e->log, "warning: unable to inject bounce message for msg ", nb, ": ", e->why.s,
                (const char *)0);
    return 0;
  }
  if (r == BOUNCE_SENT && sendlog_bounce(&e->log->line, num, (unsigned long)qp)) sendlog_put(e->log);
  if (r == BOUNCE_DROPPED && sendlog_triple(&e->log->line, num)) sendlog_put(e->log);
  if (r == BOUNCE_CORRUPT)
    sendlog_say(e->log, "alert: discarding bounce/", nb, ": ", e->why.s, (const char *)0);
  if (!qpath_file(&e->fn, QPATH_BOUNCE, num, e->split)) return -1;
  if (fsync_unlink(e->fn.s) == -1 && errno != ENOENT)
    sendlog_say(e->log, "warning: unable to remove ", e->fn.s, ": ", error_str(errno),
                (const char *)0);
  msgtab_get(e->t, id)->hasbounce = 0;
  return 1;
}

int sendend_finish(struct sendend *e, uint32_t id, time_t now)
{
  struct msgtab_msg *m = msgtab_get(e->t, id);
  for (int c = 0; c < 2; ++c)
    if (m->ch[c].hasfile || m->ch[c].injob) return 0;
  if (m->state != SENDEND_LIVE) return 0;
  if (m->hasbounce) {
    int r = sendend_bounce(e, id, now);
    if (r == -1) return -1;
    if (r == 0) return sendend_later(e, id, SENDEND_BOUNCEWAIT, now);
  }
  m = msgtab_get(e->t, id);
  if (sendlog_end(&e->log->line, m->num)) sendlog_put(e->log);
  return sendend_clean(e, m->num, id);
}

int sendend_orphan(struct sendend *e, unsigned long num)
{
  return sendend_clean(e, num, MSGTAB_NONE);
}

int sendend_answer(struct sendend *e, char answer, time_t now, unsigned long *renew)
{
  struct sendclean_req r;
  char nb[FMT_ULONG];
  if (!sendclean_answer(&e->clean, &r)) {
    sendlog_say(e->log, "warning: qmail-clean answered a request it was not sent", (const char *)0);
    return 0;
  }
  if (answer == '+') {
    int again = 0;
    if (r.id != MSGTAB_NONE) {
      again = msgtab_get(e->t, r.id)->renew;
      msgtab_del(e->t, r.id);
    }
    *renew = r.num;
    return again;
  }
  nb[fmt_ulong(nb, r.num)] = 0;
  sendlog_say(e->log, "warning: qmail-clean was unable to remove msg ", nb,
              "; will try again later", (const char *)0);
  return r.id != MSGTAB_NONE ? sendend_later(e, r.id, SENDEND_CLEANWAIT, now) : 0;
}

int sendend_due(struct sendend *e, time_t now)
{
  struct sendsched_entry x;
  while (sendsched_top(&e->later, &x) && x.due <= now) {
    struct msgtab_msg *m = msgtab_get(e->t, x.id);
    sendsched_pop(&e->later);
    if (m->state == SENDEND_BOUNCEWAIT) {
      m->state = SENDEND_LIVE;
      if (sendend_finish(e, x.id, now) == -1) return -1;
    } else if (m->state == SENDEND_CLEANWAIT) {
      if (sendend_clean(e, m->num, x.id) == -1) return -1;
    }
  }
  return 0;
}

int sendend_next(const struct sendend *e, int64_t *due)
{
  struct sendsched_entry x;
  if (!sendsched_top(&e->later, &x)) return 0;
  *due = x.due;
  return 1;
}

void sendend_alldue(struct sendend *e, time_t now)
{
  sendsched_all(&e->later, now);
}
