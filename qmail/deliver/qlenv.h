/* qlenv.h — the envelope as qmail-local shows it: the header lines it adds
 * to a delivery and the environment of .qmail programs (qmail-command(8)).
 *
 * Pure: no I/O. The envelope (sender, recipient) is untrusted data: it
 * reaches a program only as the values of environment variables, and it
 * reaches a header line only with every control character replaced by
 * '_' (by '-' in the From_ line), so that it cannot add lines.
 *
 * Return convention: builders return 1, or 0 with errno set (ENOMEM,
 * EOVERFLOW, E2BIG for a variable past env.h's limits); qlenv_isdtline
 * returns 1 or 0. */
#ifndef QLENV_H
#define QLENV_H

#include <stddef.h>
#include <time.h>

#include "env.h"
#include "stralloc.h"

#define QLENV_WUR __attribute__((warn_unused_result))

/* dtline: out = "Delivered-To: local@host\n". */
int qlenv_dtline(stralloc *out, const char *local, const char *host) QLENV_WUR;

/* rpline: out = "Return-Path: <sender>\n", the local part of sender (before
 * its last '@') written as an RFC 5322 quoted string when it is not a
 * dot-atom; "Return-Path: <>\n" for the empty sender. */
int qlenv_rpline(stralloc *out, const char *sender) QLENV_WUR;

/* ufline: out = "From SENDER DATE\n", the mbox separator: mbox_fromline
 * (qmail/lib/mbox.h) of the C string sender. SENDER is sender with white
 * space and controls turned into '-', or MAILER-DAEMON for the empty
 * sender; DATE is now in UTC as asctime(3) writes it
 * ("Thu Nov  5 13:05:09 2026"); a year past 9999 fails with EOVERFLOW. */
int qlenv_ufline(stralloc *out, const char *sender, time_t now) QLENV_WUR;

/* newsender: the envelope sender of forwards (NEWSENDER). It is sender,
 * except for a mailing list: when sender is neither "" nor "#@[]" and
 * .qmail<dash><ext>-owner exists (owner 1), it is local-owner@host, or,
 * when .qmail<dash><ext>-owner-default exists too (ownerdefault 1), the
 * VERP form local-owner-@host-@[]. */
int qlenv_newsender(stralloc *out, const char *sender, const char *local,
                    const char *host, int owner, int ownerdefault) QLENV_WUR;

/* isdtline: 1 when the header line line[0..len) (with its LF, a CR before
 * the LF allowed) is the Delivered-To line dtline (as qlenv_dtline made
 * it): the field name in any case, the rest byte for byte. */
int qlenv_isdtline(const char *line, size_t len, const stralloc *dtline);

struct qlenv {
  const char *user, *home, *local, *ext, *host, *sender, *newsender;
  size_t defat;              /* where DEFAULT starts in ext, or
                                DOTQMAIL_NODEFAULT: DEFAULT is unset */
  const stralloc *dtline, *rpline, *ufline;
};

/* build: set in e the variables of qmail-command(8): USER, HOME, LOCAL,
 * HOST, HOST2, HOST3, HOST4 (HOST without its last one, two, three dot
 * components, or as long as there are dots), RECIPIENT (local@host),
 * SENDER, NEWSENDER, EXT, EXT2, EXT3, EXT4 (EXT after its first, second,
 * third '-'; empty when there is no such '-'), DEFAULT (or unset it),
 * DTLINE, RPLINE, UFLINE (the lines, each with its LF). */
int qlenv_build(env_builder *e, const struct qlenv *v) QLENV_WUR;

#endif
