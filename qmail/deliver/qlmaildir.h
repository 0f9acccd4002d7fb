/* qlmaildir.h — delivery to a Maildir (maildir(5), crash-safe).
 *
 * The file gets a name no other delivery uses, "SEC.MUSECPPIDQSEQ.HOST",
 * is written in tmp/ and fsynced, then linked into new/, and new/ is
 * fsynced: only then is the delivery done (DESIGN.md §5). A failure at
 * any step removes what was made, so a reader never sees a partial
 * message in new/; a crash may leave a file in tmp/, which maildir
 * readers remove after 36 hours.
 *
 * Return convention: qlmaildir_name returns 1, or 0 with errno set
 * (ENOMEM, EOVERFLOW); qlmaildir_deliver returns 0, or -1 with errno set
 * and *what naming the step that failed. */
#ifndef QLMAILDIR_H
#define QLMAILDIR_H

#include <stddef.h>
#include <sys/types.h>

#include "stralloc.h"

/* the bytes copied at a time, and the names tried before giving up */
#define QLMAILDIR_CHUNK 65536
#define QLMAILDIR_TRIES 10

#define QLMAILDIR_WUR __attribute__((warn_unused_result))

/* name: out = "SEC.MUSECPPIDQSEQ.HOST" (NUL-terminated, the NUL not counted)
 * with '/' and ':' in host written as \057 and \072. */
int qlmaildir_name(stralloc *out, unsigned long long sec, unsigned long usec,
                   unsigned long pid, unsigned long seq, const char *host) QLMAILDIR_WUR;

/* deliver: put head, then the message on msgfd (read from offset 0), into
 * a new file of the Maildir dir (which must have tmp/ and new/). */
int qlmaildir_deliver(const char *dir, int msgfd, const char *head, size_t headlen,
                      const char **what) QLMAILDIR_WUR;

#endif
