/* sendchan.c — a delivery channel's slots, requests and results (sendchan.h). */
#include "sendchan.h"

#include <errno.h>
#include <string.h>

#include "scan.h"
#include "str.h"

void sendchan_init(struct sendchan *ch, const char *name, int reqfd, int resfd)
{
  memset(ch, 0, sizeof *ch);
  ch->name = name;
  sendout_init(&ch->req, reqfd);
  ch->resfd = resfd;
  sendproto_init(&ch->res, SENDCHAN_REPORT_MAX);
  ch->conc = 1;
}

/* the request for slot i, queued at the end of req */
static int sendchan_request(struct sendchan *ch, unsigned long i, unsigned long num,
                            const char *sender, const char *addr, size_t len)
{
  stralloc *o = &ch->req.s;
  return stralloc_catulong0(o, i, 0) && stralloc_0(o) && stralloc_catulong0(o, num, 0) &&
         stralloc_0(o) && stralloc_catb(o, sender, str_len(sender) + 1) &&
         stralloc_catb(o, addr, len) && stralloc_0(o);
}

long sendchan_start(struct sendchan *ch, uint32_t id, unsigned long num, const char *sender,
                    const char *addr, size_t len, off_t at, unsigned long d)
{
  unsigned long i = 0;
  size_t was = ch->req.s.len;
  struct sendchan_slot *sl;
  if (ch->running >= ch->conc || ch->conc > SENDCHAN_SLOTS) { errno = EBUSY; return -1; }
  /* fewer than conc slots are used, so one below conc is free */
  while (ch->slot[i].used) ++i;
  sl = &ch->slot[i];
  if (!stralloc_copyb(&sl->rcpt, addr, len) || !sendchan_request(ch, i, num, sender, addr, len)) {
    ch->req.s.len = was;
    return -1;
  }
  sl->used = 1;
  sl->id = id;
  sl->at = at;
  sl->d = d;
  ++ch->running;
  return (long)i;
}

int sendchan_put(struct sendchan *ch, const char *b, size_t n)
{
  return sendproto_put(&ch->res, b, n);
}

int sendchan_result(struct sendchan *ch, unsigned long *slot, const char **r, size_t *len)
{
  const char *f;
  size_t flen;
  while (sendproto_field(&ch->res, &f, &flen)) {
    if (ch->haveslot) {
      ch->haveslot = 0;
      *slot = ch->resslot;
      *r = f;
      *len = flen;
      return 1;
    }
    if (!flen || scan_ulong(f, flen, &ch->resslot) != flen) return -1;
    ch->haveslot = 1;
  }
  return 0;
}

struct sendchan_slot *sendchan_slot(struct sendchan *ch, unsigned long n)
{
  if (n >= SENDCHAN_SLOTS || !ch->slot[n].used) return 0;
  return &ch->slot[n];
}

void sendchan_end(struct sendchan *ch, unsigned long n)
{
  if (n >= SENDCHAN_SLOTS || !ch->slot[n].used) return;
  ch->slot[n].used = 0;
  ch->slot[n].rcpt.len = 0;
  --ch->running;
}
