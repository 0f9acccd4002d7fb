/* todo.c — an envelope from todo/ into info, local and remote contents. */
#include "todo.h"

#include <errno.h>
#include <string.h>

#include "scan.h"

/* a decimal number filling rec[0..len) */
static int todo_number(const char *s, size_t len, unsigned long *out)
{
  return len > 0 && scan_ulong(s, len, out) == len;
}

/* one T record: route it and append it to its channel */
static int todo_rcpt(struct todo_msg *m, const struct route_ctl *rc, const char *a, size_t len)
{
  stralloc *chan;
  int r;
  if (len > TODO_ADDR_MAX) { errno = EINVAL; return 0; }
  r = route(rc, a, len, &m->addr);
  if (r == ROUTE_LOCAL) { chan = &m->local; ++m->nlocal; }
  else if (r == ROUTE_REMOTE) { chan = &m->remote; ++m->nremote; }
  else return 0;
  return stralloc_append(chan, 'T') && stralloc_cat(chan, &m->addr) && stralloc_0(chan);
}

/* one record rec[0..len), its NUL not included */
static int todo_record(struct todo_msg *m, const struct route_ctl *rc, const char *rec,
                       size_t len, int *gotsender)
{
  if (len == 0) return 1;
  switch (rec[0]) {
  case 'u':
    if (!todo_number(rec + 1, len - 1, &m->uid)) { errno = EINVAL; return 0; }
    return 1;
  case 'p':
    if (!todo_number(rec + 1, len - 1, &m->qp)) { errno = EINVAL; return 0; }
    return 1;
  case 'F':
    if (*gotsender || len - 1 > TODO_ADDR_MAX) { errno = EINVAL; return 0; }
    *gotsender = 1;
    return stralloc_copyb(&m->sender, rec + 1, len - 1) &&
           stralloc_copyb(&m->info, rec, len) && stralloc_0(&m->info);
  case 'T':
    if (!*gotsender) { errno = EINVAL; return 0; }
    return todo_rcpt(m, rc, rec + 1, len - 1);
  default:
    return 1; /* a record type of a later version */
  }
}

int todo_parse(struct todo_msg *m, const struct route_ctl *rc, const char *env, size_t len)
{
  int gotsender = 0;
  size_t pos = 0;
  m->uid = m->qp = 0;
  m->nlocal = m->nremote = 0;
  m->sender.len = m->info.len = m->local.len = m->remote.len = 0;
  if (len > 0 && env[len - 1] != 0) { errno = EINVAL; return 0; }
  while (pos < len) {
    const char *nul = memchr(env + pos, 0, len - pos);
    size_t n = (size_t)(nul - (env + pos));
    if (!todo_record(m, rc, env + pos, n, &gotsender)) return 0;
    pos += n + 1;
  }
  if (!gotsender) { errno = EINVAL; return 0; }
  return 1;
}

void todo_free(struct todo_msg *m)
{
  stralloc_free(&m->sender);
  stralloc_free(&m->info);
  stralloc_free(&m->local);
  stralloc_free(&m->remote);
  stralloc_free(&m->addr);
  m->uid = m->qp = m->nlocal = m->nremote = 0;
}

int todo_name(const char *name, unsigned long *num)
{
  size_t len = strlen(name);
  if (len == 0 || (name[0] == '0' && len > 1)) return 0;
  return scan_ulong(name, len, num) == len;
}

int todo_infook(const char *s, size_t len)
{
  if (len < 2 || s[0] != 'F' || s[len - 1] != 0) return 0;
  return memchr(s, 0, len - 1) == 0;
}

int todo_lognew(stralloc *out, unsigned long num)
{
  return stralloc_copys(out, "new msg ") && stralloc_catulong0(out, num, 0) &&
         stralloc_append(out, '\n');
}

int todo_loginfo(stralloc *out, unsigned long num, unsigned long long bytes,
                 const struct todo_msg *m)
{
  size_t start;
  if (!stralloc_copys(out, "info msg ") || !stralloc_catulong0(out, num, 0) ||
      !stralloc_cats(out, ": bytes ") || !stralloc_catulong0(out, bytes, 0) ||
      !stralloc_cats(out, " from <"))
    return 0;
  start = out->len;
  if (!stralloc_cat(out, &m->sender)) return 0;
  for (size_t i = start; i < out->len; ++i) {
    unsigned char c = (unsigned char)out->s[i];
    if (c < 32 || c > 126) out->s[i] = '_';
  }
  return stralloc_cats(out, "> qp ") && stralloc_catulong0(out, m->qp, 0) &&
         stralloc_cats(out, " uid ") && stralloc_catulong0(out, m->uid, 0) &&
         stralloc_append(out, '\n');
}
