/* tfile.h — file and child-process helpers shared by C unit tests.
 * Include after tap.h; the functions are static inline, so a test uses
 * only those it needs.
 *
 *   tfile_slurp(path, sa)    the whole of the file path into sa (its old
 *                            contents replaced); 1, or 0 when the file
 *                            cannot be opened or read (or memory runs out)
 *   tfile_run(argv, in, out) run argv (searched in PATH) with standard input
 *                            from the file in and standard output to the
 *                            file out (created or emptied, mode 600); a null
 *                            in or out is /dev/null; returns the exit
 *                            status, or -1 when it could not run or was
 *                            killed
 *   tfile_put(path, data, len, mode)  path created (or emptied) with mode
 *                            and data[0..len) in it; a failure bails out
 *                            of the test
 *   tfile_queue(dirs, n, split)  in the current directory, a queue's
 *                            split directories: each of dirs[0..n) with
 *                            the subdirectories 0..split-1, and bounce/
 *                            (mode 700); 1, or 0 when a mkdir fails */
#ifndef TFILE_H
#define TFILE_H

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "stralloc.h"

static inline int tfile_slurp(const char *path, stralloc *sa)
{
  int fd = open(path, O_RDONLY);
  ssize_t r;
  sa->len = 0;
  if (fd < 0) return 0;
  for (;;) {
    if (!stralloc_readyplus(sa, 65536)) { close(fd); return 0; }
    r = read(fd, sa->s + sa->len, 65536);
    if (r <= 0) break;
    sa->len += (size_t)r;
  }
  close(fd);
  return r == 0;
}

static inline int tfile_run(char *const argv[], const char *in, const char *out)
{
  pid_t pid = fork();
  int st;
  if (pid < 0) return -1;
  if (pid == 0) {
    int i = open(in ? in : "/dev/null", O_RDONLY);
    int o = open(out ? out : "/dev/null", O_WRONLY | O_CREAT | O_TRUNC, 0600);
    if (i < 0 || o < 0 || dup2(i, 0) < 0 || dup2(o, 1) < 0) _exit(126);
    execvp(argv[0], argv);
    _exit(127);
  }
  if (waitpid(pid, &st, 0) != pid) return -1;
  return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static inline void tfile_put(const char *path, const char *data, size_t len, mode_t mode)
{
  int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, mode);
  if (fd == -1 || write(fd, data, len) != (ssize_t)len || close(fd) == -1) {
    printf("Bail out! cannot write %s\n", path);
    exit(255);
  }
}

static inline int tfile_queue(const char *const *dirs, int n, int split)
{
  char p[256];
  for (int d = 0; d < n; ++d) {
    if (mkdir(dirs[d], 0700) == -1) return 0;
    for (int s = 0; s < split; ++s) {
      snprintf(p, sizeof p, "%s/%d", dirs[d], s);
      if (mkdir(p, 0700) == -1) return 0;
    }
  }
  return mkdir("bounce", 0700) == 0;
}

#endif
