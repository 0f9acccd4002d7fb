/* env.c — the process environment. */
#include "env.h"

#include <stdlib.h>

const char *env_get(const char *name) { return getenv(name); }
