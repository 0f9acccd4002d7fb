/* fsync.c — fsync of files and directories after the names change. */
#include "fsync.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int fsync_fd(int fd)
{
  int r;
  do r = fsync(fd); while (r == -1 && errno == EINTR);
  return r;
}

int fsync_dir(const char *path)
{
  return fsync_dirat(AT_FDCWD, path);
}

int fsync_dirat(int dirfd, const char *path)
{
  int fd, r, e;
  do fd = openat(dirfd, path, O_RDONLY | O_DIRECTORY | O_NOCTTY | O_CLOEXEC);
  while (fd == -1 && errno == EINTR);
  if (fd == -1) return -1;
  r = fsync_fd(fd);
  e = errno;
  close(fd);
  errno = e;
  return r;
}

/* parentname: the directory part of path into out (size FSYNC_PATH_MAX + 1);
 * 0, or -1 with ENOENT (empty path) or ENAMETOOLONG. */
static int fsync_parentname(const char *path, char *out)
{
  size_t n = strlen(path);
  if (!n) { errno = ENOENT; return -1; }
  if (n > FSYNC_PATH_MAX) { errno = ENAMETOOLONG; return -1; }
  while (n > 1 && path[n - 1] == '/') --n;          /* "a/b/" is "a/b" */
  while (n > 0 && path[n - 1] != '/') --n;          /* drop the last name */
  if (n == 0) { out[0] = '.'; out[1] = 0; return 0; }
  while (n > 1 && path[n - 1] == '/') --n;          /* "a//b" is in "a" */
  memcpy(out, path, n);
  out[n] = 0;
  return 0;
}

int fsync_parent(const char *path)
{
  char dir[FSYNC_PATH_MAX + 1];
  if (fsync_parentname(path, dir) == -1) return -1;
  return fsync_dir(dir);
}

int fsync_link(const char *oldpath, const char *newpath)
{
  char dir[FSYNC_PATH_MAX + 1];
  if (fsync_parentname(newpath, dir) == -1) return -1;
  if (link(oldpath, newpath) == -1) return -1;
  return fsync_dir(dir);
}

int fsync_rename(const char *oldpath, const char *newpath)
{
  char olddir[FSYNC_PATH_MAX + 1], newdir[FSYNC_PATH_MAX + 1];
  /* work out both names first, so that a bad path changes nothing */
  if (fsync_parentname(oldpath, olddir) == -1) return -1;
  if (fsync_parentname(newpath, newdir) == -1) return -1;
  if (rename(oldpath, newpath) == -1) return -1;
  if (fsync_dir(newdir) == -1) return -1;
  if (strcmp(olddir, newdir) == 0) return 0;
  return fsync_dir(olddir);
}

int fsync_unlink(const char *path)
{
  char dir[FSYNC_PATH_MAX + 1];
  if (fsync_parentname(path, dir) == -1) return -1;
  if (unlink(path) == -1) return -1;
  return fsync_dir(dir);
}
