/* users.c — unit test for libqmail/users: conf-users names and run-time lookup. */
#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <sys/wait.h>

#include "users.h"
#include "tap.h"

/* line n (0-based) of conf-users in the source tree, or NULL */
static const char *conf_line(unsigned n)
{
  static char lines[USERS_NROLES][256];
  static int loaded;
  if (!loaded) {
    char path[4096], buf[256];
    unsigned i = 0;
    FILE *f;
    snprintf(path, sizeof path, "%s/conf-users", tap_srcdir());
    if (!(f = fopen(path, "r"))) return 0;
    while (i < USERS_NROLES && fgets(buf, sizeof buf, f)) {
      buf[strcspn(buf, "\r\n")] = 0;
      memcpy(lines[i++], buf, sizeof buf);
    }
    fclose(f);
    loaded = 1;
  }
  return n < USERS_NROLES ? lines[n] : 0;
}

static void test_names(void)
{
  for (unsigned r = 0; r < USERS_NROLES; ++r) {
    const char *want = conf_line(r);
    if (!want) { skip(1, "cannot read conf-users"); continue; }
    is_str(users_name((enum users_role)r), want, "role %u is named as in conf-users", r);
  }
  is_str(users_name(USERS_QMAILQ), conf_line(5), "USERS_QMAILQ is the sixth line");
  ok(users_name(USERS_NROLES) == 0, "USERS_NROLES has no name");
  ok(users_name((enum users_role)-1) == 0, "a negative role has no name");
  ok(users_isgroup(USERS_GROUP_QMAIL) && users_isgroup(USERS_GROUP_NOFILES)
     && users_isgroup(USERS_GROUP_INDIMAIL), "group roles are groups");
  ok(!users_isgroup(USERS_ALIAS) && !users_isgroup(USERS_INDIMAIL) && !users_isgroup(USERS_NROLES),
     "user roles are not");
}

/* users_lookup agrees with the databases for every role, found or not */
static void test_lookup(void)
{
  for (unsigned r = 0; r < USERS_NROLES; ++r) {
    enum users_role role = (enum users_role)r;
    const char *name = users_name(role);
    uid_t u = 12345;
    gid_t g = 12345;
    int rc, e;
    errno = 0;
    rc = users_lookup(role, &u, &g);
    e = errno;
    if (users_isgroup(role)) {
      struct group *gr = getgrnam(name);
      if (gr) ok(rc == 0 && g == gr->gr_gid && u == (uid_t)-1, "group %s found, gid %u", name,
                 (unsigned)g);
      else ok(rc == -1 && e == ENOENT && g == 12345, "group %s absent: ENOENT", name);
    } else {
      struct passwd *pw = getpwnam(name);
      if (pw) ok(rc == 0 && u == pw->pw_uid && g == pw->pw_gid, "user %s found, uid %u", name,
                 (unsigned)u);
      else ok(rc == -1 && e == ENOENT && u == 12345, "user %s absent: ENOENT", name);
    }
  }
  if (strcmp(users_name(USERS_ROOT), "root") == 0) {
    uid_t u = 1;
    gid_t g = 1;
    ok(users_lookup(USERS_ROOT, &u, &g) == 0 && u == 0, "root's uid is 0");
  } else {
    skip(1, "conf-users renames root");
  }
  ok(users_lookup(USERS_ROOT, 0, 0) == 0, "NULL out-pointers are allowed");
  errno = 0;
  ok(users_lookup(USERS_NROLES, 0, 0) == -1 && errno == EINVAL, "role out of range: EINVAL");
  errno = 0;
  ok(users_resolve(USERS_NROLES, 0, 0) == -1 && errno == EINVAL, "resolve out of range: EINVAL");
}

/* as root, resolve is lookup; as anyone else, every role is the invoker */
static void test_resolve(void)
{
  int same = 1;
  for (unsigned r = 0; r < USERS_NROLES; ++r) {
    uid_t u1 = 7, u2 = 7;
    gid_t g1 = 7, g2 = 7;
    int a = users_resolve((enum users_role)r, &u1, &g1);
    if (geteuid() == 0) {
      int b = users_lookup((enum users_role)r, &u2, &g2);
      if (a != b || u1 != u2 || g1 != g2) same = 0;
    } else if (a != 0 || u1 != getuid() || g1 != getgid()) {
      same = 0;
    }
  }
  ok(same, geteuid() == 0 ? "as root, resolve is lookup for every role"
                          : "as non-root, every role resolves to the invoking user");
}

/* the non-root answer, checked in a child that stops being root */
static void test_resolve_private(void)
{
  struct passwd *pw;
  int st = 0;
  pid_t pid;
  if (geteuid() != 0) { skip(1, "already not root: covered above"); return; }
  if (!(pw = getpwnam("nobody"))) { skip(1, "no user nobody"); return; }
  pid = fork();
  if (pid == 0) {
    uid_t nu = pw->pw_uid;
    gid_t ng = pw->pw_gid, g = 0;
    uid_t u = 0;
    if (setgroups(1, &ng) || setresgid(ng, ng, ng) || setresuid(nu, nu, nu)) _exit(2);
    for (unsigned r = 0; r < USERS_NROLES; ++r)
      if (users_resolve((enum users_role)r, &u, &g) != 0 || u != nu || g != ng) _exit(1);
    _exit(0);
  }
  ok(pid > 0 && waitpid(pid, &st, 0) == pid && WIFEXITED(st) && WEXITSTATUS(st) == 0,
     "a private instance resolves every role, even absent ones, to itself");
}

int main(void)
{
  test_names();
  test_lookup();
  test_resolve();
  test_resolve_private();
  return done_testing();
}
