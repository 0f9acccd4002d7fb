/* prot.c — unit test for libqmail/prot: dropping root for good, and the
 * private-instance no-op. Every change of ids happens in a forked child,
 * which reports each check as one byte ('1' pass, '0' fail) on a pipe. */
#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <sys/wait.h>

#include "prot.h"
#include "tap.h"

static void check(int fd, int cond)
{
  char c = cond ? '1' : '0';
  if (write(fd, &c, 1) != 1) _exit(99);
}

/* run body(fd) in a child and turn its bytes into one test each */
static void in_child(void (*body)(int), const char *const names[], size_t n)
{
  int p[2], st = 0;
  size_t got = 0;
  char c;
  pid_t pid;
  if (pipe(p) != 0) { skip((int)n, "no pipe"); return; }
  pid = fork();
  if (pid == 0) {
    close(p[0]);
    body(p[1]);
    _exit(0);
  }
  close(p[1]);
  while (got < n && read(p[0], &c, 1) == 1) ok(c == '1', "%s", names[got++]);
  close(p[0]);
  while (got < n) ok(0, "%s (child stopped early)", names[got++]);
  ok(pid > 0 && waitpid(pid, &st, 0) == pid && WIFEXITED(st) && WEXITSTATUS(st) == 0,
     "child finished cleanly");
}

/* 1 when the supplementary groups are exactly those initgroups gives
 * nobody with primary gid g: g itself, and never 0 */
static int groups_ok(gid_t g)
{
  gid_t list[256];
  int n = getgroups(256, list), have = 0;
  if (n < 0) return 0;
  for (int i = 0; i < n; ++i) {
    if (list[i] == 0 && g != 0) return 0;
    if (list[i] == g) have = 1;
  }
  return have;
}

static void body_drop_nobody(int fd)
{
  struct passwd *pw = getpwnam("nobody");
  uid_t u = pw ? pw->pw_uid : 0;
  gid_t g = pw ? pw->pw_gid : 0;
  check(fd, pw != 0);
  check(fd, prot_drop("nobody", 0) == 0);
  check(fd, getuid() == u && geteuid() == u);
  check(fd, getgid() == g && getegid() == g);
  check(fd, groups_ok(g));
  errno = 0;
  check(fd, setuid(0) == -1 && errno == EPERM);
  check(fd, seteuid(0) == -1);
  check(fd, setgid(0) == -1);
  errno = 0;
  check(fd, prot_uid(0) == -1 && errno == EPERM);
  errno = 0;
  check(fd, prot_gid(0) == -1 && errno == EPERM);
  /* now a private instance: prot_drop is a no-op, whatever the names */
  check(fd, prot_drop("imtest-no-such-user", "imtest-no-such-group") == 0);
  check(fd, prot_drop("root", 0) == 0 && getuid() == u && geteuid() == u);
  check(fd, prot_uid(u) == 0);
}
static const char *const names_drop_nobody[] = {
  "nobody exists", "prot_drop(nobody) as root", "uid is nobody's", "gid is nobody's group",
  "supplementary groups are nobody's, without 0", "setuid(0) fails with EPERM",
  "seteuid(0) fails", "setgid(0) fails", "prot_uid(0) fails with EPERM",
  "prot_gid(0) fails with EPERM", "after the drop prot_drop of unknown names is a no-op",
  "prot_drop(root) as non-root changes nothing", "prot_uid to one's own uid works",
};

static void body_drop_group(int fd)
{
  struct passwd *pw = getpwnam("nobody");
  struct group *gr = getgrnam("daemon");
  gid_t g = gr ? gr->gr_gid : 0;
  uid_t u = pw ? pw->pw_uid : 0;
  check(fd, pw && gr);
  check(fd, prot_drop("nobody", "daemon") == 0);
  check(fd, getuid() == u && getgid() == g && getegid() == g);
  check(fd, groups_ok(g));
}
static const char *const names_drop_group[] = {
  "nobody and group daemon exist", "prot_drop(nobody, daemon)", "ids are nobody and daemon",
  "daemon is among the supplementary groups, 0 is not",
};

static void body_errors(int fd)
{
  errno = 0;
  check(fd, prot_drop("imtest-no-such-user", 0) == -1 && errno == ENOENT);
  check(fd, getuid() == 0 && geteuid() == 0);
  errno = 0;
  check(fd, prot_drop("nobody", "imtest-no-such-group") == -1 && errno == ENOENT);
  check(fd, getuid() == 0 && geteuid() == 0);
  errno = 0;
  check(fd, prot_drop("", 0) == -1 && errno == EINVAL);
  errno = 0;
  check(fd, prot_drop(0, 0) == -1 && errno == EINVAL);
  errno = 0;
  check(fd, prot_drop("nobody", "") == -1 && errno == EINVAL);
  check(fd, prot_gid(0) == 0 && getgid() == 0);
  check(fd, prot_uid(0) == 0 && getuid() == 0);
}
static const char *const names_errors[] = {
  "unknown user: -1 ENOENT", "uid unchanged after that failure",
  "unknown group: -1 ENOENT", "uid unchanged after that failure",
  "empty user: EINVAL", "NULL user: EINVAL", "empty group: EINVAL",
  "prot_gid(0) as root works", "prot_uid(0) as root works",
};

static void body_nonroot(int fd)
{
  uid_t u = getuid();
  gid_t g = getgid();
  check(fd, prot_drop("root", 0) == 0);
  check(fd, prot_drop("imtest-no-such-user", 0) == 0);
  check(fd, getuid() == u && geteuid() == u && getgid() == g);
  errno = 0;
  check(fd, prot_gid(0) == -1 && errno == EPERM);
}
/* as root: become nobody with raw system calls, then the non-root case */
static void body_nonroot_dropped(int fd)
{
  struct passwd *pw = getpwnam("nobody");
  gid_t g;
  if (!pw) _exit(3);
  g = pw->pw_gid;
  if (setgroups(1, &g) != 0 || setresgid(g, g, g) != 0
      || setresuid(pw->pw_uid, pw->pw_uid, pw->pw_uid) != 0)
    _exit(4);
  body_nonroot(fd);
}
static const char *const names_nonroot[] = {
  "non-root: prot_drop(root) is a no-op that succeeds",
  "non-root: prot_drop of an unknown user succeeds", "non-root: ids unchanged",
  "non-root: prot_gid(0) fails with EPERM",
};

#define COUNT(a) (sizeof a / sizeof a[0])

int main(void)
{
  if (geteuid() != 0) {
    in_child(body_nonroot, names_nonroot, COUNT(names_nonroot));
    skip((int)(COUNT(names_drop_nobody) + COUNT(names_drop_group) + COUNT(names_errors) + 3),
         "not root: cannot test dropping privileges");
    return done_testing();
  }
  if (!getpwnam("nobody")) {
    skip((int)(COUNT(names_nonroot) + COUNT(names_drop_nobody) + COUNT(names_drop_group) + 3),
         "no user nobody to drop to");
  } else {
    in_child(body_nonroot_dropped, names_nonroot, COUNT(names_nonroot));
    in_child(body_drop_nobody, names_drop_nobody, COUNT(names_drop_nobody));
    if (getgrnam("daemon")) in_child(body_drop_group, names_drop_group, COUNT(names_drop_group));
    else skip((int)COUNT(names_drop_group) + 1, "no group daemon");
  }
  in_child(body_errors, names_errors, COUNT(names_errors));
  return done_testing();
}
