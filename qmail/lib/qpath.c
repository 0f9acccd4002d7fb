/* qpath.c — queue directory layout and queue choice. */
#include "qpath.h"

#include <errno.h>
#include <sys/random.h>
#include <time.h>
#include <unistd.h>

static const char *const qpath_names[] = {
  "mess", "info", "local", "remote", "todo", "intd", "bounce"
};

const char *qpath_name(enum qpath_dir d)
{
  return (unsigned)d < sizeof qpath_names / sizeof qpath_names[0] ? qpath_names[d] : "";
}

int qpath_issplit(enum qpath_dir d) { return d <= QPATH_REMOTE; }

int qpath_dir(stralloc *out, enum qpath_dir d, unsigned long num, unsigned long split)
{
  if (qpath_issplit(d) && split == 0) { errno = EINVAL; return 0; }
  if (!stralloc_copys(out, qpath_name(d))) return 0;
  if (qpath_issplit(d)) {
    if (!stralloc_append(out, '/')) return 0;
    if (!stralloc_catulong0(out, num % split, 0)) return 0;
  }
  if (!stralloc_0(out)) return 0;
  --out->len;
  return 1;
}

int qpath_file(stralloc *out, enum qpath_dir d, unsigned long num, unsigned long split)
{
  if (!qpath_dir(out, d, num, split)) return 0;
  if (!stralloc_append(out, '/')) return 0;
  if (!stralloc_catulong0(out, num, 0)) return 0;
  if (!stralloc_0(out)) return 0;
  --out->len;
  return 1;
}

unsigned long qpath_pick(unsigned long start, unsigned long count)
{
  unsigned long r, limit;
  if (count <= 1) return start;
  /* reject the top of the range so that every queue is equally likely */
  limit = (unsigned long)-1 - ((unsigned long)-1 % count);
  for (int tries = 0; tries < 8; ++tries) {
    if (getrandom(&r, sizeof r, GRND_NONBLOCK) != (ssize_t)sizeof r) break;
    if (r < limit) return start + r % count;
  }
  {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    r = (unsigned long)ts.tv_nsec ^ ((unsigned long)getpid() << 16);
  }
  return start + r % count;
}
