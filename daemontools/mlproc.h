/* mlproc.h — running multilog's processor (the ! action) on one log file.
 *
 * The processor is a command for /bin/sh -c, as in multilog(8). It runs
 * in the log directory with the finished log on descriptor 0, the file
 * that becomes the archive on 1, the state the last run left on 4 and
 * the file that becomes the next state on 5; descriptor 2 is multilog's.
 * It must exit 0 when it wrote its output; anything else is a failure
 * and multilog runs it again.
 *
 * Return convention: mlproc_start returns the child's pid or -1 with
 * errno set (the fork failed); mlproc_wait returns 1 when the processor
 * exited 0 and 0 otherwise (it failed, crashed or could not be run). */
#ifndef MLPROC_H
#define MLPROC_H

#include <sys/types.h>

/* the shell that runs a processor */
#define MLPROC_SHELL "/bin/sh"

/* the descriptors a processor gets, in the order of fds[] below */
enum { MLPROC_IN, MLPROC_OUT, MLPROC_STATE, MLPROC_NEWSTATE, MLPROC_NFD };

/* start: fork and run processor in the directory dirfd with fds[i] on
 * descriptors 0, 1, 4 and 5. The caller keeps (and closes) its fds. In
 * the child the signal mask is emptied and TERM, ALRM, PIPE and XFSZ are
 * back to their defaults. */
pid_t mlproc_start(const char *processor, int dirfd, const int fds[MLPROC_NFD])
    __attribute__((warn_unused_result));

/* wait: wait for pid and judge how it ended; *how gets a short reason
 * for a failure ("exited 3", "crashed"), a static string. */
int mlproc_wait(pid_t pid, const char **how);

#endif
