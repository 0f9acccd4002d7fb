/* env.h — the process environment: read, change, and build one for exec.
 *
 * Return convention: env_get returns the value or NULL; builders and the
 * functions that change the process environment return 1 on success, 0 on
 * failure with errno set: EINVAL for a bad name (empty or containing '='),
 * E2BIG past ENV_ENTRIES_MAX or ENV_ENTRY_MAX, EOVERFLOW when a size
 * computation would overflow, ENOMEM when memory runs out.
 *
 * An env_builder is a private list of "NAME=value" strings that a program
 * edits before it execs another one: it starts empty or as a copy of the
 * current environment, later settings of a name replace earlier ones, and
 * env_array gives the NULL-terminated vector that execve(2) wants. The
 * process's own environment is never touched by the builder. */
#ifndef ENV_H
#define ENV_H

#include <stddef.h>

/* the most entries a builder holds, and the longest "NAME=value" (with its
 * NUL), which is Linux's limit for one exec string */
#define ENV_ENTRIES_MAX 4096
#define ENV_ENTRY_MAX 131072

#define ENV_WUR __attribute__((warn_unused_result))

typedef struct env_builder {
  char **v;   /* len entries, then a NULL; each entry malloc'd "NAME=value" */
  size_t len;
  size_t a;   /* slots allocated in v (at least len + 1 once used) */
} env_builder;
#define ENV_BUILDER_ZERO { 0, 0, 0 }

/* get: the value of name in the current environment, or NULL. */
const char *env_get(const char *name);

/* init: start b empty (copy 0) or as a copy of the current environment
 * (copy 1; entries without '=' are dropped, and of two entries with one
 * name the first wins, as getenv sees it). b must be zeroed or freed
 * first. On failure b is left empty and freed. */
int env_init(env_builder *b, int copy) ENV_WUR;

/* set: name=value in b, replacing any earlier setting of name. name and
 * value are copied. */
int env_set(env_builder *b, const char *name, const char *value) ENV_WUR;

/* setkv: like env_set with one "NAME=value" string (the first '=' splits
 * it; no '=' is EINVAL). */
int env_setkv(env_builder *b, const char *entry) ENV_WUR;

/* unset: remove name from b; removing an absent name succeeds. Fails only
 * with EINVAL for a bad name. */
int env_unset(env_builder *b, const char *name) ENV_WUR;

/* find: the value of name in b, or NULL; valid until b changes. */
const char *env_find(const env_builder *b, const char *name);

/* array: the NULL-terminated vector for execve, owned by b and valid until
 * b changes. An untouched zero builder gives an empty vector. */
char *const *env_array(const env_builder *b);

/* free: release everything b holds and zero it; harmless twice. */
void env_free(env_builder *b);

/* put: set name=value in the process environment (setenv, overwriting). */
int env_put(const char *name, const char *value) ENV_WUR;

/* del: remove name from the process environment (unsetenv). */
int env_del(const char *name) ENV_WUR;

#endif
