/* tsconn.c — tcpserver's table of live children and per-IP counts. */
#include "tsconn.h"

#include <errno.h>
#include <stdlib.h>

#include "byte.h"

static size_t hash_pid(pid_t pid)
{
  uint64_t h = (uint64_t)(uint32_t)pid * 0x9e3779b97f4a7c15ull;
  return (size_t)(h >> 17);
}

static size_t hash_ip(uint64_t seed, const unsigned char ip[16])
{
  uint64_t h = seed ^ 0xcbf29ce484222325ull;
  int i;
  for (i = 0; i < 16; ++i) {
    h ^= ip[i];
    h *= 0x100000001b3ull;
  }
  h ^= h >> 29;
  return (size_t)h;
}

/* the capacity for n entries at most half full: a power of two >= 16 */
static size_t cap_for(size_t n)
{
  size_t c = 16;
  while (c < 2 * n) c *= 2;
  return c;
}

static int grow_pid(struct tsconn *t, size_t cap)
{
  struct tsconn_pid *p = calloc(cap, sizeof *p);
  size_t i;
  if (!p) return 0;
  for (i = 0; i < t->pcap; ++i) {
    size_t j;
    if (!t->p[i].pid) continue;
    j = hash_pid(t->p[i].pid) & (cap - 1);
    while (p[j].pid) j = (j + 1) & (cap - 1);
    p[j] = t->p[i];
  }
  free(t->p);
  t->p = p;
  t->pcap = cap;
  return 1;
}

static int grow_ip(struct tsconn *t, size_t cap)
{
  struct tsconn_ip *q = calloc(cap, sizeof *q);
  size_t i;
  if (!q) return 0;
  for (i = 0; i < t->qcap; ++i) {
    size_t j;
    if (!t->q[i].count) continue;
    j = hash_ip(t->seed, t->q[i].ip) & (cap - 1);
    while (q[j].count) j = (j + 1) & (cap - 1);
    q[j] = t->q[i];
  }
  free(t->q);
  t->q = q;
  t->qcap = cap;
  return 1;
}

int tsconn_ready(struct tsconn *t, size_t more)
{
  size_t want, cap;
  if (__builtin_add_overflow(t->n, more, &want) || want > TSCONN_MAX) {
    errno = EOVERFLOW;
    return 0;
  }
  cap = cap_for(want);
  /* distinct IPs never outnumber children */
  if (t->pcap < cap && !grow_pid(t, cap)) { errno = ENOMEM; return 0; }
  if (t->qcap < cap && !grow_ip(t, cap)) { errno = ENOMEM; return 0; }
  return 1;
}

/* the slot of ip in q, or of the free slot where it would go */
static size_t find_ip(const struct tsconn *t, const unsigned char ip[16])
{
  size_t j = hash_ip(t->seed, ip) & (t->qcap - 1);
  while (t->q[j].count && !byte_equal(t->q[j].ip, 16, ip)) j = (j + 1) & (t->qcap - 1);
  return j;
}

static size_t find_pid(const struct tsconn *t, pid_t pid)
{
  size_t j = hash_pid(pid) & (t->pcap - 1);
  while (t->p[j].pid && t->p[j].pid != pid) j = (j + 1) & (t->pcap - 1);
  return j;
}

void tsconn_add(struct tsconn *t, pid_t pid, const unsigned char ip[16])
{
  size_t j;
  if (pid <= 0 || !t->pcap || 2 * (t->n + 1) > t->pcap || 2 * (t->n + 1) > t->qcap) return;
  j = find_pid(t, pid);
  if (t->p[j].pid) return;  /* already there: a caller bug, keep the table sane */
  t->p[j].pid = pid;
  byte_copy(t->p[j].ip, 16, ip);
  ++t->n;
  j = find_ip(t, ip);
  if (!t->q[j].count) {
    byte_copy(t->q[j].ip, 16, ip);
    ++t->nip;
  }
  ++t->q[j].count;
}

/* is slot k between home h and the hole i (cyclically, h < k <= i is
 * where an entry may NOT move to i)? */
static int stays(size_t h, size_t i, size_t k)
{
  if (i <= k) return h > i && h <= k;
  return h > i || h <= k;
}

static void remove_pid_slot(struct tsconn *t, size_t i)
{
  size_t k = i;
  for (;;) {
    k = (k + 1) & (t->pcap - 1);
    if (!t->p[k].pid) break;
    if (stays(hash_pid(t->p[k].pid) & (t->pcap - 1), i, k)) continue;
    t->p[i] = t->p[k];
    i = k;
  }
  t->p[i].pid = 0;
}

static void remove_ip_slot(struct tsconn *t, size_t i)
{
  size_t k = i;
  for (;;) {
    k = (k + 1) & (t->qcap - 1);
    if (!t->q[k].count) break;
    if (stays(hash_ip(t->seed, t->q[k].ip) & (t->qcap - 1), i, k)) continue;
    t->q[i] = t->q[k];
    i = k;
  }
  t->q[i].count = 0;
}

int tsconn_del(struct tsconn *t, pid_t pid, unsigned char ip[16])
{
  size_t j;
  unsigned char a[16];
  if (!t->pcap || pid <= 0) return 0;
  j = find_pid(t, pid);
  if (!t->p[j].pid) return 0;
  byte_copy(a, 16, t->p[j].ip);
  remove_pid_slot(t, j);
  --t->n;
  if (ip) byte_copy(ip, 16, a);
  j = find_ip(t, a);
  if (t->q[j].count && --t->q[j].count == 0) {
    remove_ip_slot(t, j);
    --t->nip;
  }
  return 1;
}

unsigned long tsconn_count(const struct tsconn *t, const unsigned char ip[16])
{
  if (!t->qcap) return 0;
  return t->q[find_ip(t, ip)].count;
}

void tsconn_free(struct tsconn *t)
{
  uint64_t seed = t->seed;
  free(t->p);
  free(t->q);
  byte_zero(t, sizeof *t);
  t->seed = seed;
}
