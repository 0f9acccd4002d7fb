/* dtgroups.c — unit test for daemontools/dtgroups: group lists from
 * comma-separated specs and from the group database. */
#include <errno.h>
#include <grp.h>
#include <pwd.h>

#include "dtgroups.h"
#include "tap.h"

static void test_add(void)
{
  dtgroups l = GENALLOC_ZERO;
  is_int(dtgroups_add(&l, 5), 0, "add 5");
  is_int(dtgroups_add(&l, 7), 0, "add 7");
  is_int(dtgroups_add(&l, 5), 0, "add 5 again");
  is_int((long long)l.len, 2, "no duplicates");
  dtgroups_free(&l);
}

static void test_parse(void)
{
  dtgroups l = GENALLOC_ZERO;
  const char *bad = 0;
  char s1[] = "12,34,12";
  char s2[] = "1,nosuchgroup-d4test,2";
  char s3[] = "1,,2";
  char s4[] = "4294967295";
  char s5[] = "99999999999999999999";
  struct group *gr = getgrgid(0);
  is_int(dtgroups_parse(&l, s1, &bad), 0, "parse: numbers");
  ok(l.len == 2 && l.items[0] == 12 && l.items[1] == 34, "parse: 12 and 34, once each");
  dtgroups_free(&l);
  errno = 0;
  is_int(dtgroups_parse(&l, s2, &bad), -1, "parse: unknown group");
  is_int(errno, ENOENT, "  ENOENT");
  is_str(bad, "nosuchgroup-d4test", "  names the culprit");
  is_int((long long)l.len, 1, "  items before it are kept");
  dtgroups_free(&l);
  errno = 0;
  is_int(dtgroups_parse(&l, s3, &bad), -1, "parse: empty item");
  is_int(errno, EINVAL, "  EINVAL");
  dtgroups_free(&l);
  errno = 0;
  is_int(dtgroups_parse(&l, s4, &bad), -1, "parse: (gid_t)-1 is refused");
  is_int(errno, ERANGE, "  ERANGE");
  is_int(dtgroups_parse(&l, s5, &bad), -1, "parse: overflow is refused");
  dtgroups_free(&l);
  if (gr && gr->gr_name) {
    char name[256];
    snprintf(name, sizeof name, "%s", gr->gr_name);
    is_int(dtgroups_parse(&l, name, &bad), 0, "parse: a group name");
    ok(l.len == 1 && l.items[0] == 0, "parse: gid 0 by name");
    dtgroups_free(&l);
  } else
    skip(2, "no group 0");
}

static void test_account(void)
{
  dtgroups l = GENALLOC_ZERO;
  struct passwd *pw = getpwuid(getuid());
  char user[256];
  if (!pw) { skip(2, "no password entry for this uid"); return; }
  snprintf(user, sizeof user, "%s", pw->pw_name);
  is_int(dtgroups_account(&l, user, 4242), 0, "account: groups of the invoking user");
  {
    int found = 0;
    for (size_t i = 0; i < l.len; ++i) found |= l.items[i] == 4242;
    ok(found, "account: the given primary gid is in the list");
  }
  dtgroups_free(&l);
}

int main(void)
{
  test_add();
  test_parse();
  test_account();
  return done_testing();
}
