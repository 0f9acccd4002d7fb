/* dotlssmtp.h — what dotls understands of SMTP: it follows the commands a
 * client sends and the replies the program gives, so that it can offer
 * STARTTLS in the reply to EHLO, catch the client's STARTTLS command, and
 * after the handshake drop the greeting of the program started anew.
 * Pure: no I/O, no allocation, so that unit tests and fuzzers drive it.
 *
 * Return convention: dotls_smtp_client and dotls_smtp_server return the
 * number of input bytes consumed (possibly fewer than given, possibly 0)
 * and append their output to a caller-owned struct dotls_out; they cannot
 * fail. The predicates return the values documented on them.
 *
 * Model. Before TLS (DOTLS_PLAIN) every client line is a command until a
 * DATA command is answered 354 (then the lines up to "." CRLF are message
 * data) or a BDAT command announces a chunk (then that many bytes are
 * data). Commands are passed to the program in order and their kinds are
 * queued, so that each reply is matched with the command it answers,
 * pipelined or not. A reply is one or more lines "ddd-text" ending with a
 * line "ddd text". The program's first reply is its greeting.
 *   - In a 250 reply to EHLO that does not name STARTTLS, the last line
 *     "250 x" becomes "250-x" followed by "250 STARTTLS".
 *   - A line "STARTTLS" (any case, trailing blanks allowed) in command
 *     position is not passed on: the client side stops there, and
 *     dotls_smtp_starttls tells when every earlier command has been
 *     answered. The bytes after it are never consumed: the caller discards
 *     them (RFC 3207: nothing the client pipelined after STARTTLS may
 *     count).
 *   - After DATA, client input waits until the reply says whether data
 *     follows, so that dotls and the program never disagree on it.
 * After TLS (DOTLS_SECURE) client bytes pass untouched; of the program's
 * output the first reply (the greeting of the new program) is dropped
 * when it is a 2xx reply, and passed when it is not (a 4xx or 5xx greeting
 * then answers the client's first command); the rest passes untouched. */
#ifndef DOTLSSMTP_H
#define DOTLSSMTP_H

#include <stddef.h>

/* the longest command or reply line looked at whole; a longer line is
 * judged by its first DOTLS_LINE_MAX bytes and the rest passes through */
#define DOTLS_LINE_MAX 2048
/* the most commands passed to the program and not answered yet; past it
 * the client side waits for replies */
#define DOTLS_PENDING_MAX 128
/* room an output must have for one more step of either side */
#define DOTLS_RESERVE (DOTLS_LINE_MAX + 64)

enum dotls_mode { DOTLS_PLAIN = 0, DOTLS_SECURE = 1 };

/* what a queued command is, for the reply that answers it */
enum dotls_kind { DOTLS_K_GREETING, DOTLS_K_EHLO, DOTLS_K_DATA, DOTLS_K_OTHER };

/* the client side's state */
enum dotls_cstate {
  DOTLS_C_CMD,       /* at or in a command line */
  DOTLS_C_LONG,      /* in the rest of an over-long command line */
  DOTLS_C_HOLD,      /* DATA passed on, its reply not yet seen */
  DOTLS_C_BODY,      /* message data after a 354 */
  DOTLS_C_CHUNK,     /* BDAT chunk bytes */
  DOTLS_C_STARTTLS,  /* STARTTLS caught: nothing more is consumed */
  DOTLS_C_PASS       /* secure mode: everything passes */
};

struct dotls_out {
  char *x;      /* caller's space */
  size_t len;   /* bytes in it */
  size_t a;     /* its size: at least DOTLS_RESERVE for any progress */
};

struct dotls_smtp {
  enum dotls_mode mode;
  /* client side */
  enum dotls_cstate cstate;
  int bstate;                    /* end-of-data scanner in DOTLS_C_BODY */
  unsigned long long chunk;      /* DOTLS_C_CHUNK: bytes still to pass */
  char cline[DOTLS_LINE_MAX];
  size_t clen;
  /* commands awaiting replies: a ring of enum dotls_kind */
  unsigned char pend[DOTLS_PENDING_MAX];
  size_t phead, plen;
  /* program side */
  char rline[DOTLS_LINE_MAX];
  size_t rlen;
  int rlong;       /* passing the rest of an over-long reply line */
  int rcont;       /* inside a multi-line reply */
  int rkind;       /* enum dotls_kind the current reply answers */
  int rcode;       /* its code, 0 when the line had none */
  int rtls;        /* the current EHLO reply names STARTTLS */
  int rlast;       /* the current (long) line ends its reply */
  int radd;        /* append "250 STARTTLS" when the current line ends */
  int rdrop;       /* drop the current reply (secure mode greeting) */
  int greeted;     /* secure mode: the greeting is behind us */
};

/* init: s for mode; the first reply expected is the greeting. */
void dotls_smtp_init(struct dotls_smtp *s, enum dotls_mode mode);

/* client: take client bytes x[0..n) and append what goes to the program
 * to o. Consumes nothing while a DATA reply is awaited, after STARTTLS,
 * when DOTLS_PENDING_MAX commands are unanswered, or when o has less than
 * DOTLS_RESERVE bytes of room. */
size_t dotls_smtp_client(struct dotls_smtp *s, const char *x, size_t n, struct dotls_out *o);

/* client_end: the client's input has ended: append a partial command line
 * still held back to o (which needs DOTLS_RESERVE bytes of room). */
void dotls_smtp_client_end(struct dotls_smtp *s, struct dotls_out *o);

/* server: take program output x[0..n) and append what goes to the client
 * to o. Consumes nothing when o has less than DOTLS_RESERVE bytes of room. */
size_t dotls_smtp_server(struct dotls_smtp *s, const char *x, size_t n, struct dotls_out *o);

/* server_end: the program's output has ended: append a partial reply line
 * still held back to o (DOTLS_RESERVE bytes of room). */
void dotls_smtp_server_end(struct dotls_smtp *s, struct dotls_out *o);

/* starttls: 0 when the client has not asked for TLS, 1 when it has and
 * replies to earlier commands are still to come, 2 when every earlier
 * command has been answered in full: time to say 220. */
int dotls_smtp_starttls(const struct dotls_smtp *s);

/* is_starttls: 1 when the line x[0..n) (its LF, CR and trailing blanks
 * allowed) is the STARTTLS command, else 0. */
int dotls_smtp_is_starttls(const char *x, size_t n);

#endif
