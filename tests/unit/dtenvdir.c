/* dtenvdir.c — unit test for daemontools/dtenvdir: the value and .envfile
 * rules, and loading real directories with .envdir includes and loops. */
#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "dtenvdir.h"
#include "tap.h"

static char root[4096];

/* root/name into a fresh static slot (four in rotation) */
static const char *at(const char *name)
{
  static char slot[4][4200];
  static int i;
  char *p = slot[i++ % 4];
  snprintf(p, sizeof slot[0], "%s/%s", root, name);
  return p;
}

static void put(const char *name, const char *data, size_t len)
{
  int fd = open(at(name), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  if (fd == -1 || write(fd, data, len) != (ssize_t)len) diag("cannot write %s", name);
  if (fd != -1) close(fd);
}

static void test_value(void)
{
  char a[] = "value\nsecond line\n";
  char b[] = "a\0b \t \t";
  char c[] = "\n";
  char d[] = "  lead";
  char e[] = "x\0";
  size_t n;
  n = dtenvdir_value(a, sizeof a - 1);
  is_mem(a, n, "value", 5, "value: the first line only");
  n = dtenvdir_value(b, sizeof b - 1);
  is_mem(b, n, "a\nb", 3, "value: NUL becomes newline, trailing blanks go");
  n = dtenvdir_value(c, sizeof c - 1);
  is_int(n, 0, "value: a lone newline is the empty value");
  n = dtenvdir_value(d, sizeof d - 1);
  is_mem(d, n, "  lead", 6, "value: leading blanks stay");
  n = dtenvdir_value(e, sizeof e - 1);
  is_mem(e, n, "x\n", 2, "value: a trailing NUL is a newline, not a blank");
}

static void test_envline(void)
{
  const char *name = 0, *value = 0;
  char l1[] = "  NAME=some value  ";
  char l2[] = "# comment";
  char l3[] = " \t ";
  char l4[] = "GONE \t";
  char l5[] = "=x";
  char l6[] = "A\0B=x";
  char l7[] = "E=";
  char l8[] = "M=a\0b=c";
  char l9[] = "";
  is_int(dtenvdir_envline(l1, sizeof l1 - 1, &name, &value), DTENVDIR_SET, "envline: set");
  is_str(name, "NAME", "envline: leading blanks go from the name");
  is_str(value, "some value  ", "envline: the value keeps its trailing blanks");
  is_int(dtenvdir_envline(l2, sizeof l2 - 1, &name, &value), DTENVDIR_SKIP, "envline: comment");
  is_int(dtenvdir_envline(l3, sizeof l3 - 1, &name, &value), DTENVDIR_SKIP, "envline: blank");
  is_int(dtenvdir_envline(l9, 0, &name, &value), DTENVDIR_SKIP, "envline: empty");
  is_int(dtenvdir_envline(l4, sizeof l4 - 1, &name, &value), DTENVDIR_UNSET, "envline: unset");
  is_str(name, "GONE", "envline: unset name without trailing blanks");
  errno = 0;
  is_int(dtenvdir_envline(l5, sizeof l5 - 1, &name, &value), -1, "envline: empty name");
  is_int(errno, EINVAL, "  EINVAL");
  is_int(dtenvdir_envline(l6, sizeof l6 - 1, &name, &value), -1, "envline: NUL in the name");
  is_int(dtenvdir_envline(l7, sizeof l7 - 1, &name, &value), DTENVDIR_SET, "envline: empty value");
  is_str(value, "", "envline: empty value is empty");
  is_int(dtenvdir_envline(l8, sizeof l8 - 1, &name, &value), DTENVDIR_SET, "envline: NUL in value");
  is_str(value, "a\nb=c", "envline: NUL made newline, later '=' kept");
}

/* load dir into a fresh builder that starts with BASE=1, HOME=/h */
static int load(const char *dir, int flags, env_builder *env, struct dtenvdir *d)
{
  int r;
  if (!env_init(env, 0) || !env_set(env, "BASE", "1") || !env_set(env, "HOME", "/h")) return -2;
  d->env = env;
  d->flags = flags;
  r = dtenvdir_load(d, dir);
  return r;
}

static void test_plain(void)
{
  env_builder env = ENV_BUILDER_ZERO;
  struct dtenvdir d = DTENVDIR_ZERO;
  mkdir(at("p"), 0755);
  put("p/A", "one\ntwo\n", 8);
  put("p/B", "x\0y \t", 5);
  put("p/HOME", "", 0);
  put("p/EMPTY", "\n", 1);
  put("p/.hidden", "h", 1);
  is_int(load(at("p"), 0, &env, &d), 0, "load: plain directory");
  is_str(env_find(&env, "A"), "one", "load: first line");
  is_str(env_find(&env, "B"), "x\ny", "load: NUL and trailing blanks");
  ok(env_find(&env, "HOME") == 0, "load: an empty file removes the variable");
  is_str(env_find(&env, "EMPTY"), "", "load: a newline alone sets it empty");
  ok(env_find(&env, ".hidden") == 0, "load: dot files are skipped");
  is_str(env_find(&env, "BASE"), "1", "load: other variables stay");
  env_free(&env);

  mkdir(at("p/sub"), 0755);
  errno = 0;
  is_int(load(at("p"), 0, &env, &d), -1, "load: a subdirectory fails");
  is_int(errno, EISDIR, "  EISDIR");
  is_str(d.what, "unable to read", "  what");
  is_str(d.path.s, at("p/sub"), "  path");
  env_free(&env);
  is_int(load(at("p"), DTENVDIR_IGNORE, &env, &d), 0, "load: -i skips it");
  is_str(env_find(&env, "A"), "one", "  and reads the rest");
  env_free(&env);
  rmdir(at("p/sub"));

  errno = 0;
  is_int(load(at("missing"), DTENVDIR_IGNORE, &env, &d), -1, "load: missing directory fails");
  is_int(errno, ENOENT, "  ENOENT");
  is_str(d.what, "unable to switch to directory", "  what");
  is_str(d.path.s, at("missing"), "  path");
  env_free(&env);

  put("p/BAD=NAME", "v", 1);
  is_int(load(at("p"), 0, &env, &d), -1, "load: a name with '=' fails");
  is_int(d.err, EINVAL, "  EINVAL");
  env_free(&env);
  unlink(at("p/BAD=NAME"));
  dtenvdir_free(&d);
}

static void test_long(void)
{
  env_builder env = ENV_BUILDER_ZERO;
  struct dtenvdir d = DTENVDIR_ZERO;
  size_t n = DTENVDIR_LINE_MAX + 10;
  char *big = malloc(n);
  if (!big) { skip(4, "no memory"); return; }
  memset(big, 'x', n);
  mkdir(at("l"), 0755);
  put("l/BIG", big, n);
  is_int(load(at("l"), 0, &env, &d), -1, "load: a first line past the maximum fails");
  is_str(d.what, "first line too long in", "  what");
  env_free(&env);
  /* a long file with a short first line is fine */
  big[10] = '\n';
  put("l/BIG", big, n);
  is_int(load(at("l"), 0, &env, &d), 0, "load: only the first line counts");
  is_int((long long)strlen(env_find(&env, "BIG") ? env_find(&env, "BIG") : ""), 10, "  its length");
  env_free(&env);
  free(big);
  dtenvdir_free(&d);
}

static void test_includes(void)
{
  env_builder env = ENV_BUILDER_ZERO;
  struct dtenvdir d = DTENVDIR_ZERO;
  char link[4200];
  mkdir(at("i"), 0755);
  mkdir(at("i/.envdir"), 0755);
  put("i/.envdir/X", "inner", 5);
  put("i/.envdir/Y", "inner-y", 7);
  put("i/X", "outer", 5);
  is_int(load(at("i"), 0, &env, &d), 0, "include: .envdir directory");
  is_str(env_find(&env, "X"), "outer", "include: the directory itself wins");
  is_str(env_find(&env, "Y"), "inner-y", "include: included variable");
  env_free(&env);

  /* a loop: i/.envdir/.envdir -> i */
  snprintf(link, sizeof link, "%s", at("i"));
  if (symlink(link, at("i/.envdir/.envdir")) != 0) diag("symlink failed");
  is_int(load(at("i"), 0, &env, &d), 0, "include: a loop ends");
  is_str(env_find(&env, "X"), "outer", "include: a loop reads each directory once");
  env_free(&env);
  unlink(at("i/.envdir/.envdir"));

  /* .envdir as a list file with an .envfile */
  mkdir(at("j"), 0755);
  mkdir(at("k"), 0755);
  put("k/K", "kay", 3);
  put("k/X", "from-k", 6);
  put("j/.envdir", "# list\n\n../k\n../i\n", 19);
  put("j/.envfile", " F=ef \nK\nBASE\n# c\n", 18);
  put("j/X", "jay", 3);
  is_int(load(at("j"), 0, &env, &d), 0, "list: .envdir file");
  is_str(env_find(&env, "Y"), "inner-y", "list: second directory, its include too");
  is_str(env_find(&env, "X"), "jay", "list: the directory itself wins");
  is_str(env_find(&env, "F"), "ef ", "envfile: set, trailing blank kept");
  ok(env_find(&env, "K") == 0, "envfile: unset after the includes");
  ok(env_find(&env, "BASE") == 0, "envfile: unset an inherited variable");
  env_free(&env);

  put("j/.envfile", "=bad\n", 5);
  is_int(load(at("j"), 0, &env, &d), -1, "envfile: a bad line fails");
  is_str(d.what, "invalid line in", "  what");
  is_str(d.path.s, at("j/.envfile"), "  path");
  env_free(&env);
  unlink(at("j/.envfile"));

  /* an absolute directory in the list; the shown path of what follows
   * is still right */
  {
    char list[4300];
    snprintf(list, sizeof list, "%s\n", at("k"));
    put("j/.envdir", list, strlen(list));
  }
  mkdir(at("j/sub"), 0755);
  is_int(load(at("j"), 0, &env, &d), -1, "list: absolute path, then a failure in the directory");
  is_str(d.path.s, at("j/sub"), "  the path of the failure");
  env_free(&env);
  is_int(load(at("j"), DTENVDIR_IGNORE, &env, &d), 0, "list: absolute path");
  is_str(env_find(&env, "K"), "kay", "  read");
  env_free(&env);
  rmdir(at("j/sub"));

  put("j/.envdir", "../nothere\n", 11);
  is_int(load(at("j"), 0, &env, &d), -1, "list: a missing directory fails");
  is_str(d.path.s, at("j/../nothere"), "  path");
  env_free(&env);
  dtenvdir_free(&d);
}

static void test_many(void)
{
  env_builder env = ENV_BUILDER_ZERO;
  struct dtenvdir d = DTENVDIR_ZERO;
  char name[64], list[64];
  /* a chain of DTENVDIR_DIRS_MAX + 1 directories c0 -> c1 -> ... */
  mkdir(at("c"), 0755);
  for (int i = 0; i <= DTENVDIR_DIRS_MAX; ++i) {
    snprintf(name, sizeof name, "c/%d", i);
    mkdir(at(name), 0755);
    snprintf(name, sizeof name, "c/%d/.envdir", i);
    snprintf(list, sizeof list, "../%d\n", i + 1);
    put(name, list, strlen(list));
  }
  snprintf(name, sizeof name, "c/%d/.envdir", DTENVDIR_DIRS_MAX);
  unlink(at(name));
  is_int(load(at("c/0"), 0, &env, &d), -1, "many: past DTENVDIR_DIRS_MAX directories fails");
  is_str(d.what, "too many directories at", "  what");
  env_free(&env);
  is_int(load(at("c/1"), 0, &env, &d), 0, "many: DTENVDIR_DIRS_MAX directories are fine");
  env_free(&env);
  dtenvdir_free(&d);
}

int main(void)
{
  snprintf(root, sizeof root, "%s", tap_tmpdir());
  test_value();
  test_envline();
  test_plain();
  test_long();
  test_includes();
  test_many();
  tap_rmtree(root);
  return done_testing();
}
