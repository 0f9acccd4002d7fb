/* env.c — the process environment, and builders of environments for exec. */
#include "env.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

extern char **environ;

const char *env_get(const char *name) { return getenv(name); }

/* a name is usable when it is non-empty and has no '=' */
static int env_name_ok(const char *name)
{
  return name && *name && !strchr(name, '=');
}

/* the index of the entry for name[0..n) in b, or b->len */
static size_t env_index(const env_builder *b, const char *name, size_t n)
{
  for (size_t i = 0; i < b->len; ++i)
    if (strncmp(b->v[i], name, n) == 0 && b->v[i][n] == '=') return i;
  return b->len;
}

/* make room for one more entry and its terminating NULL */
static int env_grow(env_builder *b)
{
  size_t want, bytes;
  char **p;
  if (b->len >= ENV_ENTRIES_MAX) { errno = E2BIG; return 0; }
  if (b->v && b->len + 2 <= b->a) return 1;
  want = b->a ? b->a : 16;
  while (want < b->len + 2)
    if (__builtin_mul_overflow(want, 2, &want)) { errno = EOVERFLOW; return 0; }
  if (__builtin_mul_overflow(want, sizeof *p, &bytes)) { errno = EOVERFLOW; return 0; }
  p = realloc(b->v, bytes);
  if (!p) { errno = ENOMEM; return 0; }
  b->v = p;
  b->a = want;
  return 1;
}

/* set name[0..n) = value, where name is already checked */
static int env_setb(env_builder *b, const char *name, size_t n, const char *value)
{
  size_t vlen = strlen(value), total, i;
  char *e;
  if (__builtin_add_overflow(n, vlen, &total) || __builtin_add_overflow(total, 2, &total)) {
    errno = EOVERFLOW;
    return 0;
  }
  if (total > ENV_ENTRY_MAX) { errno = E2BIG; return 0; }
  i = env_index(b, name, n);
  if (i == b->len && !env_grow(b)) return 0;
  e = malloc(total);
  if (!e) { errno = ENOMEM; return 0; }
  memcpy(e, name, n);
  e[n] = '=';
  memcpy(e + n + 1, value, vlen + 1);
  if (i == b->len) {
    b->v[b->len++] = e;
    b->v[b->len] = 0;
  } else {
    free(b->v[i]);
    b->v[i] = e;
  }
  return 1;
}

int env_init(env_builder *b, int copy)
{
  b->v = 0;
  b->len = 0;
  b->a = 0;
  if (!env_grow(b)) return 0;
  b->v[0] = 0;
  if (!copy || !environ) return 1;
  for (char **p = environ; *p; ++p) {
    const char *eq = strchr(*p, '=');
    size_t n;
    if (!eq || eq == *p) continue;
    n = (size_t)(eq - *p);
    /* the first of two entries with one name is the one getenv returns */
    if (env_index(b, *p, n) < b->len) continue;
    if (!env_setb(b, *p, n, eq + 1)) {
      int e = errno;
      env_free(b);
      errno = e;
      return 0;
    }
  }
  return 1;
}

int env_set(env_builder *b, const char *name, const char *value)
{
  if (!env_name_ok(name) || !value) { errno = EINVAL; return 0; }
  return env_setb(b, name, strlen(name), value);
}

int env_setkv(env_builder *b, const char *entry)
{
  const char *eq = entry ? strchr(entry, '=') : 0;
  if (!eq || eq == entry) { errno = EINVAL; return 0; }
  return env_setb(b, entry, (size_t)(eq - entry), eq + 1);
}

int env_unset(env_builder *b, const char *name)
{
  size_t i;
  if (!env_name_ok(name)) { errno = EINVAL; return 0; }
  i = env_index(b, name, strlen(name));
  if (i == b->len) return 1;
  free(b->v[i]);
  /* keep the order of the rest, and the terminating NULL */
  memmove(b->v + i, b->v + i + 1, (b->len - i) * sizeof *b->v);
  --b->len;
  return 1;
}

const char *env_find(const env_builder *b, const char *name)
{
  size_t n, i;
  if (!env_name_ok(name)) return 0;
  n = strlen(name);
  i = env_index(b, name, n);
  return i < b->len ? b->v[i] + n + 1 : 0;
}

char *const *env_array(const env_builder *b)
{
  static char *const empty[1] = { 0 };
  return b->v ? b->v : empty;
}

void env_free(env_builder *b)
{
  for (size_t i = 0; i < b->len; ++i) free(b->v[i]);
  free(b->v);
  b->v = 0;
  b->len = 0;
  b->a = 0;
}

int env_put(const char *name, const char *value)
{
  if (!env_name_ok(name) || !value) { errno = EINVAL; return 0; }
  if (setenv(name, value, 1) != 0) return 0;
  return 1;
}

int env_del(const char *name)
{
  if (!env_name_ok(name)) { errno = EINVAL; return 0; }
  if (unsetenv(name) != 0) return 0;
  return 1;
}
