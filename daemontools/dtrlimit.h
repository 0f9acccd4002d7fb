/* dtrlimit.h — softlimit's options: which resource a letter names, how
 * its argument reads, and the soft limit that results.
 *
 * Return convention: dtrlimit_parse returns 1 or 0 (a bad argument);
 * dtrlimit_apply is syscall-like (0, or -1 with errno set); the other
 * functions are pure. */
#ifndef DTRLIMIT_H
#define DTRLIMIT_H

#include <sys/resource.h>

#define DTRLIMIT_WUR __attribute__((warn_unused_result))

/* the most resources one option letter sets (-m sets four) */
#define DTRLIMIT_PER_OPTION 4

/* an option's request: a number, or "=" (the hard limit) */
struct dtrlimit_want {
  int tohard;     /* 1: soft = hard */
  rlim_t value;   /* the number when tohard is 0 */
};

/* resources: the resources option letter opt sets, into res (room for
 * DTRLIMIT_PER_OPTION); returns how many, 0 for a letter that is not a
 * softlimit option. The letters: a (address space), c (core), d (data),
 * f (file size), l (locked memory), m (= d s l a), o (open files),
 * p (processes), q (POSIX message queue bytes), r (resident set),
 * s (stack), t (CPU seconds). */
int dtrlimit_resources(char opt, int res[DTRLIMIT_PER_OPTION]);

/* parse: "=" or a decimal number that fits in rlim_t (and is not
 * RLIM_INFINITY) into *w; 0 for anything else, *w unchanged. */
int dtrlimit_parse(const char *s, struct dtrlimit_want *w) DTRLIMIT_WUR;

/* soft: the soft limit for w when the hard limit is hard: the hard limit
 * for "=", else the number, lowered to hard when it is above it. */
rlim_t dtrlimit_soft(const struct dtrlimit_want *w, rlim_t hard);

/* apply: set the soft limit of resource as dtrlimit_soft says, keeping
 * the hard limit. */
int dtrlimit_apply(int resource, const struct dtrlimit_want *w) DTRLIMIT_WUR;

#endif
