/* env.h — the process environment: read, change, and build one for exec.
 *
 * Return convention: env_get returns the value or NULL; builders return 1
 * on success, 0 on failure with errno set. */
#ifndef ENV_H
#define ENV_H

/* get: the value of name in the current environment, or NULL. */
const char *env_get(const char *name);

#endif
