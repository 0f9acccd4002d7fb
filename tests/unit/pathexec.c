/* pathexec.c — unit test for libqmail/pathexec: PATH search and errno choice. */
#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include "env.h"
#include "pathexec.h"
#include "tap.h"

/* snprintf into an array, bailing out when it does not fit */
#define SNP(buf, ...) do { \
    int snp_n_ = snprintf(buf, sizeof buf, __VA_ARGS__); \
    if (snp_n_ < 0 || (size_t)snp_n_ >= sizeof buf) { puts("Bail out! path too long"); exit(255); } \
  } while (0)

struct outcome { int status; int err; }; /* err: errno if exec failed, else 0 */

/* run pathexec_run (or pathexec with b when use_builder) in a child; the
 * child reports a failed exec's errno through a close-on-exec pipe */
static struct outcome run(const char *file, char *const argv[], char *const envp[],
                          const env_builder *b, int use_builder)
{
  struct outcome o = { -1, 0 };
  int p[2], e = 0;
  pid_t pid;
  if (pipe2(p, O_CLOEXEC) != 0) return o;
  pid = fork();
  if (pid == 0) {
    close(p[0]);
    if (use_builder) pathexec(argv, b);
    else pathexec_run(file, argv, envp);
    e = errno;
    if (write(p[1], &e, sizeof e) != (ssize_t)sizeof e) _exit(126);
    _exit(127);
  }
  close(p[1]);
  if (read(p[0], &e, sizeof e) == (ssize_t)sizeof e) o.err = e;
  close(p[0]);
  if (pid > 0) waitpid(pid, &o.status, 0);
  return o;
}

static int exited(struct outcome o, int code)
{
  return o.err == 0 && WIFEXITED(o.status) && WEXITSTATUS(o.status) == code;
}

static void write_file(const char *path, const char *text, mode_t mode)
{
  int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, mode);
  if (fd < 0 || write(fd, text, strlen(text)) != (ssize_t)strlen(text)) diag("cannot write %s", path);
  if (fd >= 0) close(fd);
  if (chmod(path, mode) != 0) diag("cannot chmod %s", path);
}

/* the test's directories: a (prog not executable), b (prog runs, exit 5),
 * c (prog is text the kernel refuses) */
struct dirs { char a[1024], b[1024], c[1024]; };

static char sh[] = "sh", dashc[] = "-c", exit7[] = "exit 7", prog[] = "prog";

static void test_direct(const struct dirs *d)
{
  static char path_none[] = "PATH=/nonexistent/a:/nonexistent/b";
  char *argv_sh[] = { sh, dashc, exit7, 0 }, *argv_prog[] = { prog, 0 };
  char *env_none[] = { path_none, 0 };
  char file[2048];
  ok(exited(run("/bin/sh", argv_sh, 0, 0, 0), 7), "a file with '/' is exec'd directly");
  ok(exited(run("sh", argv_sh, 0, 0, 0), 7), "sh found along the process PATH");
  is_int(run("sh", argv_sh, env_none, 0, 0).err, ENOENT,
         "PATH from envp is used: nothing found is ENOENT");
  is_int(run("imtest-no-such-program", argv_prog, 0, 0, 0).err, ENOENT, "unknown program: ENOENT");
  is_int(run("", argv_prog, 0, 0, 0).err, ENOENT, "empty file name: ENOENT");
  SNP(file, "%s/prog", d->a);
  is_int(run(file, argv_prog, 0, 0, 0).err, EACCES,
         "direct exec of a non-executable file: EACCES");
}

/* run prog with PATH=path; the outcome */
static struct outcome run_path(const char *path)
{
  static char envpath[8192];
  char *argv_prog[] = { prog, 0 }, *env_path[] = { envpath, 0 };
  SNP(envpath, "PATH=%s", path);
  return run("prog", argv_prog, env_path, 0, 0);
}

