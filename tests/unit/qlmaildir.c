/* qlmaildir.c — unit test for qmail/deliver/qlmaildir: unique names, the
 * file in new/ with exactly the bytes given, nothing left on failure. */
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "qlmaildir.h"
#include "tap.h"

/* the number of entries of dir (without . and ..), and the last one's name */
static int entries(const char *dir, char *last, size_t size)
{
  DIR *d = opendir(dir);
  struct dirent *e;
  int n = 0;
  if (!d) return -1;
  while ((e = readdir(d))) {
    if (e->d_name[0] == '.') continue;
    ++n;
    if (last) snprintf(last, size, "%s", e->d_name);
  }
  closedir(d);
  return n;
}

/* remove the files in dir/Maildir/tmp and new, the directories and dir/msg */
static void cleanup(const char *dir)
{
  static const char *const subs[] = { "Maildir/tmp", "Maildir/new", "Maildir", "msg", 0 };
  char p[400], f[700];
  for (int i = 0; subs[i]; ++i) {
    DIR *d;
    struct dirent *e;
    snprintf(p, sizeof p, "%s/%s", dir, subs[i]);
    if ((d = opendir(p))) {
      while ((e = readdir(d)))
        if (e->d_name[0] != '.') { snprintf(f, sizeof f, "%s/%s", p, e->d_name); unlink(f); }
      closedir(d);
      rmdir(p);
    } else {
      unlink(p);
    }
  }
  rmdir(dir);
}

int main(void)
{
  char dir[] = "/tmp/qlmaildir.XXXXXX", md[64], sub[96], name[256], path[400], data[256];
  const char *what = "";
  stralloc sa = STRALLOC_ZERO;
  int msg, fd;
  ssize_t n;

  ok(qlmaildir_name(&sa, 1700000000, 12, 345, 0, "host.example"), "name");
  is_str(sa.s, "1700000000.M12P345Q0.host.example", "SEC.MUSECPPIDQSEQ.HOST");
  is_int(sa.len, strlen(sa.s), "len without the NUL");
  ok(qlmaildir_name(&sa, 0, 999999, 1, 7, "a/b:c"), "name with / and :");
  is_str(sa.s, "0.M999999P1Q7.a\\057b\\072c", "/ and : escaped");

  if (!mkdtemp(dir)) skip_all("no temporary directory");
  snprintf(md, sizeof md, "%s/Maildir", dir);
  snprintf(path, sizeof path, "%s/msg", dir);
  msg = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
  ok(msg != -1 && write(msg, "Subject: x\n\nFrom y\nbody", 23) == 23, "a message");
  ok(mkdir(md, 0700) == 0, "a maildir without tmp/ and new/");
  ok(qlmaildir_deliver(md, msg, "H: 1\n", 5, &what) == -1, "fails without tmp/");
  is_str(what, "unable to create a file in tmp/", "and says why");
  snprintf(sub, sizeof sub, "%s/tmp", md);
  ok(mkdir(sub, 0700) == 0, "tmp/");
  ok(qlmaildir_deliver(md, msg, "H: 1\n", 5, &what) == -1, "fails without new/");
  is_str(what, "unable to link the file into new/", "and says why");
  is_int(entries(sub, 0, 0), 0, "nothing left in tmp/");
  snprintf(sub, sizeof sub, "%s/new", md);
  ok(mkdir(sub, 0700) == 0, "new/");

  lseek(msg, 0, SEEK_END);
  ok(qlmaildir_deliver(md, msg, "H: 1\n", 5, &what) == 0, "deliver");
  is_int(entries(sub, name, sizeof name), 1, "one file in new/");
  snprintf(path, sizeof path, "%s/%s", sub, name);
  fd = open(path, O_RDONLY);
  n = fd == -1 ? -1 : read(fd, data, sizeof data - 1);
  if (fd != -1) close(fd);
  data[n < 0 ? 0 : n] = 0;
  is_str(data, "H: 1\nSubject: x\n\nFrom y\nbody", "head, then the whole message, unquoted");
  {
    struct stat st;
    ok(stat(path, &st) == 0 && (st.st_mode & 0777) == 0600, "mode 0600");
  }
  ok(strchr(name, '.') && strstr(name, ".M") && strstr(name, "P") && strstr(name, "Q0."),
     "a unique name: %s", name);
  snprintf(sub, sizeof sub, "%s/tmp", md);
  is_int(entries(sub, 0, 0), 0, "tmp/ is empty again");

  ok(qlmaildir_deliver(md, msg, "", 0, &what) == 0 && qlmaildir_deliver(md, msg, "", 0, &what) == 0,
     "two more deliveries at once");
  snprintf(sub, sizeof sub, "%s/new", md);
  is_int(entries(sub, 0, 0), 3, "three files: no name is used twice");

  {
    int bad = open(dir, O_RDONLY | O_DIRECTORY);
    ok(qlmaildir_deliver(md, bad, "", 0, &what) == -1, "an unreadable message fails");
    is_str(what, "unable to read the message", "and says why");
    is_int(entries(sub, 0, 0), 3, "nothing new in new/");
    snprintf(sub, sizeof sub, "%s/tmp", md);
    is_int(entries(sub, 0, 0), 0, "nothing left in tmp/");
    close(bad);
  }
  ok(qlmaildir_deliver("/nonexistent/Maildir", msg, "", 0, &what) == -1, "no such maildir");
  is_str(what, "unable to open the maildir", "open fails");

  close(msg);
  stralloc_free(&sa);
  cleanup(dir);
  return done_testing();
}
