/* pathexec.h — exec a program by name, searching PATH as execvp does.
 *
 * Return convention: syscall-like. On success these functions do not
 * return; on failure they return -1 with errno set.
 *
 * No shell is ever involved: a file that the kernel refuses to run
 * (ENOEXEC) is an error, not a script for /bin/sh. */
#ifndef PATHEXEC_H
#define PATHEXEC_H

#include "env.h"

/* the longest directory + "/" + file tried, with its NUL; longer
 * candidates are skipped as ENAMETOOLONG */
#define PATHEXEC_PATH_MAX 4096
/* the search path when none is set */
#define PATHEXEC_DEFAULT_PATH "/bin:/usr/bin"

/* run: exec file with argv and envp (NULL envp = the current environment).
 * A file containing '/' is exec'd as it is. Otherwise each directory of
 * PATH is tried in order (PATH from envp when envp is given and sets it,
 * else env_get("PATH"), else PATHEXEC_DEFAULT_PATH; an empty element means
 * the current directory). ENOENT, ENOTDIR, ENAMETOOLONG, ELOOP, ESTALE
 * and ENODEV mean "not here" and the search goes on; EACCES, EPERM and
 * EISDIR are remembered (they win over "not here") and the search goes
 * on; any other error ends the search at once. When nothing ran it
 * returns -1 with the first EACCES/EPERM/EISDIR seen, else ENOENT (also
 * for an empty file name).
 * Allocates nothing, so it is safe between fork and exec. */
int pathexec_run(const char *file, char *const argv[], char *const envp[]);

/* runpath: pathexec_run searching the colon-separated list search (NULL =
 * PATHEXEC_DEFAULT_PATH) instead of the PATH of envp: for a program that
 * looks for its child along its own PATH but hands it another environment
 * (envdir). */
int pathexec_runpath(const char *file, char *const argv[], char *const envp[],
                     const char *search);

/* pathexec: exec argv[0] (searched as above) with argv and the environment
 * of e (NULL e = the current environment). EINVAL when argv or argv[0] is
 * missing. */
int pathexec(char *const argv[], const env_builder *e);

#endif
