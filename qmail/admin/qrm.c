/* qrm.c — qmail-rm's logic: selecting and taking messages out (see qrm.h). */
#include <errno.h>
#include <unistd.h>

#include "byte.h"
#include "case.h"
#include "fsync.h"
#include "qpath.h"
#include "qrm.h"
#include "str.h"
#include "wildmat.h"

int qrm_match(const char *pattern, const char *addr, size_t len)
{
  size_t plen = str_len(pattern);
  if (byte_chr(addr, len, 0) != len) return 0;
  if (str_equal(pattern, "<>")) return len == 0;
  if (!plen) return 0;
  if (pattern[str_chr(pattern, '*')] || pattern[str_chr(pattern, '?')] || pattern[str_chr(pattern, '[')]) {
    /* the address as a C string: wildmat wants one */
    stralloc a = STRALLOC_ZERO;
    int r = 0;
    if (stralloc_copyb(&a, addr, len) && stralloc_0(&a)) r = wildmat_match_nocase(a.s, pattern);
    stralloc_free(&a);
    return r;
  }
  for (size_t i = 0; i + plen <= len; ++i)
    if (case_diffb(addr + i, plen, pattern) == 0) return 1;
  return 0;
}

int qrm_markdone(enum qread_chan chan, unsigned long num, unsigned long split, int dryrun,
                 unsigned long *marked, stralloc *tmp)
{
  struct qread_rcpts r;
  struct qread_rcpt rc;
  int x;
  *marked = 0;
  x = qread_rcpts_open(&r, chan, num, split, !dryrun, tmp);
  if (x <= 0) return x;
  while ((x = qread_rcpts_next(&r, &rc)) == 1) {
    if (rc.state != 'T') continue;
    if (!dryrun) {
      ssize_t w = pwrite(r.fd, "D", 1, rc.off);
      if (w != 1) {
        if (w >= 0) errno = EIO;
        x = -1;
        break;
      }
    }
    ++*marked;
  }
  if (x == 0 && *marked && !dryrun && fsync_fd(r.fd) == -1) x = -1;
  {
    int e = errno;
    qread_rcpts_close(&r);
    errno = e;
  }
  return x;
}

int qrm_remove(unsigned long num, unsigned long split, stralloc *tmp)
{
  static const enum qpath_dir order[] = {
    QPATH_TODO, QPATH_INTD, QPATH_INFO, QPATH_LOCAL, QPATH_REMOTE, QPATH_BOUNCE, QPATH_MESS
  };
  for (size_t i = 0; i < sizeof order / sizeof order[0]; ++i) {
    if (!qpath_file(tmp, order[i], num, split)) return -1;
    if (fsync_unlink(tmp->s) == -1 && errno != ENOENT) return -1;
  }
  return 0;
}
