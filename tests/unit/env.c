/* env.c — unit test for libqmail/env: env_get, the builder, env_put/env_del. */
#include <errno.h>
#include <stdint.h>
#include <sys/wait.h>

#include "env.h"
#include "tap.h"

extern char **environ;

/* entries in a NULL-terminated vector */
static size_t count(char *const *v)
{
  size_t n = 0;
  while (v[n]) ++n;
  return n;
}

/* how many entries of v start with "NAME=" */
static size_t count_name(char *const *v, const char *name)
{
  size_t n = 0, l = strlen(name);
  for (; *v; ++v)
    if (strncmp(*v, name, l) == 0 && (*v)[l] == '=') ++n;
  return n;
}

static void test_process(void)
{
  ok(env_put("IMTEST_A", "one"), "put");
  is_str(env_get("IMTEST_A"), "one", "get sees put");
  ok(env_put("IMTEST_A", "two"), "put again");
  is_str(env_get("IMTEST_A"), "two", "put overwrites");
  ok(env_put("IMTEST_E", ""), "put an empty value");
  is_str(env_get("IMTEST_E"), "", "empty value is not absent");
  ok(env_del("IMTEST_A"), "del");
  ok(env_get("IMTEST_A") == 0, "get after del is NULL");
  ok(env_del("IMTEST_A"), "del of an absent name succeeds");
  errno = 0;
  ok(!env_put("A=B", "x"), "put refuses a name with '='");
  is_int(errno, EINVAL, "EINVAL");
  errno = 0;
  ok(!env_put("", "x"), "put refuses an empty name");
  is_int(errno, EINVAL, "EINVAL");
  errno = 0;
  ok(!env_del("X=Y"), "del refuses a name with '='");
  is_int(errno, EINVAL, "EINVAL");
  ok(env_del("IMTEST_E"), "del cleans up");
}

static void test_builder_basic(void)
{
  env_builder b = ENV_BUILDER_ZERO;
  char *const *v = env_array(&b);
  ok(v && v[0] == 0, "zero builder gives an empty vector");
  ok(env_find(&b, "PATH") == 0, "find in a zero builder");
  ok(env_unset(&b, "PATH"), "unset in a zero builder");
  ok(env_set(&b, "A", "1"), "set on a zero builder");
  is_str(env_find(&b, "A"), "1", "find A");
  env_free(&b);

  ok(env_init(&b, 0), "init empty");
  is_int(count(env_array(&b)), 0, "empty");
  ok(env_set(&b, "A", "1") && env_set(&b, "B", "2") && env_set(&b, "AB", "3"), "set three");
  v = env_array(&b);
  is_int(count(v), 3, "three entries");
  is_str(v[0], "A=1", "first entry");
  is_str(v[2], "AB=3", "third entry");
  ok(env_set(&b, "A", "one"), "set A again");
  v = env_array(&b);
  is_int(count(v), 3, "override keeps the count");
  is_str(env_find(&b, "A"), "one", "later setting wins");
  is_str(env_find(&b, "AB"), "3", "a longer name is not confused with A");
  ok(env_find(&b, "ABC") == 0, "nor a name that is longer still");
  ok(env_set(&b, "V", "x=y=z"), "value with '='");
  is_str(env_find(&b, "V"), "x=y=z", "value keeps its '='");
  ok(env_setkv(&b, "K=v=w"), "setkv");
  is_str(env_find(&b, "K"), "v=w", "setkv splits at the first '='");
  ok(env_setkv(&b, "K="), "setkv with an empty value");
  is_str(env_find(&b, "K"), "", "empty value");
  ok(env_unset(&b, "A"), "unset A");
  v = env_array(&b);
  ok(env_find(&b, "A") == 0, "A is gone");
  is_int(count(v), 4, "four left");
  is_str(v[0], "B=2", "order of the rest is kept");
  ok(env_unset(&b, "NOPE"), "unset absent succeeds");
  errno = 0;
  ok(!env_set(&b, "X=Y", "1"), "set refuses '=' in a name");
  is_int(errno, EINVAL, "EINVAL");
  errno = 0;
  ok(!env_set(&b, "", "1"), "set refuses an empty name");
  is_int(errno, EINVAL, "EINVAL");
  errno = 0;
  ok(!env_setkv(&b, "novalue"), "setkv without '='");
  is_int(errno, EINVAL, "EINVAL");
  errno = 0;
  ok(!env_setkv(&b, "=x"), "setkv with an empty name");
  is_int(errno, EINVAL, "EINVAL");
  errno = 0;
  ok(!env_unset(&b, "A=B"), "unset refuses '='");
  is_int(errno, EINVAL, "EINVAL");
  ok(env_find(&b, "B=") == 0, "find of a bad name is NULL");
  env_free(&b);
  ok(b.v == 0 && b.len == 0 && b.a == 0, "free zeroes");
  env_free(&b);
  ok(1, "second free is harmless");
}

