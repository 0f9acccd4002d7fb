/* pathexec_runpath.c — unit test for libqmail/pathexec_runpath: the search follows the
 * given path, not the PATH of the environment handed to the program. */
#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "pathexec.h"
#include "tap.h"

static char root[4096];

/* a script dir/name that exits with code */
static void script(const char *dir, const char *name, int code, mode_t mode)
{
  char path[4200], text[64];
  int fd, n;
  snprintf(path, sizeof path, "%s/%s", dir, name);
  n = snprintf(text, sizeof text, "#!/bin/sh\nexit %d\n", code);
  fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, mode);
  if (fd == -1 || write(fd, text, (size_t)n) != n) diag("cannot write %s", path);
  if (fd != -1) close(fd);
  chmod(path, mode);
}

/* run pathexec_runpath in a child: its exit code, or 200 + errno when the exec
 * failed */
static int run(const char *file, const char *path)
{
  int status;
  pid_t pid = fork();
  if (pid == 0) {
    char name[4300], pathenv[] = "PATH=/nonexistent-d4";
    char *argv[] = { name, 0 };
    char *envp[] = { pathenv, 0 };
    snprintf(name, sizeof name, "%s", file);
    pathexec_runpath(file, argv, envp, path);
    _exit(200 + (errno < 50 ? errno : 49));
  }
  if (pid == -1 || waitpid(pid, &status, 0) != pid || !WIFEXITED(status)) return -1;
  return WEXITSTATUS(status);
}

int main(void)
{
  char a[4200], b[4200], path[9000], full[4300];
  snprintf(root, sizeof root, "%s", tap_tmpdir());
  snprintf(a, sizeof a, "%s/a", root);
  snprintf(b, sizeof b, "%s/b", root);
  mkdir(a, 0755);
  mkdir(b, 0755);
  script(b, "prog", 7, 0755);
  script(a, "other", 9, 0755);
  snprintf(path, sizeof path, "%s:%s", a, b);
  is_int(run("prog", path), 7, "found in the second directory of path");
  is_int(run("other", path), 9, "found in the first");
  is_int(run("missing", path), 200 + ENOENT, "ENOENT when nowhere");
  script(a, "prog", 3, 0644);
  is_int(run("prog", path), 7, "a non-executable candidate is passed over");
  snprintf(full, sizeof full, "%s/prog", b);
  is_int(run(full, "/nonexistent-d4"), 7, "a name with a slash is run as it is");
  {
    char onlya[4300];
    snprintf(onlya, sizeof onlya, "/nonexistent-d4:%s", a);
    /* even root may not exec a file without any execute bit */
    is_int(run("prog", onlya), 200 + EACCES, "EACCES when only a non-executable one exists");
  }
  is_int(run("", path), 200 + ENOENT, "empty name: ENOENT");
  tap_rmtree(root);
  return done_testing();
}
