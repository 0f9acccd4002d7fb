/* sendctl.h — the control files of the delivery stage (qmail-send,
 * todo-proc), in one cfg table, so that qmail-send loads them and
 * qmail-showctl prints them from the same description.
 *
 * Defaults follow qmail-send(8) and qmail-control(5): me is the host
 * name; envnoathost, bouncehost, doublebouncehost and locals default to
 * me; bouncefrom MAILER-DAEMON; doublebounceto postmaster;
 * concurrencylocal 10; concurrencyremote 20 (each 1 to SENDCTL_CONC_MAX);
 * queuelifetime 604800 seconds; bouncemaxbytes 0 (no limit: the whole
 * original message goes into a bounce).
 *
 * Return convention: sendctl_load returns 0, or -1 with errno and err
 * holding one line that names the file at fault (see cfg_load). */
#ifndef SENDCTL_H
#define SENDCTL_H

#include <stddef.h>

#include "buf.h"
#include "cfg.h"
#include "stralloc.h"

#define SENDCTL_CONC_MAX 1000

struct sendctl {
  cfg_value me, envnoathost, locals, virtualdomains, percenthack;
  cfg_value concurrencylocal, concurrencyremote, queuelifetime;
  cfg_value bouncefrom, bouncehost, doublebounceto, doublebouncehost, bouncemaxbytes;
  stralloc hostname;        /* storage for the default of me */
};

extern const cfg_entry sendctl_table[];
extern const size_t sendctl_count;

/* load: every control file of the table from controldir, then the defaults
 * that come from me (and me from the host name). Free with sendctl_free. */
int sendctl_load(struct sendctl *, const char *controldir, stralloc *err)
    __attribute__((warn_unused_result));
/* print: the table with values and sources to b, as cfg_print. */
int sendctl_print(const struct sendctl *, buf *b) __attribute__((warn_unused_result));
void sendctl_free(struct sendctl *);

#endif
