/* qqrun.h — running a queue program (qmail-queue(8)'s protocol) as a
 * child: the message goes to its descriptor 0, then the envelope to its
 * descriptor 1, and its exit code (for 88, its text) tells what became of
 * the message.
 *
 * Return convention: qqrun_start and qqrun_finish are syscall-like, 0 or
 * -1 with errno set; qqrun_classify is a pure function that returns an
 * enum qqrun_status (and 0 in *ok when why could not be built). The
 * caller ignores SIGPIPE, so that a queue program that stops reading
 * shows as a write error (EPIPE) rather than killing it, and keeps its
 * descriptors 0, 1 and 2 open, so that no pipe takes one of their
 * places. */
#ifndef QQRUN_H
#define QQRUN_H

#include <stddef.h>
#include <sys/types.h>

#include "stralloc.h"

/* the most bytes of a custom error text (exit 88) that are read */
#define QQRUN_TEXT_MAX 1024u

#define QQRUN_WUR __attribute__((warn_unused_result))

struct qqrun {
  pid_t pid;
  int msgfd;     /* write the message here, then close it */
  int envfd;     /* then write the envelope here, and close it */
  int errfd;     /* the program's descriptor 2: an unlinked temporary file
                    (in TMPDIR, else /tmp), or -1 when none could be made
                    and the program writes on our descriptor 2 */
};

enum qqrun_status { QQRUN_OK, QQRUN_PERM, QQRUN_TEMP };

/* start: run prog (an absolute path, or a name searched in PATH) with a
 * pipe on each of its descriptors 0 and 1 and the file errfd on 2; none
 * of our other descriptors reaches it. -1 with errno when a pipe or the
 * fork fails, or when the exec fails (its errno: ENOENT for a program
 * that does not exist); nothing is left open or running then. */
int qqrun_start(struct qqrun *r, const char *prog) QQRUN_WUR;

/* finish: close msgfd and envfd if they are still open (-1 marks a
 * closed one), wait for the program, and classify its end into *st and
 * why (a C string). What it wrote on descriptor 2 is copied to ours,
 * except a custom error text. -1 with errno when the wait or why fails. */
int qqrun_finish(struct qqrun *r, enum qqrun_status *st, stralloc *why) QQRUN_WUR;

/* classify: what a wait status means: exit 0 QQRUN_OK; 11-40 QQRUN_PERM;
 * 88 with text[0..len) starting with D (QQRUN_PERM) or Z (QQRUN_TEMP),
 * why then being the text after that letter up to the first LF; anything
 * else, or a crash, QQRUN_TEMP. For the others why is qq_str's
 * description with the code: "qq permanently refused (exit 31)". */
enum qqrun_status qqrun_classify(int status, const char *text, size_t len, stralloc *why, int *ok);

#endif
