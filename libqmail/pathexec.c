/* pathexec.c — exec by name along PATH, keeping the most telling errno. */
#include "pathexec.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>

extern char **environ;

/* PATH as envp (or else the process) sees it */
static const char *pathexec_path(char *const envp[])
{
  const char *p;
  if (envp) {
    for (size_t i = 0; envp[i]; ++i)
      if (strncmp(envp[i], "PATH=", 5) == 0) return envp[i] + 5;
  }
  p = env_get("PATH");
  return p ? p : PATHEXEC_DEFAULT_PATH;
}

/* errors that only say "the file is not in this directory" */
static int pathexec_notfound(int e)
{
  return e == ENOENT || e == ENOTDIR || e == ENAMETOOLONG || e == ELOOP
      || e == ESTALE || e == ENODEV;
}

/* errors worth reporting if nothing better turns up */
static int pathexec_denied(int e)
{
  return e == EACCES || e == EPERM || e == EISDIR;
}

/* exec dir[0..dlen) "/" file; the errno of the attempt */
static int pathexec_try(const char *dir, size_t dlen, const char *file, size_t flen,
                        char *const argv[], char *const envp[])
{
  char path[PATHEXEC_PATH_MAX];
  size_t need;
  if (dlen == 0) { dir = "."; dlen = 1; }
  if (__builtin_add_overflow(dlen, flen, &need) || __builtin_add_overflow(need, 2, &need)
      || need > sizeof path)
    return ENAMETOOLONG;
  memcpy(path, dir, dlen);
  path[dlen] = '/';
  memcpy(path + dlen + 1, file, flen + 1);
  execve(path, argv, envp);
  return errno;
}

int pathexec_run(const char *file, char *const argv[], char *const envp[])
{
  if (!envp) envp = environ;
  return pathexec_runpath(file, argv, envp, pathexec_path(envp));
}

int pathexec_runpath(const char *file, char *const argv[], char *const envp[],
                     const char *search)
{
  const char *path, *end;
  size_t flen;
  int saved = ENOENT, denied = 0;
  if (!envp) envp = environ;
  if (!file || !*file) { errno = ENOENT; return -1; }
  if (strchr(file, '/')) {
    execve(file, argv, envp);
    return -1;
  }
  flen = strlen(file);
  for (path = search ? search : PATHEXEC_DEFAULT_PATH;; path = end + 1) {
    int e;
    end = strchr(path, ':');
    if (!end) end = path + strlen(path);
    e = pathexec_try(path, (size_t)(end - path), file, flen, argv, envp);
    if (pathexec_denied(e)) {
      if (!denied) saved = e;
      denied = 1;
    } else if (!pathexec_notfound(e)) {
      errno = e;
      return -1;
    }
    if (!*end) break;
  }
  errno = saved;
  return -1;
}

int pathexec(char *const argv[], const env_builder *e)
{
  if (!argv || !argv[0]) { errno = EINVAL; return -1; }
  return pathexec_run(argv[0], argv, e ? env_array(e) : 0);
}