static void test_search(const struct dirs *d)
{
  char path[8192], longdir[6000];
  SNP(path, "%s:/nonexistent", d->a);
  is_int(run_path(path).err, EACCES, "EACCES is kept over a later ENOENT");
  SNP(path, "/nonexistent:%s", d->a);
  is_int(run_path(path).err, EACCES, "EACCES wins over an earlier ENOENT");
  SNP(path, "%s:%s", d->a, d->b);
  ok(exited(run_path(path), 5), "the search goes on past EACCES and runs the next one");
  SNP(path, "%s:%s", d->c, d->b);
  is_int(run_path(path).err, ENOEXEC, "ENOEXEC ends the search (no shell fallback)");
  SNP(path, "%s/prog:%s", d->b, d->b);
  ok(exited(run_path(path), 5), "ENOTDIR (a file as a directory) is skipped");
  memset(longdir, 'd', sizeof longdir - 1);
  longdir[0] = '/';
  longdir[sizeof longdir - 1] = 0;
  SNP(path, "%s:%s", longdir, d->b);
  ok(exited(run_path(path), 5), "an over-long directory is skipped");
  is_int(run_path(longdir).err, ENOENT, "only an over-long directory: ENOENT, as execvp says");
}

static void test_empty_elements(const struct dirs *d)
{
  char cwd[4096];
  if (!getcwd(cwd, sizeof cwd) || chdir(d->b) != 0) { skip(3, "cannot change directory"); return; }
  ok(exited(run_path("/nonexistent:"), 5), "trailing empty PATH element is .");
  ok(exited(run_path(""), 5), "empty PATH is .");
  ok(exited(run_path("/nonexistent::/x"), 5), "empty PATH element in the middle is .");
  if (chdir(cwd) != 0) diag("cannot change back");
}

/* pathexec with a builder: its PATH and its variables */
static void test_builder(const struct dirs *d)
{
  static char show[] = "show";
  char *argv_show[] = { show, 0 }, *argv_sh[] = { sh, dashc, exit7, 0 }, *none[] = { 0 };
  char file[2048];
  env_builder eb = ENV_BUILDER_ZERO;
  SNP(file, "%s/show", d->b);
  write_file(file, "#!/bin/sh\n[ \"$IMTEST_V\" = yes ] && exit 9\nexit 1\n", 0755);
  ok(env_init(&eb, 0) && env_set(&eb, "PATH", d->b) && env_set(&eb, "IMTEST_V", "yes"),
     "builder with PATH and a variable");
  ok(exited(run(0, argv_show, 0, &eb, 1), 9), "pathexec searches the builder's PATH");
  ok(env_unset(&eb, "PATH"), "builder without PATH");
  is_int(run(0, argv_show, 0, &eb, 1).err, ENOENT,
         "without PATH in the builder the process PATH is searched");
  ok(exited(run(0, argv_sh, 0, 0, 1), 7), "pathexec with no builder uses the environment");
  env_free(&eb);
  errno = 0;
  ok(pathexec(none, 0) == -1 && errno == EINVAL, "pathexec with an empty argv: EINVAL");
}

int main(void)
{
  const char *dir = tap_tmpdir();
  struct dirs d;
  char file[2048];
  /* a known PATH: the inherited one may hold directories this user
   * cannot search, which rightly turns ENOENT into EACCES */
  if (!env_put("PATH", "/usr/bin:/bin")) skip_all("cannot set PATH");
  SNP(d.a, "%s/a", dir);
  SNP(d.b, "%s/b", dir);
  SNP(d.c, "%s/c", dir);
  if (mkdir(d.a, 0755) || mkdir(d.b, 0755) || mkdir(d.c, 0755)) skip_all("cannot make directories");
  SNP(file, "%s/prog", d.a);
  write_file(file, "#!/bin/sh\nexit 3\n", 0644);
  SNP(file, "%s/prog", d.b);
  write_file(file, "#!/bin/sh\nexit 5\n", 0755);
  SNP(file, "%s/prog", d.c);
  write_file(file, "just some text\n", 0755);
  test_direct(&d);
  test_search(&d);
  test_empty_elements(&d);
  test_builder(&d);
  tap_rmtree(dir);
  return done_testing();
}
