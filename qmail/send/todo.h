/* todo.h — todo-proc's logic without I/O: one committed envelope (the
 * bytes of todo/N) becomes the contents of info/S/N, local/S/N and
 * remote/S/N; and the qmail-log(5) lines todo-proc writes about it.
 *
 * The envelope is a list of records, each a type byte, text and a NUL
 * (indimail-queue(5)): u<uid> and p<pid> (decimal), F<sender> once, then
 * T<recipient> for each recipient. Record types this module does not
 * know (e, ...) and empty records are skipped, so that later versions of
 * qmail-queue can add some. Each recipient goes through route() with the
 * control lists; the result is a "T<address>\0" record in the local or
 * the remote contents. The info contents are "F<sender>\0".
 *
 * Return convention: todo_parse and the log builders return 1 on success,
 * 0 with errno: EINVAL for a malformed envelope (see todo_parse), ENOMEM
 * or EOVERFLOW. todo_name and todo_infook are predicates (1 or 0). */
#ifndef TODO_H
#define TODO_H

#include <stddef.h>

#include "route.h"
#include "stralloc.h"

/* the largest todo/N file read (10,000 recipients of 1003 bytes is ~10 MB) */
#define TODO_ENVELOPE_MAX (64ul * 1024 * 1024)
/* the longest sender and recipient (qmail-queue's limit) */
#define TODO_ADDR_MAX ROUTE_ADDR_MAX

struct todo_msg {
  unsigned long uid;       /* the u record, 0 when there is none */
  unsigned long qp;        /* the p record (qmail-queue's pid), 0 when none */
  stralloc sender;         /* the F record's text, without F or NUL */
  stralloc info;           /* contents of info/S/N */
  stralloc local;          /* contents of local/S/N ("" = no local recipient) */
  stralloc remote;         /* contents of remote/S/N ("" = no remote one) */
  unsigned long nlocal;    /* recipients in local */
  unsigned long nremote;   /* recipients in remote */
  stralloc addr;           /* scratch for route() */
};
#define TODO_MSG_ZERO { 0, 0, STRALLOC_ZERO, STRALLOC_ZERO, STRALLOC_ZERO, \
                        STRALLOC_ZERO, 0, 0, STRALLOC_ZERO }

/* parse: fill m from the envelope env[0..len) with the routing rules of
 * rc (m's previous contents are replaced; its storage is reused). Fails
 * with EINVAL when the envelope is malformed: it does not end with a NUL
 * (a truncated record), has no F record or more than one, has a T record
 * before the F record, a u or p record that is not a decimal number, or
 * a sender or recipient longer than TODO_ADDR_MAX. On failure m holds
 * nothing useful (but may be reused and must still be freed). */
int todo_parse(struct todo_msg *m, const struct route_ctl *rc, const char *env, size_t len)
    __attribute__((warn_unused_result));

/* free: release m's storage; m is left empty and reusable. */
void todo_free(struct todo_msg *m);

/* name: 1 when the directory entry name is a message number (decimal
 * digits only, no leading zero, fitting an unsigned long), with *num set;
 * else 0. */
int todo_name(const char *name, unsigned long *num);

/* infook: 1 when s[0..len), the contents of an existing info/S/N, is one
 * whole F record ("F<sender>\0", the only NUL at the end): the message was
 * preprocessed. 0 for anything else (an empty or cut file from a crash
 * before its fsync), which means it must be done again. */
int todo_infook(const char *s, size_t len);

/* lognew: out = "new msg <num>\n" (replacing out's contents). */
int todo_lognew(stralloc *out, unsigned long num) __attribute__((warn_unused_result));

/* loginfo: out = "info msg <num>: bytes <bytes> from <<sender>> qp <qp>
 * uid <uid>\n" with m's sender, every byte of it outside printable ASCII
 * written as '_' (so that the line stays one line). */
int todo_loginfo(stralloc *out, unsigned long num, unsigned long long bytes,
                 const struct todo_msg *m) __attribute__((warn_unused_result));

#endif