static void test_builder_copy(void)
{
  env_builder b = ENV_BUILDER_ZERO;
  ok(env_put("IMTEST_COPY", "copied"), "put a marker");
  ok(env_init(&b, 1), "init as a copy");
  is_str(env_find(&b, "IMTEST_COPY"), "copied", "copy has the marker");
  is_int(count(env_array(&b)), count(environ), "copy has every entry");
  ok(env_set(&b, "IMTEST_COPY", "changed") && env_unset(&b, "PATH"), "change the copy");
  is_str(env_get("IMTEST_COPY"), "copied", "the process environment is untouched");
  is_int(count_name(env_array(&b), "IMTEST_COPY"), 1, "one entry for a changed name");
  env_free(&b);
  ok(env_del("IMTEST_COPY"), "del the marker");
}

/* a copy of an environment holding a duplicate keeps getenv's choice */
static void test_builder_duplicates(void)
{
  static char e1[] = "DUP=first", e2[] = "noequals", e3[] = "=novalue", e4[] = "DUP=second",
              e5[] = "Z=1";
  char *fake[] = { e1, e2, e3, e4, e5, 0 };
  char **saved = environ;
  env_builder b = ENV_BUILDER_ZERO;
  int r;
  environ = fake;
  r = env_init(&b, 1);
  environ = saved;
  ok(r, "init from an odd environment");
  is_int(count(env_array(&b)), 2, "bad entries dropped, duplicate merged");
  is_str(env_find(&b, "DUP"), "first", "first duplicate wins, as with getenv");
  ok(env_set(&b, "DUP", "x"), "set the duplicate");
  is_int(count_name(env_array(&b), "DUP"), 1, "still one DUP");
  env_free(&b);
}

static void test_builder_limits(void)
{
  env_builder b = ENV_BUILDER_ZERO;
  char name[32];
  size_t i;
  char *big;
  ok(env_init(&b, 0), "init for limits");
  for (i = 0; i < ENV_ENTRIES_MAX; ++i) {
    snprintf(name, sizeof name, "N%zu", i);
    if (!env_set(&b, name, "v")) break;
  }
  is_int(i, ENV_ENTRIES_MAX, "ENV_ENTRIES_MAX entries fit");
  errno = 0;
  ok(!env_set(&b, "ONE_MORE", "v"), "one more is refused");
  is_int(errno, E2BIG, "E2BIG");
  ok(env_set(&b, "N7", "replaced"), "replacing at the limit still works");
  is_str(env_find(&b, "N7"), "replaced", "replaced");
  ok(env_unset(&b, "N0") && env_set(&b, "ONE_MORE", "v"), "room after an unset");
  ok(env_array(&b)[ENV_ENTRIES_MAX] == 0, "vector is NULL-terminated at the limit");
  env_free(&b);

  big = malloc(ENV_ENTRY_MAX);
  if (!big) { skip(4, "no memory"); return; }
  memset(big, 'x', ENV_ENTRY_MAX - 1);
  big[ENV_ENTRY_MAX - 3] = 0; /* "B=" + value + NUL is exactly the maximum */
  ok(env_set(&b, "B", big), "entry of exactly ENV_ENTRY_MAX bytes");
  big[ENV_ENTRY_MAX - 3] = 'x';
  big[ENV_ENTRY_MAX - 2] = 0;
  errno = 0;
  ok(!env_set(&b, "B", big), "one byte more is refused");
  is_int(errno, E2BIG, "E2BIG");
  is_int(strlen(env_find(&b, "B")), ENV_ENTRY_MAX - 3, "old value kept after refusal");
  free(big);
  env_free(&b);
}

/* the vector really works for execve */
static void test_exec(void)
{
  env_builder b = ENV_BUILDER_ZERO;
  int st = 0;
  pid_t pid;
  if (!env_init(&b, 0) || !env_set(&b, "IMTEST_X", "42")) { skip(1, "builder failed"); return; }
  pid = fork();
  if (pid == 0) {
    static char a0[] = "sh", a1[] = "-c",
                a2[] = "test \"$IMTEST_X\" = 42 && test -z \"$HOME\"";
    char *argv[] = { a0, a1, a2, 0 };
    execve("/bin/sh", argv, env_array(&b));
    _exit(127);
  }
  ok(pid > 0 && waitpid(pid, &st, 0) == pid && WIFEXITED(st) && WEXITSTATUS(st) == 0,
     "a child exec'd with the vector sees exactly its variables");
  env_free(&b);
}

int main(void)
{
  test_process();
  test_builder_basic();
  test_builder_copy();
  test_builder_duplicates();
  test_builder_limits();
  test_exec();
  return done_testing();
}
